import { randomUUID } from 'node:crypto';
import {
  AbortError,
  backoffDelay,
  ConnectionError,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  sleep,
  CouncilSdkError,
  RateLimitError,
  ValidationError,
  validateRequest,
} from '@council-sdk/core';
import { DailyLimitError } from './errors.js';
import type { Notifications } from './resources/notifications.js';
import {
  type Notification,
  SendEmailRequest,
  type SendEmailResponse,
  SendLetterRequest,
  type SendLetterResponse,
  SendSmsRequest,
  type SendSmsResponse,
} from './schemas/notifications.js';
import type { RequestOptions } from '@council-sdk/core';

export type BulkMessage =
  | ({ type: 'email' } & SendEmailRequest)
  | ({ type: 'sms' } & SendSmsRequest)
  | ({ type: 'letter' } & SendLetterRequest);

export type BulkResult =
  | {
      index: number;
      ok: true;
      id: string;
      /** The message's reference: yours, or the one bulk generated (a random UUID). */
      reference: string;
      /** Notify's send response; absent when the message was `recovered`. */
      response?: SendEmailResponse | SendSmsResponse | SendLetterResponse;
      /** The connection dropped after sending and the notification was found by its reference, not re-sent. */
      recovered: boolean;
      attempts: number;
    }
  | {
      index: number;
      ok: false;
      reference: string | undefined;
      /** A typed council-sdk error: ValidationError, BadRequestError, DailyLimitError (daily limit), ... */
      error: CouncilSdkError;
      /**
       * `false`: Notify certainly did not create a notification. `'unknown'`: the outcome could not be settled
       * (the connection dropped and the look-up failed, or the run was aborted mid-request).
       */
      sent: false | 'unknown';
      attempts: number;
    };

export interface BulkProgress {
  /** Messages finished (sent or failed). */
  done: number;
  sent: number;
  failed: number;
  /** Known when the input is an array. */
  total: number | undefined;
}

export interface BulkOptions {
  /** Client-side limit, default 3,000 per minute (Notify's limit per service and key type). */
  ratePerMinute?: number;
  /** A limit over any window (wins over `ratePerMinute`), e.g. `{ limit: 100, intervalMs: 1_000 }`. */
  rateLimit?: { limit: number; intervalMs: number };
  /** Requests in flight at once, default 10. */
  concurrency?: number;
  /** Called after every finished message. */
  onProgress?: (progress: BulkProgress) => void;
  /**
   * Stops taking new messages. With an array, the ones not started get an `AbortError` result; any other
   * iterable is closed (`return()`), so results cover only the messages taken from it.
   */
  signal?: AbortSignal;
  /** Attempts per message before a per-minute 429 or a dropped connection is given up on. Default 50. */
  maxAttempts?: number;
}

type Sender = (
  message: BulkMessage,
  options: RequestOptions,
) => Promise<SendEmailResponse | SendSmsResponse | SendLetterResponse>;

/**
 * A token bucket like Notify's (`limit` per `intervalMs`, refilled continuously), but holding only 90% of the
 * burst: requests reach Notify a little after they leave, and delays that vary can bunch them up. The 10% kept
 * in reserve absorbs up to a tenth of the interval of such jitter (6 s at 3,000 per minute).
 */
class TokenBucket {
  #tokens: number;
  #last: number;
  readonly #capacity: number;
  readonly #perMs: number;
  #queue: Promise<void> = Promise.resolve();

  constructor(limit: number, intervalMs: number) {
    this.#capacity = Math.max(1, Math.floor(limit * 0.9));
    this.#tokens = this.#capacity;
    this.#perMs = limit / intervalMs;
    this.#last = performance.now();
  }

  #refill() {
    const now = performance.now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#last) * this.#perMs);
    this.#last = now;
  }

  /** Take one token, waiting for it; callers are served in order. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.#queue.then(async () => {
      for (;;) {
        if (signal?.aborted) throw new AbortError();
        this.#refill();
        if (this.#tokens >= 1) {
          this.#tokens -= 1;
          return;
        }
        await sleep(Math.max(1, Math.ceil((1 - this.#tokens) / this.#perMs)), signal);
      }
    });
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  /** Notify said we are over its limit (other traffic shares it): empty the bucket so everyone slows down. */
  drain() {
    this.#refill();
    this.#tokens = Math.min(this.#tokens, 0);
  }
}

/**
 * Backoff after a per-minute 429 that named no Retry-After: short (25 ms doubling, at most 2 s), because the shared
 * token bucket, drained on every 429, already spaces the sends out; core's full-jitter rule spreads the workers.
 */
const RATE_LIMITED_BACKOFF: RetryPolicy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 25, maxDelayMs: 2_000 };

