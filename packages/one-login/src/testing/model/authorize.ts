/**
 * /authorize: One Login's validation of an authentication request, in its order and with its answers.
 * Sources (govuk-one-login/authentication-api):
 * - oidc-api/.../lambda/AuthorisationHandler.java: parse (Nimbus `AuthenticationRequest.parse`), parse failures
 *   classified by oidc-api/.../services/AuthorisationService.java `classifyParseException`, client lookup, JAR
 *   requirement, the validators, then `prompt=select_account`;
 * - oidc-api/.../validators/QueryParamsAuthorizeValidator.java and BaseAuthorizeValidator.java (query requests);
 * - oidc-api/.../validators/RequestObjectAuthorizeValidator.java (request objects, see request-object.ts).
 * The official simulator (govuk-one-login/simulator src/parse/parse-auth-request.ts,
 * src/validators/validate-auth-request-query-params.ts) mirrors the same order.
 */
import { IDENTITY_CLAIMS } from '../../constants';
import { type StoredClient, DEFAULT_SCOPES, findClient } from './clients';
import { type ModelContext, nowMs } from './context';
import { type AuthorizeRedirectDetails, errorPage, errorRedirect } from './authorize-errors';
import { validateRequestObject } from './request-object';
import { completeAuthorization } from './sessions';
import type { AuthorizationRecord } from './state';
import { InvalidVtr, isIdentityLevel, parseVtr, vectorToString } from './vtr';
import { randomToken } from './random';

/** The query of an authentication request, one value per parameter (the handlers read it off the URL). */
export interface AuthorizeParams {
  response_type?: string;
  client_id?: string;
  redirect_uri?: string;
  scope?: string;
  state?: string;
  nonce?: string;
  vtr?: string;
  claims?: string;
  prompt?: string;
  max_age?: string;
  ui_locales?: string;
  response_mode?: string;
  code_challenge?: string;
  code_challenge_method?: string;
  request?: string;
  request_uri?: string;
  id_token_hint?: string;
  login_hint?: string;
  channel?: string;
}

/** The request once validated, whether it came as query parameters or as a request object. */
export interface ValidatedAuthorizeRequest {
  redirectUri: string;
  state: string;
  responseMode?: 'query' | 'fragment';
  nonce?: string;
  scopes: string[];
  vtr: string[];
  claims: string[];
  codeChallenge?: string;
  maxAge?: number;
  prompt: string[];
  uiLocales?: string;
}

/** Scopes One Login knows (orchestration-shared/.../entity/ValidScopes.java). */
export const VALID_SCOPES = [
  'openid',
  'email',
  'phone',
  'offline_access',
  'am',
  'govuk-account',
  'doc-checking-app',
  'wallet-subject-id',
];
/** Claims One Login knows (orchestration-shared/.../entity/ValidClaims.java). */
export const VALID_CLAIMS = [
  ...Object.values(IDENTITY_CLAIMS),
  'https://vocab.account.gov.uk/v1/inheritedIdentityJWT',
];
/** Nimbus `Prompt.Type`. */
const PROMPT_VALUES = ['none', 'login', 'consent', 'select_account', 'create'];
/** Nimbus `ResponseType` values an OpenID request may carry; anything else fails to parse. */
const RESPONSE_TYPE_VALUES = ['code', 'token', 'id_token'];
/** BaseAuthorizeValidator.validateChannel: `Channel.WEB` and `Channel.GENERIC_APP`. */
const CHANNELS = ['web', 'generic_app'];
/** A BCP 47 language tag, as Nimbus `LangTagUtils.parseLangTagList` accepts (primary language and subtags). */
const LANG_TAG = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;

export type AuthorizeOutcome = { location: string };

