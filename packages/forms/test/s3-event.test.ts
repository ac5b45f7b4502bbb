import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseS3Event as fromMain } from '@council-sdk/forms';
import { compareSequencers, parseS3Event, S3EventError } from '@council-sdk/forms/events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeKeyAsS3Does,
  eventBridgeObjectCreated,
  s3Notification,
  s3TestEvent,
  snsEnvelope,
  snsEvent,
  sqsEvent,
} from './aws-events';

const bucket = 'council-forms';
const key = 'form_submissions/123/20260203T120000Z_8E3YY3RX/form_submission.json';

function errorOf(event: unknown): S3EventError {
  try {
    parseS3Event(event);
  } catch (error) {
    if (error instanceof S3EventError) return error;
    throw error;
  }
  throw new Error('parseS3Event did not throw');
}

describe('parseS3Event', () => {
  it('reads an S3 event notification as S3 invokes Lambda', () => {
    const event = s3Notification(bucket, [
      { key, size: 812, eTag: 'abc123', sequencer: '0055AED6DCD90281E5' },
    ]);
    expect(parseS3Event(event)).toEqual([
      { bucket, key, size: 812, eTag: 'abc123', sequencer: '0055AED6DCD90281E5' },
    ]);
  });

  it('is also exported from the main entry point', () => {
    expect(fromMain).toBe(parseS3Event);
  });

  it('decodes keys as S3 encodes them: + is a space, %2B a plus, UTF-8 percent-encoded', () => {
    const names = ['my photo (1).jpg', 'c++ notes.pdf', 'résumé 100%.docx', 'a=b&c;d:e,f?g.txt'];
    const event = s3Notification(
      bucket,
      names.map((n) => ({ key: `form_submissions/123/20260203T120000Z_8E3YY3RX/${n}` })),
    );
    expect(event.Records[0]!.s3.object.key).toBe(
      'form_submissions/123/20260203T120000Z_8E3YY3RX/my+photo+%281%29.jpg',
    );
    expect(event.Records[1]!.s3.object.key).toContain('c%2B%2B+notes.pdf');
    expect(parseS3Event(event).map((o) => o.key.split('/').pop())).toEqual(names);
  });

  it('round-trips any key S3 can hold', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200, unit: 'grapheme' }), (name) => {
        const [object] = parseS3Event(s3Notification(bucket, [{ key: name }]));
        expect(object?.key).toBe(name);
      }),
    );
  });

  it('reads every record of a batch, in order', () => {
    const keys = ['a/1.json', 'b/2.csv', 'c/3.pdf'];
    expect(
      parseS3Event(
        s3Notification(
          bucket,
          keys.map((k) => ({ key: k })),
        ),
      ).map((o) => o.key),
    ).toEqual(keys);
  });

  it('reads S3 notifications carried by SQS messages (raw delivery)', () => {
    const event = sqsEvent([s3Notification(bucket, [{ key }]), s3Notification('other', [{ key: 'x y' }])]);
    expect(parseS3Event(event).map((o) => [o.bucket, o.key])).toEqual([
      [bucket, key],
      ['other', 'x y'],
    ]);
  });

  it('reads S3 notifications carried by SQS from an SNS topic (SNS envelope in the body)', () => {
    const event = sqsEvent([snsEnvelope(s3Notification(bucket, [{ key }]))]);
    expect(parseS3Event(event).map((o) => o.key)).toEqual([key]);
  });

  it('reads S3 notifications delivered by SNS to Lambda', () => {
    const event = snsEvent([s3Notification(bucket, [{ key }])]);
    expect(parseS3Event(event)).toMatchObject([{ bucket, key }]);
  });

  it('reads an EventBridge Object Created event, alone or as an SQS message', () => {
    const event = eventBridgeObjectCreated(bucket, {
      key: 'folder/my file.pdf',
      size: 5,
      eTag: 'e1',
      sequencer: '617F08299329D189',
    });
    const expected = {
      bucket,
      key: 'folder/my file.pdf',
      size: 5,
      eTag: 'e1',
      sequencer: '617F08299329D189',
      versionId: 'IYV3p45BT0ac8hjHg1houSdS1a.Mro8e',
    };
    expect(parseS3Event(event)).toEqual([expected]);
    expect(parseS3Event(sqsEvent([event]))).toEqual([expected]);
  });

  it("yields nothing for S3's test event, however it is delivered", () => {
    expect(parseS3Event(s3TestEvent(bucket))).toEqual([]);
    expect(parseS3Event(sqsEvent([s3TestEvent(bucket)]))).toEqual([]);
    expect(parseS3Event(snsEvent([s3TestEvent(bucket)]))).toEqual([]);
  });

  it('yields nothing for S3 events other than object creation', () => {
    expect(parseS3Event(s3Notification(bucket, [{ key }], 'ObjectRemoved:Delete'))).toEqual([]);
    expect(parseS3Event(eventBridgeObjectCreated(bucket, { key }, 'Object Deleted'))).toEqual([]);
  });

  it('rejects an EventBridge event from another service, naming it', () => {
    const error = errorOf({ ...eventBridgeObjectCreated(bucket, { key }), source: 'aws.ec2' });
    expect(error.got).toBe('an EventBridge event from aws.ec2');
  });

  it('rejects a record from another service, naming it', () => {
    expect(errorOf({ Records: [{ eventSource: 'aws:dynamodb', dynamodb: {} }] }).got).toBe(
      'a record from aws:dynamodb (Records[0])',
    );
  });

  it('rejects an unknown object, naming its keys but not its values', () => {
    const error = errorOf({ resident: 'jane@example.com', path: '/x' });
    expect(error.got).toBe('an object with keys resident, path');
    expect(JSON.stringify(error)).not.toContain('jane@example.com');
    expect(error.message).not.toContain('jane@example.com');
  });

  it('rejects an SQS message whose body is not JSON, without echoing the body', () => {
    const error = errorOf(sqsEvent(['Dear council, jane@example.com']));
    expect(error.got).toBe('an SQS message whose body is not JSON (Records[0])');
    expect(error.message).not.toContain('jane');
  });

  it('rejects non-objects and records without a key', () => {
    expect(errorOf(undefined).got).toBe('nothing (undefined)');
    expect(errorOf(42).got).toBe('a number');
    expect(errorOf([1, 2]).got).toBe('an array of 2');
    const broken = s3Notification(bucket, [{ key }]);
    (broken.Records[0]!.s3.object as { key?: string }).key = undefined;
    expect(errorOf(broken).got).toContain('without s3.bucket.name and s3.object.key');
  });

  it('rejects a key with a broken percent-encoding', () => {
    const broken = s3Notification(bucket, [{ key }]);
    broken.Records[0]!.s3.object.key = 'form_submissions/%E0%A4%A';
    expect(errorOf(broken).got).toBe('a key that is not URL-encoded (Records[0].s3.object.key)');
  });

  it('only throws S3EventError, whatever it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseS3Event(value);
        } catch (error) {
          expect(error).toBeInstanceOf(S3EventError);
        }
        try {
          parseS3Event(JSON.stringify(value));
        } catch (error) {
          expect(error).toBeInstanceOf(S3EventError);
        }
      }),
    );
  });
});

