/**
 * The relying party's own signing keys: which one signs client assertions and request objects, and the public JWKS
 * to publish so One Login can verify them (and so keys can be rotated without a configuration change).
 *
 * One Login's rules (tech-docs source/before-integrating/set-up-your-public-and-private-keys.html.md.erb): RSA keys,
 * a unique `kid` in each JWKS entry, and a `kid` in every request JWT and assertion JWT when keys are shared through
 * a JWKS; "update the JWKS endpoint to contain both the old and new keys, then immediately start signing with the new
 * key"; One Login caches the JWKS for up to 24 hours.
 */
import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { ValidationError } from '@council-sdk/core';
import { loadJose } from './jose.js';
import type { ClientAssertionAlgorithm } from './constants.js';

/** A private key as the caller has it: PKCS#8 PEM, a private JWK, or a KeyObject/CryptoKey. */
export type PrivateKeyInput = string | KeyObject | CryptoKey | JsonWebKey;

/** One key of a rotation set. `kid` defaults to the key's RFC 7638 thumbprint. */
export interface RotatingPrivateKey {
  key: PrivateKeyInput;
  kid?: string;
}

/** A published public key: the public parts only. */
export interface ClientPublicJwk {
  kty: 'RSA';
  n: string;
  e: string;
  kid: string;
  use: 'sig';
  alg: ClientAssertionAlgorithm;
}

export interface ClientJwks {
  keys: ClientPublicJwk[];
}

