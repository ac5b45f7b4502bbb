import { randomUUID } from 'node:crypto';
import {
  type HttpClient,
  type RequestOptions,
  requestOptions,
  timingSafeEqualString,
  ValidationError,
} from '@council-sdk/core';
import type { SignJWT } from 'jose';
import { loadJose } from '../jose.js';
import { CLIENT_ASSERTION_TYPE } from '../constants.js';
import { authorizationErrorFor, StateMismatchError } from '../errors.js';
import { TokenResponse } from '../schemas/claims.js';

/** What a callback can be given as: the full URL, its query string, URLSearchParams, or Express's `req.query`. */
export type CallbackInput = string | URL | URLSearchParams | Record<string, unknown>;

export interface CallbackParams {
  code?: string;
  state?: string;
  error?: string;
  error_description?: string;
  iss?: string;
}

export function readCallbackParams(input: CallbackInput): CallbackParams {
  let params: URLSearchParams;
  if (input instanceof URLSearchParams) params = input;
  else if (input instanceof URL) params = fromUrlParts(input.search, input.hash);
  else if (typeof input === 'string') {
    const hashAt = input.indexOf('#');
    const beforeHash = hashAt >= 0 ? input.slice(0, hashAt) : input;
    const search = beforeHash.includes('?') ? beforeHash.slice(beforeHash.indexOf('?')) : beforeHash;
    params = fromUrlParts(search, hashAt >= 0 ? input.slice(hashAt) : '');
  } else if (input && typeof input === 'object') {
    params = new URLSearchParams();
    for (const [k, v] of Object.entries(input)) {
      // A repeated parameter (Express gives an array) is an attack or a bug: refuse it rather than pick one.
      if (typeof v === 'string') params.set(k, v);
      else if (v !== undefined)
        throw new ValidationError([{ path: k, message: 'must be a single string' }], 'Invalid callback');
    }
  } else {
    throw new ValidationError(
      [{ path: '', message: 'expected the callback URL or its parameters' }],
      'Invalid callback',
    );
  }
  const out: CallbackParams = {};
  for (const key of ['code', 'state', 'error', 'error_description', 'iss'] as const) {
    const all = params.getAll(key);
    if (all.length > 1)
      throw new ValidationError([{ path: key, message: 'must appear once' }], 'Invalid callback');
    if (all[0] !== undefined) out[key] = all[0];
  }
  return out;
}

/** The query, or the fragment when the answer came back with `response_mode=fragment` (never both). */
function fromUrlParts(search: string, hash: string): URLSearchParams {
  const query = new URLSearchParams(search.replace(/^\?/, ''));
  if (query.has('code') || query.has('error') || query.has('state') || !hash) return query;
  return new URLSearchParams(hash.replace(/^#/, ''));
}

/** State first (constant time), then `error=`, then the code. */
export function checkCallback(params: CallbackParams, expectedState: string, issuer: string): string {
  if (typeof expectedState !== 'string' || expectedState.length === 0) {
    throw new ValidationError(
      [{ path: 'state', message: 'the state stored for this session is required' }],
      'Invalid callback',
    );
  }
  if (params.state === undefined || !timingSafeEqualString(params.state, expectedState)) {
    throw new StateMismatchError(
      'The callback state does not match this session (possible CSRF): start sign-in again',
    );
  }
  // RFC 9207: when the provider names itself, it must be the one we sent the user to (mix-up attacks).
  if (params.iss !== undefined && params.iss !== issuer) {
    throw new StateMismatchError('The callback came from a different issuer');
  }
  if (params.error !== undefined) throw authorizationErrorFor(params.error, params.error_description);
  if (!params.code)
    throw authorizationErrorFor('invalid_request', 'the callback carried neither a code nor an error');
  return params.code;
}

export type ClientAuthentication =
  | {
      method: 'private_key_jwt';
      sign: (claims: Record<string, unknown>, audience: string) => Promise<string>;
    }
  | { method: 'client_secret_post'; secret: string };

/** A client assertion: `iss` = `sub` = client id, a fresh `jti`, valid for five minutes. */
export async function signClientAssertion(
  key: Parameters<SignJWT['sign']>[0],
  opts: { clientId: string; audience: string; alg: string; kid?: string | undefined; nowSeconds: number },
): Promise<string> {
  const { SignJWT } = await loadJose();
  return new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: opts.alg, typ: 'JWT', ...(opts.kid ? { kid: opts.kid } : {}) })
    .setIssuer(opts.clientId)
    .setSubject(opts.clientId)
    .setAudience(opts.audience)
    .setIssuedAt(opts.nowSeconds)
    .setExpirationTime(opts.nowSeconds + 300)
    .sign(key);
}

export async function exchangeCode(
  http: HttpClient,
  opts: {
    tokenEndpoint: string;
    code: string;
    redirectUri: string;
    clientId: string;
    codeVerifier?: string | undefined;
    auth: ClientAuthentication;
  },
  options?: RequestOptions,
): Promise<TokenResponse> {
  const form: Record<string, string> = {
    grant_type: 'authorization_code',
    code: opts.code,
    redirect_uri: opts.redirectUri,
    ...(opts.codeVerifier ? { code_verifier: opts.codeVerifier } : {}),
  };
  const secrets = [opts.code, ...(opts.codeVerifier ? [opts.codeVerifier] : [])];
  if (opts.auth.method === 'private_key_jwt') {
    const assertion = await opts.auth.sign({}, opts.tokenEndpoint);
    form.client_assertion_type = CLIENT_ASSERTION_TYPE;
    form.client_assertion = assertion;
    secrets.push(assertion);
  } else {
    form.client_id = opts.clientId;
    form.client_secret = opts.auth.secret;
    secrets.push(opts.auth.secret);
  }
  // No idempotency key: core retries this POST only when the request was never sent (or on 429), which is what a
  // single-use code needs.
  const res = await http.request({
    ...requestOptions(options),
    method: 'POST',
    path: opts.tokenEndpoint,
    form,
    secrets,
  });
  return http.parse(TokenResponse, res.data, 'the token endpoint', secrets);
}
