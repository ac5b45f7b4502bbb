import { ValidationError } from '@council-sdk/core';

let joseModule: Promise<typeof import('jose')> | undefined;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The parts of a Notify API key `{key_name}-{service_id}-{secret}`. */
export interface ParsedApiKey {
  /** The name given to the key in Notify (may itself contain hyphens); empty for a bare `{service_id}-{secret}`. */
  keyName: string;
  /** The service id, used as the JWT `iss`. */
  serviceId: string;
  /** The HS256 signing secret. Never logged. */
  secret: string;
}

/**
 * Splits an API key the way Notify's own clients do: the secret is the last 36 characters, the service id the
 * 36 before the separating hyphen. Throws a `ValidationError` that never contains the key.
 */
export function parseApiKey(apiKey: unknown): ParsedApiKey {
  const fail = (message: string): never => {
    throw new ValidationError([{ path: 'apiKey', message }], 'Invalid Notify API key');
  };
  if (typeof apiKey !== 'string') return fail('must be a string');
  const key = apiKey.trim();
  if (key.length < 73) return fail('expected "{key_name}-{service_id}-{secret}" (too short)');
  const secret = key.slice(-36);
  const serviceId = key.slice(-73, -37);
  if (key.charAt(key.length - 37) !== '-') return fail('expected "{key_name}-{service_id}-{secret}"');
  if (!UUID.test(serviceId)) return fail('the service id part is not a UUID');
  if (!UUID.test(secret)) return fail('the secret part is not a UUID');
  let keyName = '';
  if (key.length > 73) {
    if (key.charAt(key.length - 74) !== '-') return fail('expected "{key_name}-{service_id}-{secret}"');
    keyName = key.slice(0, -74);
  }
  return { keyName, serviceId: serviceId.toLowerCase(), secret };
}

export interface TokenSignerOptions {
  /** How long a signed token is reused, in ms. Clamped to 0..20,000 so `iat` stays well inside Notify's 30 s window. */
  reuseMs?: number;
  /** Clock (tests). */
  now?: () => number;
}

/**
 * Signs Notify's HS256 `{iss, iat}` JWTs with jose. A token is reused for a few seconds instead of being signed
 * per request: Notify accepts an `iat` within 30 s of its clock, so a token at most `reuseMs` old is still valid.
 */
export class TokenSigner {
  readonly #serviceId: string;
  readonly #key: Uint8Array;
  readonly #reuseMs: number;
  readonly #now: () => number;
  #cached: { token: string; iatMs: number } | undefined;
  #pending: Promise<string> | undefined;

  constructor(key: ParsedApiKey, options: TokenSignerOptions = {}) {
    this.#serviceId = key.serviceId;
    this.#key = new TextEncoder().encode(key.secret);
    this.#reuseMs = Math.min(Math.max(options.reuseMs ?? 5_000, 0), 20_000);
    this.#now = options.now ?? Date.now;
  }

  /** A valid token, freshly signed when the cached one is older than `reuseMs` (or from the future). */
  async token(): Promise<string> {
    const now = this.#now();
    const c = this.#cached;
    if (c && now - c.iatMs < this.#reuseMs && now >= c.iatMs - 1_000) return c.token;
    if (this.#pending) return this.#pending;
    this.#pending = this.#sign(now).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #sign(nowMs: number): Promise<string> {
    const iat = Math.floor(nowMs / 1000);
    // jose is loaded when the first request is signed, not when the package is imported.
    joseModule ??= import('jose');
    const { SignJWT } = await joseModule;
    const token = await new SignJWT({ iss: this.#serviceId, iat })
      .setProtectedHeader({ typ: 'JWT', alg: 'HS256' })
      .sign(this.#key);
    // Reuse is measured from the whole second of `iat`, so the token's age on the server never exceeds reuseMs + 1 s.
    this.#cached = { token, iatMs: iat * 1000 };
    return token;
  }

  toJSON(): string {
    return '[TokenSigner]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[TokenSigner]';
  }
}