const SCHEMAS = { email: SendEmailRequest, sms: SendSmsRequest, letter: SendLetterRequest } as const;

function recipientOf(message: BulkMessage): string | undefined {
  if (message.type === 'email') return message.email_address;
  if (message.type === 'sms') return message.phone_number;
  return undefined;
}

const normalise = (s: string | null | undefined) => (s ?? '').replace(/[\s()+-]/g, '').toLowerCase();

/**
 * Bulk sending with exactly-once delivery per message.
 *
 * Notify has no idempotency key, so a POST whose connection drops after it was written cannot be retried
 * blindly. Every message therefore carries a unique `reference` (yours, or a generated UUID); when the outcome
 * is unknown, bulk looks the notification up by that reference (a GET, safe to retry) and only re-sends when
 * Notify has no such notification.
 */
export class Bulk {
  readonly #send: Sender;
  readonly #notifications: Notifications;

  constructor(send: Sender, notifications: Notifications) {
    this.#send = send;
    this.#notifications = notifications;
  }

  async send(
    messages: Iterable<BulkMessage> | AsyncIterable<BulkMessage>,
    options: BulkOptions = {},
  ): Promise<BulkResult[]> {
    const limit = options.rateLimit?.limit ?? options.ratePerMinute ?? 3000;
    const intervalMs = options.rateLimit?.intervalMs ?? 60_000;
    const concurrency = Math.floor(options.concurrency ?? 10);
    const maxAttempts = Math.floor(options.maxAttempts ?? 50);
    const issues = [];
    if (!(limit > 0) || !Number.isFinite(limit))
      issues.push({ path: 'rateLimit.limit', message: 'must be a positive number' });
    if (!(intervalMs > 0) || !Number.isFinite(intervalMs)) {
      issues.push({ path: 'rateLimit.intervalMs', message: 'must be a positive number' });
    }
    if (!(concurrency >= 1)) issues.push({ path: 'concurrency', message: 'must be 1 or more' });
    if (!(maxAttempts >= 1)) issues.push({ path: 'maxAttempts', message: 'must be 1 or more' });
    if (issues.length > 0) throw new ValidationError(issues, 'Invalid bulk options');

    const bucket = new TokenBucket(limit, intervalMs);
    const signal = options.signal;
    const total = Array.isArray(messages) ? messages.length : undefined;
    const results: BulkResult[] = [];
    const progress: BulkProgress = { done: 0, sent: 0, failed: 0, total };
    // Ids this run already owns, so a look-up never claims another message's notification.
    const claimed = new Set<string>();

    const iterator =
      Symbol.asyncIterator in messages
        ? (messages as AsyncIterable<BulkMessage>)[Symbol.asyncIterator]()
        : (messages as Iterable<BulkMessage>)[Symbol.iterator]();
    let nextIndex = 0;
    let exhausted = false;
    // Pulls are serialised: an async iterator must not be advanced concurrently.
    let pulling: Promise<unknown> = Promise.resolve();
    const pull = (): Promise<{ index: number; message: BulkMessage } | undefined> => {
      const p = pulling.then(async () => {
        if (exhausted) return undefined;
        const r = await iterator.next();
        if (r.done) {
          exhausted = true;
          return undefined;
        }
        return { index: nextIndex++, message: r.value };
      });
      pulling = p.catch(() => undefined);
      return p;
    };

    const finish = (result: BulkResult) => {
      results[result.index] = result;
      progress.done++;
      if (result.ok) progress.sent++;
      else progress.failed++;
      options.onProgress?.({ ...progress });
    };

    const worker = async () => {
      for (;;) {
        if (signal?.aborted) return;
        const item = await pull();
        if (!item) return;
        finish(await this.#sendOne(item.index, item.message, { bucket, signal, maxAttempts, claimed }));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));

    // Messages never started because of an abort: an array's are reported (never sent); any other iterable is
    // closed rather than drained (it may be endless, or pull from a queue).
    if (signal?.aborted && !Array.isArray(messages)) {
      await pulling;
      if (!exhausted) await iterator.return?.();
    }
    if (signal?.aborted && Array.isArray(messages)) {
      for (;;) {
        const item = await pull().catch(() => undefined);
        if (!item) break;
        finish({
          index: item.index,
          ok: false,
          reference: (item.message as { reference?: string } | undefined)?.reference,
          error: new AbortError('Bulk send aborted before this message was sent'),
          sent: false,
          attempts: 0,
        });
      }
    }
    return results;
  }

  async #sendOne(
    index: number,
    input: BulkMessage,
    ctx: { bucket: TokenBucket; signal: AbortSignal | undefined; maxAttempts: number; claimed: Set<string> },
  ): Promise<BulkResult> {
    const type = (input as { type?: unknown } | null)?.type;
    if (type !== 'email' && type !== 'sms' && type !== 'letter') {
      return {
        index,
        ok: false,
        reference: undefined,
        error: new ValidationError([{ path: 'type', message: 'must be "email", "sms" or "letter"' }]),
        sent: false,
        attempts: 0,
      };
    }
    const { type: _type, ...body } = input;
    const reference = body.reference ?? randomUUID();
    let message: BulkMessage;
    try {
      message = { type, ...validateRequest(SCHEMAS[type], { ...body, reference }, type) } as BulkMessage;
    } catch (error) {
      return { index, ok: false, reference, error: asSdkError(error), sent: false, attempts: 0 };
    }

    let rateLimited = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        await ctx.bucket.acquire(ctx.signal);
      } catch (error) {
        return { index, ok: false, reference, error: asSdkError(error), sent: false, attempts: attempt - 1 };
      }
      try {
        // Retries are ours, not core's: each attempt must take a token from the bucket.
        const response = await this.#send(message, {
          maxRetries: 0,
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        });
        ctx.claimed.add(response.id);
        return { index, ok: true, id: response.id, reference, response, recovered: false, attempts: attempt };
      } catch (error) {
        const err = asSdkError(error);
        const giveUp = attempt >= ctx.maxAttempts;
        if (err instanceof RateLimitError && !(err instanceof DailyLimitError)) {
          // Rejected before processing: nothing was sent, so sending again is safe.
          ctx.bucket.drain();
          if (giveUp) return { index, ok: false, reference, error: err, sent: false, attempts: attempt };
          rateLimited++;
          const delay = err.retryAfterMs ?? backoffDelay(rateLimited, RATE_LIMITED_BACKOFF);
          try {
            await sleep(delay, ctx.signal);
          } catch (abort) {
            return { index, ok: false, reference, error: asSdkError(abort), sent: false, attempts: attempt };
          }
          continue;
        }
        if (err instanceof ConnectionError && err.sent === 'no') {
          if (giveUp) return { index, ok: false, reference, error: err, sent: false, attempts: attempt };
          continue;
        }
        if (err instanceof ConnectionError) {
          // The request may have been processed: ask Notify before deciding to send again.
          let found: Notification | undefined;
          try {
            found = await this.#findSent(message, reference, ctx.claimed, ctx.signal);
          } catch {
            return { index, ok: false, reference, error: err, sent: 'unknown', attempts: attempt };
          }
          if (found) {
            ctx.claimed.add(found.id);
            return { index, ok: true, id: found.id, reference, recovered: true, attempts: attempt };
          }
          if (giveUp) return { index, ok: false, reference, error: err, sent: false, attempts: attempt };
          continue;
        }
        const sent = err instanceof AbortError ? 'unknown' : false;
        return { index, ok: false, reference, error: err, sent, attempts: attempt };
      }
    }
  }

  async #findSent(
    message: BulkMessage,
    reference: string,
    claimed: Set<string>,
    signal: AbortSignal | undefined,
  ): Promise<Notification | undefined> {
    const recipient = recipientOf(message);
    const list = this.#notifications.list(
      { reference, template_type: message.type },
      signal ? { signal } : undefined,
    );
    for await (const n of list) {
      if (claimed.has(n.id)) continue;
      if (n.template?.id?.toLowerCase() !== message.template_id.toLowerCase()) continue;
      const to =
        message.type === 'email' ? n.email_address : message.type === 'sms' ? n.phone_number : undefined;
      if (recipient !== undefined && normalise(to) !== normalise(recipient)) continue;
      return n;
    }
    return undefined;
  }
}

function asSdkError(error: unknown): CouncilSdkError {
  if (error instanceof CouncilSdkError) return error;
  return new CouncilSdkError('Unexpected failure while sending', { cause: error });
}

/** Tag every message of a (sync or async) iterable with its type, lazily (for `emails.sendMany` and friends). */
export function withType<T extends object, K extends BulkMessage['type']>(
  messages: Iterable<T> | AsyncIterable<T>,
  type: K,
): Iterable<BulkMessage> | AsyncIterable<BulkMessage> {
  if (Array.isArray(messages)) return messages.map((m) => ({ ...m, type }) as unknown as BulkMessage);
  if (Symbol.asyncIterator in messages) {
    const source = messages as AsyncIterable<T>;
    return {
      async *[Symbol.asyncIterator]() {
        for await (const m of source) yield { ...m, type } as unknown as BulkMessage;
      },
    };
  }
  const source = messages as Iterable<T>;
  return {
    *[Symbol.iterator]() {
      for (const m of source) yield { ...m, type } as unknown as BulkMessage;
    },
  };
}
