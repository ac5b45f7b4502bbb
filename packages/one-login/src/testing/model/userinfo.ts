/**
 * /userinfo and the core identity JWT in it. Claims follow the scopes and the identity claims asked for; identity
 * claims only when identity was proven; return codes when asked for (tech docs "Retrieve user information").
 */
import { ServiceError } from '@council-sdk/core/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { IDENTITY_CLAIMS } from '../../constants';
import { sha256Hex } from './clients';
import { type ModelContext, nowMs, nowS } from './context';
import { activeDidKey, corruptSignature, keyObject } from './keys';
import { findPersona, type Persona } from './personas';
import { type AccessTokenRecord, CORE_IDENTITY_LIFETIME_S } from './state';

/**
 * 401 with an empty body and `WWW-Authenticate` (`details.wwwAuthenticate`): Nimbus `BearerTokenError.MISSING_TOKEN`
 * (`Bearer`) without a token, `INVALID_TOKEN` ("Invalid access token") for any token it will not honour, expired
 * ones included (govuk-one-login/authentication-api oidc-api/.../lambda/UserInfoHandler.java,
 * oidc-api/.../services/AccessTokenService.java).
 */
const missingToken = () =>
  new ServiceError(401, 'missing_token', 'Missing access token', { wwwAuthenticate: 'Bearer' });
const invalidToken = () =>
  new ServiceError(401, 'invalid_token', 'Invalid access token', {
    wwwAuthenticate: 'Bearer error="invalid_token", error_description="Invalid access token"',
  });

/**
 * `accessToken` is the bearer token from the Authorization header, undefined when there was no such header, and ''
 * when the header was there but held no bearer token: UserInfoHandler answers MISSING_TOKEN only for a missing
 * header; AccessTokenService.parse answers INVALID_TOKEN for anything it cannot parse (another scheme, no token).
 */
export async function userinfo(
  ctx: ModelContext,
  accessToken: string | undefined,
): Promise<Record<string, unknown>> {
  if (accessToken === undefined) throw missingToken();
  const record = ctx.state.accessTokens.find((t) => t.token === accessToken);
  if (!record || record.revoked) throw invalidToken();
  if (record.expiresAt <= nowMs(ctx)) throw invalidToken();
  const persona = findPersona(ctx, record.personaId);
  if (!persona) throw invalidToken();

  const body: Record<string, unknown> = { sub: persona.sub };
  if (record.scopes.includes('email'))
    Object.assign(body, { email: persona.email, email_verified: persona.email_verified });
  if (record.scopes.includes('phone') && persona.phone_number) {
    Object.assign(body, {
      phone_number: persona.phone_number,
      phone_number_verified: persona.phone_number_verified ?? false,
    });
  }
  if (record.scopes.includes('wallet-subject-id')) {
    body.wallet_subject_id =
      persona.wallet_subject_id ??
      `urn:fdc:wallet.account.gov.uk:2024:${sha256Hex(persona.sub).slice(0, 43)}`;
  }
  const wants = (name: keyof typeof IDENTITY_CLAIMS) => record.claims.includes(IDENTITY_CLAIMS[name]);
  const identity = record.identityProven ? persona.identity : undefined;
  if (identity) {
    if (wants('coreIdentityJWT'))
      body[IDENTITY_CLAIMS.coreIdentityJWT] = await coreIdentity(ctx, record, persona);
    if (wants('address') && identity.address) body[IDENTITY_CLAIMS.address] = identity.address;
    if (wants('passport') && identity.passport) body[IDENTITY_CLAIMS.passport] = identity.passport;
    if (wants('drivingPermit') && identity.drivingPermit)
      body[IDENTITY_CLAIMS.drivingPermit] = identity.drivingPermit;
  }
  if (wants('returnCode') && persona.returnCodes?.length)
    body[IDENTITY_CLAIMS.returnCode] = persona.returnCodes;
  return body;
}

/** The core identity JWT: ES256 with the DID key, valid 30 minutes; the simulator's coreIdentityErrors break it. */
async function coreIdentity(ctx: ModelContext, record: AccessTokenRecord, persona: Persona): Promise<string> {
  const errors = ctx.state.errors.coreIdentityErrors;
  const identity = persona.identity;
  const now = nowS(ctx);
  const start = errors.includes('TOKEN_EXPIRED') ? now - 2 * CORE_IDENTITY_LIFETIME_S : now;
  const claims = {
    sub: errors.includes('INCORRECT_SUB') ? 'urn:fdc:gov.uk:2022:someone-else' : persona.sub,
    iss: errors.includes('INVALID_ISS') ? 'https://invalid-issuer.example/' : ctx.coreIdentityIssuer,
    aud: errors.includes('INVALID_AUD') ? 'invalid-client-id' : record.clientId,
    nbf: start,
    iat: start,
    exp: start + CORE_IDENTITY_LIFETIME_S,
    vot: identity?.vot ?? 'P0',
    vtm: ctx.endpoints.trustmark,
    vc: {
      type: ['VerifiableCredential', 'IdentityCheckCredential'],
      credentialSubject: { name: identity?.name ?? [], birthDate: identity?.birthDate ?? [] },
    },
  };
  if (errors.includes('INVALID_ALG_HEADER')) {
    return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: randomUUID() }).sign(randomBytes(32));
  }
  const key = activeDidKey(ctx);
  const jwt = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .sign(keyObject(ctx, key));
  return errors.includes('INVALID_SIGNATURE') ? corruptSignature(jwt) : jwt;
}
