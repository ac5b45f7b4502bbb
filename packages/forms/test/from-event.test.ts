import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type EventSubmission,
  FileIdempotencyStore,
  type FromEventOptions,
  MemoryIdempotencyStore,
  type S3SubmissionSource,
  SubmissionParseError,
  SubmissionsPendingError,
} from '@council-sdk/forms';
import { buildSubmission, type BuiltSubmission } from '@council-sdk/forms/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  eventBridgeObjectCreated,
  s3Notification,
  s3TestEvent,
  snsEnvelope,
  snsEvent,
  sqsEvent,
} from './aws-events';
import { everyAnswer, everyAnswerTypeForm } from './fixtures';
import { s3Harness } from './helpers';

const { fake, server, source } = s3Harness();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => fake.reset());
afterAll(() => server.close());

const submittedAt = new Date('2026-02-03T12:00:00.000Z');
/** Within the grace period for files, unless a test moves it. */
const soon = () => submittedAt.getTime() + 5_000;

function withFile(reference?: string): BuiltSubmission {
  return buildSubmission(
    everyAnswerTypeForm.en,
    { fileQ015: everyAnswer.fileQ015 as never, emailQ11: 'resident@example.com' as never },
    { submittedAt, ...(reference ? { reference } : {}) },
  );
}
function plain(minute: number): BuiltSubmission {
  return buildSubmission(
    everyAnswerTypeForm.en,
    { emailQ11: `person${minute}@example.com` as never },
    { submittedAt: new Date(submittedAt.getTime() + minute * 60_000) },
  );
}

/** Everything fromEvent hands out, acknowledging each as the loop moves on. */
async function handle(
  src: S3SubmissionSource,
  event: unknown,
  options: FromEventOptions = {},
): Promise<EventSubmission[]> {
  const out: EventSubmission[] = [];
  for await (const item of src.fromEvent(event, { now: soon, ...options })) out.push(item);
  return out;
}

const notify = (...keys: string[]) =>
  s3Notification(
    fake.bucket,
    keys.map((key) => ({ key })),
  );

