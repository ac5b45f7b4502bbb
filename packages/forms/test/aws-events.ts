// Hand-made AWS events, shaped as AWS documents them (see src/events/s3-event.ts for the sources), for tests.

/** Encode a key the way S3 does in notifications: application/x-www-form-urlencoded, `/` left as is. */
export function encodeKeyAsS3Does(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, '/')
    .replace(/%20/g, '+');
}

export interface ObjectInput {
  key: string;
  size?: number;
  eTag?: string;
  sequencer?: string;
}

let sequence = 0x617f08299329d189n;
const nextSequencer = () => (sequence++).toString(16).toUpperCase().padStart(18, '0');

/** An S3 event notification, as S3 invokes Lambda (or as the body of an SQS message with raw delivery). */
export function s3Notification(bucket: string, objects: ObjectInput[], eventName = 'ObjectCreated:Put') {
  return {
    Records: objects.map((o) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'eu-west-2',
      eventTime: '2026-02-03T12:00:00.000Z',
      eventName,
      userIdentity: { principalId: 'AWS:AROAEXAMPLE:forms-runner' },
      requestParameters: { sourceIPAddress: '10.0.0.1' },
      responseElements: {
        'x-amz-request-id': 'C3D13FE58DE4C810',
        'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
      },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'form-submissions',
        bucket: {
          name: bucket,
          ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
          arn: `arn:aws:s3:::${bucket}`,
        },
        object: {
          key: encodeKeyAsS3Does(o.key),
          size: o.size ?? 1024,
          eTag: o.eTag ?? 'd41d8cd98f00b204e9800998ecf8427e',
          sequencer: o.sequencer ?? nextSequencer(),
        },
      },
    })),
  };
}

/** The message S3 publishes when a notification configuration is saved. */
export function s3TestEvent(bucket: string) {
  return {
    Service: 'Amazon S3',
    Event: 's3:TestEvent',
    Time: '2026-02-03T12:00:00.000Z',
    Bucket: bucket,
    RequestId: '5582815E1AEA5ADF',
    HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
  };
}

/** What an SNS topic wraps a message in (the body of an SQS message without raw message delivery). */
export function snsEnvelope(message: unknown) {
  return {
    Type: 'Notification',
    MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
    TopicArn: 'arn:aws:sns:eu-west-2:123456789012:form-submissions',
    Subject: 'Amazon S3 Notification',
    Message: JSON.stringify(message),
    Timestamp: '2026-02-03T12:00:00.000Z',
    SignatureVersion: '1',
    Signature: 'EXAMPLE',
    SigningCertURL:
      'https://sns.eu-west-2.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem',
    UnsubscribeURL: 'https://sns.eu-west-2.amazonaws.com/?Action=Unsubscribe',
  };
}

/** An SQS event as Lambda receives it: each body is JSON-encoded as a string. */
export function sqsEvent(bodies: unknown[]) {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `059f36b4-87a3-44ab-83d2-66197543060${i}`,
      receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1770120000000' },
      messageAttributes: {},
      md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-2:123456789012:form-submissions',
      awsRegion: 'eu-west-2',
    })),
  };
}

/** An SNS event as Lambda receives it. */
export function snsEvent(messages: unknown[]) {
  return {
    Records: messages.map((message) => ({
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:eu-west-2:123456789012:form-submissions:2bcfbf39',
      EventSource: 'aws:sns',
      Sns: { ...snsEnvelope(message), MessageAttributes: {} },
    })),
  };
}

/** An EventBridge "Object Created" event from S3. */
export function eventBridgeObjectCreated(bucket: string, object: ObjectInput, detailType = 'Object Created') {
  return {
    version: '0',
    id: '17793124-05d4-b198-2fde-7ededc63b103',
    'detail-type': detailType,
    source: 'aws.s3',
    account: '123456789012',
    time: '2026-02-03T12:00:00Z',
    region: 'eu-west-2',
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      version: '0',
      bucket: { name: bucket },
      object: {
        key: encodeKeyAsS3Does(object.key),
        size: object.size ?? 1024,
        etag: object.eTag ?? 'b1946ac92492d2347c6235b4d2611184',
        'version-id': 'IYV3p45BT0ac8hjHg1houSdS1a.Mro8e',
        sequencer: object.sequencer ?? nextSequencer(),
      },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: '123456789012',
      'source-ip-address': '10.0.0.1',
      reason: 'PutObject',
    },
  };
}
