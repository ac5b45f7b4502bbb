import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CheckpointError,
  FileCheckpointStore,
  MemoryCheckpointStore,
  S3SubmissionSource,
  SubmissionParseError,
} from '@council-sdk/forms';
import { buildSubmission, type BuiltSubmission } from '@council-sdk/forms/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { everyAnswer, everyAnswerTypeForm } from './fixtures';
import { drain, s3Harness, take } from './helpers';

const { fake, server, source, s3Client } = s3Harness();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => fake.reset());
afterAll(() => server.close());

const base = Date.parse('2026-02-03T12:00:00.000Z');
function submission(
  i: number,
  answers: Record<string, unknown> = { emailQ11: `person${i}@example.com` },
): BuiltSubmission {
  return buildSubmission(everyAnswerTypeForm.en, answers as never, {
    submittedAt: new Date(base + i * 60_000),
  });
}

async function checkpointPath() {
  return join(await mkdtemp(join(tmpdir(), 'forms-watch-')), 'nested', 'checkpoint.json');
}

describe('S3SubmissionSource.watch', () => {
  it('hands out each submission exactly once across a restart (new source, same checkpoint file)', async () => {
    const checkpoint = await checkpointPath();
    const first = [submission(1), submission(2), submission(3)];
    for (const s of first) fake.deliver(s);

    const run1 = await take(source(), 2, { checkpoint });
    expect(run1.map((r) => r.reference)).toEqual([first[0]!.reference, first[1]!.reference]);

    // The process "restarts": a new source and S3 client state, the same checkpoint file.
    const later = [submission(4), submission(5)];
    for (const s of later) fake.deliver(s);
    const run2 = await drain(new S3SubmissionSource({ bucket: fake.bucket, s3Client }), { checkpoint });
    expect(run2.map((r) => r.reference)).toEqual([
      first[2]!.reference,
      later[0]!.reference,
      later[1]!.reference,
    ]);

    const run3 = await drain(source(), { checkpoint });
    expect(run3).toEqual([]);
    const saved = JSON.parse(await readFile(checkpoint, 'utf8'));
    expect(Object.keys(saved.processed)).toHaveLength(5);
  });

  it('hands out again a submission that was not acknowledged when the loop stopped (at-least-once, never lost)', async () => {
    const store = new MemoryCheckpointStore();
    const [a, b] = [submission(1), submission(2)];
    fake.deliver(a);
    fake.deliver(b);
    for await (const item of source().watch({ checkpoint: store, once: true })) {
      expect(item.reference).toBe(a.reference);
      break; // crashed while processing: no ack, and no request for the next one
    }
    const again = await drain(source(), { checkpoint: store });
    expect(again.map((r) => r.reference)).toEqual([a.reference, b.reference]);
  });

  it('records a submission when the loop asks for the next one, without an explicit ack', async () => {
    const store = new MemoryCheckpointStore();
    fake.deliver(submission(1));
    fake.deliver(submission(2));
    expect(await drain(source(), { checkpoint: store })).toHaveLength(2);
    const state = await store.load();
    expect(Object.keys(state?.processed ?? {})).toHaveLength(2);
  });

  it('picks up submissions delivered while it waits between polls', async () => {
    const store = new MemoryCheckpointStore();
    fake.deliver(submission(1));
    const seen: string[] = [];
    const controller = new AbortController();
    const late = submission(2);
    for await (const item of source().watch({
      checkpoint: store,
      intervalMs: 5,
      signal: controller.signal,
    })) {
      seen.push(item.reference);
      if (seen.length === 1) fake.deliver(late);
      if (seen.length === 2) controller.abort();
    }
    expect(seen[1]).toBe(late.reference);
  });

  it('holds back a submission whose uploaded files are not listed yet, then hands it out with them', async () => {
    const built = buildSubmission(everyAnswerTypeForm.en, { fileQ015: everyAnswer.fileQ015 as never });
    fake.deliver(built, { withholdFiles: true });
    const clock = 0;
    const store = new MemoryCheckpointStore();
    const src = source();
    const options = { checkpoint: store, now: () => clock, attachmentGraceMs: 60_000 };
    expect(await drain(src, options)).toEqual([]);

    fake.deliverFiles(built);
    const [received] = await drain(src, options);
    expect(received?.missing_files).toEqual([]);
    expect(received?.files.map((f) => f.filename)).toEqual(['bin photo.png']);
  });

  it('hands out a submission with missing files once the grace period is over, naming them', async () => {
    const built = buildSubmission(everyAnswerTypeForm.en, { fileQ015: everyAnswer.fileQ015 as never });
    fake.deliver(built, { withholdFiles: true });
    let clock = 0;
    const src = source();
    const options = { checkpoint: new MemoryCheckpointStore(), now: () => clock, attachmentGraceMs: 60_000 };
    expect(await drain(src, options)).toEqual([]);
    clock = 60_000;
    const [received] = await drain(src, options);
    expect(received?.missing_files).toEqual(['bin photo.png']);
  });

  it('skips form previews unless asked for them', async () => {
    const preview = buildSubmission(everyAnswerTypeForm.en, { emailQ11: 'a@example.com' }, { preview: true });
    const delivery = fake.deliver(preview);
    expect(delivery.key.startsWith('test_form_submissions/991/')).toBe(true);
    expect(await drain(source())).toEqual([]);
    const [received] = await drain(source({ includePreviews: true }));
    expect(received?.preview).toBe(true);
    expect(received?.reference).toBe(preview.reference);
  });

  it('throws a SubmissionParseError for a corrupt submission file, or skips it through onParseError', async () => {
    fake.put('form_submissions/991/20260203T120000Z_8E3YY3RX/form_submission.json', '{ not json');
    fake.deliver(submission(5));
    await expect(drain(source())).rejects.toBeInstanceOf(SubmissionParseError);

    const skipped: string[] = [];
    const store = new MemoryCheckpointStore();
    const received = await drain(source(), {
      checkpoint: store,
      onParseError: (error, key) => {
        expect(error.source).toBe(key);
        skipped.push(key);
      },
    });
    expect(skipped).toEqual(['form_submissions/991/20260203T120000Z_8E3YY3RX/form_submission.json']);
    expect(received).toHaveLength(1);
    expect(await drain(source(), { checkpoint: store })).toEqual([]);
  });

  it('reports a failed poll to onPollError and carries on', async () => {
    fake.deliver(submission(1));
    fake.faults.inject({ type: 'status', status: 500, times: 1 });
    const errors: unknown[] = [];
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const item of source().watch({
      intervalMs: 5,
      signal: controller.signal,
      onPollError: (e) => {
        errors.push(e);
      },
    })) {
      seen.push(item.reference);
      controller.abort();
    }
    expect(errors).toHaveLength(1);
    expect(seen).toHaveLength(1);
  });

  it('keeps the checkpoint small: entries older than the look-back are dropped but not handed out again', async () => {
    const store = new MemoryCheckpointStore();
    const old = submission(0);
    const recent = buildSubmission(
      everyAnswerTypeForm.en,
      { emailQ11: 'x@example.com' },
      {
        submittedAt: new Date(base + 10 * 86_400_000),
      },
    );
    fake.deliver(old);
    expect(await drain(source(), { checkpoint: store, lookbackMs: 86_400_000 })).toHaveLength(1);
    fake.deliver(recent);
    expect(await drain(source(), { checkpoint: store, lookbackMs: 86_400_000 })).toHaveLength(1);
    const state = await store.load();
    expect(Object.keys(state?.processed ?? {})).toEqual([expect.stringContaining(recent.reference)]);
    expect(await drain(source(), { checkpoint: store, lookbackMs: 86_400_000 })).toEqual([]);
  });

  it('refuses a checkpoint file that is not a checkpoint', async () => {
    const path = await checkpointPath();
    const store = new FileCheckpointStore(path);
    await store.save({ version: 1, processed: {} });
    await writeFile(path, '{"hello": "world"}');
    await expect(drain(source(), { checkpoint: path })).rejects.toBeInstanceOf(CheckpointError);
  });
});

