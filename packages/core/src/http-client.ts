/**
 * The one HTTP transport every council-sdk client uses. Services plug in their auth and error-body
 * shape; everything else (timeouts, retries, keep-alive, User-Agent, redaction, error classes) lives here.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { AxiosInstance, AxiosResponse } from 'axios';
import type { z } from 'zod';
import {
  AbortError,
  type ApiError,
  type ApiErrorClass,
  type ApiErrorInit,
  ConnectionError,
  CouncilSdkError,
  errorClassForStatus,
  TimeoutError,
  ValidationError,
} from './errors.js';
import type { Hooks, Logger } from './logger.js';
import { redact, redactValue } from './redact.js';
import { type ParseResponseOptions, parseResponse } from './schema.js';
import { insecureUrlProblem } from './urls.js';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  failedBeforeSending,
  isReplayable,
  parseRetryAfter,
  type RetryPolicy,
  shouldRetryStatus,
  sleep,
} from './retry.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue =
  | string
  | number
  | boolean
  | Date
  | null
  | undefined
  | ReadonlyArray<string | number | boolean>;

/** Builds the auth headers for one attempt (called again on every retry, so a signed JWT is always fresh). */
export type AuthHook = (request: {
  method: string;
  path: string;
}) => Record<string, string> | Promise<Record<string, string>>;

/** What a service's error body says, in core's terms. */
export interface ErrorDescription {
  message?: string | undefined;
  code?: string | undefined;
  errors?: ReadonlyArray<Record<string, unknown>> | undefined;
  requestId?: string | undefined;
}

export interface HttpClientOptions {
  /** Short service name, used in the User-Agent: `council-sdk-<service>/<version>`. */
  service: string;
  /** The calling package's version. */
  version: string;
  baseUrl: string;
  auth?: AuthHook;
  /**
   * Strings scrubbed from every error message, body, log line and hook payload, in every encoding they travel in
   * (raw, URL-encoded, base64/base64url).
   */
  secrets?: readonly string[];
  /**
   * Keep the (redacted) body of a response that breaks its contract in the `ResponseValidationError`, for
   * debugging. Default false: the error carries the body's shape only, never its values (personal data).
   */
  responseBodiesInErrors?: boolean;
  /** Default 30,000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** Bring your own axios instance (proxies, custom agents, interceptors). */
  axios?: AxiosInstance;
  /** Your product token, appended to the User-Agent, e.g. `my-council-permits/1.4`. */
  userAgent?: string;
  logger?: Logger;
  hooks?: Hooks;
  /** The header that carries `HttpRequest.idempotencyKey`. Default `Idempotency-Key`. */
  idempotencyKeyHeader?: string;
  /** Response header holding the service's request id. Default: the usual suspects. */
  requestIdHeader?: string;
  /** Translate the service's error body. Default: `message`/`description`/`error` fields. */
  describeError?: (status: number, body: unknown, headers: Record<string, string>) => ErrorDescription;
  /** Pick a different error class than the status gives (e.g. by the service's error code). */
  errorClass?: (init: ApiErrorInit) => ApiErrorClass | undefined;
  /**
   * Veto a retry the status alone would allow: return false for an error that cannot clear by waiting
   * (e.g. Notify's daily send limit answers 429 until midnight).
   */
  isRetryable?: (error: ApiError) => boolean | undefined;
  /** Headers sent on every request. */
  defaultHeaders?: Record<string, string>;
  retry?: Partial<RetryPolicy>;
}

/** One request as the transport sees it (resources build these; callers pass `RequestOptions`). */
export interface HttpRequest {
  method: HttpMethod;
  /** A path under `baseUrl`, or an absolute URL on the same origin (a next-page link). */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as `application/x-www-form-urlencoded` (OAuth token endpoints). */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** Makes a non-idempotent request safe to retry: the same key is sent on every attempt. */
  idempotencyKey?: string;
  timeoutMs?: number;
  maxRetries?: number;
  signal?: AbortSignal;
  /** Default `json` (an empty body gives `undefined`; a non-JSON body is returned as text). */
  responseType?: 'json' | 'arraybuffer' | 'text';
  /** Extra strings to scrub for this request only (e.g. a one-off token). */
  secrets?: readonly string[];
  /** `false` sends this request without the client's credentials (e.g. Pay's MOTO `/v1/auth`). */
  auth?: false;
}

