import { S3Client } from '@aws-sdk/client-s3';
import { S3SubmissionSource, type WatchedSubmission, type WatchOptions } from '@council-sdk/forms';
import { createS3Fake, type S3Fake } from '@council-sdk/forms/testing';
import { setupServer } from 'msw/node';

export function s3Harness(options: { baseUrl?: string; bucket?: string } = {}) {
  const fake: S3Fake = createS3Fake({
    baseUrl: options.baseUrl ?? 'http://127.0.0.1:4000/s3',
    bucket: options.bucket ?? 'council-forms',
  });
  const server = setupServer(...fake.handlers);
  const s3Client = new S3Client({ ...fake.clientConfig(), maxAttempts: 1 });
  const source = (extra: Partial<ConstructorParameters<typeof S3SubmissionSource>[0]> = {}) =>
    new S3SubmissionSource({ bucket: fake.bucket, s3Client, ...extra });
  return { fake, server, s3Client, source };
}

/** Take `count` submissions from watch(), acknowledging each, then stop. */
export async function take(
  source: S3SubmissionSource,
  count: number,
  options: WatchOptions = {},
): Promise<WatchedSubmission[]> {
  const out: WatchedSubmission[] = [];
  if (count === 0) return out;
  const controller = new AbortController();
  for await (const item of source.watch({ intervalMs: 5, signal: controller.signal, ...options })) {
    out.push(item);
    await item.ack();
    if (out.length >= count) break;
  }
  return out;
}

/** Everything watch() hands out in one pass over the bucket. */
export async function drain(
  source: S3SubmissionSource,
  options: WatchOptions = {},
): Promise<WatchedSubmission[]> {
  const out: WatchedSubmission[] = [];
  for await (const item of source.watch({ once: true, ...options })) out.push(item);
  return out;
}