describe('compareSequencers', () => {
  it('orders sequencers of different lengths by left-padding the shorter (as S3 documents)', () => {
    expect(compareSequencers('0055AED6DCD90281E5', '55AED6DCD90281E6')).toBeLessThan(0);
    expect(compareSequencers('FF', '0100')).toBeLessThan(0);
    expect(compareSequencers('00ff', 'FF')).toBe(0);
    expect(compareSequencers('0100', 'ff')).toBeGreaterThan(0);
  });
});

describe('@council-sdk/forms/events stays light', () => {
  it('imports nothing but core errors and its own key parser (no AWS SDK, no zod)', () => {
    const dir = fileURLToPath(new URL('../src/events/', import.meta.url));
    const files = readdirSync(dir).map((f) => `${dir}${f}`);
    files.push(fileURLToPath(new URL('../src/s3/keys.ts', import.meta.url)));
    const imports = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]),
    );
    expect(new Set(imports)).toEqual(new Set(['@council-sdk/core/errors', './s3-event.js', '../s3/keys.js']));
  });
});

describe('encodeKeyAsS3Does (the test helper)', () => {
  it('matches the example in the S3 documentation', () => {
    expect(encodeKeyAsS3Does('red flower.jpg')).toBe('red+flower.jpg');
  });
});
