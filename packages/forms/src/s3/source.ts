/**
 * S3SubmissionSource: read the submissions GOV.UK Forms writes into a council's own S3 bucket.
 * `@aws-sdk/client-s3` is an optional peer dependency, loaded the first time it is needed.
 */
import { CouncilSdkError, Paginated, type RequestOptions, sleep, ValidationError } from '@council-sdk/core';
import { SubmissionParseError } from '../errors.js';
import { parseCsvSubmissions } from '../parsers/csv.js';
import { parseJsonSubmission } from '../parsers/json.js';
import type { Submission } from '../schemas/submission.js';
import {
  type CheckpointState,
  type CheckpointStore,
  FileCheckpointStore,
  MemoryCheckpointStore,
} from './checkpoint.js';
import {
  type EventSubmission,
  type FromEventOptions,
  resolveStore,
  submissionsFromEvent,
} from './from-event.js';
import { type IdempotencyStore, MemoryIdempotencyStore } from './idempotency.js';
import {
  formatKeyTimestamp,
  LIVE_FOLDER,
  PREVIEW_FOLDER,
  parseSubmissionKey,
  type SubmissionKey,
} from './keys.js';

/** What the source needs from an S3 client: `send`, as `S3Client` from `@aws-sdk/client-s3` has. */
export interface S3ClientLike {
  // biome-ignore lint/suspicious/noExplicitAny: commands and outputs are the AWS SDK's own types
  send(command: any, options?: { abortSignal?: AbortSignal }): Promise<any>;
}

type S3Module = typeof import('@aws-sdk/client-s3');
let s3Module: Promise<S3Module> | undefined;

/** Load the AWS SDK only when S3 is used, so the parsers work without it installed. */
function loadS3(): Promise<S3Module> {
  s3Module ??= import('@aws-sdk/client-s3').catch((error: unknown) => {
    s3Module = undefined;
    throw new CouncilSdkError('S3SubmissionSource needs @aws-sdk/client-s3: npm install @aws-sdk/client-s3', {
      cause: error,
    });
  });
  return s3Module;
}

export interface S3SubmissionSourceOptions {
  bucket: string;
  /** Default: the AWS SDK's own resolution (AWS_REGION...). GOV.UK Forms buckets are usually `eu-west-2`. */
  region?: string;
  /** Your own client (credentials, endpoint, retries). Default: `new S3Client({ region })`. */
  s3Client?: S3ClientLike;
  /** Where the `form_submissions/` folder sits in the bucket (default: the root, where GOV.UK Forms writes). */
  prefix?: string;
  /** Your AWS account id: S3 refuses requests if the bucket is owned by anyone else. */
  expectedBucketOwner?: string;
  /** Also read `test_form_submissions/` (submissions from form previews). Default false. */
  includePreviews?: boolean;
  /**
   * Which answers name an uploaded file. Default: answers whose text is a file name with an extension
   * GOV.UK Forms accepts (pdf, jpg, png, csv, docx...). Used to wait for files listed after the submission.
   */
  isFileAnswer?: (answer: Submission['answers'][number]) => boolean;
}

/** A submission file in the bucket, from its key alone. */
export interface SubmissionObject extends SubmissionKey {
  size: number | undefined;
  last_modified: Date | undefined;
}

export interface SubmissionFile {
  key: string;
  /** The uploaded file's name (as in the answer's `answer_text`). */
  filename: string;
  size: number | undefined;
  last_modified: Date | undefined;
  /** Download the file. */
  read(options?: { signal?: AbortSignal }): Promise<Uint8Array>;
}

export interface ReceivedSubmission extends SubmissionKey {
  submission: Submission;
  /** Uploaded files found in the submission's folder. */
  files: SubmissionFile[];
  /** File names the answers mention that are not (yet) in the folder. */
  missing_files: string[];
}

export interface WatchedSubmission extends ReceivedSubmission {
  /**
   * Record the submission as processed now. Without it, it is recorded when you ask for the next one
   * (so one that was being processed when the process died is handed out again after a restart).
   */
  ack(): Promise<void>;
}

export interface ListOptions extends Pick<RequestOptions, 'signal'> {
  formId?: string;
  /** Only submissions after this key (S3 `StartAfter`) or, for a Date, submitted after it. */
  after?: string | Date;
  includePreviews?: boolean;
}

