/**
 * API keys and token authentication, as notifications-api checks them (`app/authentication/auth.py`, which
 * decodes with notifications-python-client's `authentication.py`): the `iss` claim names the service, the token
 * must verify (HS256) with one of its keys, and `iat` must be within 30 seconds of the server's clock.
 */
import { randomUUID } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { authError } from './errors.js';
import { isUuid, type NotifyStore } from './store.js';
import type { ApiKeyRecord, KeyType } from './types.js';

/** notifications-python-client `__bound__`. */
const IAT_BOUND_SECONDS = 30;
/** auth.py GENERAL_TOKEN_ERROR_MESSAGE: a token that is not a JWT, or fails for a reason without its own message. */
export const GENERAL_TOKEN_ERROR_MESSAGE =
  'Invalid token: make sure your API token matches the example at https://docs.notifications.service.gov.uk/rest-api.html#authorisation-header';
const CLOCK_MESSAGE = 'Error: Your system clock must be accurate to within 30 seconds';

export function newApiKey(type: KeyType, name?: string, secret?: string, id?: string): ApiKeyRecord {
  return {
    id: id ?? randomUUID(),
    name: name ?? `${type}-key`,
    type,
    secret: secret ?? randomUUID(),
    revoked: false,
  };
}

export function createApiKey(store: NotifyStore, type: KeyType, name?: string): ApiKeyRecord {
  const key = newApiKey(type, name);
  store.state.apiKeys.push(key);
  return key;
}

/** The full `{key_name}-{service_id}-{secret}` string clients are configured with. */
export function apiKeyString(store: NotifyStore, key: ApiKeyRecord): string {
  return `${key.name}-${store.state.service.id}-${key.secret}`;
}

/** Revoke the key a full key string (or a key id) names; false when there is none. */
export function revokeApiKey(store: NotifyStore, keyOrId: string): boolean {
  const secret = keyOrId.slice(-36);
  const key = store.state.apiKeys.find((k) => k.id === keyOrId || k.secret === secret);
  if (!key) return false;
  key.revoked = true;
  store.verified.clear();
  return true;
}

/**
 * The API key a bearer token was signed with. The token is the part of the `Authorization` header after
 * `Bearer ` (the wire layer checks the scheme). Throws an AuthError with the service's exact message.
 */
export async function authenticate(store: NotifyStore, token: string): Promise<ApiKeyRecord> {
  // get_token_issuer: decode without verifying; not a JWT -> the general message; no iss -> its own message.
  let claims: JWTPayload;
  let alg: unknown;
  try {
    claims = decodeJwt(token);
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw authError(403, GENERAL_TOKEN_ERROR_MESSAGE);
  }
  if (!('iss' in claims)) throw authError(403, 'Invalid token: iss field not provided');
  if (!isUuid(claims.iss)) throw authError(403, 'Invalid token: service id is not the right data type');
  const service = store.state.service;
  if (claims.iss.toLowerCase() !== service.id.toLowerCase()) {
    throw authError(403, 'Invalid token: service not found');
  }
  if (store.state.apiKeys.length === 0) throw authError(403, 'Invalid token: service has no API keys');

  const cached = store.verified.get(token);
  const cachedKey = cached ? store.state.apiKeys.find((k) => k.id === cached && !k.revoked) : undefined;
  if (cachedKey) {
    checkIssuedAt(store, claims);
    return cachedKey;
  }
  // _decode_jwt_token: try each key in turn; a bad signature moves on to the next key, anything else stops.
  for (const key of store.state.apiKeys) {
    if (alg !== 'HS256') throw authError(403, 'Invalid token: algorithm used is not HS256');
    try {
      await compactVerify(token, new TextEncoder().encode(key.secret), { algorithms: ['HS256'] });
    } catch {
      continue;
    }
    // A token without iat raises TokenIssuedAtError, a TokenDecodeError, which the loop treats as "not this key".
    if (!('iat' in claims)) continue;
    checkIssuedAt(store, claims);
    if (key.revoked) throw authError(403, 'Invalid token: API key revoked');
    if (store.verified.size > 1000) store.verified.clear();
    store.verified.set(token, key.id);
    return key;
  }
  throw authError(403, 'Invalid token: API key not found');
}

/** pyjwt's iat checks (with 30 s leeway) and the client's own bound: both give the clock message. */
function checkIssuedAt(store: NotifyStore, claims: JWTPayload): void {
  const iat = claims.iat as unknown;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw authError(403, CLOCK_MESSAGE);
  const now = Math.floor(store.now().getTime() / 1000);
  if (now > Math.trunc(iat) + IAT_BOUND_SECONDS || iat > now + IAT_BOUND_SECONDS) {
    throw authError(403, CLOCK_MESSAGE);
  }
  if (typeof claims.exp === 'number' && claims.exp + IAT_BOUND_SECONDS < now) {
    // pyjwt's ExpiredSignatureError is a plain InvalidTokenError: the general message
    throw authError(403, GENERAL_TOKEN_ERROR_MESSAGE);
  }
}
