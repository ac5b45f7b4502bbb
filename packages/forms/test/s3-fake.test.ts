import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ServiceException,
} from '@aws-sdk/client-s3';
import { createS3Fake } from '@council-sdk/forms/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const fake = createS3Fake({
  baseUrl: 'http://127.0.0.1:4000/s3',
  bucket: 'council-forms',
  accessKeyId: 'AKIATEST',
});
const server = setupServer(...fake.handlers);
const s3 = new S3Client({ ...fake.clientConfig(), maxAttempts: 1 });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => fake.reset());
afterAll(() => server.close());

async function errorOf(promise: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as S3ServiceException;
  }
  throw new Error('expected the call to fail');
}

describe('S3 fake, through the real AWS SDK v3 (path-style, endpoint with a path prefix)', () => {
  it('stores a PutObject and returns it from GetObject with its content type and ETag', async () => {
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: 'council-forms',
        Key: 'a/b c.txt',
        Body: 'hello',
        ContentType: 'text/plain',
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: 'council-forms', Key: 'a/b c.txt' }));
    expect(await got.Body?.transformToString()).toBe('hello');
    expect(got.ContentType).toBe('text/plain');
    expect(got.ETag).toBe(put.ETag);
    expect(fake.objects().map((o) => o.key)).toEqual(['a/b c.txt']);
  });

  it('keeps keys with spaces, plus signs and Welsh letters intact', async () => {
    const key = 'form_submissions/1/20260101T000000Z_8E3YY3RX/llun ŵ+ŷ (1).jpg';
    await s3.send(new PutObjectCommand({ Bucket: 'council-forms', Key: key, Body: 'x' }));
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: 'council-forms', Prefix: 'form_submissions/1/' }),
    );
    expect(listed.Contents?.map((c) => c.Key)).toEqual([key]);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'council-forms', Key: key }));
    expect(await got.Body?.transformToString()).toBe('x');
  });

  it('answers HeadObject with the size, and 404 NotFound for a missing key', async () => {
    fake.put('x.json', '{"a":1}');
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'council-forms', Key: 'x.json' }));
    expect(head.ContentLength).toBe(7);
    const error = await errorOf(s3.send(new HeadObjectCommand({ Bucket: 'council-forms', Key: 'nope' })));
    expect(error.$metadata.httpStatusCode).toBe(404);
  });

  it('streams an upload (aws-chunked, STREAMING-UNSIGNED-PAYLOAD-TRAILER) and stores the decoded bytes', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: 'council-forms',
        Key: 'streamed.txt',
        Body: Readable.from([Buffer.from('hello '), Buffer.from('stream')]),
        ContentLength: 12,
      }),
    );
    expect(new TextDecoder().decode(fake.getObject('streamed.txt')?.body)).toBe('hello stream');
  });

  it('copies with CopyObject, lists with ListObjects (v1) and deletes with DeleteObject', async () => {
    fake.put('uploads/a.pdf', 'pdf', { content_type: 'application/pdf' });
    const copied = await s3.send(
      new CopyObjectCommand({
        Bucket: 'council-forms',
        Key: 'form_submissions/1/a.pdf',
        CopySource: 'council-forms/uploads/a.pdf',
      }),
    );
    expect(copied.CopyObjectResult?.ETag).toBe(fake.objects().find((o) => o.key === 'uploads/a.pdf')?.etag);
    const listed = await s3.send(new ListObjectsCommand({ Bucket: 'council-forms', Delimiter: '/' }));
    expect(listed.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['form_submissions/', 'uploads/']);
    await s3.send(new DeleteObjectCommand({ Bucket: 'council-forms', Key: 'uploads/a.pdf' }));
    expect(fake.objects().map((o) => o.key)).toEqual(['form_submissions/1/a.pdf']);
  });

  it('refuses a client with the right key id but the wrong secret (SignatureDoesNotMatch)', async () => {
    const wrong = new S3Client({
      ...fake.clientConfig(),
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'not-the-secret' },
      maxAttempts: 1,
    });
    const error = await errorOf(wrong.send(new ListObjectsV2Command({ Bucket: 'council-forms' })));
    expect(error.name).toBe('SignatureDoesNotMatch');
    expect(error.$metadata.httpStatusCode).toBe(403);
  });

  it('refuses GetObject of a missing key with NoSuchKey', async () => {
    const error = await errorOf(s3.send(new GetObjectCommand({ Bucket: 'council-forms', Key: 'missing' })));
    expect(error.name).toBe('NoSuchKey');
    expect(error.$metadata.httpStatusCode).toBe(404);
  });

  it('refuses another bucket with NoSuchBucket', async () => {
    const error = await errorOf(s3.send(new ListObjectsV2Command({ Bucket: 'someone-else' })));
    expect(error.name).toBe('NoSuchBucket');
  });

  it('refuses an unknown access key id with InvalidAccessKeyId', async () => {
    const other = new S3Client({
      ...fake.clientConfig(),
      credentials: { accessKeyId: 'AKIAOTHER', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    const error = await errorOf(other.send(new ListObjectsV2Command({ Bucket: 'council-forms' })));
    expect(error.name).toBe('InvalidAccessKeyId');
    expect(error.$metadata.httpStatusCode).toBe(403);
  });

  it('pages ListObjectsV2 with continuation tokens, under a prefix, in key order', async () => {
    for (let i = 0; i < 7; i++) fake.put(`p/${String(i).padStart(2, '0')}`, 'x');
    fake.put('q/other', 'x');
    const keys: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({
          Bucket: 'council-forms',
          Prefix: 'p/',
          MaxKeys: 3,
          ContinuationToken: token,
        }),
      );
      pages++;
      keys.push(...(page.Contents ?? []).map((c) => c.Key as string));
      expect(page.KeyCount).toBe(page.Contents?.length ?? 0);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    expect(pages).toBe(3);
    expect(keys).toEqual(['p/00', 'p/01', 'p/02', 'p/03', 'p/04', 'p/05', 'p/06']);
  });

  it('honours StartAfter and rolls keys up into CommonPrefixes with a delimiter', async () => {
    fake.put('f/1/a', 'x');
    fake.put('f/1/b', 'x');
    fake.put('f/2/a', 'x');
    fake.put('f/top', 'x');
    const after = await s3.send(new ListObjectsV2Command({ Bucket: 'council-forms', StartAfter: 'f/1/b' }));
    expect(after.Contents?.map((c) => c.Key)).toEqual(['f/2/a', 'f/top']);
    const rolled = await s3.send(
      new ListObjectsV2Command({ Bucket: 'council-forms', Prefix: 'f/', Delimiter: '/' }),
    );
    expect(rolled.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['f/1/', 'f/2/']);
    expect(rolled.Contents?.map((c) => c.Key)).toEqual(['f/top']);
  });

  it('rejects a forged continuation token with InvalidArgument', async () => {
    const error = await errorOf(
      s3.send(new ListObjectsV2Command({ Bucket: 'council-forms', ContinuationToken: 'not-a-token' })),
    );
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.name).toBe('InvalidArgument');
  });

  it('refuses a request whose expected bucket owner is another account', async () => {
    const owned = createS3Fake({
      baseUrl: 'http://127.0.0.1:4001/s3',
      bucket: 'b',
      accountId: '111122223333',
    });
    server.use(...owned.handlers);
    const client = new S3Client({ ...owned.clientConfig(), maxAttempts: 1 });
    await client.send(new ListObjectsV2Command({ Bucket: 'b', ExpectedBucketOwner: '111122223333' }));
    const error = await errorOf(
      client.send(new ListObjectsV2Command({ Bucket: 'b', ExpectedBucketOwner: '999999999999' })),
    );
    expect(error.name).toBe('AccessDenied');
  });

  it('answers injected faults in S3 XML, which the SDK retries', async () => {
    fake.put('k', 'v');
    fake.faults.inject({ type: 'status', status: 503, times: 1 });
    const retrying = new S3Client({ ...fake.clientConfig(), maxAttempts: 3 });
    const got = await retrying.send(new GetObjectCommand({ Bucket: 'council-forms', Key: 'k' }));
    expect(await got.Body?.transformToString()).toBe('v');
    fake.faults.inject({ type: 'status', status: 503, times: 1 });
    const error = await errorOf(s3.send(new GetObjectCommand({ Bucket: 'council-forms', Key: 'k' })));
    expect(error.name).toBe('SlowDown');
  });

  it('snapshots to JSON and restores the same objects', async () => {
    fake.put('one', new Uint8Array([0, 1, 2, 255]), { content_type: 'application/octet-stream' });
    const snapshot = JSON.parse(JSON.stringify(fake.snapshot()));
    fake.reset();
    expect(fake.objects()).toEqual([]);
    fake.restore(snapshot);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'council-forms', Key: 'one' }));
    expect([...((await got.Body?.transformToByteArray()) ?? [])]).toEqual([0, 1, 2, 255]);
  });
});