/** Validate an authentication request and answer with where to send the browser (or throw the refusal). */
export async function authorize(ctx: ModelContext, params: AuthorizeParams): Promise<AuthorizeOutcome> {
  const parseProblem = nimbusParseProblem(params);
  if (parseProblem) throw classifyParseProblem(ctx, params);

  const client = findClient(ctx, params.client_id);
  if (!client) throw errorPage('Invalid request');

  if (client.jarValidationRequired && params.request === undefined) {
    const description = 'JAR required for client but request does not contain Request Object';
    if (!client.redirectUris.includes(params.redirect_uri ?? '')) throw errorPage('Invalid request');
    throw errorRedirect(redirectAt(params), 'access_denied', description);
  }

  const request =
    params.request === undefined
      ? validateQueryParams(client, params)
      : await validateRequestObject(ctx, client, params);

  const at: AuthorizeRedirectDetails = {
    redirectUri: request.redirectUri,
    state: request.state,
    ...(request.responseMode ? { responseMode: request.responseMode } : {}),
  };
  // The simulator's errorConfiguration (src/components/authorise/authorise-get-controller.ts), after validation.
  const injected = ctx.state.errors.authoriseErrors[0];
  if (injected === 'ACCESS_DENIED') throw errorRedirect(at, 'access_denied');
  if (injected === 'TEMPORARILY_UNAVAILABLE') throw errorRedirect(at, 'temporarily_unavailable');
  // AuthorisationHandler.handleAuthJourney: One Login has no account chooser.
  if (request.prompt.includes('select_account')) throw errorRedirect(at, 'unmet_authentication_requirements');

  const record: AuthorizationRecord = {
    id: randomToken(16),
    clientId: client.clientId,
    redirectUri: request.redirectUri,
    state: request.state,
    scopes: request.scopes,
    vtr: request.vtr,
    claims: request.claims,
    prompt: request.prompt,
    createdAt: nowMs(ctx),
    ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
    ...(request.codeChallenge !== undefined ? { codeChallenge: request.codeChallenge } : {}),
    ...(request.maxAge !== undefined ? { maxAge: request.maxAge } : {}),
    ...(request.uiLocales !== undefined ? { uiLocales: request.uiLocales } : {}),
    ...(request.responseMode ? { responseMode: request.responseMode } : {}),
  };
  if (ctx.interactive) {
    ctx.state.pending.push(record);
    const page = new URL(ctx.signInPageUrl);
    page.searchParams.set('id', record.id);
    return { location: page.toString() };
  }
  return { location: completeAuthorization(ctx, record, { persona: ctx.state.defaultPersonaId }) };
}

const redirectAt = (params: AuthorizeParams): AuthorizeRedirectDetails => ({
  redirectUri: params.redirect_uri ?? '',
  ...(params.state !== undefined ? { state: params.state } : {}),
  ...(params.response_mode === 'fragment' ? { responseMode: 'fragment' as const } : {}),
});

/**
 * What Nimbus `AuthenticationRequest.parse` refuses before One Login's own checks run (the simulator's
 * parse-auth-request.ts lists the same): returns a reason, or undefined when the request parses.
 */
function nimbusParseProblem(p: AuthorizeParams): string | undefined {
  if (Object.values(p).every((v) => v === undefined)) return 'no parameters';
  if (p.client_id === undefined || p.client_id === '') return 'Missing client_id parameter';
  if (p.redirect_uri !== undefined && !isUri(p.redirect_uri)) return 'Invalid redirect_uri parameter';
  if (p.request !== undefined && p.request_uri !== undefined) return 'request and request_uri are exclusive';
  if (p.request !== undefined && p.request.split('.').length !== 3) return 'Invalid request parameter';
  const jar = p.request !== undefined || p.request_uri !== undefined;
  if (!jar && !p.redirect_uri) return 'Missing redirect_uri parameter';
  if (!jar && !p.response_type) return 'Missing response_type parameter';
  if (p.response_type?.split(' ').some((t) => !RESPONSE_TYPE_VALUES.includes(t)))
    return 'Invalid response_type parameter';
  if (!jar && !p.scope) return 'Missing scope parameter';
  if (p.scope !== undefined && !p.scope.split(' ').includes('openid'))
    return 'The scope must include an "openid" value';
  if (p.prompt !== undefined && promptProblem(p.prompt)) return 'Invalid prompt parameter';
  // Java's Integer.parseInt: an optional sign and digits, within 32 bits.
  if (p.max_age !== undefined && p.max_age.trim() !== '') {
    const n = /^[+-]?\d+$/.test(p.max_age) ? Number(p.max_age) : Number.NaN;
    if (!Number.isInteger(n) || n > 2 ** 31 - 1 || n < -(2 ** 31)) return 'Invalid max_age parameter';
  }
  if (p.ui_locales?.split(' ').some((t) => t !== '' && !LANG_TAG.test(t)))
    return 'Invalid ui_locales parameter';
  if (p.claims !== undefined && p.claims !== '' && !isJsonObject(p.claims)) return 'Invalid claims parameter';
  return undefined;
}

