/**
 * The fake One Login's state: everything a snapshot saves. Plain JSON (private keys included: a fake's keys
 * protect nothing), so the sandbox can keep it in its state file.
 */
import type { ErrorConfiguration } from './injected-errors';
import type { SigningKey } from './keys';
import type { Persona } from './personas';
import type { StoredClient } from './clients';

export interface AuthorizationRecord {
  /** One Login's client session id (`govuk_signin_journey_id`); it becomes the ID token's `sid`. */
  id: string;
  clientId: string;
  redirectUri: string;
  state?: string;
  nonce?: string;
  scopes: string[];
  vtr: string[];
  /** Identity claim URIs requested for /userinfo. */
  claims: string[];
  codeChallenge?: string;
  maxAge?: number;
  prompt?: string[];
  uiLocales?: string;
  responseMode?: 'query' | 'fragment';
  createdAt: number;
}

export interface CodeRecord {
  code: string;
  authorization: AuthorizationRecord;
  personaId: string;
  sub: string;
  authTime: number;
  identityProven: boolean;
  expiresAt: number;
  used: boolean;
  accessTokens: string[];
}

export interface AccessTokenRecord {
  token: string;
  clientId: string;
  sub: string;
  personaId: string;
  scopes: string[];
  claims: string[];
  identityProven: boolean;
  expiresAt: number;
  revoked: boolean;
}

/** A user's One Login session (what the real service keeps behind its session cookie). */
export interface SessionRecord {
  sub: string;
  /** When the user last authenticated (seconds): the ID token's `auth_time`. */
  authTime: number;
  /** Last interaction (ms); the session ends an hour after it. */
  lastActiveAt: number;
  clientIds: string[];
}

/** A back-channel logout sent (its delivery attempts live in the fake's `deliveries`). */
export interface BackChannelLogoutSent {
  messageId: string;
  at: string;
  clientId: string;
  uri: string;
  sub: string;
  /** The `jti` of the latest token sent (each retry sends a freshly signed one). */
  jti: string;
}

export interface OneLoginFakeState {
  clients: StoredClient[];
  personas: Persona[];
  defaultPersonaId: string;
  signingKeys: SigningKey[];
  didKeys: SigningKey[];
  pending: AuthorizationRecord[];
  codes: CodeRecord[];
  accessTokens: AccessTokenRecord[];
  sessions: SessionRecord[];
  errors: ErrorConfiguration;
  backChannelLogouts: BackChannelLogoutSent[];
}

/** Codes live five minutes, access tokens three, ID tokens two, core identity JWTs thirty (tech docs). */
export const CODE_LIFETIME_S = 300;
export const ACCESS_TOKEN_LIFETIME_S = 180;
export const ID_TOKEN_LIFETIME_S = 120;
export const CORE_IDENTITY_LIFETIME_S = 1800;
/**
 * A session lasts an hour from the last interaction: `ConfigurationService.getSessionExpiry()` (default 3600) in
 * govuk-one-login/authentication-api orchestration-shared, refreshed by `AuthorisationHandler.updateOrchSession`.
 */
export const SESSION_EXPIRY_MS = 3_600_000;
