/**
 * /token: the authorisation code grant. govuk-one-login/authentication-api oidc-api/.../lambda/TokenHandler.java
 * (order of checks), orchestration-shared/.../services/TokenService.java (`validateTokenRequestParams`, the ID token's
 * claims), orchestration-shared/.../services/OrchAuthCodeService.java (codes are single use and expire).
 * Every refusal is a 400 with `{error, error_description}`.
 */
import { createHash } from 'node:crypto';
import { ServiceError } from '@council-sdk/core/testing';
import { timingSafeEqualString } from '@council-sdk/core';
import { base64url } from 'jose';
import { authenticateClient } from './client-auth';
import type { StoredClient } from './clients';
import { type ModelContext, nowMs, nowS } from './context';
import { signJwt } from './keys';
import { randomToken } from './random';
import { prune } from './sessions';
import { ACCESS_TOKEN_LIFETIME_S, type CodeRecord, ID_TOKEN_LIFETIME_S } from './state';
import { lowestVector, parseVtr } from './vtr';

/** The form of a token request (the handlers parse the body). */
export interface TokenRequest {
  grant_type?: string;
  code?: string;
  redirect_uri?: string;
  code_verifier?: string;
  refresh_token?: string;
  client_id?: string;
  client_secret?: string;
  client_assertion_type?: string;
  client_assertion?: string;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  id_token: string;
}

const refuse = (error: string, description: string) => new ServiceError(400, error, description);
const invalidGrant = () => refuse('invalid_grant', 'Invalid grant');

export async function exchangeCode(ctx: ModelContext, request: TokenRequest): Promise<TokenResponse> {
  // TokenService.validateTokenRequestParams.
  if (request.grant_type === undefined)
    throw refuse('invalid_request', 'Request is missing grant_type parameter');
  if (request.grant_type !== 'authorization_code' && request.grant_type !== 'refresh_token')
    throw refuse('unsupported_grant_type', 'Unsupported grant type');
  if (request.grant_type === 'authorization_code') {
    if (request.redirect_uri === undefined)
      throw refuse('invalid_request', 'Request is missing redirect_uri parameter');
    if (!request.code) throw refuse('invalid_request', 'Request is missing code parameter');
  } else if (request.refresh_token === undefined) {
    throw refuse('invalid_request', 'Request is missing refresh token');
  } else if (request.refresh_token.trim() === '') {
    // validateRefreshRequestParams: Nimbus `new RefreshToken("")` refuses a blank value, before client authentication.
    throw refuse('invalid_request', 'Invalid refresh token');
  }

  const client = await authenticateClient(ctx, request);
  // The fake never issues refresh tokens (offline_access is by arrangement), so none can be valid.
  if (request.grant_type === 'refresh_token') throw refuse('invalid_grant', 'Invalid Refresh token');
  prune(ctx);

  const code = ctx.state.codes.find((c) => c.code === request.code);
  if (!code || code.used || code.expiresAt <= nowMs(ctx)) throw invalidGrant();
  if (code.authorization.clientId !== client.clientId) throw invalidGrant();
  if (request.redirect_uri !== code.authorization.redirectUri) throw invalidGrant();
  if (!pkceValid(code.authorization.codeChallenge, request.code_verifier))
    throw refuse('invalid_grant', 'PKCE code verification failed');
  code.used = true;

  const accessToken = randomToken(32);
  code.accessTokens.push(accessToken);
  ctx.state.accessTokens.push({
    token: accessToken,
    clientId: client.clientId,
    sub: code.sub,
    personaId: code.personaId,
    scopes: code.authorization.scopes,
    claims: code.authorization.claims,
    identityProven: code.identityProven,
    expiresAt: nowMs(ctx) + ACCESS_TOKEN_LIFETIME_S * 1000,
    revoked: false,
  });
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: ACCESS_TOKEN_LIFETIME_S,
    id_token: await idToken(ctx, client, code, accessToken),
  };
}

/**
 * TokenHandler.isPKCEValid: no challenge and no verifier is fine; one without the other fails; the verifier must be
 * RFC 7636 syntax (43-128 unreserved characters) and hash (S256) to the challenge.
 */
function pkceValid(challenge: string | undefined, verifier: string | undefined): boolean {
  if (challenge === undefined && verifier === undefined) return true;
  if (challenge === undefined || verifier === undefined) return false;
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  const computed = base64url.encode(createHash('sha256').update(verifier, 'ascii').digest());
  return timingSafeEqualString(computed, challenge);
}

/**
 * TokenService.generateIDToken: `iss`, `sub`, `aud`, `exp` (two minutes), `iat`, `at_hash`, `sid` (the client
 * session id of this sign-in), `nonce` when sent, `vot` (the credential part of the lowest vector asked for),
 * `auth_time`, `vtm`. The simulator's idTokenErrors break it on request.
 */
async function idToken(ctx: ModelContext, client: StoredClient, code: CodeRecord, accessToken: string) {
  const errors = ctx.state.errors.idTokenErrors;
  const now = nowS(ctx);
  const vot = lowestVector(parseVtr(JSON.stringify(code.authorization.vtr))).credential;
  const digest = createHash('sha256').update(accessToken, 'ascii').digest();
  let iat = now;
  if (errors.includes('TOKEN_EXPIRED')) iat = now - 3600;
  if (errors.includes('TOKEN_NOT_VALID_YET')) iat = now + 3600;
  const claims = {
    sub: code.sub,
    aud: errors.includes('INVALID_AUD') ? 'invalid-client-id' : client.clientId,
    iss: errors.includes('INVALID_ISS') ? 'https://invalid-issuer.example/' : ctx.issuer,
    vot: errors.includes('INCORRECT_VOT') ? (vot === 'Cl' ? 'Cl.Cm' : 'Cl') : vot,
    vtm: ctx.endpoints.trustmark,
    iat,
    exp: iat + ID_TOKEN_LIFETIME_S,
    ...(code.authorization.nonce !== undefined
      ? { nonce: errors.includes('NONCE_NOT_MATCHING') ? randomToken(16) : code.authorization.nonce }
      : {}),
    sid: code.authorization.id,
    auth_time: code.authTime,
    at_hash: base64url.encode(digest.subarray(0, 16)),
  };
  return signJwt(ctx, claims, {
    alg: client.idTokenSigningAlgorithm ?? 'ES256',
    hs256: errors.includes('INVALID_ALG_HEADER'),
    badSignature: errors.includes('INVALID_SIGNATURE'),
  });
}