export interface WatchOptions {
  /** A checkpoint store, or a file path for the file-based store. Default: in memory (this process only). */
  checkpoint?: CheckpointStore | string;
  /** Time between polls. Default 30,000 ms. */
  intervalMs?: number;
  /** Stop watching (the loop ends normally). */
  signal?: AbortSignal;
  formId?: string;
  includePreviews?: boolean;
  /** How long to wait for uploaded files listed after their submission before handing it out anyway. Default 60,000 ms. */
  attachmentGraceMs?: number;
  /**
   * Submissions older than the newest one handed out minus this are treated as done, which keeps the
   * checkpoint small. Default 7 days: raise it if deliveries can be retried later than that.
   */
  lookbackMs?: number;
  /** Called for a submission file that cannot be parsed; it is then skipped. Without it, the error is thrown. */
  onParseError?: (error: SubmissionParseError, key: string) => void | Promise<void>;
  /** Called when a poll fails (S3 unreachable...); watching carries on. Without it, the error is thrown. */
  onPollError?: (error: unknown) => void | Promise<void>;
  /** Make one pass over the bucket and stop (for a scheduled job rather than a long-running process). */
  once?: boolean;
  /** For tests: the time now. */
  now?: () => number;
}

/** Extensions GOV.UK Forms accepts for uploads (Question::File::FILE_TYPES). */
const UPLOAD_NAME = /^[^/\\\n]{1,250}\.(csv|jpe?g|png|rtf|txt|pdf|json|xlsx|docx?|odt)$/i;

function defaultIsFileAnswer(answer: Submission['answers'][number]): boolean {
  const values = Array.isArray(answer.answer_text) ? answer.answer_text : [answer.answer_text];
  return values.length > 0 && values.every((v) => UPLOAD_NAME.test(v));
}

const DAY = 24 * 60 * 60 * 1000;

export class S3SubmissionSource {
  readonly bucket: string;
  readonly prefix: string;
  readonly #options: S3SubmissionSourceOptions;
  #client: Promise<S3ClientLike> | undefined;
  /** When each submission held back for its files was first seen (kept across watch() calls on this source). */
  readonly #firstSeen = new Map<string, number>();
  /** fromEvent()'s default store: remembers for the life of this source (a warm Lambda container). */
  #eventStore: IdempotencyStore | undefined;

  constructor(options: S3SubmissionSourceOptions) {
    if (!options || typeof options.bucket !== 'string' || options.bucket === '') {
      throw new ValidationError(
        [{ path: 'bucket', message: 'is required' }],
        'Invalid S3SubmissionSource options',
      );
    }
    this.#options = options;
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? '';
    if (options.s3Client) this.#client = Promise.resolve(options.s3Client);
  }

