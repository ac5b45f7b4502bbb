import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { createOneLoginFake } from '@council-sdk/one-login/testing';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_ID,
  clientKeys,
  follow,
  REDIRECT_URI,
  type Setup,
  server,
  setup,
  signIn,
  useMsw,
} from '../helpers';

useMsw();

const TOKEN = 'https://oidc.integration.account.gov.uk/token';
const AUTHORIZE = 'https://oidc.integration.account.gov.uk/authorize';
const USERINFO = 'https://oidc.integration.account.gov.uk/userinfo';

async function assertion(
  s: Setup,
  opts: { alg?: string; key?: Parameters<SignJWT['sign']>[0]; exp?: number; jti?: string; aud?: string } = {},
) {
  const now = Math.floor(s.fake.clock.now().getTime() / 1000);
  return new SignJWT({ jti: opts.jti ?? crypto.randomUUID() })
    .setProtectedHeader({ alg: opts.alg ?? 'RS256' })
    .setIssuer(CLIENT_ID)
    .setSubject(CLIENT_ID)
    .setAudience(opts.aud ?? TOKEN)
    .setIssuedAt(now)
    .setExpirationTime(opts.exp ?? now + 300)
    .sign(opts.key ?? createPrivateKey(clientKeys.privateKeyPem));
}

/** A code from the fake for a plain (non-PKCE) request. */
async function code(s: Setup) {
  const auth = await s.client.createAuthorizationRequest({ pkce: false });
  const { location } = await follow(auth.url);
  return new URL(location as string).searchParams.get('code') as string;
}

async function token(
  form: Record<string, string>,
  headers: Record<string, string> = { 'user-agent': 'tests' },
) {
  const res = await fetch(TOKEN, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

const grant = (c: string, a: string) => ({
  grant_type: 'authorization_code',
  code: c,
  redirect_uri: REDIRECT_URI,
  client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
  client_assertion: a,
});

describe('fake /token', () => {
  it('issues tokens for a valid assertion and code', async () => {
    const s = setup();
    const res = await token(grant(await code(s), await assertion(s)));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 180 });
  });

  it('accepts the issuer as the assertion audience', async () => {
    const s = setup();
    const res = await token(
      grant(await code(s), await assertion(s, { aud: 'https://oidc.integration.account.gov.uk/' })),
    );
    expect(res.status).toBe(200);
  });

  it('answers 403 without a User-Agent', async () => {
    const s = setup();
    const res = await fetch(TOKEN, {
      method: 'POST',
      headers: { 'user-agent': '' },
      body: 'grant_type=authorization_code',
    });
    expect(res.status).toBe(403);
    expect(s.fake.sessions()).toEqual([]);
  });

  it('refuses an ES256 client assertion (invalid_client)', async () => {
    const s = setup();
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const res = await token(grant(await code(s), await assertion(s, { alg: 'ES256', key: privateKey })));
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
  });

  it('refuses an assertion signed by an unregistered key', async () => {
    const s = setup();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const res = await token(grant(await code(s), await assertion(s, { key: privateKey })));
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
  });

  it('refuses an expired assertion (invalid_grant), but not a replayed jti', async () => {
    const s = setup();
    const now = Math.floor(s.fake.clock.now().getTime() / 1000);
    expect(await token(grant(await code(s), await assertion(s, { exp: now - 60 })))).toMatchObject({
      body: { error: 'invalid_grant', error_description: 'private_key_jwt has expired' },
    });
    const a = await assertion(s, { jti: 'same' });
    expect((await token(grant(await code(s), a))).status).toBe(200);
    expect((await token(grant(await code(s), a))).status).toBe(200);
  });

  it('refuses an unsupported grant type', async () => {
    const s = setup();
    const res = await token({
      ...grant(await code(s), await assertion(s)),
      grant_type: 'client_credentials',
    });
    expect(res).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
  });

  it('refuses a redirect_uri different from the authorisation request (invalid_grant)', async () => {
    const s = setup();
    const res = await token({
      ...grant(await code(s), await assertion(s)),
      redirect_uri: 'https://council.example/x',
    });
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a code older than five minutes', async () => {
    const s = setup();
    const c = await code(s);
    await s.fake.clock.advance(6 * 60_000);
    expect(await token(grant(c, await assertion(s)))).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });

  it('refuses a wrong client secret for a client_secret_post client', async () => {
    const s = setup({ clientConfig: { publicKeys: [], clientSecret: 'right-secret' } });
    const auth = await s.client.createAuthorizationRequest({ pkce: false });
    const c = new URL((await follow(auth.url)).location as string).searchParams.get('code') as string;
    const res = await token({
      grant_type: 'authorization_code',
      code: c,
      redirect_uri: REDIRECT_URI,
      client_id: CLIENT_ID,
      client_secret: 'wrong-secret',
    });
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
  });
});

