/**
 * Discovery, JWKS and DID document: fetched lazily through core's HttpClient, cached for as long as their
 * `Cache-Control` allows, refetched when a token names an unknown `kid` (key rotation: at once, then at most once
 * per short interval and a handful of times a minute), and kept when a refresh fails (One Login's guidance: never fail sign-in because a refresh failed while
 * a good copy is at hand).
 */
import { type HttpClient, insecureUrlProblem } from '@council-sdk/core';
import type { z } from 'zod';
import { ProviderMetadataError } from './errors.js';
import {
  DidDocument,
  DidVerificationMethod,
  JwkSet,
  ProviderMetadata,
  PublicJwk,
} from './schemas/metadata.js';

export interface Fetched<T> {
  value: T;
  /** From `Cache-Control: max-age`; undefined when the response said nothing. */
  maxAgeMs: number | undefined;
}

/** `max-age` in ms; 0 for `no-store`/`no-cache`; undefined when absent. */
export function cacheLifetimeMs(cacheControl: string | undefined): number | undefined {
  if (!cacheControl) return undefined;
  const directives = cacheControl
    .toLowerCase()
    .split(',')
    .map((d) => d.trim());
  if (directives.includes('no-store') || directives.includes('no-cache')) return 0;
  for (const d of directives) {
    const m = /^(?:s-)?max-age\s*=\s*"?(\d+)"?$/.exec(d);
    if (m) return Number(m[1]) * 1000;
  }
  return undefined;
}

const MAX_CACHE_MS = 24 * 60 * 60 * 1000;

export interface CacheOptions {
  now: () => number;
  /** Used when the response has no Cache-Control. */
  defaultMaxAgeMs: number;
  /** The shortest time between two refetches triggered by an unknown key (and the retry delay after a failure). */
  minRefreshIntervalMs: number;
  /** At most this many refetches triggered by unknown keys in any 60 seconds. Default 6. */
  maxRefreshesPerMinute?: number;
  onStale?: (error: unknown) => void;
}

const ONE_MINUTE_MS = 60_000;

/** One cached document. Concurrent callers share one fetch. */
export class CachedDocument<T> {
  #value: T | undefined;
  #expiresAt = 0;
  /** When the last few unknown-key refetches started, oldest first (at most `maxRefreshesPerMinute`). */
  #refreshes: number[] = [];
  #inflight: Promise<T> | undefined;

  constructor(
    private readonly load: () => Promise<Fetched<T>>,
    private readonly options: CacheOptions,
  ) {}

  /** The cached value while fresh, else a refetch (or the stale copy if the refetch fails). */
  async get(): Promise<T> {
    if (this.#value !== undefined && this.options.now() < this.#expiresAt) return this.#value;
    return this.#fetch();
  }

  /**
   * Refetch because the cached copy lacks something (an unknown `kid`). A provider publishes a new key before it
   * signs with it, so the first token naming a new key must cause a refetch however recently the document was
   * fetched for other reasons (jose's `createRemoteJWKSet` blocks it for a 30-second cooldown after any fetch,
   * which refuses the first sign-in after a rotation). What is limited is refetches caused by unknown keys: one per
   * `minRefreshIntervalMs`, and `maxRefreshesPerMinute` in any minute, so a stream of tokens with made-up `kid`s
   * costs One Login a handful of requests a minute. A refetch already under way is shared, not repeated.
   */
  async refresh(): Promise<T> {
    if (this.#inflight) return this.#inflight;
    if (this.#value !== undefined) {
      const now = this.options.now();
      const last = this.#refreshes.at(-1);
      if (last !== undefined && now - last < this.options.minRefreshIntervalMs) return this.#value;
      const cap = Math.max(1, this.options.maxRefreshesPerMinute ?? 6);
      const oldest = this.#refreshes[0];
      if (this.#refreshes.length >= cap && oldest !== undefined && now - oldest < ONE_MINUTE_MS) {
        return this.#value;
      }
      this.#refreshes.push(now);
      if (this.#refreshes.length > cap) this.#refreshes.shift();
    }
    return this.#fetch();
  }

  #fetch(): Promise<T> {
    this.#inflight ??= (async () => {
      try {
        const { value, maxAgeMs } = await this.load();
        this.#value = value;
        this.#expiresAt =
          this.options.now() + Math.min(maxAgeMs ?? this.options.defaultMaxAgeMs, MAX_CACHE_MS);
        return value;
      } catch (error) {
        if (this.#value === undefined) throw error;
        // Keep the last good copy; try again after the refresh interval rather than on every call.
        this.options.onStale?.(error);
        this.#expiresAt = this.options.now() + this.options.minRefreshIntervalMs;
        return this.#value;
      } finally {
        this.#inflight = undefined;
      }
    })();
    return this.#inflight;
  }
}

/** https, or http on a loopback host (local fakes): core's rule for every client. Anything else is refused. */
export function assertSecureUrl(url: string, what: string): URL {
  const problem = insecureUrlProblem(url);
  if (problem) throw new ProviderMetadataError(`${what} ${problem}`);
  return new URL(url);
}

/** Fetch JSON with core's transport and parse it. */
export async function fetchJson<S extends z.ZodType>(
  http: HttpClient,
  url: string,
  schema: S,
  context: string,
): Promise<Fetched<z.output<S>>> {
  const res = await http.request({ method: 'GET', path: url });
  return {
    value: http.parse(schema, res.data, context),
    maxAgeMs: cacheLifetimeMs(res.headers['cache-control']),
  };
}

export function checkMetadata(metadata: ProviderMetadata, issuer: string): ProviderMetadata {
  // OpenID Connect Discovery 1.0 §4.3: the issuer in the document must be exactly the one we asked.
  if (metadata.issuer !== issuer) {
    throw new ProviderMetadataError(
      `discovery issuer ${metadata.issuer} does not match the configured ${issuer}`,
    );
  }
  for (const key of ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri'] as const) {
    assertSecureUrl(metadata[key], key);
  }
  if (metadata.end_session_endpoint) assertSecureUrl(metadata.end_session_endpoint, 'end_session_endpoint');
  return metadata;
}

/** Signing keys by `kid`. Keys without a `kid`, or marked for encryption, are never used. */
export function indexJwks(set: z.output<typeof JwkSet>): Map<string, PublicJwk> {
  const keys = new Map<string, PublicJwk>();
  for (const raw of set.keys) {
    const parsed = PublicJwk.safeParse(raw);
    if (!parsed.success) continue;
    const jwk = parsed.data;
    if (!jwk.kid || (jwk.use !== undefined && jwk.use !== 'sig')) continue;
    // Private members must never be accepted as a verification key (a misconfigured JWKS leaking `d`).
    if ('d' in jwk) continue;
    if (keys.has(jwk.kid)) {
      // Two keys under one kid: ambiguous, so neither is trusted.
      keys.set(jwk.kid, { kty: 'ambiguous' });
      continue;
    }
    keys.set(jwk.kid, jwk);
  }
  return keys;
}

export interface IndexedDidDocument {
  id: string;
  methods: Map<string, DidVerificationMethod>;
}

export function indexDidDocument(doc: z.output<typeof DidDocument>): IndexedDidDocument {
  const methods = new Map<string, DidVerificationMethod>();
  for (const raw of doc.assertionMethod) {
    const parsed = DidVerificationMethod.safeParse(raw);
    if (!parsed.success) continue;
    methods.set(parsed.data.id, parsed.data);
  }
  return { id: doc.id, methods };
}

export { DidDocument, JwkSet, ProviderMetadata };
