/**
 * Client authentication at /token, as One Login does it (govuk-one-login/authentication-api orchestration-shared
 * .../validation/TokenClientAuthValidatorFactory.java, PrivateKeyJwtClientAuthValidator.java,
 * ClientSecretPostClientAuthValidator.java, services/ClientSignatureValidationService.java). Every refusal is a 400
 * with `{error, error_description}` (ApiResponse.badRequest).
 */
import { ServiceError } from '@council-sdk/core/testing';
import { timingSafeEqualString } from '@council-sdk/core';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { CLIENT_ASSERTION_TYPE } from '../../constants';
import { type StoredClient, findClient, sha256Hex, verifyWithClientKeys } from './clients';
import { type ModelContext, nowS } from './context';
import type { TokenRequest } from './token';

/** Algorithms Nimbus `PrivateKeyJWT.parse` accepts for a client assertion (HMAC is refused as unparseable). */
const PARSEABLE_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];
/** ClientSignatureValidationService verifies with an RSA key: an EC-signed assertion never verifies. */
const RSA_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
/** PrivateKeyJwtClientAuthValidator.hasPrivateKeyJwtExpired: `DateUtils.isAfter(exp, now, 30)`. */
const EXPIRY_SKEW_S = 30;
/** Nimbus `DefaultJWTClaimsVerifier`'s default skew for `nbf`. */
const NBF_SKEW_S = 60;

const refuse = (error: string, description: string) => new ServiceError(400, error, description);

/** Which method the request uses (the factory): an assertion with its type, or a secret with a client_id. */
export async function authenticateClient(ctx: ModelContext, request: TokenRequest): Promise<StoredClient> {
  if (request.client_assertion !== undefined && request.client_assertion_type !== undefined) {
    return privateKeyJwt(ctx, request);
  }
  if (request.client_secret !== undefined && request.client_id !== undefined) {
    return clientSecretPost(ctx, request.client_id, request.client_secret);
  }
  throw refuse('invalid_request', 'Invalid token authentication method used');
}

async function privateKeyJwt(ctx: ModelContext, request: TokenRequest): Promise<StoredClient> {
  const assertion = request.client_assertion ?? '';
  // Nimbus PrivateKeyJWT.parse: the assertion type, a signed JWT with iss = sub, aud and exp, and a client_id
  // parameter (when sent) naming the same client. Anything it cannot parse is "Invalid private_key_jwt".
  const unparseable = () => refuse('invalid_request', 'Invalid private_key_jwt');
  if (request.client_assertion_type !== CLIENT_ASSERTION_TYPE) throw unparseable();
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: ReturnType<typeof decodeJwt>;
  try {
    header = decodeProtectedHeader(assertion);
    claims = decodeJwt(assertion);
  } catch {
    throw unparseable();
  }
  if (typeof header.alg !== 'string' || !PARSEABLE_ALGS.includes(header.alg)) throw unparseable();
  if (typeof claims.iss !== 'string' || typeof claims.sub !== 'string' || claims.iss !== claims.sub)
    throw unparseable();
  if (claims.aud === undefined || typeof claims.exp !== 'number') throw unparseable();
  if (request.client_id !== undefined && request.client_id !== claims.sub) throw unparseable();

  const client = findClient(ctx, claims.sub);
  if (!client) throw refuse('invalid_client', 'Client authentication failed');
  if (client.tokenAuthMethod !== 'private_key_jwt')
    throw refuse('invalid_client', 'Client is not registered to use private_key_jwt');
  const now = nowS(ctx);
  if (claims.exp + EXPIRY_SKEW_S <= now) throw refuse('invalid_grant', 'private_key_jwt has expired');

  // Signature, audience (the token endpoint or the issuer) and nbf, all answered alike
  // (PrivateKeyJwtClientAuthValidator catches ClientSignatureValidationException). One Login neither requires
  // `jti` nor remembers used ones: Nimbus's ClientAuthenticationVerifier is built without a replay checker.
  const invalidSignature = () => refuse('invalid_client', 'Invalid signature in private_key_jwt');
  if (!RSA_ALGS.includes(header.alg)) throw invalidSignature();
  const verified = await verifyWithClientKeys(client, assertion, header.alg, header.kid);
  if (!verified) throw invalidSignature();
  const audiences = Array.isArray(verified.aud) ? verified.aud : [verified.aud];
  if (!audiences.some((a) => a === ctx.endpoints.token || a === ctx.issuer)) throw invalidSignature();
  if (typeof verified.nbf === 'number' && verified.nbf - NBF_SKEW_S > now) throw invalidSignature();
  return client;
}

function clientSecretPost(ctx: ModelContext, clientId: string, secret: string): StoredClient {
  const client = findClient(ctx, clientId);
  if (!client) throw refuse('invalid_client', 'Client authentication failed');
  if (client.tokenAuthMethod !== 'client_secret_post')
    throw refuse('invalid_client', 'Client is not registered to use client_secret_post');
  if (!client.clientSecretHash) throw refuse('invalid_client', 'No client secret registered');
  if (!timingSafeEqualString(sha256Hex(secret), client.clientSecretHash))
    throw refuse('invalid_client', 'Invalid client secret');
  return client;
}