describe('S3 fake state API', () => {
  it('submit() builds and delivers with the real key layout at the fake clock time', async () => {
    const { exampleForms, exampleAnswers } = await import('@council-sdk/forms/testing');
    fake.clock.freeze(new Date('2026-03-24T07:05:09.000Z'));
    const { submission, delivery } = fake.submit(
      exampleForms.missedBinCollection.en,
      exampleAnswers.missedBinCollection,
      {
        format: 'csv',
        reference: '8E3YY3RX',
      },
    );
    expect(submission.submitted_at.toISOString()).toBe('2026-03-24T07:05:09.000Z');
    expect(delivery.key).toBe('form_submissions/7351/20260324T070509Z_8E3YY3RX/form_submission.csv');
    expect(delivery.file_keys).toEqual(['form_submissions/7351/20260324T070509Z_8E3YY3RX/bin.jpg']);
    // forms-runner puts it without a content type: S3's default.
    expect(fake.getObject(delivery.key)?.content_type).toBe('binary/octet-stream');
  });

  it('deliver() writes the uploaded files before the submission file, as forms-runner does', async () => {
    const { buildSubmission, exampleForms, exampleAnswers } = await import('@council-sdk/forms/testing');
    const built = buildSubmission(exampleForms.missedBinCollection.en, exampleAnswers.missedBinCollection);
    const delivery = fake.deliver(built, { format: 'json' });
    expect(fake.writes().map((w) => w.key)).toEqual([...delivery.file_keys, delivery.key]);
    fake.reset();
    const racing = fake.deliver(built, { submissionFirst: true });
    expect(fake.writes().map((w) => w.key)).toEqual([racing.key, ...racing.file_keys]);
  });
});