describe('S3SubmissionSource.fromEvent', () => {
  it('hands out the submission an S3 notification names, with its uploaded files', async () => {
    const built = withFile();
    const delivery = fake.deliver(built);
    const [received, ...rest] = await handle(source(), notify(delivery.key));
    expect(rest).toEqual([]);
    expect(received?.reference).toBe(built.reference);
    expect(received?.submission.submission_reference).toBe(built.reference);
    expect(received?.missing_files).toEqual([]);
    expect(received?.files.map((f) => f.filename)).toEqual(['bin photo.png']);
    const bytes = await received!.files[0]!.read();
    expect(Buffer.from(bytes).equals(Buffer.from(built.files[0]!.content))).toBe(true);
  });

  it('hands each submission out once per store, however many times and ways the event is delivered', async () => {
    const delivery = fake.deliver(withFile());
    const store = new MemoryIdempotencyStore();
    const src = source();
    const direct = notify(delivery.key);
    expect(await handle(src, direct, { store })).toHaveLength(1);
    expect(await handle(src, direct, { store })).toEqual([]);
    expect(await handle(src, sqsEvent([direct, snsEnvelope(direct)]), { store })).toEqual([]);
    expect(await handle(src, snsEvent([direct]), { store })).toEqual([]);
    expect(
      await handle(src, eventBridgeObjectCreated(fake.bucket, { key: delivery.key }), { store }),
    ).toEqual([]);
    // Another store has not seen it.
    expect(await handle(src, direct, { store: new MemoryIdempotencyStore() })).toHaveLength(1);
  });

  it('hands out a submission once when one batch names it twice, and through its files as well', async () => {
    const delivery = fake.deliver(withFile());
    const event = sqsEvent([notify(...delivery.file_keys), notify(delivery.key), notify(delivery.key)]);
    expect(await handle(source(), event)).toHaveLength(1);
  });

  it('remembers across warm invocations by default (the source keeps an in-memory store)', async () => {
    const delivery = fake.deliver(withFile());
    const src = source();
    expect(await handle(src, notify(delivery.key))).toHaveLength(1);
    expect(await handle(src, notify(delivery.key))).toEqual([]);
  });

  it('hands out every submission of a batch, in event order', async () => {
    const [a, b, c] = [plain(1), plain(2), plain(3)];
    const keys = [c, a, b].map((s) => fake.deliver(s).key);
    const received = await handle(source(), sqsEvent(keys.map((k) => notify(k))));
    expect(received.map((r) => r.reference)).toEqual([c, a, b].map((s) => s.reference));
  });

  it('skips an uploaded file that arrives before its submission, then hands the submission out on its own event', async () => {
    const built = withFile();
    const [fileKey] = fake.deliverFiles(built);
    const src = source();
    const store = new MemoryIdempotencyStore();
    expect(await handle(src, notify(fileKey!), { store })).toEqual([]);
    const delivery = fake.deliver(built);
    const [received] = await handle(src, notify(delivery.key), { store });
    expect(received?.files.map((f) => f.filename)).toEqual(['bin photo.png']);
  });

  it('tolerates out-of-order delivery: an uploaded file event that comes after its submission completes it', async () => {
    const built = withFile();
    const delivery = fake.deliver(built);
    const store = new MemoryIdempotencyStore();
    // The file's notification overtakes the submission's: the objects are all in S3 already.
    const [received] = await handle(source(), notify(delivery.file_keys[0]!), { store });
    expect(received?.reference).toBe(built.reference);
    expect(await handle(source(), notify(delivery.key), { store })).toEqual([]);
  });

  it('leaves a submission whose files are not written yet for a later event, reporting it as pending', async () => {
    const built = withFile();
    const delivery = fake.deliver(built, { withholdFiles: true });
    const store = new MemoryIdempotencyStore();
    const src = source();
    const first = handle(src, notify(delivery.key), { store });
    await expect(first).rejects.toBeInstanceOf(SubmissionsPendingError);
    await expect(first).rejects.toMatchObject({ pending: [{ key: delivery.key, reason: 'missing-files' }] });

    const [fileKey] = fake.deliverFiles(built);
    const [received] = await handle(src, notify(fileKey!), { store });
    expect(received?.files.map((f) => f.filename)).toEqual(['bin photo.png']);
    // The retried submission event finds it done.
    expect(await handle(src, notify(delivery.key), { store })).toEqual([]);
  });

  it('hands out a submission still missing files once the grace period is over, naming them', async () => {
    const delivery = fake.deliver(withFile(), { withholdFiles: true });
    const later = () => submittedAt.getTime() + 60_000;
    const [received] = await handle(source(), notify(delivery.key), {
      now: later,
      attachmentGraceMs: 60_000,
    });
    expect(received?.missing_files).toEqual(['bin photo.png']);
    expect(received?.files).toEqual([]);
  });

  it('hands the others out first, then reports one another worker is processing (a concurrent duplicate)', async () => {
    const [a, b] = [plain(1), plain(2)];
    const [keyA, keyB] = [fake.deliver(a).key, fake.deliver(b).key];
    const store = new MemoryIdempotencyStore();
    expect(await store.claim(`s3://${fake.bucket}/${keyA}`, 60_000)).toBe('claimed');
    const seen: string[] = [];
    const run = (async () => {
      for await (const item of source().fromEvent(notify(keyA, keyB), { store, now: soon }))
        seen.push(item.reference);
    })();
    await expect(run).rejects.toMatchObject({ pending: [{ key: keyA, reason: 'in-progress' }] });
    expect(seen).toEqual([b.reference]);
  });

  it('hands a submission out again when the handler failed on it (released, not recorded)', async () => {
    const delivery = fake.deliver(plain(1));
    const store = new MemoryIdempotencyStore();
    const src = source();
    const failing = (async () => {
      for await (const _ of src.fromEvent(notify(delivery.key), { store, now: soon })) {
        throw new Error('Notify was down');
      }
    })();
    await expect(failing).rejects.toThrow('Notify was down');
    expect(await handle(src, notify(delivery.key), { store })).toHaveLength(1);
  });

  it('records a submission acknowledged before the loop stopped, and releases one that was not', async () => {
    const [a, b] = [plain(1), plain(2)];
    const keys = [fake.deliver(a).key, fake.deliver(b).key];
    const store = new MemoryIdempotencyStore();
    const src = source();
    for await (const item of src.fromEvent(notify(...keys), { store, now: soon })) {
      await item.ack();
      break;
    }
    expect((await handle(src, notify(...keys), { store })).map((r) => r.reference)).toEqual([b.reference]);

    const c = plain(3);
    const keyC = fake.deliver(c).key;
    for await (const _ of src.fromEvent(notify(keyC), { store, now: soon })) break; // no ack
    expect((await handle(src, notify(keyC), { store })).map((r) => r.reference)).toEqual([c.reference]);
  });

  it('ignores objects outside submission folders, in other buckets, and previews unless asked', async () => {
    const preview = buildSubmission(
      everyAnswerTypeForm.en,
      { emailQ11: 'a@example.com' as never },
      { preview: true, submittedAt },
    );
    const previewKey = fake.deliver(preview).key;
    fake.put('reports/2026-02.csv', 'x');
    const event = sqsEvent([
      notify('reports/2026-02.csv', previewKey),
      s3Notification('someone-elses-bucket', [{ key: fake.deliver(plain(1)).key }]),
      s3TestEvent(fake.bucket),
    ]);
    expect(await handle(source(), event)).toEqual([]);
    const [received] = await handle(source(), notify(previewKey), { includePreviews: true });
    expect(received?.preview).toBe(true);
  });

  it('throws a parse error for a corrupt submission file, or records it as done through onParseError', async () => {
    const key = 'form_submissions/991/20260203T120000Z_8E3YY3RX/form_submission.json';
    fake.put(key, '{ not json');
    const store = new MemoryIdempotencyStore();
    const src = source();
    await expect(handle(src, notify(key), { store })).rejects.toBeInstanceOf(SubmissionParseError);
    const skipped: string[] = [];
    expect(await handle(src, notify(key), { store, onParseError: (_e, k) => void skipped.push(k) })).toEqual(
      [],
    );
    expect(skipped).toEqual([key]);
    expect(await handle(src, notify(key), { store })).toEqual([]);
  });

  it('rejects an event that is not an S3 notification before touching S3', async () => {
    await expect(handle(source(), { hello: 'world' })).rejects.toMatchObject({
      name: 'S3EventError',
      got: 'an object with keys hello',
    });
    expect(fake.writes()).toEqual([]);
  });
});