export interface HttpResponse<T = unknown> {
  data: T;
  status: number;
  headers: Record<string, string>;
  requestId: string | undefined;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 2;
const REQUEST_ID_HEADERS = [
  'x-request-id',
  'request-id',
  'x-amzn-requestid',
  'x-amz-request-id',
  'x-correlation-id',
];

let axiosModule: Promise<typeof import('axios')> | undefined;
/** axios, imported once, when the first client sends its first request. */
async function createAxios(): Promise<AxiosInstance> {
  axiosModule ??= import('axios');
  return (await axiosModule).default.create();
}

let sharedAgents: { http: HttpAgent; https: HttpsAgent } | undefined;
/** Keep-alive agents, created on first use (nothing runs at import time: the package is side-effect free). */
function keepAliveAgents() {
  sharedAgents ??= {
    http: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
  };
  return sharedAgents;
}

export class HttpClient {
  readonly baseUrl: string;
  readonly userAgent: string;
  readonly #origin: string;
  #axios: AxiosInstance | undefined;
  readonly #ownAxios: boolean;
  readonly #options: HttpClientOptions;
  readonly #retry: RetryPolicy;
  readonly #secrets: readonly string[];

  constructor(options: HttpClientOptions) {
    // Credentials go only over https, or plain http to this machine (a local fake or the sandbox).
    const problem = typeof options.baseUrl === 'string' ? insecureUrlProblem(options.baseUrl) : 'is required';
    if (problem) throw new ValidationError([{ path: 'baseUrl', message: problem }]);
    const parsed = new URL(options.baseUrl);
    for (const [name, value] of [
      ['timeoutMs', options.timeoutMs],
      ['maxRetries', options.maxRetries],
    ] as const) {
      if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
        throw new ValidationError([{ path: name, message: 'must be a number of 0 or more' }]);
      }
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#origin = parsed.origin;
    this.#options = options;
    this.#ownAxios = options.axios === undefined;
    // Our own axios is loaded on the first request, not at import: most of a cold start was axios loading.
    this.#axios = options.axios;
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length > 0);
    const product = options.userAgent?.trim();
    this.userAgent = `council-sdk-${options.service}/${options.version}${product ? ` ${product}` : ''}`;
  }

