/**
 * Read the objects an AWS event says were created in S3, whichever way the notification reached you:
 * directly from S3, through SQS (with or without SNS in between), through SNS, or through EventBridge.
 *
 * This module is the whole of `@council-sdk/forms/events`: it imports nothing but core's error classes
 * (no AWS SDK, no zod), so a Lambda function that only routes events starts quickly.
 *
 * Sources for the shapes:
 * - S3 event notifications: https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 *   (the key is URL-encoded as `application/x-www-form-urlencoded`: "red flower.jpg" arrives as "red+flower.jpg";
 *   the test event S3 sends when a notification is configured is `{ "Event": "s3:TestEvent", ... }`).
 * - EventBridge: https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html (`detail-type: "Object Created"`,
 *   `detail.object.{key, size, etag, version-id, sequencer}`).
 * - SQS and SNS Lambda events: https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html and
 *   https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html; an SQS message from an SNS subscription without raw
 *   message delivery carries the SNS envelope `{ "Type": "Notification", "Message": "<json>" }`.
 */
import { CouncilSdkError } from '@council-sdk/core/errors';

/** An object that an event says was created. */
export interface S3ObjectCreated {
  bucket: string;
  /** The object key, decoded: usable as is in `GetObject`. */
  key: string;
  /** Bytes. */
  size?: number;
  eTag?: string;
  /**
   * Orders events on the same key: the greater value (after left-padding the shorter with zeros) is the later
   * write. See `compareSequencers`.
   */
  sequencer?: string;
  /** Set when the bucket has versioning enabled. */
  versionId?: string;
}

/**
 * The event is not one `parseS3Event` understands. `got` says what it was instead (its shape, never its values,
 * which may include file names residents chose).
 */
export class S3EventError extends CouncilSdkError {
  static override readonly brand: string = 'forms.S3EventError';
  /** What was received, e.g. `an EventBridge event from aws.ec2` or `an object with keys foo, bar`. */
  readonly got: string;
  constructor(got: string, options: { cause?: unknown } = {}) {
    super(
      `Expected an S3 event notification (directly, or through SQS, SNS or EventBridge); got ${got}`,
      options,
    );
    this.got = got;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), got: this.got };
  }
}

/** SQS inside SNS inside SQS is already unusual; anything deeper is not an AWS delivery path. */
const MAX_DEPTH = 4;

/**
 * The objects an S3 "object created" notification names, from any of the event shapes AWS delivers it in:
 * - an S3 event notification (`{ Records: [{ eventSource: "aws:s3", ... }] }`), as S3 invokes Lambda;
 * - an SQS event whose messages carry S3 notifications, directly or wrapped by SNS;
 * - an SNS event whose messages carry S3 notifications;
 * - an EventBridge `Object Created` event (alone, or as the body of an SQS message).
 *
 * Keys are decoded as S3 encodes them (`+` is a space, `%2B` a plus). S3's `s3:TestEvent` and S3 events other than
 * object creation (removals, restores...) yield nothing. Anything else throws `S3EventError`.
 */
export function parseS3Event(event: unknown): S3ObjectCreated[] {
  const out: S3ObjectCreated[] = [];
  collect(event, 0, out);
  return out;
}

function collect(value: unknown, depth: number, out: S3ObjectCreated[]): void {
  if (depth > MAX_DEPTH) throw new S3EventError('notifications nested more deeply than AWS nests them');
  if (typeof value === 'string') {
    collect(parseJson(value, 'a string that is not JSON'), depth + 1, out);
    return;
  }
  if (!isObject(value)) throw new S3EventError(describe(value));

  if (Array.isArray(value.Records)) {
    value.Records.forEach((record, index) => {
      collectRecord(record, index, depth, out);
    });
    return;
  }
  // The test event S3 publishes when a notification configuration is saved: nothing was created.
  if (value.Event === 's3:TestEvent') return;
  // An SNS envelope (an SQS message from an SNS subscription without raw message delivery).
  if (value.Type === 'Notification' && typeof value.Message === 'string') {
    collect(parseJson(value.Message, 'an SNS notification whose Message is not JSON'), depth + 1, out);
    return;
  }
  if (typeof value['detail-type'] === 'string') {
    collectEventBridge(value, out);
    return;
  }
  throw new S3EventError(describe(value));
}

function collectRecord(record: unknown, index: number, depth: number, out: S3ObjectCreated[]): void {
  if (!isObject(record)) throw new S3EventError(`Records[${index}] that is ${describe(record)}`);
  if (record.eventSource === 'aws:s3' || (record.eventSource === undefined && isObject(record.s3))) {
    collectS3Record(record, index, out);
    return;
  }
  if (record.eventSource === 'aws:sqs') {
    if (typeof record.body !== 'string')
      throw new S3EventError(`an SQS message without a body (Records[${index}])`);
    collect(
      parseJson(record.body, `an SQS message whose body is not JSON (Records[${index}])`),
      depth + 1,
      out,
    );
    return;
  }
  if (record.EventSource === 'aws:sns') {
    const message = isObject(record.Sns) ? record.Sns.Message : undefined;
    if (typeof message !== 'string')
      throw new S3EventError(`an SNS record without Sns.Message (Records[${index}])`);
    collect(parseJson(message, `an SNS message that is not JSON (Records[${index}])`), depth + 1, out);
    return;
  }
  const source = record.eventSource ?? record.EventSource;
  throw new S3EventError(
    typeof source === 'string'
      ? `a record from ${safeName(source)} (Records[${index}])`
      : `Records[${index}] that is ${describe(record)}`,
  );
}