describe('FileIdempotencyStore', () => {
  const dir = () => mkdtemp(join(tmpdir(), 'forms-idempotency-'));

  it('hands a submission out once across a restart (a new source and store, the same directory)', async () => {
    const directory = await dir();
    const delivery = fake.deliver(plain(1));
    expect(await handle(source(), notify(delivery.key), { store: directory })).toHaveLength(1);
    expect(
      await handle(source(), notify(delivery.key), { store: new FileIdempotencyStore(directory) }),
    ).toEqual([]);
  });

  it('claims, refuses a second claim while leased, and records completion for good', async () => {
    const directory = await dir();
    const first = new FileIdempotencyStore(directory);
    const second = new FileIdempotencyStore(directory);
    expect(await first.claim('s3://b/k', 60_000)).toBe('claimed');
    expect(await second.claim('s3://b/k', 60_000)).toBe('busy');
    await second.release('s3://b/k'); // not its lease: nothing happens
    expect(await second.claim('s3://b/k', 60_000)).toBe('busy');
    await first.complete('s3://b/k');
    expect(await second.claim('s3://b/k', 60_000)).toBe('done');
  });

  it('lets a released claim be taken at once', async () => {
    const store = new FileIdempotencyStore(await dir());
    expect(await store.claim('id', 60_000)).toBe('claimed');
    await store.release('id');
    expect(await store.claim('id', 60_000)).toBe('claimed');
  });

  it('takes over a lease that expired (its worker died)', async () => {
    const directory = await dir();
    let now = 0;
    const dead = new FileIdempotencyStore(directory, { now: () => now });
    const alive = new FileIdempotencyStore(directory, { now: () => now });
    expect(await dead.claim('id', 1_000)).toBe('claimed');
    expect(await alive.claim('id', 1_000)).toBe('busy');
    now = 1_001;
    expect(await alive.claim('id', 1_000)).toBe('claimed');
    expect(await dead.claim('id', 1_000)).toBe('busy');
  });
});

describe('MemoryIdempotencyStore', () => {
  it('leases, expires and completes', async () => {
    let now = 0;
    const store = new MemoryIdempotencyStore({ now: () => now });
    expect(await store.claim('id', 1_000)).toBe('claimed');
    expect(await store.claim('id', 1_000)).toBe('busy');
    now = 1_000;
    expect(await store.claim('id', 1_000)).toBe('claimed');
    await store.complete('id');
    await store.release('id');
    expect(await store.claim('id', 1_000)).toBe('done');
  });
});