describe('S3SubmissionSource.list and get', () => {
  it('lists only submission files, across pages, filtered by form and time', async () => {
    for (let i = 0; i < 5; i++) fake.deliver(submission(i, { fileQ015: everyAnswer.fileQ015 }));
    fake.put('form_submissions/other-form/20260203T120000Z_8E3YY3RX/form_submission.csv', 'x');
    fake.put('unrelated/readme.txt', 'x');
    const all = await source().list().toArray();
    expect(all).toHaveLength(6);
    const mine = await source()
      .list({ formId: '991', after: new Date(base + 2 * 60_000) })
      .toArray();
    expect(mine.map((m) => m.submitted_at.getTime())).toEqual([base + 3 * 60_000, base + 4 * 60_000]);
    const afterKey = await source().list({ after: all[3]!.key }).toArray();
    expect(afterKey.map((m) => m.key)).toEqual(all.slice(4).map((m) => m.key));
  });

  it('get() refuses a key that is not a submission file with a typed error', async () => {
    await expect(
      source().get('form_submissions/991/20260203T120000Z_8E3YY3RX/photo.png'),
    ).rejects.toBeInstanceOf(SubmissionParseError);
  });

  it('get() refuses a file whose reference differs from its key', async () => {
    const built = submission(1);
    fake.put('form_submissions/991/20260203T120000Z_8E3YY3RX/form_submission.json', built.json);
    await expect(
      source().get('form_submissions/991/20260203T120000Z_8E3YY3RX/form_submission.json'),
    ).rejects.toThrow(/does not match the reference in the key/);
  });

  it('reads a bucket whose submissions sit under a prefix', async () => {
    const built = submission(1);
    fake.put(
      `copies/form_submissions/991/20260203T120100Z_${built.reference}/form_submission.json`,
      built.json,
    );
    const [received] = await drain(source({ prefix: 'copies/' }));
    expect(received?.reference).toBe(built.reference);
  });
});

