/**
 * Raw-HTTP helpers for the fake's own specification tests: no OneLoginClient here, only fetch against the fake's
 * msw handlers, so what is tested is the fake's wire behaviour.
 */
import { createHash, createPrivateKey, randomBytes } from 'node:crypto';
import { createFakeClock } from '@council-sdk/core/testing';
import {
  createOneLoginFake,
  type FakeClientConfig,
  generateClientKeyPair,
  type OneLoginFake,
} from '@council-sdk/one-login/testing';
import { base64url, SignJWT } from 'jose';
import { BACKCHANNEL_URI, CLIENT_ID, POST_LOGOUT_URI, REDIRECT_URI, server } from '../helpers';

export { BACKCHANNEL_URI, CLIENT_ID, POST_LOGOUT_URI, REDIRECT_URI, server, useMsw } from '../helpers';

export const ISSUER = 'https://oidc.integration.account.gov.uk/';
export const AUTHORIZE = `${ISSUER}authorize`;
export const TOKEN = `${ISSUER}token`;
export const USERINFO = `${ISSUER}userinfo`;
export const LOGOUT = `${ISSUER}logout`;
export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** A fixed moment, so expiry tests never depend on the wall clock. */
export const T0 = new Date('2026-03-02T10:00:00Z');

export const keys = generateClientKeyPair({ kid: 'fake-spec-key' });

/** A fake on a frozen clock with one private_key_jwt client; `client` overrides its registration. */
export function fakeWith(
  client: Partial<FakeClientConfig> = {},
  options: Parameters<typeof createOneLoginFake>[0] = {},
): OneLoginFake {
  const fake = createOneLoginFake({
    clock: createFakeClock({ frozenAt: T0 }),
    clients: [
      {
        clientId: CLIENT_ID,
        redirectUris: [REDIRECT_URI],
        postLogoutRedirectUris: [POST_LOGOUT_URI],
        publicKeys: [keys.publicJwk],
        backChannelLogoutUri: BACKCHANNEL_URI,
        ...client,
      },
    ],
    ...options,
  });
  server.use(...fake.handlers);
  return fake;
}

export const BASE_AUTHORIZE = {
  response_type: 'code',
  client_id: CLIENT_ID,
  redirect_uri: REDIRECT_URI,
  scope: 'openid',
  state: 'a b&c',
  nonce: 'n-1',
};

export interface AuthorizeAnswer {
  status: number;
  location: string | null;
  body: string;
  /** The redirect's parameters (query, or fragment with response_mode=fragment). */
  params: URLSearchParams | undefined;
}

/** GET /authorize with the base request changed by `params` (`undefined` removes a parameter). */
export async function authorize(params: Record<string, string | undefined> = {}): Promise<AuthorizeAnswer> {
  const url = new URL(AUTHORIZE);
  for (const [k, v] of Object.entries({ ...BASE_AUTHORIZE, ...params }))
    if (v !== undefined) url.searchParams.set(k, v);
  return get(url.toString());
}

export async function get(url: string): Promise<AuthorizeAnswer> {
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  let params: URLSearchParams | undefined;
  if (location) {
    const u = new URL(location);
    params = u.hash ? new URLSearchParams(u.hash.slice(1)) : u.searchParams;
  }
  return { status: res.status, location, body: await res.text(), params };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = base64url.encode(randomBytes(32));
  return { verifier, challenge: base64url.encode(createHash('sha256').update(verifier).digest()) };
}

/** A code from /authorize for the base request changed by `params`. */
export async function codeFor(params: Record<string, string | undefined> = {}): Promise<string> {
  const answer = await authorize(params);
  const code = answer.params?.get('code');
  if (!code) throw new Error(`no code: ${answer.status} ${answer.location} ${answer.body}`);
  return code;
}

export interface AssertionOptions {
  alg?: string;
  key?: Parameters<SignJWT['sign']>[0];
  kid?: string;
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  jti?: string | null;
}

/** A client assertion as One Login's tech docs describe it, signed with the test client's key by default. */
export async function assertion(fake: OneLoginFake, o: AssertionOptions = {}): Promise<string> {
  const now = Math.floor(fake.clock.now().getTime() / 1000);
  const claims: Record<string, unknown> = {
    iss: o.iss ?? CLIENT_ID,
    sub: o.sub ?? CLIENT_ID,
    aud: o.aud ?? TOKEN,
    iat: now,
    exp: o.exp ?? now + 300,
    ...(o.nbf !== undefined ? { nbf: o.nbf } : {}),
    ...(o.jti === null ? {} : { jti: o.jti ?? crypto.randomUUID() }),
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: o.alg ?? 'RS256', kid: o.kid ?? keys.kid })
    .sign(o.key ?? createPrivateKey(keys.privateKeyPem));
}

export function grant(code: string, clientAssertion: string, extra: Record<string, string> = {}) {
  return {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: clientAssertion,
    ...extra,
  };
}

/** POST /token with a form body (undefined values are left out). */
export async function token(
  form: Record<string, string | undefined>,
  headers: Record<string, string> = { 'user-agent': 'fake-spec/1.0' },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v !== undefined) body.set(k, v);
  const res = await fetch(TOKEN, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: body.toString(),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

/** The claims of a JWT, unverified (the fake's own tokens, read back in a test). */
export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
}
