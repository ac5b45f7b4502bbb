import {
  type ApiErrorClass,
  type ApiErrorInit,
  type ErrorDescription,
  RateLimitError,
} from '@council-sdk/core';
import type { NotifyErrorItem } from './schemas/common.js';

/**
 * 429 for a daily sending limit (`Exceeded send limits (email: 250000) for today`). Unlike a per-minute
 * `RateLimitError`, waiting a few seconds will not help: the limit resets at midnight UTC.
 */
export class DailyLimitError extends RateLimitError {
  static override readonly brand: string = 'notify.DailyLimitError';
  /** When the daily limits reset: the next midnight UTC after the error. */
  readonly resetsAt: Date;
  constructor(init: ApiErrorInit) {
    super(init);
    const now = new Date();
    this.resetsAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  }
}

/**
 * @deprecated Renamed `DailyLimitError` (the name read like any HTTP 429). The same class: `instanceof` works with
 * either name. Removed in the next minor version.
 */
export const TooManyRequestsError = DailyLimitError;
/** @deprecated Renamed `DailyLimitError`. */
export type TooManyRequestsError = DailyLimitError;

/** Notify's error bodies are `{status_code, errors:[{error, message}]}` (a 500 may send just the array). */
export function describeNotifyError(status: number, body: unknown): ErrorDescription {
  const list = Array.isArray(body)
    ? body
    : body && typeof body === 'object' && Array.isArray((body as { errors?: unknown }).errors)
      ? (body as { errors: unknown[] }).errors
      : undefined;
  if (!list) {
    if (typeof body === 'string' && body.length > 0 && body.length < 500) return { message: body };
    return { message: `Notify answered ${status}` };
  }
  const errors = list
    .filter((e): e is Record<string, unknown> => Boolean(e) && typeof e === 'object')
    .map((e) => ({ ...e, error: String(e.error ?? ''), message: String(e.message ?? '') }));
  const message =
    errors
      .map((e) => e.message)
      .filter(Boolean)
      .join('; ') || `Notify answered ${status}`;
  return { message, code: errors[0]?.error || undefined, errors };
}

/** True when a 429 is a daily limit rather than the per-minute rate limit. */
export function isDailyLimit(init: Pick<ApiErrorInit, 'status' | 'code' | 'errors'>): boolean {
  if (init.status !== 429) return false;
  const first = (init.errors?.[0] ?? {}) as Partial<NotifyErrorItem>;
  const message = String(first.message ?? '');
  // The server's error types are RateLimitError (per 60 s) and TooManyRequestsError (per day); the published
  // spec's example mixes them up, so the message ("send limits ... for today") decides when they disagree.
  if (/send limits?/i.test(message) || /for today/i.test(message)) return true;
  if (/rate limit/i.test(message)) return false;
  return init.code === 'TooManyRequestsError';
}

export function notifyErrorClass(init: ApiErrorInit): ApiErrorClass | undefined {
  return isDailyLimit(init) ? DailyLimitError : undefined;
}