/** Nimbus `Prompt.parse`: known values only, and `none` alone. */
export function promptProblem(prompt: string): boolean {
  const values = prompt.split(' ').filter(Boolean);
  return values.some((v) => !PROMPT_VALUES.includes(v)) || (values.includes('none') && values.length > 1);
}

/**
 * AuthorisationService.classifyParseException: no client_id or redirect_uri -> 400 "Request is missing
 * parameters"; unknown client or unregistered redirect URI -> 400 "Invalid request"; otherwise an `invalid_request`
 * redirect with Nimbus's plain description (AuthorisationHandler.generateParseExceptionResponse).
 */
function classifyParseProblem(ctx: ModelContext, p: AuthorizeParams) {
  if (!p.client_id || !p.redirect_uri || !isUri(p.redirect_uri))
    return errorPage('Request is missing parameters');
  const client = findClient(ctx, p.client_id);
  if (!client?.redirectUris.includes(p.redirect_uri)) return errorPage('Invalid request');
  return errorRedirect(redirectAt(p), 'invalid_request');
}

/** QueryParamsAuthorizeValidator.validate, in its order. */
function validateQueryParams(client: StoredClient, p: AuthorizeParams): ValidatedAuthorizeRequest {
  const redirectUri = p.redirect_uri ?? '';
  if (!client.redirectUris.includes(redirectUri)) throw errorPage('Invalid request');
  const responseMode = checkResponseMode(p.response_mode);
  const bare: AuthorizeRedirectDetails = { redirectUri, ...(responseMode ? { responseMode } : {}) };
  // A request without state is refused, and the refusal carries no state (QueryParamsAuthorizeValidator).
  // Nimbus reads a blank state as none.
  if (p.state === undefined || p.state.trim() === '')
    throw errorRedirect(bare, 'invalid_request', 'Request is missing state parameter');
  const at = { ...bare, state: p.state };
  if (p.request_uri !== undefined) throw errorRedirect(at, 'request_uri_not_supported');
  if (p.response_type !== 'code') throw errorRedirect(at, 'unsupported_response_type');
  const scopes = (p.scope ?? '').split(' ').filter(Boolean);
  if (!scopesValid(scopes, client)) throw errorRedirect(at, 'invalid_scope');
  const claims = userinfoClaims(p.claims === undefined || p.claims === '' ? undefined : JSON.parse(p.claims));
  if (!claimsValid(claims, client))
    throw errorRedirect(at, 'invalid_request', 'Request contains invalid claims');
  // Nimbus reads a blank nonce as none, as it does a blank state.
  const nonce = p.nonce === undefined || p.nonce.trim() === '' ? undefined : p.nonce;
  if (nonce === undefined && !client.permitMissingNonce)
    throw errorRedirect(at, 'invalid_request', 'Request is missing nonce parameter');
  const codeChallenge = p.code_challenge === '' ? undefined : p.code_challenge;
  const pkce = pkceProblem(codeChallenge, p.code_challenge_method, client);
  if (pkce) throw errorRedirect(at, 'invalid_request', pkce);
  const vtr = vtrFor(p.vtr, client, at);
  const maxAge = p.max_age === undefined || p.max_age.trim() === '' ? -1 : Number(p.max_age);
  if (maxAge < -1) throw errorRedirect(at, 'invalid_request', 'Max age is negative in query params');
  if (p.channel !== undefined && !CHANNELS.includes(p.channel))
    throw errorRedirect(at, 'invalid_request', 'Invalid value for channel parameter.');
  return {
    redirectUri,
    state: p.state,
    ...(responseMode ? { responseMode } : {}),
    ...(nonce !== undefined ? { nonce } : {}),
    scopes,
    vtr,
    claims,
    ...(codeChallenge !== undefined ? { codeChallenge } : {}),
    ...(maxAge >= 0 ? { maxAge } : {}),
    prompt: (p.prompt ?? '').split(' ').filter(Boolean),
    ...(p.ui_locales ? { uiLocales: p.ui_locales } : {}),
  };
}

