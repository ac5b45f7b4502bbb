/**
 * One Login's own errors. They extend core's hierarchy (so `instanceof CouncilSdkError` catches everything) and
 * carry their own brands, so `instanceof` keeps working across duplicate installs. Messages never contain a token,
 * a key or a secret: they name the check that failed, not the value that failed it.
 */
import {
  type ApiErrorClass,
  type ApiErrorInit,
  BadRequestError,
  CouncilSdkError,
  type ErrorDescription,
} from '@council-sdk/core';

/** Base of every error specific to One Login. */
export class OneLoginError extends CouncilSdkError {
  static override readonly brand: string = 'one-login.OneLoginError';
}

/** OAuth error codes One Login sends back on the redirect URI. */
export type AuthorizationErrorCode =
  | 'access_denied'
  | 'login_required'
  | 'temporarily_unavailable'
  | 'invalid_request'
  | 'invalid_scope'
  | 'unauthorized_client'
  | 'unsupported_response_type'
  | 'server_error'
  | (string & {});

/**
 * One Login redirected back with `error=...` instead of a code. `code` is the OAuth error code; `description` is
 * One Login's `error_description` (free text, never a secret).
 */
export class AuthorizationError extends OneLoginError {
  static override readonly brand: string = 'one-login.AuthorizationError';
  readonly code: AuthorizationErrorCode;
  readonly description: string | undefined;
  constructor(code: string, description?: string) {
    super(`One Login returned ${code}${description ? `: ${description}` : ''}`);
    this.code = code;
    this.description = description;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code, description: this.description };
  }
}

/** The user cancelled, their session was lost, or their identity could not be proven at the level asked for. */
export class AccessDeniedError extends AuthorizationError {
  static override readonly brand: string = 'one-login.AccessDeniedError';
}
/** Re-authentication (`prompt=login`) failed: end the user's session in your service. */
export class LoginRequiredError extends AuthorizationError {
  static override readonly brand: string = 'one-login.LoginRequiredError';
}
/** One Login is temporarily unavailable: ask the user to try again later. */
export class TemporarilyUnavailableError extends AuthorizationError {
  static override readonly brand: string = 'one-login.TemporarilyUnavailableError';
}

export function authorizationErrorFor(code: string, description?: string): AuthorizationError {
  switch (code) {
    case 'access_denied':
      return new AccessDeniedError(code, description);
    case 'login_required':
      return new LoginRequiredError(code, description);
    case 'temporarily_unavailable':
      return new TemporarilyUnavailableError(code, description);
    default:
      return new AuthorizationError(code, description);
  }
}

/** The callback's `state` is missing or is not the one stored for this browser (CSRF or a mixed-up session). */
export class StateMismatchError extends OneLoginError {
  static override readonly brand: string = 'one-login.StateMismatchError';
}

/** Which check a token failed. */
export type TokenCheck =
  | 'malformed'
  | 'alg'
  | 'kid'
  | 'typ'
  | 'signature'
  | 'iss'
  | 'aud'
  | 'exp'
  | 'iat'
  | 'nbf'
  | 'nonce'
  | 'vot'
  | 'auth_time'
  | 'at_hash'
  | 'sub'
  | 'claims'
  | 'events'
  | 'jti'
  | 'controller';

export type TokenKind = 'id_token' | 'logout_token' | 'core_identity' | 'userinfo';

/**
 * A token failed validation: do not trust it. `check` names the failed check (`signature`, `aud`, `nonce`...),
 * `token` which kind of token it was.
 */
export class TokenValidationError extends OneLoginError {
  static override readonly brand: string = 'one-login.TokenValidationError';
  readonly token: TokenKind;
  readonly check: TokenCheck;
  constructor(token: TokenKind, check: TokenCheck, detail: string) {
    super(`${LABELS[token]} rejected (${check}): ${detail}`);
    this.token = token;
    this.check = check;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), token: this.token, check: this.check };
  }
}

const LABELS: Record<TokenKind, string> = {
  id_token: 'ID token',
  logout_token: 'Logout token',
  core_identity: 'Core identity JWT',
  userinfo: 'User info',
};

/** An ID token failed validation. */
export class IdTokenValidationError extends TokenValidationError {
  static override readonly brand: string = 'one-login.IdTokenValidationError';
  constructor(check: TokenCheck, detail: string) {
    super('id_token', check, detail);
  }
}
/** A back-channel logout token failed validation (answer 400 to One Login). */
export class LogoutTokenValidationError extends TokenValidationError {
  static override readonly brand: string = 'one-login.LogoutTokenValidationError';
  constructor(check: TokenCheck, detail: string) {
    super('logout_token', check, detail);
  }
}
/** A logout token's `jti` was seen within the replay window. */
export class LogoutTokenReplayError extends LogoutTokenValidationError {
  static override readonly brand: string = 'one-login.LogoutTokenReplayError';
  constructor() {
    super('jti', 'this logout token was already used');
  }
}
/** A core identity JWT failed validation: the user's identity is NOT proven. */
export class CoreIdentityValidationError extends TokenValidationError {
  static override readonly brand: string = 'one-login.CoreIdentityValidationError';
  constructor(check: TokenCheck, detail: string) {
    super('core_identity', check, detail);
  }
}
/** /userinfo answered for a different user than the ID token's `sub`. */
export class SubjectMismatchError extends TokenValidationError {
  static override readonly brand: string = 'one-login.SubjectMismatchError';
  constructor() {
    super('userinfo', 'sub', 'userinfo sub does not match the ID token sub');
  }
}

/** A JWKS or DID document did not give a usable key (network failure with no cached copy is a core error). */
export class KeyNotFoundError extends OneLoginError {
  static override readonly brand: string = 'one-login.KeyNotFoundError';
}

/** The discovery document, JWKS or DID document is unusable (wrong issuer, plain http, malformed). */
export class ProviderMetadataError extends OneLoginError {
  static override readonly brand: string = 'one-login.ProviderMetadataError';
}

/** The token endpoint answered with an OAuth error (`invalid_grant`, `invalid_client`...); `code` holds it. */
export class TokenEndpointError extends BadRequestError {
  static override readonly brand: string = 'one-login.TokenEndpointError';
  constructor(init: ApiErrorInit) {
    super(init);
  }
}
/** The code was invalid, expired or already used, or `redirect_uri`/`code_verifier` did not match. */
export class InvalidGrantError extends TokenEndpointError {
  static override readonly brand: string = 'one-login.InvalidGrantError';
}
/** One Login did not accept the client authentication (key, assertion or secret). */
export class InvalidClientError extends TokenEndpointError {
  static override readonly brand: string = 'one-login.InvalidClientError';
}

/** One Login's OAuth error body `{error, error_description}` (RFC 6749 §5.2) in core's terms. */
export function describeOAuthError(status: number, body: unknown): ErrorDescription {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const code = typeof b.error === 'string' ? b.error : undefined;
    const description = typeof b.error_description === 'string' ? b.error_description : undefined;
    if (code)
      return {
        code,
        message: `One Login answered ${status} ${code}${description ? `: ${description}` : ''}`,
      };
  }
  return {};
}

/** The token endpoint's 400s as their own classes (a used code, a refused client assertion). */
export function tokenErrorClass(init: ApiErrorInit): ApiErrorClass | undefined {
  if (init.method !== 'POST' || init.status !== 400) return undefined;
  if (init.code === 'invalid_grant') return InvalidGrantError;
  if (init.code === 'invalid_client') return InvalidClientError;
  return TokenEndpointError;
}