describe('fake /authorize', () => {
  async function authorize(_s: Setup, params: Record<string, string>) {
    const url = new URL(AUTHORIZE);
    const base = {
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      state: 'a b&c',
      nonce: 'n',
    };
    for (const [k, v] of Object.entries({ ...base, ...params })) if (v !== '') url.searchParams.set(k, v);
    const res = await follow(url.toString());
    return { ...res, params: res.location ? new URL(res.location).searchParams : undefined };
  }

  it('URL-encodes state in the redirect', async () => {
    const s = setup();
    const res = await authorize(s, {});
    expect(res.params?.get('state')).toBe('a b&c');
    expect(res.params?.get('code')).toBeTruthy();
  });

  const cases: [string, Record<string, string>, string, string?][] = [
    ['a missing nonce', { nonce: '' }, 'invalid_request'],
    ['a vtr that is not JSON', { vtr: 'Cl.Cm' }, 'invalid_request', 'Request vtr not valid'],
    ['an identity level without Cl.Cm', { vtr: '["Cl.P2"]' }, 'invalid_request', 'Request vtr not valid'],
    [
      'mixed identity and non-identity vectors',
      { vtr: '["Cl.Cm","Cl.Cm.P2"]' },
      'invalid_request',
      'Request vtr not valid',
    ],
    ['no openid scope', { scope: 'email' }, 'invalid_request'],
    ['an unknown scope', { scope: 'openid admin' }, 'invalid_scope'],
    ['an unknown userinfo claim', { claims: '{"userinfo":{"email":null}}' }, 'invalid_request'],
    [
      'a plain PKCE method',
      { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' },
      'invalid_request',
    ],
    ['response_type token', { response_type: 'token' }, 'unsupported_response_type'],
  ];
  for (const [what, params, error, description] of cases) {
    it(`redirects ${error} for ${what}`, async () => {
      const s = setup();
      const res = await authorize(s, params);
      expect(res.status).toBe(302);
      expect(res.params?.get('error')).toBe(error);
      if (description) expect(res.params?.get('error_description')).toBe(description);
      expect(res.params?.get('state')).toBe('a b&c');
    });
  }

  it('requires PKCE when the client has it enforced', async () => {
    const s = setup({ clientConfig: { pkceEnforced: true } });
    expect((await authorize(s, {})).params?.get('error')).toBe('invalid_request');
  });

  it('answers 400 (no redirect) to an unknown client', async () => {
    const s = setup();
    const res = await authorize(s, { client_id: 'nobody' });
    expect(res.status).toBe(400);
    expect(res.location).toBeNull();
  });

  it('refuses a request object with extra query parameters or signed by another key', async () => {
    const s = setup();
    const auth = await s.client.createAuthorizationRequest({ useJar: true });
    const extra = new URL(auth.url);
    extra.searchParams.set('redirect_uri', 'https://evil.example/cb');
    // Only the request object counts: the query's redirect_uri is ignored.
    expect((await follow(extra.toString())).location?.startsWith(REDIRECT_URI)).toBe(true);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = await new SignJWT({
      response_type: 'code',
      scope: 'openid',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      nonce: 'n',
    })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(CLIENT_ID)
      .setAudience(AUTHORIZE)
      .setExpirationTime('5m')
      .sign(privateKey);
    const url = new URL(AUTHORIZE);
    url.search = new URLSearchParams({
      response_type: 'code',
      scope: 'openid',
      client_id: CLIENT_ID,
      request: forged,
    }).toString();
    expect((await follow(url.toString())).status).toBe(400);
  });
});

describe('fake /userinfo', () => {
  it('answers 401 with WWW-Authenticate invalid_token for an unknown token', async () => {
    setup();
    const res = await fetch(USERINFO, { headers: { authorization: 'Bearer nope', 'user-agent': 't' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  });

  it('answers 401 once the access token has expired (180 s)', async () => {
    const s = setup();
    const c = await code(s);
    const { body } = await token(grant(c, await assertion(s)));
    await s.fake.clock.advance(181_000);
    const res = await fetch(USERINFO, {
      headers: { authorization: `Bearer ${body.access_token}`, 'user-agent': 't' },
    });
    expect(res.status).toBe(401);
  });
});

describe('fake state API', () => {
  it('snapshot is JSON and restore brings back codes and keys', async () => {
    const s = setup();
    const auth = await s.client.createAuthorizationRequest();
    const { location } = await follow(auth.url);
    const saved = JSON.parse(JSON.stringify(s.fake.snapshot()));
    server.resetHandlers();
    const restored = createOneLoginFake();
    restored.restore(saved);
    server.use(...restored.handlers);
    const result = await s.client.handleCallback(location as string, auth);
    expect(result.claims.sub).toBeTruthy();
  });

  it('reset forgets sessions and rotates keys but keeps registered clients', async () => {
    const s = setup();
    const auth = await s.client.createAuthorizationRequest();
    await follow(auth.url);
    const kid = s.fake.jwks().keys[0]?.kid;
    expect(s.fake.sessions()).toHaveLength(1);
    s.fake.reset();
    expect(s.fake.sessions()).toHaveLength(0);
    expect(s.fake.jwks().keys[0]?.kid).not.toBe(kid);
    expect(s.fake.clients().map((c) => c.clientId)).toEqual([CLIENT_ID]);
  });

  it('publishes a next key before using it', () => {
    const s = setup();
    const active = s.fake.jwks().keys.map((k) => k.kid);
    s.fake.rotateSigningKeys({ alg: 'ES256', step: 'publish' });
    expect(s.fake.jwks().keys).toHaveLength(3);
    expect(
      s.fake
        .signingKeys()
        .filter((k) => k.status === 'active')
        .map((k) => k.kid),
    ).toEqual(active);
    s.fake.rotateSigningKeys({ alg: 'ES256', step: 'use', retire: true });
    expect(s.fake.jwks().keys).toHaveLength(2);
  });

  it('never exposes client secrets through clients() or snapshot()', () => {
    const s = setup({ clientConfig: { publicKeys: [], clientSecret: 'do-not-leak-me' } });
    expect(JSON.stringify(s.fake.clients())).not.toContain('do-not-leak-me');
    expect(JSON.stringify(s.fake.snapshot())).not.toContain('do-not-leak-me');
  });
});

describe("the simulator's /config", () => {
  const CONFIG = 'https://oidc.integration.account.gov.uk/config';
  const post = (body: unknown) =>
    fetch(CONFIG, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('configures the response (persona) and errors as the simulator does', async () => {
    const s = setup();
    const res = await post({
      responseConfiguration: {
        sub: 'urn:fdc:gov.uk:2022:from-config',
        email: 'config@example.com',
        maxLoCAchieved: 'P2',
        coreIdentityVerifiableCredentials: {
          type: ['VerifiableCredential', 'IdentityCheckCredential'],
          credentialSubject: {
            name: [
              {
                nameParts: [
                  { type: 'GivenName', value: 'Ada' },
                  { type: 'FamilyName', value: 'Lovelace' },
                ],
              },
            ],
            birthDate: [{ value: '1815-12-10' }],
          },
        },
        postalAddressDetails: [{ postalCode: 'SW1A 1AA' }],
      },
      errorConfiguration: { idTokenErrors: ['INVALID_AUD'] },
    });
    expect(res.status).toBe(200);
    expect((await (await fetch(CONFIG)).json()).errorConfiguration.idTokenErrors).toEqual(['INVALID_AUD']);
    await expect(signIn(s)).rejects.toMatchObject({ check: 'aud' });
    s.fake.clearErrors();
    const { result } = await signIn(s, { vtr: 'Cl.Cm.P2', claims: ['coreIdentityJWT', 'address'] });
    expect(result.claims.sub).toBe('urn:fdc:gov.uk:2022:from-config');
    const info = await s.client.getUserInfo(result.tokens.access_token, { expectedSub: result.claims.sub });
    const identity = await s.client.verifyCoreIdentity(info.coreIdentityJWT as string, {
      sub: result.claims.sub,
    });
    expect(identity.currentName?.fullName).toBe('Ada Lovelace');
    expect(info.address?.[0]?.postalCode).toBe('SW1A 1AA');
  });

  it('registers a client from clientConfiguration with a static PEM public key', async () => {
    const s = setup();
    const { createPublicKey } = await import('node:crypto');
    const pem = createPublicKey(clientKeys.privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
    const res = await post({
      clientConfiguration: {
        clientId: 'from-config',
        publicKey: pem,
        redirectUrls: [REDIRECT_URI],
        idTokenSigningAlgorithm: 'RS256',
      },
    });
    expect(res.status).toBe(200);
    expect(s.fake.clients().map((c) => c.clientId)).toContain('from-config');
    expect(
      (
        await post({
          clientConfiguration: {
            clientId: 'x',
            publicKeySource: 'JWKS',
            redirectUrls: ['https://a.example/'],
          },
        })
      ).status,
    ).toBe(400);
  });
});

describe('fake housekeeping', () => {
  it('forgets codes and tokens an hour after they expire', async () => {
    const s = setup();
    await signIn(s);
    expect(s.fake.storeSizes().codes).toBe(1);
    await s.fake.clock.advance(2 * 3_600_000);
    await signIn(s);
    expect(s.fake.storeSizes().codes).toBe(1);
    expect(s.fake.storeSizes().accessTokens).toBe(1);
  });
});
