/**
 * Request objects (JAR): govuk-one-login/authentication-api
 * oidc-api/.../validators/RequestObjectAuthorizeValidator.java, in its order. The signature is checked first
 * (ClientSignatureValidationService.validate, RSA keys only) and the time claims with 30 s of skew; a failure there,
 * or a missing or unregistered redirect URI, is a 400 page; after that the refusals are redirects. Only the request
 * object counts: other query parameters are ignored (RequestObjectToAuthRequestHelper.transform).
 */
import { decodeProtectedHeader } from 'jose';
import { authorizeAudience } from '../../constants';
import type { AuthorizeParams, ValidatedAuthorizeRequest } from './authorize';
import {
  checkResponseMode,
  claimsValid,
  pkceProblem,
  promptProblem,
  scopesValid,
  userinfoClaims,
  vtrFor,
} from './authorize';
import { errorPage, errorRedirect } from './authorize-errors';
import { type StoredClient, verifyWithClientKeys } from './clients';
import { type ModelContext, nowS } from './context';

const RSA_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const CLOCK_SKEW_S = 30;
const LANG_TAG = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;

export async function validateRequestObject(
  ctx: ModelContext,
  client: StoredClient,
  params: AuthorizeParams,
): Promise<ValidatedAuthorizeRequest> {
  const jwt = params.request ?? '';
  let alg: unknown;
  let kid: unknown;
  try {
    ({ alg, kid } = decodeProtectedHeader(jwt));
  } catch {
    throw errorPage('Invalid request');
  }
  // "Request object JWT must be signed", then an RSA signature by the client's key.
  if (typeof alg !== 'string' || !RSA_ALGS.includes(alg)) throw errorPage('Invalid request');
  const c = await verifyWithClientKeys(client, jwt, alg, kid);
  if (!c) throw errorPage('Invalid request');
  // "Request expired": Nimbus DefaultJWTClaimsVerifier checks exp and nbf when present, with 30 s of skew.
  const now = nowS(ctx);
  if (typeof c.exp === 'number' && c.exp + CLOCK_SKEW_S < now) throw errorPage('Invalid request');
  if (typeof c.nbf === 'number' && c.nbf - CLOCK_SKEW_S > now) throw errorPage('Invalid request');

  const redirectUri = typeof c.redirect_uri === 'string' ? c.redirect_uri : undefined;
  if (!redirectUri || !client.redirectUris.includes(redirectUri)) throw errorPage('Invalid request');
  const responseMode = checkResponseMode(c.response_mode);
  const bare = { redirectUri, ...(responseMode ? { responseMode } : {}) };
  if (c.state === undefined || c.state === null)
    throw errorRedirect(bare, 'invalid_request', 'Request is missing state parameter');
  const state = String(c.state);
  const at = { ...bare, state };

  if (params.response_type !== 'code') throw errorRedirect(at, 'unsupported_response_type');
  if (!scopesValid((params.scope ?? '').split(' ').filter(Boolean), client))
    throw errorRedirect(at, 'invalid_scope');
  if (c.client_id === undefined || String(c.client_id) !== params.client_id)
    throw errorRedirect(at, 'unauthorized_client');
  if (c.request !== undefined || c.request_uri !== undefined) throw errorRedirect(at, 'invalid_request');
  const aud = Array.isArray(c.aud) ? c.aud : [c.aud];
  if (!aud.includes(authorizeAudience(ctx.issuer))) throw errorRedirect(at, 'access_denied');
  if (c.iss !== client.clientId) throw errorRedirect(at, 'unauthorized_client');
  if (c.response_type !== 'code') throw errorRedirect(at, 'unsupported_response_type');
  if (typeof c.scope !== 'string' || !scopesValid(c.scope.split(' ').filter(Boolean), client))
    throw errorRedirect(at, 'invalid_scope');

  let claims: string[] = [];
  if (c.claims !== undefined && c.claims !== null) {
    try {
      claims = userinfoClaims(typeof c.claims === 'string' ? JSON.parse(c.claims) : c.claims);
    } catch {
      throw errorRedirect(at, 'invalid_request', 'Request contains invalid claims');
    }
    if (!claimsValid(claims, client))
      throw errorRedirect(at, 'invalid_request', 'Request contains invalid claims');
  }
  if ((c.nonce === undefined || c.nonce === null) && !client.permitMissingNonce)
    throw errorRedirect(at, 'invalid_request', 'Request is missing nonce parameter');

  const challenge = typeof c.code_challenge === 'string' ? c.code_challenge : undefined;
  const method = typeof c.code_challenge_method === 'string' ? c.code_challenge_method : undefined;
  const pkce = pkceProblem(challenge, method, client);
  if (pkce) throw errorRedirect(at, 'invalid_request', pkce);

  // The vtr claim may be an array of vectors or a JSON string of one (getRequestObjectVtrAsList).
  let rawVtr: string | undefined;
  if (Array.isArray(c.vtr) && c.vtr.every((v) => typeof v === 'string')) rawVtr = JSON.stringify(c.vtr);
  else if (typeof c.vtr === 'string') rawVtr = c.vtr;
  else if (c.vtr !== undefined && c.vtr !== null)
    throw errorRedirect(at, 'invalid_request', 'Request vtr not valid');
  const vtr = vtrFor(rawVtr, client, at);

  if (c.ui_locales !== undefined && c.ui_locales !== null) {
    if (typeof c.ui_locales !== 'string' || c.ui_locales.split(' ').some((t) => !LANG_TAG.test(t)))
      throw errorRedirect(at, 'invalid_request', 'ui_locales parameter is invalid');
  }
  let maxAge: number | undefined;
  if (c.max_age !== undefined && c.max_age !== null) {
    const n = typeof c.max_age === 'number' ? c.max_age : Number(c.max_age);
    if (!Number.isInteger(n))
      throw errorRedirect(at, 'invalid_request', 'Max age could not be parsed to an integer');
    if (n < 0) throw errorRedirect(at, 'invalid_request', 'Max age is negative in request object');
    maxAge = n;
  }
  if (typeof c.login_hint === 'string' && c.login_hint.length > 256)
    throw errorRedirect(at, 'invalid_request', 'login_hint parameter is invalid');
  if (typeof c.channel === 'string' && !['web', 'generic_app'].includes(c.channel))
    throw errorRedirect(at, 'invalid_request', 'Invalid value for channel parameter.');
  // An unknown prompt in a request object fails One Login's transform (a server error there); the fake refuses it.
  const prompt = typeof c.prompt === 'string' ? c.prompt : undefined;
  if (prompt !== undefined && promptProblem(prompt)) throw errorRedirect(at, 'invalid_request');

  return {
    redirectUri,
    state,
    ...(responseMode ? { responseMode } : {}),
    ...(typeof c.nonce === 'string' ? { nonce: c.nonce } : {}),
    scopes: c.scope.split(' ').filter(Boolean),
    vtr,
    claims,
    ...(challenge !== undefined ? { codeChallenge: challenge } : {}),
    ...(maxAge !== undefined ? { maxAge } : {}),
    prompt: (prompt ?? '').split(' ').filter(Boolean),
    ...(typeof c.ui_locales === 'string' ? { uiLocales: c.ui_locales } : {}),
  };
}
