/**
 * The checks every signed token goes through before any claim is read. Order matters: the algorithm is checked
 * against an allow-list before a key is looked up (so `alg: none` and HS256-with-the-public-key never reach jose),
 * the key must be one the provider published under that exact `kid`, and the token's `alg` must be the JWK's own
 * (RFC 8725 §3.1).
 */
import { timingSafeEqualString } from '@council-sdk/core';
import type { importJWK, ProtectedHeaderParameters } from 'jose';
import { loadJose } from '../jose.js';
import type { TokenCheck, TokenValidationError } from '../errors.js';
import type { PublicJwk } from '../schemas/metadata.js';

export type MakeError = (check: TokenCheck, detail: string) => TokenValidationError;

/** A compact JWS is three base64url segments; anything larger than this is not a One Login token. */
const MAX_TOKEN_LENGTH = 64 * 1024;
// The signature segment may be empty here so that `alg: none` is reported as a refused algorithm.
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export interface VerifyJwsOptions {
  makeError: MakeError;
  algorithms: readonly string[];
  /** The published key for this `kid`, refreshing the key set once if it is unknown. */
  findKey: (kid: string) => Promise<PublicJwk | undefined>;
  /** Required `typ` header (explicit typing, e.g. `logout+jwt`). */
  typ?: string;
}

export interface VerifiedJws {
  header: ProtectedHeaderParameters;
  payload: Record<string, unknown>;
}

export async function readHeader(token: unknown, makeError: MakeError): Promise<ProtectedHeaderParameters> {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) {
    throw makeError('malformed', 'not a compact signed JWT');
  }
  const { decodeProtectedHeader } = await loadJose();
  try {
    return decodeProtectedHeader(token);
  } catch {
    throw makeError('malformed', 'the header is not valid JSON');
  }
}

/** Whether a JWK can carry this algorithm at all (an RSA key cannot verify ES256 and vice versa). */
function keyFitsAlg(jwk: PublicJwk, alg: string): boolean {
  if (alg === 'ES256') return jwk.kty === 'EC' && jwk.crv === 'P-256';
  if (alg.startsWith('RS') || alg.startsWith('PS')) return jwk.kty === 'RSA';
  return false;
}

type ImportedKey = Awaited<ReturnType<typeof importJWK>>;

// Imported keys, per JWK object: the key sets keep the same objects until they are refetched, so each published key
// is imported once rather than on every token.
const importedKeys = new WeakMap<object, Map<string, Promise<ImportedKey>>>();

function importKey(jwk: PublicJwk, alg: string): Promise<ImportedKey> {
  let byAlg = importedKeys.get(jwk);
  if (!byAlg) {
    byAlg = new Map();
    importedKeys.set(jwk, byAlg);
  }
  let key = byAlg.get(alg);
  if (!key) {
    const { kid: _kid, use: _use, key_ops: _ops, ...material } = jwk as PublicJwk & { key_ops?: unknown };
    key = loadJose().then(({ importJWK }) => importJWK({ ...material, alg }, alg));
    // A failed import is not cached, so it is reported again rather than remembered.
    key.catch(() => byAlg?.delete(alg));
    byAlg.set(alg, key);
  }
  return key;
}

export async function verifyJws(token: unknown, options: VerifyJwsOptions): Promise<VerifiedJws> {
  const { makeError } = options;
  const header = await readHeader(token, makeError);
  const { compactVerify, errors: joseErrors } = await loadJose();
  const alg = header.alg;
  if (typeof alg !== 'string' || !options.algorithms.includes(alg)) {
    throw makeError(
      'alg',
      `algorithm ${String(alg)} is not accepted (allowed: ${options.algorithms.join(', ')})`,
    );
  }
  if (options.typ !== undefined) {
    const typ =
      typeof header.typ === 'string' ? header.typ.toLowerCase().replace(/^application\//, '') : undefined;
    if (typ !== options.typ) throw makeError('typ', `the typ header must be ${options.typ}`);
  }
  if (typeof header.kid !== 'string' || header.kid.length === 0)
    throw makeError('kid', 'the header has no kid');
  const jwk = await options.findKey(header.kid);
  if (!jwk) throw makeError('kid', 'no published key has this kid');
  if (jwk.alg !== undefined && !timingSafeEqualString(jwk.alg, alg)) {
    throw makeError('alg', `the token says ${alg} but the key is for ${jwk.alg}`);
  }
  if (!keyFitsAlg(jwk, alg)) throw makeError('alg', `the published key cannot be used with ${alg}`);

  let key: ImportedKey;
  try {
    key = await importKey(jwk, alg);
  } catch {
    throw makeError('kid', 'the published key is not usable');
  }
  let payloadBytes: Uint8Array;
  try {
    ({ payload: payloadBytes } = await compactVerify(token as string, key, { algorithms: [alg] }));
  } catch (error) {
    if (error instanceof joseErrors.JWSSignatureVerificationFailed)
      throw makeError('signature', 'the signature is invalid');
    throw makeError('malformed', 'the token could not be verified');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payloadBytes));
  } catch {
    throw makeError('malformed', 'the payload is not JSON');
  }
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
    throw makeError('malformed', 'the payload is not a JSON object');
  }
  return { header, payload: payload as Record<string, unknown> };
}

export interface TimeChecks {
  nowSeconds: number;
  toleranceSeconds: number;
}

/** `exp` required and in the future; `iat` (when required) and `nbf` not in the future; all with leeway. */
export function checkTimes(
  claims: { exp?: unknown; iat?: unknown; nbf?: unknown },
  t: TimeChecks,
  makeError: MakeError,
  requireIat: boolean,
): void {
  const { nowSeconds: now, toleranceSeconds: tol } = t;
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp))
    throw makeError('exp', 'exp is missing');
  if (now - tol >= claims.exp) throw makeError('exp', 'the token has expired');
  if (claims.iat !== undefined || requireIat) {
    if (typeof claims.iat !== 'number' || !Number.isFinite(claims.iat))
      throw makeError('iat', 'iat is missing');
    if (claims.iat > now + tol) throw makeError('iat', 'the token was issued in the future');
  }
  if (claims.nbf !== undefined) {
    if (typeof claims.nbf !== 'number' || !Number.isFinite(claims.nbf))
      throw makeError('nbf', 'nbf is not a number');
    if (claims.nbf > now + tol) throw makeError('nbf', 'the token is not valid yet');
  }
}

export function checkIssuer(iss: unknown, expected: string, makeError: MakeError): void {
  if (typeof iss !== 'string' || iss !== expected) throw makeError('iss', `iss is not ${expected}`);
}

export function checkAudience(aud: unknown, clientId: string, makeError: MakeError): void {
  const ok = typeof aud === 'string' ? aud === clientId : Array.isArray(aud) && aud.includes(clientId);
  if (!ok) throw makeError('aud', 'the token was not issued for this client');
}
