/**
 * What every council-sdk client is made of: the options a user may give any client (`ClientOptions`), and the one
 * function that turns them, plus what a service adds (its name, auth, error-body mapping), into a transport. Each
 * service client passes its options through whole, so an option added here reaches all four clients at once.
 */
import { HttpClient, type HttpClientOptions } from './http-client.js';

/** Options every council-sdk client accepts, whatever the service. */
export interface ClientOptions {
  /** Where requests go. Each service has a default (Forms has none); point it at the sandbox or a proxy. */
  baseUrl?: string;
  /** Per-attempt timeout, default 30,000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt (core's rules: never a request that could act twice). Default 2. */
  maxRetries?: number;
  /** Your own axios instance (proxy, keep-alive agents, interceptors). */
  axios?: HttpClientOptions['axios'];
  /** Your product token, appended to `council-sdk-<service>/<version>`. */
  userAgent?: string;
  logger?: HttpClientOptions['logger'];
  hooks?: HttpClientOptions['hooks'];
  /** Backoff tuning (`baseDelayMs` 250, `maxDelayMs` 8,000, `maxRetryAfterMs` 60,000 by default). */
  retry?: HttpClientOptions['retry'];
  /**
   * Keep the (redacted) body of a response that breaks its contract in the `ResponseValidationError`. Default
   * false: the error carries the body's shape only (response bodies hold personal data).
   */
  responseBodiesInErrors?: boolean;
}

/** The names of `ClientOptions`, so a client can pass exactly these through and nothing else. */
const CLIENT_OPTION_KEYS = [
  'baseUrl',
  'timeoutMs',
  'maxRetries',
  'axios',
  'userAgent',
  'logger',
  'hooks',
  'retry',
  'responseBodiesInErrors',
] as const satisfies ReadonlyArray<keyof ClientOptions>;

/** What only the service knows: its name and version, auth, secrets and how its error bodies read. */
export type ServiceTransport = Omit<HttpClientOptions, keyof ClientOptions> & {
  /** Used when the caller gives no `baseUrl`. */
  defaultBaseUrl?: string;
  /** Used when the caller gives no `timeoutMs`. */
  defaultTimeoutMs?: number;
};

/** The shared options a caller gave, without `undefined`s (so they never override a default). */
export function pickClientOptions(options: ClientOptions | undefined): ClientOptions {
  const out: Record<string, unknown> = {};
  for (const key of CLIENT_OPTION_KEYS) {
    if (options?.[key] !== undefined) out[key] = options[key];
  }
  return out as ClientOptions;
}

/** Build a service's transport from what the caller gave and what the service adds. */
export function createHttpClient(service: ServiceTransport, options: ClientOptions | undefined): HttpClient {
  const { defaultBaseUrl, defaultTimeoutMs, ...serviceOptions } = service;
  const shared = pickClientOptions(options);
  return new HttpClient({
    ...serviceOptions,
    ...(defaultTimeoutMs !== undefined ? { timeoutMs: defaultTimeoutMs } : {}),
    ...shared,
    baseUrl: (shared.baseUrl ?? defaultBaseUrl) as string,
  });
}
