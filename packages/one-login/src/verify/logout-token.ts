import { BACKCHANNEL_LOGOUT_EVENT, ID_TOKEN_ALGORITHMS, LOGOUT_REPLAY_WINDOW_SECONDS } from '../constants.js';
import { LogoutTokenReplayError, LogoutTokenValidationError, type TokenCheck } from '../errors.js';
import { LogoutTokenClaims } from '../schemas/claims.js';
import type { PublicJwk } from '../schemas/metadata.js';
import { checkAudience, checkIssuer, checkTimes, verifyJws } from './jwt.js';

/**
 * Where seen logout token `jti`s are kept. `checkAndStore` must be atomic: it records the `jti` until `expiresAt`
 * and returns `false` if it was already recorded. Use a shared store (Redis `SET NX PX`, a unique database row) when
 * your service runs more than one instance.
 */
export interface ReplayStore {
  checkAndStore(key: string, expiresAt: Date): boolean | Promise<boolean>;
}

/** A process-local replay store. Entries expire; the map is pruned as it is used. */
export class InMemoryReplayStore implements ReplayStore {
  readonly #seen = new Map<string, number>();
  readonly #now: () => number;
  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }
  checkAndStore(key: string, expiresAt: Date): boolean {
    const now = this.#now();
    for (const [k, until] of this.#seen) if (until <= now) this.#seen.delete(k);
    if (this.#seen.has(key)) return false;
    this.#seen.set(key, expiresAt.getTime());
    return true;
  }
  get size(): number {
    return this.#seen.size;
  }
}

export interface LogoutTokenChecks {
  issuer: string;
  clientId: string;
  nowSeconds: number;
  toleranceSeconds: number;
  findKey: (kid: string) => Promise<PublicJwk | undefined>;
  replayStore: ReplayStore;
}

const fail = (check: TokenCheck, detail: string) => new LogoutTokenValidationError(check, detail);

/** OIDC Back-Channel Logout 1.0 §2.6, as One Login applies it. */
export async function validateLogoutToken(token: unknown, c: LogoutTokenChecks): Promise<LogoutTokenClaims> {
  const { payload } = await verifyJws(token, {
    makeError: fail,
    algorithms: ID_TOKEN_ALGORITHMS,
    findKey: c.findKey,
    typ: 'logout+jwt',
  });
  checkIssuer(payload.iss, c.issuer, fail);
  checkAudience(payload.aud, c.clientId, fail);
  checkTimes(payload, c, fail, true);
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw fail('sub', 'sub is missing');
  // A nonce would mean an ID token is being passed off as a logout token.
  if ('nonce' in payload) throw fail('claims', 'a logout token must not contain a nonce');
  const events = payload.events;
  if (!events || typeof events !== 'object' || Array.isArray(events))
    throw fail('events', 'events is missing');
  const names = Object.keys(events);
  const value = (events as Record<string, unknown>)[BACKCHANNEL_LOGOUT_EVENT];
  if (
    names.length !== 1 ||
    names[0] !== BACKCHANNEL_LOGOUT_EVENT ||
    !value ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    Object.keys(value).length > 0
  ) {
    throw fail('events', `events must hold exactly ${BACKCHANNEL_LOGOUT_EVENT} with the value {}`);
  }
  if (typeof payload.jti !== 'string' || payload.jti.length === 0) throw fail('jti', 'jti is missing');
  const parsed = LogoutTokenClaims.safeParse(payload);
  if (!parsed.success) throw fail('claims', 'claims are malformed');
  // Last, so a token failing any other check never occupies the replay store.
  const keepUntilSeconds = Math.max(parsed.data.exp, c.nowSeconds) + LOGOUT_REPLAY_WINDOW_SECONDS;
  const fresh = await c.replayStore.checkAndStore(
    `${parsed.data.iss} ${parsed.data.jti}`,
    new Date(keepUntilSeconds * 1000),
  );
  if (!fresh) throw new LogoutTokenReplayError();
  return parsed.data as LogoutTokenClaims;
}