  #s3(): Promise<S3ClientLike> {
    this.#client ??= loadS3().then(
      (sdk) => new sdk.S3Client(this.#options.region ? { region: this.#options.region } : {}) as S3ClientLike,
    );
    return this.#client;
  }

  #owner(): { ExpectedBucketOwner?: string } {
    return this.#options.expectedBucketOwner
      ? { ExpectedBucketOwner: this.#options.expectedBucketOwner }
      : {};
  }

  /**
   * Submission files in the bucket (oldest first within a form), fetched a page at a time. Uploaded files
   * and anything else in the bucket are skipped; previews only when asked for.
   */
  list(options: ListOptions = {}): Paginated<SubmissionObject, { root: number; token?: string }> {
    const includePreviews = options.includePreviews ?? this.#options.includePreviews ?? false;
    const roots = includePreviews ? [LIVE_FOLDER, PREVIEW_FOLDER] : [LIVE_FOLDER];
    const formPart = options.formId ? `${options.formId}/` : '';
    const after = options.after;
    return new Paginated(
      async (cursor, signal) => {
        const rootIndex = cursor?.root ?? 0;
        const listPrefix = `${this.prefix}${roots[rootIndex]}${formPart}`;
        let startAfter: string | undefined;
        if (typeof after === 'string' && after.startsWith(listPrefix)) startAfter = after;
        else if (after instanceof Date && options.formId)
          startAfter = `${listPrefix}${formatKeyTimestamp(after)}`;
        const [sdk, client] = await Promise.all([loadS3(), this.#s3()]);
        const output = await client.send(
          new sdk.ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: listPrefix,
            ...(cursor?.token
              ? { ContinuationToken: cursor.token }
              : startAfter
                ? { StartAfter: startAfter }
                : {}),
            ...this.#owner(),
          }),
          signal ? { abortSignal: signal } : undefined,
        );
        const items: SubmissionObject[] = [];
        for (const object of (output.Contents ?? []) as Array<{
          Key?: string;
          Size?: number;
          LastModified?: Date;
        }>) {
          if (!object.Key) continue;
          const parsed = parseSubmissionKey(object.Key, this.prefix);
          if (!parsed) continue;
          if (typeof after === 'string' && object.Key <= after) continue;
          if (after instanceof Date && parsed.submitted_at.getTime() <= after.getTime()) continue;
          items.push({ ...parsed, size: object.Size, last_modified: object.LastModified });
        }
        const token = output.IsTruncated ? (output.NextContinuationToken as string | undefined) : undefined;
        const next =
          token !== undefined
            ? { root: rootIndex, token }
            : rootIndex + 1 < roots.length
              ? { root: rootIndex + 1 }
              : undefined;
        return { items, next };
      },
      options.signal ? { signal: options.signal } : {},
    );
  }

  /**
   * Read and parse one submission, and list the uploaded files in its folder. Throws
   * `SubmissionParseError` if the key is not a submission file or the file is not a valid submission.
   */
  async get(key: string, options: Pick<RequestOptions, 'signal'> = {}): Promise<ReceivedSubmission> {
    const parsedKey = parseSubmissionKey(key, this.prefix);
    if (!parsedKey) {
      throw new SubmissionParseError(
        's3',
        [
          {
            path: 'key',
            message: 'is not <prefix>form_submissions/<form_id>/<timestamp>_<REF>/form_submission.(json|csv)',
          },
        ],
        { source: key },
      );
    }
    const [sdk, client] = await Promise.all([loadS3(), this.#s3()]);
    const abort = options.signal ? { abortSignal: options.signal } : undefined;
    const object = await client.send(
      new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key, ...this.#owner() }),
      abort,
    );
    if (!object.Body)
      throw new SubmissionParseError('s3', [{ path: '', message: 'has no body' }], { source: key });
    const bytes: Uint8Array = await object.Body.transformToByteArray();
    let submission: Submission;
    if (parsedKey.format === 'json') submission = parseJsonSubmission(bytes, { source: key });
    else {
      const rows = parseCsvSubmissions(bytes, { source: key });
      const row = rows.find((r) => r.submission_reference === parsedKey.reference) ?? rows[0];
      if (!row)
        throw new SubmissionParseError('csv', [{ path: '', message: 'has no submission row' }], {
          source: key,
        });
      submission = row;
    }
    if (submission.submission_reference !== parsedKey.reference) {
      throw new SubmissionParseError(
        's3',
        [{ path: 'submission_reference', message: 'does not match the reference in the key' }],
        { source: key },
      );
    }
    const files = await this.#files(parsedKey.folder, key, options.signal);
    const isFileAnswer = this.#options.isFileAnswer ?? defaultIsFileAnswer;
    const present = new Set(files.map((f) => f.filename));
    const missing_files = submission.answers
      .filter((a) => isFileAnswer(a))
      .flatMap((a) => (Array.isArray(a.answer_text) ? a.answer_text : [a.answer_text]))
      .filter((name) => name !== '' && !present.has(name));
    return { ...parsedKey, submission, files, missing_files };
  }

  async #files(folder: string, submissionKey: string, signal?: AbortSignal): Promise<SubmissionFile[]> {
    const [sdk, client] = await Promise.all([loadS3(), this.#s3()]);
    const files: SubmissionFile[] = [];
    let token: string | undefined;
    do {
      const output = await client.send(
        new sdk.ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: folder,
          ...(token ? { ContinuationToken: token } : {}),
          ...this.#owner(),
        }),
        signal ? { abortSignal: signal } : undefined,
      );
      for (const object of (output.Contents ?? []) as Array<{
        Key?: string;
        Size?: number;
        LastModified?: Date;
      }>) {
        const key = object.Key;
        if (!key || key === submissionKey || /\/form_submission\.(json|csv)$/.test(key)) continue;
        const filename = key.slice(folder.length);
        if (filename.includes('/')) continue;
        files.push({
          key,
          filename,
          size: object.Size,
          last_modified: object.LastModified,
          read: async (readOptions = {}) => {
            const res = await client.send(
              new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key, ...this.#owner() }),
              readOptions.signal ? { abortSignal: readOptions.signal } : undefined,
            );
            return res.Body.transformToByteArray();
          },
        });
      }
      token = output.IsTruncated ? output.NextContinuationToken : undefined;
    } while (token);
    return files;
  }

  /**
   * The submission file (`form_submission.json|csv`) in a submission folder, or undefined if it has not been
   * written yet.
   */
  async submissionIn(
    folder: string,
    options: Pick<RequestOptions, 'signal'> = {},
  ): Promise<string | undefined> {
    const [sdk, client] = await Promise.all([loadS3(), this.#s3()]);
    const output = await client.send(
      new sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: folder, ...this.#owner() }),
      options.signal ? { abortSignal: options.signal } : undefined,
    );
    const keys = ((output.Contents ?? []) as Array<{ Key?: string }>).map((o) => o.Key);
    return keys.find(
      (k): k is string => k !== undefined && parseSubmissionKey(k, this.prefix)?.folder === folder,
    );
  }

  /**
   * The submissions (with their uploaded files) that an S3 notification's objects complete, each handed out once
   * per idempotency store however often the notification is delivered. Accepts every shape `parseS3Event` does
   * (S3, SQS, SNS, EventBridge). See `FromEventOptions` and `SubmissionsPendingError`.
   */
  fromEvent(
    event: unknown,
    options: FromEventOptions = {},
  ): AsyncGenerator<EventSubmission, void, undefined> {
    const store = resolveStore(options.store, () => {
      this.#eventStore ??= new MemoryIdempotencyStore();
      return this.#eventStore;
    });
    const includePreviews = options.includePreviews ?? this.#options.includePreviews ?? false;
    return submissionsFromEvent(this, event, store, { ...options, includePreviews });
  }

  /**
   * New submissions, each handed out once per checkpoint, oldest first within a form. Polls every
   * `intervalMs` until `signal` aborts. A submission is recorded in the checkpoint when you ask for the
   * next one (or call `ack()`), so a crash mid-processing means it is handed out again, never lost.
   * A submission whose uploaded files are not in its folder yet is held back for `attachmentGraceMs`.
   */
  async *watch(options: WatchOptions = {}): AsyncGenerator<WatchedSubmission, void, undefined> {
    const store: CheckpointStore =
      typeof options.checkpoint === 'string'
        ? new FileCheckpointStore(options.checkpoint)
        : (options.checkpoint ?? new MemoryCheckpointStore());
    const intervalMs = options.intervalMs ?? 30_000;
    const graceMs = options.attachmentGraceMs ?? 60_000;
    const lookbackMs = options.lookbackMs ?? 7 * DAY;
    const now = options.now ?? Date.now;
    const signal = options.signal;
    let state: CheckpointState = (await store.load()) ?? { version: 1, processed: {} };
    const firstSeen = this.#firstSeen;

    const isDone = (item: SubmissionKey) => {
      if (item.key in state.processed) return true;
      return (
        state.watermark !== undefined &&
        item.submitted_at.getTime() < Date.parse(state.watermark) - lookbackMs
      );
    };
    const commit = async (item: SubmissionKey) => {
      if (item.key in state.processed) return;
      const at = item.submitted_at.toISOString();
      const watermark = state.watermark === undefined || at > state.watermark ? at : state.watermark;
      const cutoff = Date.parse(watermark) - lookbackMs;
      const processed: Record<string, string> = {};
      for (const [k, t] of Object.entries(state.processed)) if (Date.parse(t) >= cutoff) processed[k] = t;
      processed[item.key] = at;
      state = { version: 1, processed, watermark };
      await store.save(state);
      firstSeen.delete(item.key);
    };

    while (!signal?.aborted) {
      try {
        const listed = this.list({
          ...(options.formId !== undefined ? { formId: options.formId } : {}),
          ...(options.includePreviews !== undefined ? { includePreviews: options.includePreviews } : {}),
          ...(signal ? { signal } : {}),
        });
        for await (const item of listed) {
          if (signal?.aborted) return;
          if (isDone(item)) continue;
          let received: ReceivedSubmission;
          try {
            received = await this.get(item.key, signal ? { signal } : {});
          } catch (error) {
            if (error instanceof SubmissionParseError && options.onParseError) {
              await options.onParseError(error, item.key);
              await commit(item);
              continue;
            }
            throw error;
          }
          if (received.missing_files.length > 0) {
            const seen = firstSeen.get(item.key) ?? now();
            firstSeen.set(item.key, seen);
            if (now() - seen < graceMs) continue;
          }
          let acked = false;
          const ack = async () => {
            if (acked) return;
            acked = true;
            await commit(item);
          };
          yield { ...received, ack };
          await ack();
        }
      } catch (error) {
        if (signal?.aborted) return;
        if (error instanceof SubmissionParseError || !options.onPollError) throw error;
        await options.onPollError(error);
      }
      if (options.once) return;
      // An abort ends the wait; the loop then stops.
      await sleep(intervalMs, signal).catch(() => undefined);
    }
  }
}
