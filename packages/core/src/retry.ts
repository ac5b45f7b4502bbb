/**
 * When to retry and how long to wait. Kept pure so the rules can be read (and tested) on their own.
 *
 * The rule that matters most: a retry must never duplicate an effect. A request is replayable when its
 * method is safe (GET/HEAD) or it carries an idempotency key; anything else is retried only when we know
 * the service did not act on it: a 429 (rejected before processing) or a connection that failed before
 * the request was written.
 */
import { AbortError } from './errors.js';

export interface RetryPolicy {
  /** First backoff ceiling in ms (doubles each attempt). */
  baseDelayMs: number;
  /** Largest backoff ceiling in ms. */
  maxDelayMs: number;
  /** Largest `Retry-After` we will wait for; a longer one is surfaced to the caller instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Connection failures that happen before a single byte of the request reached the service. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

export function isReplayable(method: string, hasIdempotencyKey: boolean): boolean {
  return SAFE_METHODS.has(method.toUpperCase()) || hasIdempotencyKey;
}

export function shouldRetryStatus(status: number, replayable: boolean): boolean {
  if (status === 429) return true;
  return replayable && RETRYABLE_STATUSES.has(status);
}

/**
 * Was the request certainly not written? `reusedSocket` covers the classic keep-alive race: the server
 * closed an idle socket just as we picked it up, so the reset happened before our request was read.
 */
export function failedBeforeSending(code: string | undefined, reusedSocketReset: boolean): boolean {
  return (code !== undefined && NOT_SENT_CODES.has(code)) || reusedSocketReset;
}

/** Full jitter: a random delay in [0, min(max, base * 2^attempt)). `attempt` counts from 0. */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

const MAX_RETRY_AFTER_LENGTH = 64;

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(
  value: string | undefined | null,
  now: number = Date.now(),
): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value);
  // A delay or an HTTP date is at most a few dozen characters; anything longer is not read at all.
  if (text.length > MAX_RETRY_AFTER_LENGTH) return undefined;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Resolve after `ms`, or reject with an `AbortError` at once when `signal` aborts. The one wait every client uses
 * (retry backoff, Notify bulk's rate limiter, Forms' polling).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortError());
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
