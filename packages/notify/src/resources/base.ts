import type { HttpClient } from '@council-sdk/core';

/** Per-call options every resource method accepts. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Retries for this call (core's rules: POSTs are retried only on 429 and connection failures before sending). */
  maxRetries?: number;
}

/** What a resource needs from the client: the one core transport. */
export interface ResourceContext {
  readonly http: HttpClient;
}

export function callOptions(options: CallOptions | undefined): CallOptions {
  const out: CallOptions = {};
  if (options?.signal !== undefined) out.signal = options.signal;
  if (options?.timeoutMs !== undefined) out.timeoutMs = options.timeoutMs;
  if (options?.maxRetries !== undefined) out.maxRetries = options.maxRetries;
  return out;
}
