/**
 * The layer between a service client and the transport: per-call `RequestOptions`, and `APIResource`, the base of
 * every resource class (openai-node's core/resource split). A resource method names its path, query, body and
 * response schema; validation of the response, redaction, retries and paging live here, once.
 */
import type { z } from 'zod';
import type { HttpClient, HttpMethod, HttpRequest, QueryValue } from './http-client.js';
import { Paginated } from './pagination.js';

/** Per-call options every public method of every council-sdk client accepts. */
export interface RequestOptions {
  /** Cancel the call (and any retry wait). */
  signal?: AbortSignal;
  /** Per-attempt timeout for this call. */
  timeoutMs?: number;
  /** Retries for this call (core's rules: a POST is retried only when it cannot act twice). */
  maxRetries?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
  /**
   * Where the service supports one (Pay's `POST /v1/payments`): sent on every attempt, so a retried create is
   * answered with the original. Ignored by methods whose service has none.
   */
  idempotencyKey?: string;
}

/** The fields of `RequestOptions` that are set, in the transport's terms. */
export function requestOptions(
  options: RequestOptions | undefined,
): Pick<HttpRequest, 'signal' | 'timeoutMs' | 'maxRetries' | 'headers' | 'idempotencyKey'> {
  const out: Pick<HttpRequest, 'signal' | 'timeoutMs' | 'maxRetries' | 'headers' | 'idempotencyKey'> = {};
  if (options?.signal !== undefined) out.signal = options.signal;
  if (options?.timeoutMs !== undefined) out.timeoutMs = options.timeoutMs;
  if (options?.maxRetries !== undefined) out.maxRetries = options.maxRetries;
  if (options?.headers !== undefined) out.headers = options.headers;
  if (options?.idempotencyKey !== undefined) out.idempotencyKey = options.idempotencyKey;
  return out;
}

/** What a resource call sends and expects, besides method and path. */
export interface CallSpec<S extends z.ZodType | undefined = undefined> {
  query?: Record<string, QueryValue> | undefined;
  /** Sent as JSON (or as bytes for a `Uint8Array`). */
  body?: unknown;
  /** Parses the response; without one the call resolves to nothing. */
  response?: S;
  /** How errors name the call, e.g. `GET /v1/payments/{paymentId}` (ids left out). Default: method and path. */
  context?: string;
  /** Transport settings the resource fixes (e.g. `auth: false`, extra secrets, a binary response). */
  transport?: Partial<Pick<HttpRequest, 'auth' | 'secrets' | 'responseType' | 'timeoutMs' | 'form'>>;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** A page of a list as the service sends it, read into items and the next cursor. */
export interface PageReader<P, T, C> {
  items: (page: P) => T[];
  next: (page: P, items: T[]) => C | undefined;
}

/** The base of every resource: one transport, and typed `get`/`post`/`delete` over it. */
export abstract class APIResource {
  protected readonly _client: HttpClient;

  constructor(client: HttpClient) {
    this._client = client;
  }

  protected _get<S extends z.ZodType | undefined = undefined>(
    path: string,
    spec?: CallSpec<S>,
    options?: RequestOptions,
  ): Promise<Parsed<S>> {
    return this._request('GET', path, spec, options);
  }

  protected _post<S extends z.ZodType | undefined = undefined>(
    path: string,
    spec?: CallSpec<S>,
    options?: RequestOptions,
  ): Promise<Parsed<S>> {
    return this._request('POST', path, spec, options);
  }

  protected _delete<S extends z.ZodType | undefined = undefined>(
    path: string,
    spec?: CallSpec<S>,
    options?: RequestOptions,
  ): Promise<Parsed<S>> {
    return this._request('DELETE', path, spec, options);
  }

  /** A binary response (a PDF, a file): the bytes as sent. */
  protected async _getBytes(
    path: string,
    spec: Pick<CallSpec, 'query'> = {},
    options?: RequestOptions,
  ): Promise<Uint8Array> {
    const res = await this._client.request<Uint8Array | ArrayBufferLike>({
      method: 'GET',
      path,
      ...(spec.query !== undefined ? { query: spec.query } : {}),
      ...requestOptions(options),
      responseType: 'arraybuffer',
    });
    return res.data instanceof Uint8Array ? res.data : new Uint8Array(res.data);
  }

  protected async _request<S extends z.ZodType | undefined = undefined>(
    method: HttpMethod,
    path: string,
    spec: CallSpec<S> = {},
    options?: RequestOptions,
  ): Promise<Parsed<S>> {
    const res = await this._client.request({
      method,
      path,
      ...(spec.query !== undefined ? { query: spec.query } : {}),
      ...(spec.body !== undefined ? { body: spec.body } : {}),
      ...requestOptions(options),
      ...spec.transport,
    });
    if (spec.response === undefined) return undefined as Parsed<S>;
    return this._client.parse(
      spec.response,
      res.data,
      spec.context ?? `${method} ${path}`,
      spec.transport?.secrets ?? [],
    ) as Parsed<S>;
  }

  /**
   * A list paged by links: the first page is `path` with `query`, each next page is the link the previous one gave
   * (an absolute URL on the service's origin, already carrying the query). Pay's `_links.next_page.href`.
   */
  protected _getLinkPaginated<S extends z.ZodType, T>(
    path: string,
    spec: CallSpec<S> & { response: S },
    read: PageReader<z.output<S>, T, string>,
    options?: RequestOptions,
  ): Paginated<T, string> {
    return this._paginate<S, T, string>(
      (link) => (link === undefined ? { path, query: spec.query } : { path: link, query: undefined }),
      spec,
      read,
      options,
    );
  }

  /**
   * A list paged by a cursor query parameter (Notify's `older_than`: the id of the last item of the page before).
   * `start` is the cursor the caller gave for the first page, if any.
   */
  protected _getCursorPaginated<S extends z.ZodType, T>(
    path: string,
    spec: CallSpec<S> & { response: S; cursorParam: string; start?: string | undefined },
    read: PageReader<z.output<S>, T, string>,
    options?: RequestOptions,
  ): Paginated<T, string> {
    return this._paginate<S, T, string>(
      (cursor) => ({ path, query: { ...spec.query, [spec.cursorParam]: cursor ?? spec.start } }),
      spec,
      read,
      options,
    );
  }

  /** A list the service sends whole: one page, so every `list` has the same `Paginated` shape. */
  protected _getSinglePage<S extends z.ZodType, T>(
    path: string,
    spec: CallSpec<S> & { response: S },
    items: (page: z.output<S>) => T[],
    options?: RequestOptions,
  ): Paginated<T, never> {
    return this._paginate<S, T, never>(
      () => ({ path, query: spec.query }),
      spec,
      { items, next: () => undefined },
      options,
    );
  }

  private _paginate<S extends z.ZodType, T, C>(
    target: (cursor: C | undefined) => { path: string; query: CallSpec['query'] },
    spec: CallSpec<S> & { response: S },
    read: PageReader<z.output<S>, T, C>,
    options: RequestOptions | undefined,
  ): Paginated<T, C> {
    return new Paginated<T, C>(
      async (cursor, signal) => {
        const { path, query } = target(cursor);
        const page = (await this._get(
          path,
          { ...spec, query, context: spec.context ?? `GET ${target(undefined).path}` },
          { ...options, ...(signal ? { signal } : {}) },
        )) as z.output<S>;
        const items = read.items(page);
        return { items, next: read.next(page, items) };
      },
      options?.signal ? { signal: options.signal } : {},
    );
  }
}
