/**
 * One Login's own keys: the ID token / logout token signing keys published at /.well-known/jwks.json, and the
 * core identity keys published in the DID document. Rotation publishes a key before signing with it, as One Login
 * does (tech docs, "Validate your ID token": new keys appear in the JWKS before use).
 */
import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import { base64url, importJWK, type JWK, jwtVerify, SignJWT, decodeProtectedHeader } from 'jose';
import type { ModelContext } from './context';

export type SigningAlgorithm = 'ES256' | 'RS256';

export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  privateJwk: JWK;
  publicJwk: JWK;
  /** `next`: published, not yet used. `active`: signs. `previous`: published, no longer signs. */
  status: 'next' | 'active' | 'previous';
}

export function generateSigningKey(alg: SigningAlgorithm, kid?: string): SigningKey {
  const { privateKey, publicKey } =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicJwk = { ...(publicKey.export({ format: 'jwk' }) as JWK) };
  const id = kid ?? createHash('sha256').update(JSON.stringify(publicJwk)).digest('hex');
  return {
    kid: id,
    alg,
    privateJwk: { ...(privateKey.export({ format: 'jwk' }) as JWK), kid: id, alg },
    publicJwk: { ...publicJwk, kid: id, alg, use: 'sig' },
    status: 'active',
  };
}

/** A core identity signing key whose kid is `<did>#<sha256 of the public key>`, as in One Login's DID document. */
export function newDidKey(didId: string): SigningKey {
  const key = generateSigningKey('ES256', 'pending');
  const fragment = createHash('sha256').update(JSON.stringify(key.publicJwk)).digest('hex');
  const kid = `${didId}#${fragment}`;
  return { ...key, kid, privateJwk: { ...key.privateJwk, kid }, publicJwk: { ...key.publicJwk, kid } };
}

export function keyObject(ctx: ModelContext, key: SigningKey): KeyObject {
  let object = ctx.keyObjects.get(key.kid);
  if (!object) {
    object = createPrivateKey({ key: key.privateJwk as import('node:crypto').JsonWebKey, format: 'jwk' });
    ctx.keyObjects.set(key.kid, object);
  }
  return object;
}

export function activeSigningKey(ctx: ModelContext, alg: SigningAlgorithm): SigningKey {
  const key = ctx.state.signingKeys.find((k) => k.alg === alg && k.status === 'active');
  if (!key) throw new Error(`The fake has no active ${alg} signing key`);
  return key;
}

export function activeDidKey(ctx: ModelContext): SigningKey {
  const key = ctx.state.didKeys.at(-1);
  if (!key) throw new Error('The fake has no DID signing key');
  return key;
}

export function jwks(ctx: ModelContext): { keys: JWK[] } {
  return { keys: ctx.state.signingKeys.map((k) => k.publicJwk) };
}

export interface RotateSigningKeysOptions {
  /** Default: both ES256 and RS256. */
  alg?: SigningAlgorithm;
  /**
   * `publish`: add a new key to the JWKS without using it (what One Login does first); `use`: sign with the
   * newest published key (or a brand-new one); `publish-and-use` (default): both at once.
   */
  step?: 'publish' | 'use' | 'publish-and-use';
  /** Drop keys that no longer sign from the JWKS (default: keep the previous key published). */
  retire?: boolean;
}

export function rotateSigningKeys(ctx: ModelContext, options: RotateSigningKeysOptions = {}): void {
  const algs = options.alg ? [options.alg] : (['ES256', 'RS256'] as const);
  const step = options.step ?? 'publish-and-use';
  const keys = ctx.state.signingKeys;
  for (const alg of algs) {
    if (step !== 'use' && !keys.some((k) => k.alg === alg && k.status === 'next')) {
      keys.push({ ...generateSigningKey(alg), status: 'next' });
    }
    if (step !== 'publish') {
      let next = keys.find((k) => k.alg === alg && k.status === 'next');
      if (!next) {
        next = { ...generateSigningKey(alg), status: 'next' };
        keys.push(next);
      }
      for (const k of keys) if (k.alg === alg && k.status === 'active') k.status = 'previous';
      next.status = 'active';
    }
  }
  if (options.retire) ctx.state.signingKeys = keys.filter((k) => k.status !== 'previous');
}

/** New DID signing key; the old one stays in the document unless `retire`. */
export function rotateDidKey(ctx: ModelContext, options: { retire?: boolean } = {}): void {
  const key = newDidKey(ctx.didId);
  for (const k of ctx.state.didKeys) k.status = 'previous';
  ctx.state.didKeys = [...(options.retire ? [] : ctx.state.didKeys), key];
}

export function didDocument(ctx: ModelContext): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
    id: ctx.didId,
    assertionMethod: ctx.state.didKeys.map((k) => ({
      type: 'JsonWebKey',
      id: k.kid,
      controller: ctx.didId,
      publicKeyJwk: {
        kty: k.publicJwk.kty,
        crv: k.publicJwk.crv,
        x: k.publicJwk.x,
        y: k.publicJwk.y,
        alg: 'ES256',
      },
    })),
  };
}

export interface SignOptions {
  alg: SigningAlgorithm;
  typ?: string;
  /** The simulator's INVALID_ALG_HEADER: HS256 with a random kid. */
  hs256?: boolean;
  /** The simulator's INVALID_SIGNATURE. */
  badSignature?: boolean;
  /** Sign with this key instead of the active one of `alg`. */
  key?: SigningKey;
}

export async function signJwt(
  ctx: ModelContext,
  claims: Record<string, unknown>,
  options: SignOptions,
): Promise<string> {
  if (options.hs256) {
    return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: randomUUID() }).sign(randomBytes(32));
  }
  const key = options.key ?? activeSigningKey(ctx, options.alg);
  const jwt = await new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, ...(options.typ ? { typ: options.typ } : {}) })
    .sign(keyObject(ctx, key));
  return options.badSignature ? corruptSignature(jwt) : jwt;
}

/** Flip bits in the signature so it no longer verifies (the simulator's INVALID_SIGNATURE). */
export function corruptSignature(jwt: string): string {
  const [h, p, s = ''] = jwt.split('.');
  const bytes = base64url.decode(s);
  bytes[0] = (bytes[0] ?? 0) ^ 0xff;
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
  return `${h}.${p}.${base64url.encode(bytes)}`;
}

/** One of our own ID tokens, expired or not (an id_token_hint is usually old); undefined if it is not ours. */
export async function verifyOwnToken(
  ctx: ModelContext,
  jwt: string,
): Promise<Record<string, unknown> | undefined> {
  try {
    const header = decodeProtectedHeader(jwt);
    const key = ctx.state.signingKeys.find((k) => k.kid === header.kid);
    if (!key) return undefined;
    const { payload } = await jwtVerify(jwt, await importJWK(key.publicJwk, key.alg), {
      algorithms: [key.alg],
      issuer: ctx.issuer,
      currentDate: new Date(0),
    });
    return payload as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
