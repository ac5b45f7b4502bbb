import { ValidationError } from '@council-sdk/core';

/** Per-call options every method takes. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRetries?: number;
}

export function callOptions(options: CallOptions): CallOptions {
  const out: CallOptions = {};
  if (options.signal) out.signal = options.signal;
  if (options.timeoutMs !== undefined) out.timeoutMs = options.timeoutMs;
  if (options.maxRetries !== undefined) out.maxRetries = options.maxRetries;
  return out;
}

/** An id for a URL path: non-empty, encoded (an id can never climb out of its path). */
export function pathId(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError([{ path: name, message: 'Must be a non-empty string' }]);
  }
  return encodeURIComponent(value);
}