/** Turn whatever private key the caller has into a KeyObject, checking it is RSA of at least 2048 bits. */
export function loadPrivateKey(key: PrivateKeyInput, path = 'privateKey'): KeyObject | CryptoKey {
  const bad = (message: string) => new ValidationError([{ path, message }], 'Invalid OneLoginClient options');
  if (typeof CryptoKey !== 'undefined' && key instanceof CryptoKey) {
    if (key.type !== 'private' || !/^RSA/.test(key.algorithm.name)) throw bad('must be an RSA private key');
    return key;
  }
  let object: KeyObject;
  try {
    object =
      typeof key === 'string'
        ? createPrivateKey(key)
        : 'asymmetricKeyType' in (key as object)
          ? (key as KeyObject)
          : createPrivateKey({ key: key as import('node:crypto').JsonWebKey, format: 'jwk' });
  } catch {
    // Never echo the key or the parser's message (which can quote it).
    throw bad('is not a PKCS#8 PEM, private JWK or KeyObject');
  }
  if (object.type !== 'private') throw bad('must be a private key');
  if (object.asymmetricKeyType !== 'rsa' && object.asymmetricKeyType !== 'rsa-pss') {
    throw bad('must be an RSA key (One Login accepts RS256/PS256 client assertions only)');
  }
  if ((object.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw bad('must be at least 2048 bits');
  return object;
}

/** Problems with the key options, for the client's constructor to report with the rest. */
export function signingKeyIssues(options: {
  privateKey?: unknown;
  privateKeys?: unknown;
}): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (options.privateKeys === undefined) return issues;
  if (options.privateKey !== undefined) {
    issues.push({ path: 'privateKeys', message: 'give privateKey or privateKeys, not both' });
  }
  if (!Array.isArray(options.privateKeys) || options.privateKeys.length === 0) {
    issues.push({ path: 'privateKeys', message: 'must be a non-empty array (the first key signs)' });
    return issues;
  }
  const kids = new Set<string>();
  options.privateKeys.forEach((entry: unknown, i) => {
    const kid =
      entry && typeof entry === 'object' && 'key' in entry ? (entry as RotatingPrivateKey).kid : undefined;
    if (kid === undefined) return;
    if (typeof kid !== 'string' || kid === '')
      issues.push({ path: `privateKeys[${i}].kid`, message: 'must be a non-empty string' });
    else if (kids.has(kid))
      issues.push({ path: `privateKeys[${i}].kid`, message: 'must be unique in the JWKS' });
    else kids.add(kid);
  });
  return issues;
}

interface LoadedKey {
  key: KeyObject | CryptoKey;
  /** The configured kid, or undefined to use the thumbprint. */
  kid: string | undefined;
}

/**
 * The client's signing keys. The first one signs; every one is published by `publicJwks()`, so a new key can be put
 * first (signing at once, as One Login allows) while the old one stays published until tokens signed with it are
 * gone, or put last (published only) to be promoted later.
 */
export class ClientSigningKeys {
  readonly #keys: LoadedKey[];
  readonly #alg: ClientAssertionAlgorithm;
  /**
   * Whether assertions carry a `kid`. Always with `privateKeys`. With a single `privateKey`, only when
   * `privateKeyId` is given, as before (a STATIC key needs none).
   */
  readonly #sendKid: boolean;
  #jwks: Promise<ClientJwks> | undefined;

  constructor(
    options: {
      privateKey?: PrivateKeyInput;
      privateKeyId?: string;
      privateKeys?: ReadonlyArray<PrivateKeyInput | RotatingPrivateKey>;
    },
    alg: ClientAssertionAlgorithm,
  ) {
    this.#alg = alg;
    if (options.privateKeys !== undefined) {
      this.#keys = options.privateKeys.map((entry, i) => {
        const rotating = isRotating(entry);
        return {
          key: loadPrivateKey(rotating ? entry.key : entry, `privateKeys[${i}]`),
          kid: rotating ? entry.kid : undefined,
        };
      });
      this.#sendKid = true;
    } else {
      this.#keys = [
        { key: loadPrivateKey(options.privateKey as PrivateKeyInput), kid: options.privateKeyId },
      ];
      this.#sendKid = options.privateKeyId !== undefined;
    }
  }

  /** The key that signs now, and the `kid` to put in the JWT header (undefined: none). */
  async signer(): Promise<{ key: KeyObject | CryptoKey; kid: string | undefined }> {
    const first = this.#keys[0] as LoadedKey;
    if (!this.#sendKid) return { key: first.key, kid: undefined };
    const jwks = await this.publicJwks();
    return { key: first.key, kid: (jwks.keys[0] as ClientPublicJwk).kid };
  }

  /** Every configured key's public half, signing key first, with `kid`, `use: 'sig'` and `alg`. */
  publicJwks(): Promise<ClientJwks> {
    if (!this.#sendKid) {
      // One Login needs the kid in every JWT once it reads keys from a JWKS; this client sends none.
      return Promise.reject(
        new ValidationError(
          [
            {
              path: 'privateKeyId',
              message:
                'publishing a JWKS needs a kid in every assertion: set privateKeyId, or use privateKeys',
            },
          ],
          'No JWKS',
        ),
      );
    }
    this.#jwks ??= this.#buildJwks().catch((error: unknown) => {
      this.#jwks = undefined;
      throw error;
    });
    return this.#jwks.then((jwks) => ({ keys: jwks.keys.map((k) => ({ ...k })) }));
  }

  async #buildJwks(): Promise<ClientJwks> {
    const keys: ClientPublicJwk[] = [];
    for (const [i, { key, kid }] of this.#keys.entries()) {
      const { n, e } = publicRsaParts(key, i);
      const { calculateJwkThumbprint } = await loadJose();
      const thumbprint = await calculateJwkThumbprint({ kty: 'RSA', n, e }, 'sha256');
      const id = kid ?? thumbprint;
      if (keys.some((k) => k.kid === id)) {
        throw new ValidationError(
          [{ path: `privateKeys[${i}]`, message: 'is the same key (or kid) as an earlier one' }],
          'Invalid OneLoginClient options',
        );
      }
      keys.push({ kty: 'RSA', n, e, kid: id, use: 'sig', alg: this.#alg });
    }
    return { keys };
  }

  /** Never show key material. */
  toJSON(): Record<string, unknown> {
    return { keys: this.#keys.length };
  }
}

function isRotating(entry: PrivateKeyInput | RotatingPrivateKey): entry is RotatingPrivateKey {
  return (
    entry !== null &&
    typeof entry === 'object' &&
    'key' in entry &&
    !(entry instanceof KeyObject) &&
    !(typeof CryptoKey !== 'undefined' && entry instanceof CryptoKey)
  );
}

function publicRsaParts(key: KeyObject | CryptoKey, index: number): { n: string; e: string } {
  try {
    const object = key instanceof KeyObject ? key : KeyObject.from(key);
    const jwk = createPublicKey(object).export({ format: 'jwk' });
    if (typeof jwk.n === 'string' && typeof jwk.e === 'string') return { n: jwk.n, e: jwk.e };
  } catch {
    // fall through (RSA-PSS-only keys cannot be exported as a JWK by node:crypto)
  }
  throw new ValidationError(
    [
      {
        path: `privateKeys[${index}]`,
        message: 'cannot be published as a JWK: use an RSA (rsaEncryption) key, which signs PS256 as well',
      },
    ],
    'Invalid OneLoginClient options',
  );
}
