/** What core reports about its work. Every string reaching a logger or hook has been redacted. */
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug?(message: string, fields?: LogFields): void;
  info?(message: string, fields?: LogFields): void;
  warn?(message: string, fields?: LogFields): void;
  error?(message: string, fields?: LogFields): void;
}

export interface RequestInfo {
  method: string;
  /** Path without the query string (query strings can carry secrets). */
  path: string;
  /** 0 for the first try, 1 for the first retry, ... */
  attempt: number;
}

export interface ResponseInfo extends RequestInfo {
  status: number;
  durationMs: number;
  requestId: string | undefined;
}

export interface RetryInfo extends RequestInfo {
  /** Why: an HTTP status, or a connection error code. */
  reason: string;
  delayMs: number;
}

export interface Hooks {
  onRequest?(info: RequestInfo): void;
  onResponse?(info: ResponseInfo): void;
  onRetry?(info: RetryInfo): void;
}
