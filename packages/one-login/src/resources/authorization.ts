import { createHash, randomBytes } from 'node:crypto';
import { ValidationError, validateRequest } from '@council-sdk/core';
import { z } from 'zod';
import {
  AUTHORIZE_QUERY_LIMIT,
  authorizeAudience,
  IDENTITY_CLAIM_NAMES,
  IDENTITY_CLAIMS,
  type IdentityClaimName,
} from '../constants.js';
import { identityLevelOf, normaliseVtr, type VtrInput, vtrProblem } from '../schemas/vtr.js';

export const AuthorizationRequestOptions = z.strictObject({
  /** Scopes besides `openid` (always sent): `email`, `phone`, `wallet-subject-id`. */
  scopes: z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'not a valid scope token')).optional(),
  /** Vectors of trust: `'Cl.Cm'` (default), `'Cl'`, `'Cl.Cm.P2'`... or an array of them. */
  vtr: z.union([z.string(), z.array(z.string())]).optional(),
  /** Identity claims wanted from /userinfo, by friendly name. Needs an identity level (`Cl.Cm.P2`). */
  claims: z.array(z.enum(IDENTITY_CLAIM_NAMES as [IdentityClaimName, ...IdentityClaimName[]])).optional(),
  uiLocales: z.union([z.enum(['en', 'cy']), z.array(z.enum(['en', 'cy']))]).optional(),
  /** `login` forces re-authentication (sent in a request object, with `idTokenHint`). */
  prompt: z.literal('login').optional(),
  idTokenHint: z.string().min(1).optional(),
  /** Seconds; the ID token's `auth_time` is then checked against it. */
  maxAge: z.number().int().min(0).optional(),
  /** PKCE S256 (default true). */
  pkce: z.boolean().optional(),
  /** Send the parameters in a signed request object (JAR). Needs a private key. */
  useJar: z.boolean().optional(),
  /**
   * How One Login returns the code: `query` (the default for `response_type=code`) or `fragment`, the two modes its
   * tech docs list (source/integrate-with-integration-environment/authenticate-your-user.html.md.erb: use `fragment`
   * only if your implementation cannot support `query`). Browsers never send a fragment to the server: with
   * `fragment`, your callback page must pass the URL on, and `handleCallback` reads the parameters from its `#...`.
   */
  responseMode: z.enum(['query', 'fragment']).optional(),
});
export type AuthorizationRequestOptions = Omit<z.input<typeof AuthorizationRequestOptions>, 'vtr'> & {
  vtr?: VtrInput;
};

/** What to keep in the user's session until the callback (never in a cookie readable by scripts). */
export interface AuthorizationRequest {
  url: string;
  state: string;
  nonce: string;
  codeVerifier?: string;
  /** The vectors requested: pass them to `handleCallback` so `vot` is checked. */
  vtr: string[];
  maxAge?: number;
}

export interface AuthorizationContext {
  issuer: string;
  authorizationEndpoint: string;
  clientId: string;
  redirectUri: string;
  /** Present when the client has a private key (private_key_jwt); absent for client_secret_post. */
  signRequestObject?: (claims: Record<string, unknown>, audience: string) => Promise<string>;
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** The combination rules, checked before anything is built. */
function combinationIssues(
  o: z.output<typeof AuthorizationRequestOptions>,
  vtr: string[],
  ctx: AuthorizationContext,
) {
  const issues: { path: string; message: string }[] = [];
  const vtrIssue = vtrProblem(vtr);
  if (vtrIssue) issues.push({ path: 'vtr', message: vtrIssue });
  const level = vtrIssue ? undefined : identityLevelOf(vtr);
  if (o.claims?.length && level !== 'P2') {
    issues.push({
      path: 'claims',
      message: 'identity claims can only be requested with an identity level (Cl.Cm.P2)',
    });
  }
  if (!ctx.signRequestObject) {
    if (level)
      issues.push({
        path: 'vtr',
        message: 'identity needs private_key_jwt (client_secret_post is authentication only)',
      });
    if (o.useJar) issues.push({ path: 'useJar', message: 'a request object needs a private key' });
    if (o.prompt)
      issues.push({
        path: 'prompt',
        message: 're-authentication needs a private key (it is sent in a request object)',
      });
  }
  if (o.prompt === 'login' && !o.idTokenHint) {
    issues.push({
      path: 'idTokenHint',
      message: 'prompt=login needs the ID token of the session being re-authenticated',
    });
  }
  if (o.idTokenHint && o.prompt !== 'login') {
    issues.push({ path: 'idTokenHint', message: 'idTokenHint is only sent with prompt=login' });
  }
  return issues;
}

export async function buildAuthorizationRequest(
  input: AuthorizationRequestOptions | undefined,
  ctx: AuthorizationContext,
): Promise<AuthorizationRequest> {
  const o = validateRequest(AuthorizationRequestOptions, input ?? {}, 'authorization request');
  const vtr = normaliseVtr(o.vtr);
  const issues = combinationIssues(o, vtr, ctx);
  if (issues.length) throw new ValidationError(issues, 'Invalid authorization request');

  const state = randomToken();
  const nonce = randomToken();
  const codeVerifier = o.pkce === false ? undefined : randomToken();
  const scope = ['openid', ...(o.scopes ?? []).filter((s) => s !== 'openid')]
    .filter((s, i, all) => all.indexOf(s) === i)
    .join(' ');
  const claims = o.claims?.length
    ? { userinfo: Object.fromEntries(o.claims.map((name) => [IDENTITY_CLAIMS[name], null])) }
    : undefined;
  const uiLocales = o.uiLocales === undefined ? undefined : [o.uiLocales].flat().join(' ');

  // Parameter values as One Login reads them: vtr and claims are JSON in the query, real JSON in a request object.
  const params: Record<string, unknown> = {
    response_type: 'code',
    scope,
    client_id: ctx.clientId,
    redirect_uri: ctx.redirectUri,
    state,
    nonce,
    vtr,
    ...(claims ? { claims } : {}),
    ...(uiLocales ? { ui_locales: uiLocales } : {}),
    ...(o.prompt ? { prompt: o.prompt } : {}),
    ...(o.idTokenHint ? { id_token_hint: o.idTokenHint } : {}),
    ...(o.maxAge !== undefined ? { max_age: o.maxAge } : {}),
    ...(o.responseMode ? { response_mode: o.responseMode } : {}),
    ...(codeVerifier ? { code_challenge: pkceChallenge(codeVerifier), code_challenge_method: 'S256' } : {}),
  };

  const url = new URL(ctx.authorizationEndpoint);
  const useJar = Boolean(o.useJar || o.prompt);
  if (useJar && ctx.signRequestObject) {
    const request = await ctx.signRequestObject(params, authorizeAudience(ctx.issuer));
    // JAR: only these three (which must match the request object) and the request itself go in the query.
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', scope);
    url.searchParams.set('client_id', ctx.clientId);
    url.searchParams.set('request', request);
  } else {
    for (const [key, value] of Object.entries(params)) {
      url.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
    }
  }
  if (url.search.length - 1 > AUTHORIZE_QUERY_LIMIT) {
    throw new ValidationError(
      [
        {
          path: '',
          message: `the query string is over One Login's ${AUTHORIZE_QUERY_LIMIT}-character limit`,
        },
      ],
      'Invalid authorization request',
    );
  }
  return {
    url: url.toString(),
    state,
    nonce,
    ...(codeVerifier ? { codeVerifier } : {}),
    vtr,
    ...(o.maxAge !== undefined ? { maxAge: o.maxAge } : {}),
  };
}