describe('S3SubmissionSource and secrets', () => {
  it('never shows the S3 credentials in JSON or inspect output', async () => {
    const { S3Client } = await import('@aws-sdk/client-s3');
    const { inspect } = await import('node:util');
    const client = new S3Client({
      ...fake.clientConfig(),
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'very-secret-key-123' },
    });
    const src = new S3SubmissionSource({ bucket: fake.bucket, s3Client: client });
    for (const text of [JSON.stringify(src), inspect(src, { depth: 10 }), String(src)]) {
      expect(text).not.toContain('very-secret-key-123');
    }
  });
});

describe('S3SubmissionSource.watch under faults', () => {
  it('loses and duplicates nothing when S3 drops connections and answers 503s (SDK retries, polls carry on)', async () => {
    const { S3Client } = await import('@aws-sdk/client-s3');
    const retrying = new S3Client({ ...fake.clientConfig(), maxAttempts: 3, retryMode: 'standard' });
    const src = new S3SubmissionSource({ bucket: fake.bucket, s3Client: retrying });
    const store = new MemoryCheckpointStore();
    const delivered = Array.from({ length: 12 }, (_, i) => submission(i));
    const seen: string[] = [];
    let pollErrors = 0;
    const options = {
      checkpoint: store,
      onPollError: () => {
        pollErrors++;
      },
    };
    for (const [i, s] of delivered.entries()) {
      fake.deliver(s);
      if (i % 3 === 0) {
        fake.faults.inject({ type: 'drop', times: 2 });
        fake.faults.inject({ type: 'status', status: 503, times: 2 });
      }
      for (const item of await drain(src, options)) seen.push(item.reference);
    }
    // Whatever failed in one pass is picked up by a later one.
    for (let i = 0; i < 5 && seen.length < delivered.length; i++) {
      for (const item of await drain(src, options)) seen.push(item.reference);
    }
    expect([...seen].sort()).toEqual(delivered.map((d) => d.reference).sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(pollErrors).toBeGreaterThan(0); // the faults did bite
  });
});
