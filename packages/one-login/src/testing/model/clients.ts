/**
 * Relying parties registered with the fake, with the switches of One Login's client registry
 * (govuk-one-login/authentication-api orchestration-shared/.../entity/ClientRegistry.java) that change behaviour.
 */
import { createHash } from 'node:crypto';
import { compactVerify, importJWK, type JWK } from 'jose';
import { IDENTITY_CLAIMS } from '../../constants';
import type { ModelContext } from './context';

/** A relying party registered with the fake (the simulator's `clientConfiguration`). */
export interface FakeClientConfig {
  clientId: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /**
   * `LandingPageUrl`: where One Login sends a user after an in-person identity check, once they have signed in from
   * the result email (tech-docs configure-for-production/index.html.md.erb).
   */
  landingPageUrl?: string;
  /** RSA public keys (JWKs) that verify the client's assertions and request objects. */
  publicKeys?: JWK[];
  /** For client_secret_post clients (authentication only). */
  clientSecret?: string;
  /** Default: openid, email, phone, wallet-subject-id. */
  scopes?: string[];
  /** Identity claims (friendly names or URIs) the client may request. Default: all. */
  claims?: string[];
  /** Default true for private_key_jwt clients, false for client_secret_post ones. */
  identityVerificationSupported?: boolean;
  /** Identity levels the client may ask for (`clientLoCs`). Default P0, P1, P2, P3. */
  clientLoCs?: string[];
  idTokenSigningAlgorithm?: 'ES256' | 'RS256';
  /** Refuse authorisation requests without PKCE. */
  pkceEnforced?: boolean;
  /** Honour `max_age` (by arrangement with One Login; otherwise it is ignored). Default false. */
  maxAgeEnabled?: boolean;
  /** Accept authorisation requests without a nonce (third-party platforms). Default false. */
  permitMissingNonce?: boolean;
  /** Refuse authorisation requests that are not request objects (JAR). Default false. */
  jarValidationRequired?: boolean;
  /** Identity failures come back as return codes instead of access_denied. */
  returnCodesEnabled?: boolean;
  backChannelLogoutUri?: string;
}

export interface StoredClient extends Omit<FakeClientConfig, 'clientSecret'> {
  /** sha256 of the secret: the fake, like One Login, never keeps it in the clear. */
  clientSecretHash?: string;
  tokenAuthMethod: 'private_key_jwt' | 'client_secret_post';
}

export const DEFAULT_SCOPES = ['openid', 'email', 'phone', 'wallet-subject-id'];
export const DEFAULT_CLIENT_LOCS = ['P0', 'P1', 'P2', 'P3'];

export const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export function registerClient(ctx: ModelContext, config: FakeClientConfig): void {
  const { clientSecret, ...rest } = config;
  if (!config.clientId || !Array.isArray(config.redirectUris) || config.redirectUris.length === 0) {
    throw new Error('A client needs a clientId and at least one redirect URI');
  }
  if (!clientSecret && !config.publicKeys?.length)
    throw new Error('A client needs publicKeys or a clientSecret');
  const stored: StoredClient = {
    ...structuredClone(rest),
    claims: (rest.claims ?? Object.keys(IDENTITY_CLAIMS)).map(
      (c) => (IDENTITY_CLAIMS as Record<string, string>)[c] ?? c,
    ),
    identityVerificationSupported: rest.identityVerificationSupported ?? !clientSecret,
    tokenAuthMethod: clientSecret ? 'client_secret_post' : 'private_key_jwt',
    ...(clientSecret ? { clientSecretHash: sha256Hex(clientSecret) } : {}),
  };
  ctx.state.clients = [...ctx.state.clients.filter((c) => c.clientId !== config.clientId), stored];
}

export function findClient(ctx: ModelContext, clientId: string | undefined): StoredClient | undefined {
  return clientId === undefined ? undefined : ctx.state.clients.find((c) => c.clientId === clientId);
}

/**
 * Verify a JWT the client signed (client assertion or request object). One Login verifies with the client's one
 * static key, or with the JWKS key named by `kid`; the fake tries the key named by `kid`, else each registered key.
 */
export async function verifyWithClientKeys(
  client: StoredClient,
  jwt: string,
  alg: string,
  kid: unknown,
): Promise<Record<string, unknown> | undefined> {
  const keys = (client.publicKeys ?? []).filter(
    (k) => kid === undefined || k.kid === undefined || k.kid === kid,
  );
  for (const jwk of keys) {
    try {
      const key = await importJWK({ ...jwk, alg }, alg);
      const { payload } = await compactVerify(jwt, key, { algorithms: [alg] });
      return JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    } catch {
      // try the next key
    }
  }
  return undefined;
}
