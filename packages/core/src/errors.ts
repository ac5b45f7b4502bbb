/**
 * The one error hierarchy every council-sdk client throws.
 *
 * Two rules shape it:
 * - `instanceof` must work even when two copies of this package are installed (a hoisting accident, or
 *   ESM and CJS copies side by side). Each class has a string `brand`; instances carry the brands of their
 *   whole class chain under a global symbol, and `Symbol.hasInstance` checks the brand, not the prototype.
 * - Nothing secret can be reached from an error: errors are built from plain fields (never from an axios
 *   error, whose `config.headers` hold the Authorization header), messages are redacted, and `cause` is a
 *   sanitised copy.
 */
import { redact } from './redact.js';

const BRANDS = Symbol.for('@council-sdk/core/error-brands');

type Brandable = { brand: string };

function brandsOf(ctor: Function | null): string[] {
  const brands: string[] = [];
  let current: unknown = ctor;
  while (current && typeof current === 'function') {
    const own = Object.getOwnPropertyDescriptor(current, 'brand');
    if (own && typeof own.value === 'string') brands.push(own.value);
    current = Object.getPrototypeOf(current);
  }
  return brands;
}

export interface ErrorIssue {
  /** Dotted path of the offending field, e.g. `personalisation.first_name` or `[2].amount`. */
  path: string;
  message: string;
}

/** The base of every error thrown by council-sdk. */
export class CouncilSdkError extends Error {
  static readonly brand: string = 'CouncilSdkError';

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (value === null || typeof value !== 'object') return false;
    const brands = (value as Record<symbol, unknown>)[BRANDS];
    // `this` is the class on the right of `instanceof` (a subclass included): that is the brand to look for.
    // biome-ignore lint/complexity/noThisInStatic: deliberate, see above
    return Array.isArray(brands) && brands.includes((this as unknown as Brandable).brand);
  }

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: sanitiseCause(options.cause) });
    Object.defineProperty(this, BRANDS, { value: brandsOf(new.target), enumerable: false });
    Object.defineProperty(this, 'name', { value: new.target.name, enumerable: false, configurable: true });
  }

  /** A safe, serialisable view: what `JSON.stringify(error)` gives. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message };
  }
}

/** Keep only the harmless parts of an underlying error (never an axios error with its request config). */
function sanitiseCause(cause: unknown): unknown {
  if (cause instanceof CouncilSdkError) return cause;
  if (cause instanceof Error) {
    const copy = new Error(redact(cause.message));
    copy.name = cause.name;
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') (copy as Error & { code?: string }).code = code;
    copy.stack = `${copy.name}: ${copy.message}`;
    return copy;
  }
  return typeof cause === 'string' ? redact(cause) : undefined;
}

export interface ApiErrorInit {
  status: number;
  message: string;
  /** The service's own error code (Pay `P0102`, Notify `BadRequestError`, One Login `invalid_grant`). */
  code?: string | undefined;
  /** Every error the service listed (Notify sends several). */
  errors?: ReadonlyArray<Record<string, unknown>> | undefined;
  requestId?: string | undefined;
  method: string;
  /** Path only: a query string can carry secrets and is never kept. */
  path: string;
  /** The parsed response body, redacted. */
  body?: unknown;
  /** Delay the service asked for before retrying, when it said. */
  retryAfterMs?: number | undefined;
}

/** The service answered with an error status. */
export class ApiError extends CouncilSdkError {
  static override readonly brand: string = 'ApiError';
  readonly status: number;
  readonly code: string | undefined;
  readonly errors: ReadonlyArray<Record<string, unknown>>;
  readonly requestId: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.errors = init.errors ?? [];
    this.requestId = init.requestId;
    this.method = init.method;
    this.path = init.path;
    this.body = init.body;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      code: this.code,
      errors: this.errors,
      requestId: this.requestId,
      method: this.method,
      path: this.path,
    };
  }
}