  /** Never show configuration (it holds credentials) when a client is logged or inspected. */
  toJSON() {
    return { baseUrl: this.baseUrl, userAgent: this.userAgent };
  }
  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `HttpClient { baseUrl: '${this.baseUrl}' }`;
  }

  /**
   * Parse a response body with this client's secrets known: a body that breaks the contract throws a
   * `ResponseValidationError` in which nothing the client redacts can survive (and, by default, no values at all).
   */
  parse<S extends z.ZodType>(
    schema: S,
    data: unknown,
    context?: string,
    extraSecrets: readonly string[] = [],
  ): z.output<S> {
    const options: ParseResponseOptions = {
      secrets: extraSecrets.length ? [...this.#secrets, ...extraSecrets] : this.#secrets,
      keepBody: this.#options.responseBodiesInErrors === true,
    };
    return parseResponse(schema, data, context, options);
  }

  async request<T = unknown>(options: HttpRequest): Promise<HttpResponse<T>> {
    const method = options.method.toUpperCase() as HttpMethod;
    const url = this.#resolveUrl(options.path, options.query);
    const path = new URL(url).pathname;
    const secrets = options.secrets ? [...this.#secrets, ...options.secrets] : this.#secrets;
    const maxRetries = options.maxRetries ?? this.#options.maxRetries ?? DEFAULT_MAX_RETRIES;
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const replayable = isReplayable(method, options.idempotencyKey !== undefined);
    const { data, contentType } = encodeBody(options);

    for (let attempt = 0; ; attempt++) {
      if (options.signal?.aborted) throw new AbortError();
      const info = { method, path, attempt };
      this.#options.hooks?.onRequest?.(info);
      this.#log('debug', 'request', info, secrets);

      const headers: Record<string, string> = {
        Accept: 'application/json',
        'User-Agent': this.userAgent,
        ...(contentType ? { 'Content-Type': contentType } : {}),
        ...this.#options.defaultHeaders,
        ...options.headers,
        ...(options.idempotencyKey !== undefined
          ? { [this.#options.idempotencyKeyHeader ?? 'Idempotency-Key']: options.idempotencyKey }
          : {}),
        ...(options.auth === false ? {} : await this.#options.auth?.({ method, path })),
      };

      const started = Date.now();
      let outcome:
        | { response: AxiosResponse }
        | { failure: CouncilSdkError; retryable: boolean; reason: string };
      try {
        outcome = { response: await this.#send(method, url, headers, data, options, timeoutMs) };
      } catch (error) {
        outcome = this.#classifyFailure(error, {
          method,
          path,
          replayable,
          timeoutMs,
          signal: options.signal,
        });
      }

      let retryAfterMs: number | undefined;
      if ('response' in outcome) {
        const response = outcome.response;
        const responseHeaders = flattenHeaders(response.headers);
        const requestId = this.#requestId(responseHeaders);
        const ok = response.status >= 200 && response.status < 300;
        // An error answer to a binary request (a PDF not ready yet) is still the service's JSON error body.
        const body = decodeBody(response.data, ok ? (options.responseType ?? 'json') : 'json');
        this.#options.hooks?.onResponse?.({
          ...info,
          status: response.status,
          durationMs: Date.now() - started,
          requestId,
        });
        this.#log('debug', 'response', { ...info, status: response.status, requestId }, secrets);
        if (ok) {
          return { data: body as T, status: response.status, headers: responseHeaders, requestId };
        }
        retryAfterMs = parseRetryAfter(responseHeaders['retry-after']);
        const failure = this.#apiError(response.status, body, responseHeaders, {
          method,
          path,
          requestId,
          retryAfterMs,
          secrets,
        });
        const tooLong = retryAfterMs !== undefined && retryAfterMs > this.#retry.maxRetryAfterMs;
        const vetoed = this.#options.isRetryable?.(failure) === false;
        outcome = {
          failure,
          retryable: shouldRetryStatus(response.status, replayable) && !tooLong && !vetoed,
          reason: String(response.status),
        };
      }

      if (!outcome.retryable || attempt >= maxRetries) throw outcome.failure;
      const delayMs = retryAfterMs ?? backoffDelay(attempt, this.#retry);
      this.#options.hooks?.onRetry?.({ ...info, reason: outcome.reason, delayMs });
      this.#log('info', 'retrying', { ...info, reason: outcome.reason, delayMs }, secrets);
      try {
        await sleep(delayMs, options.signal);
      } catch {
        throw new AbortError();
      }
    }
  }

  #resolveUrl(path: string, query: HttpRequest['query']): string {
    let url: URL;
    if (/^https?:\/\//i.test(path)) {
      url = new URL(path);
      // A next-page link pointing elsewhere must not receive our credentials.
      if (url.origin !== this.#origin) {
        throw new CouncilSdkError(
          `Refusing to send a request to ${url.origin}: it is not the service's origin`,
        );
      }
    } else {
      url = new URL(this.baseUrl + (path.startsWith('/') ? path : `/${path}`));
    }
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined || value === null) continue;
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) url.searchParams.append(key, v instanceof Date ? v.toISOString() : String(v));
    }
    return url.toString();
  }

  async #send(
    method: HttpMethod,
    url: string,
    headers: Record<string, string>,
    data: string | Uint8Array | undefined,
    options: HttpRequest,
    timeoutMs: number,
  ): Promise<AxiosResponse> {
    // One controller for both the caller's signal and our timeout, so either cancels the socket.
    const controller = new AbortController();
    const timer = timeoutMs > 0 ? setTimeout(() => controller.abort(TIMEOUT), timeoutMs) : undefined;
    const onAbort = () => controller.abort(USER_ABORT);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      this.#axios ??= await createAxios();
      return await this.#axios.request({
        url,
        method,
        headers,
        data,
        signal: controller.signal,
        responseType: options.responseType === 'arraybuffer' ? 'arraybuffer' : 'text',
        // We read every status ourselves and parse JSON ourselves (to keep non-JSON error pages readable).
        validateStatus: () => true,
        transformResponse: [(raw: unknown) => raw],
        maxRedirects: 0,
        ...(this.#ownAxios ? { httpAgent: keepAliveAgents().http, httpsAgent: keepAliveAgents().https } : {}),
      });
    } finally {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  #classifyFailure(
    error: unknown,
    ctx: {
      method: string;
      path: string;
      replayable: boolean;
      timeoutMs: number;
      signal: AbortSignal | undefined;
    },
  ): { failure: CouncilSdkError; retryable: boolean; reason: string } {
    if (error instanceof CouncilSdkError) return { failure: error, retryable: false, reason: 'error' };
    const err = error as {
      code?: string;
      message?: string;
      request?: unknown;
      config?: { signal?: AbortSignal };
    };
    const reason = err.config?.signal?.reason;
    if (ctx.signal?.aborted || reason === USER_ABORT) {
      return { failure: new AbortError(), retryable: false, reason: 'abort' };
    }
    if (reason === TIMEOUT || err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT') {
      // The request may have reached the service: replay only what is safe to replay.
      return { failure: new TimeoutError(ctx), retryable: ctx.replayable, reason: 'timeout' };
    }
    const code = typeof err.code === 'string' ? err.code : undefined;
    const notSent = failedBeforeSending(code, code === 'ECONNRESET' && reusedSocket(err.request));
    const failure = new ConnectionError(
      `${ctx.method} ${ctx.path} failed: ${redact(err.message ?? 'connection error', this.#secrets)}`,
      { sent: notSent ? 'no' : 'unknown', method: ctx.method, path: ctx.path, cause: error },
    );
    return { failure, retryable: ctx.replayable || notSent, reason: code ?? 'network' };
  }

  #apiError(
    status: number,
    body: unknown,
    headers: Record<string, string>,
    ctx: {
      method: string;
      path: string;
      requestId: string | undefined;
      retryAfterMs: number | undefined;
      secrets: readonly string[];
    },
  ) {
    const described = (this.#options.describeError ?? describeErrorDefault)(status, body, headers);
    const init: ApiErrorInit = {
      status,
      message: redact(
        described.message ?? `${ctx.method} ${ctx.path} failed with status ${status}`,
        ctx.secrets,
      ),
      code: described.code,
      errors: described.errors
        ? (redactValue(described.errors, ctx.secrets) as ApiErrorInit['errors'])
        : undefined,
      requestId: described.requestId ?? ctx.requestId,
      method: ctx.method,
      path: ctx.path,
      body: redactValue(body, ctx.secrets),
      retryAfterMs: ctx.retryAfterMs,
    };
    const ErrorClass = this.#options.errorClass?.(init) ?? errorClassForStatus(status);
    return new ErrorClass(init);
  }

  #requestId(headers: Record<string, string>): string | undefined {
    const names = this.#options.requestIdHeader
      ? [this.#options.requestIdHeader.toLowerCase()]
      : REQUEST_ID_HEADERS;
    for (const name of names) if (headers[name]) return headers[name];
    return undefined;
  }

  #log(level: keyof Logger, message: string, fields: Record<string, unknown>, secrets: readonly string[]) {
    const log = this.#options.logger?.[level];
    if (!log) return;
    log.call(this.#options.logger, redact(`council-sdk-${this.#options.service}: ${message}`, secrets), {
      service: this.#options.service,
      ...(redactValue(fields, secrets) as Record<string, unknown>),
    });
  }
}

