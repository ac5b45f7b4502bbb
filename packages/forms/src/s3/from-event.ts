/**
 * `S3SubmissionSource#fromEvent`: turn an S3 notification into the submissions it completes, each handed out once
 * per idempotency store.
 *
 * forms-runner copies a submission's uploaded files into its folder first and writes `form_submission.<format>`
 * last (forms-runner app/services/s3_submission_service.rb), so the submission file's event normally completes it.
 * Notifications are delivered at least once and in no particular order, so:
 * - an uploaded file's event completes its submission only if the submission file is already there (otherwise it is
 *   skipped: the submission file's own event will come);
 * - a duplicate or late event finds the submission done in the store and yields nothing;
 * - a submission whose files are not all there yet is left for a later event (or a retry, see
 *   `SubmissionsPendingError`) until `attachmentGraceMs` after it was submitted, then handed out with
 *   `missing_files` listed, so an answer that merely looks like a file name cannot hold it back for ever.
 */
import { CouncilSdkError } from '@council-sdk/core';
import { SubmissionParseError } from '../errors.js';
import { parseS3Event } from '../events/s3-event.js';
import { type ClaimResult, FileIdempotencyStore, type IdempotencyStore } from './idempotency.js';
import { parseSubmissionKey } from './keys.js';
import type { ReceivedSubmission } from './source.js';

export interface FromEventOptions {
  /**
   * Where handed-out submissions are recorded: a store, or a directory for the file store. Default: in memory,
   * kept by the source (a warm Lambda container remembers; a cold one does not: use a shared store in production).
   */
  store?: IdempotencyStore | string;
  /** Also hand out submissions from form previews (`test_form_submissions/`). Default: the source's option. */
  includePreviews?: boolean;
  /** How long after submission a submission still missing uploaded files is left for a later event. Default 60,000. */
  attachmentGraceMs?: number;
  /** How long a claim lasts if the process dies mid-processing. Default 15 minutes (Lambda's longest run). */
  leaseMs?: number;
  /** Called for a submission file that cannot be parsed; it is then recorded as done. Without it, the error is thrown. */
  onParseError?: (error: SubmissionParseError, key: string) => void | Promise<void>;
  signal?: AbortSignal;
  /** For tests: the time now. */
  now?: () => number;
}

export interface EventSubmission extends ReceivedSubmission {
  /**
   * Record the submission as done now. Without it, it is recorded when you ask for the next one; if your loop
   * throws (or breaks) before that, it is released, so a retry of the event hands it out again.
   */
  ack(): Promise<void>;
}

export interface PendingSubmission {
  key: string;
  /** `in-progress`: another worker holds it (a concurrent duplicate); `missing-files`: uploads not all there yet. */
  reason: 'in-progress' | 'missing-files';
}

/**
 * Thrown after every ready submission has been handed out, when some of the event's submissions could not be
 * handed out yet. Let it fail the invocation: SQS (or Lambda's own retries) delivers the event again later, and by
 * then the other worker has finished or the files have arrived (or the grace period has passed).
 */
export class SubmissionsPendingError extends CouncilSdkError {
  static override readonly brand: string = 'forms.SubmissionsPendingError';
  readonly pending: readonly PendingSubmission[];
  constructor(pending: readonly PendingSubmission[]) {
    super(
      `${pending.length} submission(s) not ready yet: ${pending
        .slice(0, 5)
        .map((p) => `${p.key} (${p.reason})`)
        .join(', ')}${pending.length > 5 ? ', ...' : ''}; retry the event later`,
    );
    this.pending = pending;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), pending: this.pending };
  }
}

/** What `submissionsFromEvent` needs from the source. */
export interface EventSourceLike {
  readonly bucket: string;
  readonly prefix: string;
  get(key: string, options?: { signal?: AbortSignal }): Promise<ReceivedSubmission>;
  submissionIn(folder: string, options?: { signal?: AbortSignal }): Promise<string | undefined>;
}

const FOLDER_ITEM = /^((?:test_)?form_submissions\/[^/]+\/\d{8}T\d{6}Z_[^/]+\/)[^/]+$/;

/** The submission folder an object sits in (a submission file or an uploaded file), if it is in one. */
function folderOf(key: string, prefix: string): { folder: string; preview: boolean } | undefined {
  if (!key.startsWith(prefix)) return undefined;
  const m = FOLDER_ITEM.exec(key.slice(prefix.length));
  if (!m) return undefined;
  return { folder: `${prefix}${m[1]}`, preview: m[1]!.startsWith('test_') };
}

export function resolveStore(store: IdempotencyStore | string | undefined, fallback: () => IdempotencyStore) {
  if (typeof store === 'string') return new FileIdempotencyStore(store);
  return store ?? fallback();
}

export async function* submissionsFromEvent(
  source: EventSourceLike,
  event: unknown,
  store: IdempotencyStore,
  options: FromEventOptions = {},
): AsyncGenerator<EventSubmission, void, undefined> {
  const objects = parseS3Event(event);
  const now = options.now ?? Date.now;
  const graceMs = options.attachmentGraceMs ?? 60_000;
  const leaseMs = options.leaseMs ?? 15 * 60_000;
  const signalOption = options.signal ? { signal: options.signal } : {};

  // One candidate per folder, whichever of its objects the event names; `direct` when the event names the
  // submission file itself (only then is a submission still waiting for files reported as pending).
  const candidates = new Map<string, { key: string | undefined; direct: boolean }>();
  for (const object of objects) {
    if (object.bucket !== source.bucket) continue; // one queue may serve several buckets
    const place = folderOf(object.key, source.prefix);
    if (!place || (place.preview && !options.includePreviews)) continue;
    const submission = parseSubmissionKey(object.key, source.prefix);
    const existing = candidates.get(place.folder);
    if (submission) candidates.set(place.folder, { key: object.key, direct: true });
    else if (!existing) candidates.set(place.folder, { key: undefined, direct: false });
  }

  const pending: PendingSubmission[] = [];
  for (const [folder, candidate] of candidates) {
    if (options.signal?.aborted) return;
    const key = candidate.key ?? (await source.submissionIn(folder, signalOption));
    if (key === undefined) continue; // an uploaded file ahead of its submission: that one's event will come
    const id = `s3://${source.bucket}/${key}`;
    const claim: ClaimResult = await store.claim(id, leaseMs);
    if (claim === 'done') continue;
    if (claim === 'busy') {
      pending.push({ key, reason: 'in-progress' });
      continue;
    }

    let settled = false;
    try {
      let received: ReceivedSubmission;
      try {
        received = await source.get(key, signalOption);
      } catch (error) {
        if (error instanceof SubmissionParseError && options.onParseError) {
          await options.onParseError(error, key);
          await store.complete(id);
          settled = true;
          continue;
        }
        throw error;
      }
      if (received.missing_files.length > 0 && now() - received.submitted_at.getTime() < graceMs) {
        await store.release(id);
        settled = true;
        if (candidate.direct) pending.push({ key, reason: 'missing-files' });
        continue;
      }
      const ack = async () => {
        if (settled) return;
        settled = true;
        await store.complete(id);
      };
      yield { ...received, ack };
      await ack();
    } finally {
      // The consumer threw or broke out before acknowledging, or reading failed: free it for a retry.
      if (!settled) {
        settled = true;
        await store.release(id);
      }
    }
  }
  if (pending.length > 0) throw new SubmissionsPendingError(pending);
}