function collectS3Record(record: Record<string, unknown>, index: number, out: S3ObjectCreated[]): void {
  // eventName is `ObjectCreated:Put`, `ObjectCreated:CompleteMultipartUpload`... (no `s3:` prefix in the message).
  if (typeof record.eventName === 'string' && !record.eventName.startsWith('ObjectCreated:')) return;
  const s3 = isObject(record.s3) ? record.s3 : undefined;
  const bucket = s3 && isObject(s3.bucket) ? s3.bucket.name : undefined;
  const object = s3 && isObject(s3.object) ? s3.object : undefined;
  if (
    typeof bucket !== 'string' ||
    bucket === '' ||
    !object ||
    typeof object.key !== 'string' ||
    object.key === ''
  ) {
    throw new S3EventError(`an S3 record without s3.bucket.name and s3.object.key (Records[${index}])`);
  }
  out.push(
    withOptional(
      { bucket, key: decodeKey(object.key, `Records[${index}].s3.object.key`) },
      object.size,
      object.eTag,
      object.sequencer,
      object.versionId,
    ),
  );
}

function collectEventBridge(event: Record<string, unknown>, out: S3ObjectCreated[]): void {
  const detailType = event['detail-type'] as string;
  if (event.source !== 'aws.s3') {
    throw new S3EventError(
      `an EventBridge event from ${typeof event.source === 'string' ? safeName(event.source) : 'an unnamed source'}`,
    );
  }
  // Object Deleted, Object Restore Completed, Object Tags Added...: nothing new to read.
  if (detailType !== 'Object Created') return;
  const detail = isObject(event.detail) ? event.detail : undefined;
  const bucket = detail && isObject(detail.bucket) ? detail.bucket.name : undefined;
  const object = detail && isObject(detail.object) ? detail.object : undefined;
  if (
    typeof bucket !== 'string' ||
    bucket === '' ||
    !object ||
    typeof object.key !== 'string' ||
    object.key === ''
  ) {
    throw new S3EventError(
      'an EventBridge Object Created event without detail.bucket.name and detail.object.key',
    );
  }
  out.push(
    withOptional(
      // EventBridge carries the key encoded the same way as the other notifications (decoded with unquote_plus
      // by AWS's own examples), so it is decoded the same way.
      { bucket, key: decodeKey(object.key, 'detail.object.key') },
      object.size,
      object.etag,
      object.sequencer,
      object['version-id'],
    ),
  );
}

function withOptional(
  base: { bucket: string; key: string },
  size: unknown,
  eTag: unknown,
  sequencer: unknown,
  versionId: unknown,
): S3ObjectCreated {
  const out: S3ObjectCreated = { ...base };
  if (typeof size === 'number' && Number.isSafeInteger(size) && size >= 0) out.size = size;
  if (typeof eTag === 'string' && eTag !== '') out.eTag = eTag;
  if (typeof sequencer === 'string' && /^[0-9A-Fa-f]+$/.test(sequencer)) out.sequencer = sequencer;
  if (typeof versionId === 'string' && versionId !== '' && versionId !== 'null') out.versionId = versionId;
  return out;
}

/**
 * S3 writes keys as `application/x-www-form-urlencoded`: a space is `+`, a real plus `%2B`, other reserved and
 * non-ASCII characters percent-encoded UTF-8. So `+` becomes a space first, then percent sequences are decoded.
 */
export function decodeS3EventKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

function decodeKey(encoded: string, where: string): string {
  try {
    return decodeS3EventKey(encoded);
  } catch (error) {
    throw new S3EventError(`a key that is not URL-encoded (${where})`, { cause: error });
  }
}

/**
 * Compare two S3 sequencers for the same key: negative if `a` was written first, positive if `b` was, 0 if equal.
 * S3 sequencers differ in length, so the shorter is left-padded with zeros before comparing.
 */
export function compareSequencers(a: string, b: string): number {
  const width = Math.max(a.length, b.length);
  const left = a.toUpperCase().padStart(width, '0');
  const right = b.toUpperCase().padStart(width, '0');
  return left < right ? -1 : left > right ? 1 : 0;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new S3EventError(what);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A short, value-free description of what arrived. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing (undefined)';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value !== 'object') return `a ${typeof value}`;
  const keys = Object.keys(value);
  if (keys.length === 0) return 'an empty object';
  const shown = keys.slice(0, 6).map(safeName).join(', ');
  return `an object with keys ${shown}${keys.length > 6 ? ', ...' : ''}`;
}

/** Field names and service names are echoed, but only in a bounded, printable form. */
function safeName(name: string): string {
  const printable = name.replace(/[^\w.:@/-]/g, '?');
  return printable.length > 40 ? `${printable.slice(0, 40)}...` : printable;
}