const TIMEOUT = Symbol('council-sdk timeout');
const USER_ABORT = Symbol('council-sdk abort');

function encodeBody(options: HttpRequest): {
  data: string | Uint8Array | undefined;
  contentType: string | undefined;
} {
  if (options.form !== undefined) {
    return {
      data: new URLSearchParams(options.form).toString(),
      contentType: 'application/x-www-form-urlencoded',
    };
  }
  if (options.body === undefined) return { data: undefined, contentType: undefined };
  if (options.body instanceof Uint8Array)
    return { data: options.body, contentType: 'application/octet-stream' };
  return { data: JSON.stringify(options.body), contentType: 'application/json' };
}

function decodeBody(raw: unknown, responseType: 'json' | 'arraybuffer' | 'text'): unknown {
  const bytes =
    raw instanceof ArrayBuffer ? new Uint8Array(raw) : raw instanceof Uint8Array ? raw : undefined;
  if (responseType === 'arraybuffer') return bytes ?? raw;
  const text =
    bytes !== undefined
      ? new TextDecoder().decode(bytes)
      : typeof raw === 'string'
        ? raw
        : raw === undefined || raw === null
          ? ''
          : String(raw);
  if (responseType === 'text') return text;
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function flattenHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const source =
    headers && typeof (headers as { toJSON?: unknown }).toJSON === 'function'
      ? (headers as { toJSON(): Record<string, unknown> }).toJSON()
      : ((headers ?? {}) as Record<string, unknown>);
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined || value === null) continue;
    out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

function reusedSocket(request: unknown): boolean {
  const req = (request as { _currentRequest?: unknown } | undefined)?._currentRequest ?? request;
  return Boolean((req as { reusedSocket?: boolean } | undefined)?.reusedSocket);
}

function describeErrorDefault(_status: number, body: unknown): ErrorDescription {
  if (!body || typeof body !== 'object') {
    return typeof body === 'string' && body.length > 0 && body.length < 500 ? { message: body } : {};
  }
  const b = body as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    message: str(b.message) ?? str(b.description) ?? str(b.error_description) ?? str(b.error),
    code: str(b.code) ?? str(b.error),
  };
}
