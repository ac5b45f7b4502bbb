/**
 * Without `s3Client`, S3SubmissionSource loads @aws-sdk/client-s3 itself and builds `new S3Client({ region })`,
 * which addresses the bucket virtual-hosted style on the real AWS endpoint. The fake (default base URL)
 * answers there too, so the lazy-import path is exercised with no custom client.
 */
import { S3SubmissionSource } from '@council-sdk/forms';
import { buildSubmission, createS3Fake, exampleAnswers, exampleForms } from '@council-sdk/forms/testing';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const fake = createS3Fake({
  bucket: 'council-forms',
  region: 'eu-west-2',
  // The fake checks signatures, so it must know the key the SDK picks up from the environment.
  accessKeyId: 'AKIAFROMENVIRONMENT',
  secretAccessKey: 'secret-from-environment',
});
const server = setupServer(...fake.handlers);
const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIAFROMENVIRONMENT';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret-from-environment';
  server.listen({ onUnhandledRequest: 'error' });
});
afterAll(() => {
  server.close();
  if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
  else process.env.AWS_ACCESS_KEY_ID = saved.id;
  if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
  else process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
});

describe('S3SubmissionSource with its own S3Client', () => {
  it('loads the AWS SDK lazily and reads the bucket on the AWS endpoint', async () => {
    expect(fake.baseUrl).toBe('https://s3.eu-west-2.amazonaws.com');
    const built = buildSubmission(exampleForms.missedBinCollection.en, exampleAnswers.missedBinCollection);
    fake.deliver(built);
    const source = new S3SubmissionSource({ bucket: 'council-forms', region: 'eu-west-2' });
    const received = [];
    for await (const item of source.watch({ once: true })) received.push(item);
    expect(received.map((r) => r.reference)).toEqual([built.reference]);
    expect(received[0]?.files.map((f) => f.filename)).toEqual(['bin.jpg']);
  });
});