/** BaseAuthorizeValidator.validateResponseMode: `query` or `fragment`, else a 400 page (not a redirect). */
export function checkResponseMode(mode: unknown): 'query' | 'fragment' | undefined {
  if (mode === undefined || mode === null) return undefined;
  if (mode !== 'query' && mode !== 'fragment') throw errorPage('Invalid request');
  return mode;
}

/** Scopes One Login knows, all of them registered for the client (QueryParamsAuthorizeValidator.areScopesValid). */
export function scopesValid(scopes: string[], client: StoredClient): boolean {
  const allowed = client.scopes ?? DEFAULT_SCOPES;
  return scopes.every((s) => VALID_SCOPES.includes(s) && allowed.includes(s));
}

/** The claim names requested for /userinfo (only `userinfo` members count; `id_token` members are ignored). */
export function userinfoClaims(claims: unknown): string[] {
  const userinfo = (claims as { userinfo?: unknown } | null | undefined)?.userinfo;
  return userinfo && typeof userinfo === 'object' ? Object.keys(userinfo) : [];
}

/** BaseAuthorizeValidator.areClaimsValid: claims One Login knows, all of them registered for the client. */
export function claimsValid(claims: string[], client: StoredClient): boolean {
  return claims.every((c) => VALID_CLAIMS.includes(c) && (client.claims ?? []).includes(c));
}

/** BaseAuthorizeValidator.validateCodeChallengeAndMethod: the problem's description, or undefined. */
export function pkceProblem(
  challenge: string | undefined,
  method: string | undefined,
  client: StoredClient,
): string | undefined {
  if (challenge === undefined) {
    return client.pkceEnforced
      ? 'Request is missing code_challenge parameter, but PKCE is enforced.'
      : undefined;
  }
  if (challenge.trim() === '') return 'Invalid value for code_challenge parameter.';
  if (method === undefined || method === '') {
    return 'Request is missing code_challenge_method parameter. code_challenge_method is required when code_challenge is present.';
  }
  if (method !== 'S256') return 'Invalid value for code_challenge_method parameter.';
  return undefined;
}

/**
 * BaseAuthorizeValidator.validateVtr: unparseable -> "Request vtr not valid"; a level the client may not ask for,
 * or identity for a client without identity verification or using client_secret_post -> "Request vtr is not
 * permitted". Returns the vectors as strings.
 */
export function vtrFor(
  raw: string | undefined,
  client: StoredClient,
  at: AuthorizeRedirectDetails,
): string[] {
  let vectors: ReturnType<typeof parseVtr>;
  try {
    vectors = parseVtr(raw);
  } catch (error) {
    if (error instanceof InvalidVtr) throw errorRedirect(at, 'invalid_request', 'Request vtr not valid');
    throw error;
  }
  const levels = vectors.map((v) => v.level).filter((l): l is string => l !== undefined);
  const identity = levels.some(isIdentityLevel);
  const clientLoCs = client.clientLoCs ?? ['P0', 'P1', 'P2', 'P3'];
  if (
    !levels.every((l) => clientLoCs.includes(l)) ||
    (identity && !client.identityVerificationSupported) ||
    (identity && client.tokenAuthMethod === 'client_secret_post')
  ) {
    throw errorRedirect(at, 'invalid_request', 'Request vtr is not permitted');
  }
  return vectors.map(vectorToString);
}

function isUri(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

function isJsonObject(value: string): boolean {
  try {
    const parsed = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}