/** 400: the service rejected the request as malformed. */
export class BadRequestError extends ApiError {
  static override readonly brand: string = 'BadRequestError';
}
/** 401: missing or invalid credentials. */
export class AuthenticationError extends ApiError {
  static override readonly brand: string = 'AuthenticationError';
}
/** 403: the credentials are valid but not allowed to do this. */
export class PermissionDeniedError extends ApiError {
  static override readonly brand: string = 'PermissionDeniedError';
}
/** 404 */
export class NotFoundError extends ApiError {
  static override readonly brand: string = 'NotFoundError';
}
/** 409: conflicts with the resource's state (or an idempotency key reused with a different body). */
export class ConflictError extends ApiError {
  static override readonly brand: string = 'ConflictError';
}
/** 412: a precondition failed (e.g. Pay's refund amount available changed, P0604). */
export class PreconditionFailedError extends ApiError {
  static override readonly brand: string = 'PreconditionFailedError';
}
/** 422: well-formed but invalid values. */
export class UnprocessableEntityError extends ApiError {
  static override readonly brand: string = 'UnprocessableEntityError';
}
/** 429: rate limited. `retryAfterMs` is set when the service said how long to wait. */
export class RateLimitError extends ApiError {
  static override readonly brand: string = 'RateLimitError';
  readonly retryAfterMs: number | undefined;
  constructor(init: ApiErrorInit) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}
/** 5xx */
export class ServerError extends ApiError {
  static override readonly brand: string = 'ServerError';
}

/**
 * The request did not get an answer. `sent` says whether the service may have acted on it:
 * `'no'` when the connection failed before the request was written (safe to retry anything),
 * `'unknown'` when it failed afterwards (a retry could duplicate a non-idempotent effect).
 */
export class ConnectionError extends CouncilSdkError {
  static override readonly brand: string = 'ConnectionError';
  readonly sent: 'no' | 'unknown';
  readonly method: string;
  readonly path: string;
  constructor(
    message: string,
    init: { sent: 'no' | 'unknown'; method: string; path: string; cause?: unknown },
  ) {
    super(message, { cause: init.cause });
    this.sent = init.sent;
    this.method = init.method;
    this.path = init.path;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), sent: this.sent, method: this.method, path: this.path };
  }
}

/** No answer within the timeout. The service may still have acted (`sent: 'unknown'`). */
export class TimeoutError extends ConnectionError {
  static override readonly brand: string = 'TimeoutError';
  readonly timeoutMs: number;
  constructor(init: { timeoutMs: number; method: string; path: string }) {
    super(`${init.method} ${init.path} timed out after ${init.timeoutMs} ms`, {
      sent: 'unknown',
      method: init.method,
      path: init.path,
    });
    this.timeoutMs = init.timeoutMs;
  }
}

/** The caller's AbortSignal fired. */
export class AbortError extends CouncilSdkError {
  static override readonly brand: string = 'AbortError';
  constructor(message = 'The request was aborted') {
    super(message);
  }
}

/** The input was rejected before anything was sent. `issues` names every bad field. */
export class ValidationError extends CouncilSdkError {
  static override readonly brand: string = 'ValidationError';
  readonly issues: readonly ErrorIssue[];
  constructor(issues: readonly ErrorIssue[], prefix = 'Invalid request') {
    super(`${prefix}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
    this.issues = issues;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

/** The service answered 2xx with a body that breaks its contract. `body` is the raw (redacted) body. */
export class ResponseValidationError extends CouncilSdkError {
  static override readonly brand: string = 'ResponseValidationError';
  readonly issues: readonly ErrorIssue[];
  readonly body: unknown;
  constructor(issues: readonly ErrorIssue[], body: unknown, context?: string) {
    super(
      `Unexpected response${context ? ` from ${context}` : ''}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
    );
    this.issues = issues;
    this.body = body;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues, body: this.body };
  }
}

export type ApiErrorClass = new (init: ApiErrorInit) => ApiError;

/** The class for a status, before any service-specific override. */
export function errorClassForStatus(status: number): ApiErrorClass {
  switch (status) {
    case 400:
      return BadRequestError;
    case 401:
      return AuthenticationError;
    case 403:
      return PermissionDeniedError;
    case 404:
      return NotFoundError;
    case 409:
      return ConflictError;
    case 412:
      return PreconditionFailedError;
    case 422:
      return UnprocessableEntityError;
    case 429:
      return RateLimitError;
    default:
      return status >= 500 ? ServerError : ApiError;
  }
}
