import { createHash } from 'node:crypto';
import { ValidationError } from '@council-sdk/one-login';
import { base64url, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, clientKeys, REDIRECT_URI, setup, useMsw } from './helpers';

useMsw();

const params = (url: string) => new URL(url).searchParams;

describe('createAuthorizationRequest', () => {
  it('builds a code request with fresh random state and nonce each time', async () => {
    const { client } = setup();
    const a = await client.createAuthorizationRequest();
    const b = await client.createAuthorizationRequest();
    const q = params(a.url);
    expect(a.url.startsWith('https://oidc.integration.account.gov.uk/authorize?')).toBe(true);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(CLIENT_ID);
    expect(q.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(q.get('scope')).toBe('openid');
    expect(q.get('state')).toBe(a.state);
    expect(q.get('nonce')).toBe(a.nonce);
    expect(a.state).not.toBe(b.state);
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.state.length).toBeGreaterThanOrEqual(43);
  });

  it('sends a PKCE S256 challenge of the verifier it returns', async () => {
    const { client } = setup();
    const a = await client.createAuthorizationRequest();
    const expected = base64url.encode(
      createHash('sha256')
        .update(a.codeVerifier as string)
        .digest(),
    );
    expect(params(a.url).get('code_challenge')).toBe(expected);
    expect(params(a.url).get('code_challenge_method')).toBe('S256');
  });

  it('leaves PKCE out when pkce is false', async () => {
    const { client } = setup();
    const a = await client.createAuthorizationRequest({ pkce: false });
    expect(a.codeVerifier).toBeUndefined();
    expect(params(a.url).has('code_challenge')).toBe(false);
  });

  it('sends vtr as a JSON array, defaulting to Cl.Cm', async () => {
    const { client } = setup();
    expect(params((await client.createAuthorizationRequest()).url).get('vtr')).toBe('["Cl.Cm"]');
    expect(params((await client.createAuthorizationRequest({ vtr: 'Cl.Cm.P2' })).url).get('vtr')).toBe(
      '["Cl.Cm.P2"]',
    );
  });

  it('sends claims with the full identity claim URIs under userinfo', async () => {
    const { client } = setup();
    const a = await client.createAuthorizationRequest({
      vtr: 'Cl.Cm.P2',
      claims: ['coreIdentityJWT', 'address', 'returnCode'],
    });
    expect(JSON.parse(params(a.url).get('claims') as string)).toEqual({
      userinfo: {
        'https://vocab.account.gov.uk/v1/coreIdentityJWT': null,
        'https://vocab.account.gov.uk/v1/address': null,
        'https://vocab.account.gov.uk/v1/returnCode': null,
      },
    });
  });

  it('always includes openid once, plus the scopes asked for, and ui_locales and max_age', async () => {
    const { client } = setup();
    const a = await client.createAuthorizationRequest({
      scopes: ['email', 'openid', 'phone'],
      uiLocales: 'cy',
      maxAge: 600,
    });
    expect(params(a.url).get('scope')).toBe('openid email phone');
    expect(params(a.url).get('ui_locales')).toBe('cy');
    expect(params(a.url).get('max_age')).toBe('600');
    expect(a.maxAge).toBe(600);
  });

  it('signs a request object (JAR) with the client key: aud <issuer>authorize, iss client_id, kid, 5-minute exp', async () => {
    const { client } = setup();
    const a = await client.createAuthorizationRequest({
      useJar: true,
      vtr: 'Cl.Cm.P2',
      claims: ['coreIdentityJWT'],
    });
    const q = params(a.url);
    expect([...q.keys()].sort()).toEqual(['client_id', 'request', 'response_type', 'scope']);
    const jwt = q.get('request') as string;
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'RS256', kid: clientKeys.kid });
    const { payload } = await jwtVerify(jwt, await importJWK(clientKeys.publicJwk, 'RS256'), {
      issuer: CLIENT_ID,
      audience: 'https://oidc.integration.account.gov.uk/authorize',
    });
    expect(payload.vtr).toEqual(['Cl.Cm.P2']);
    expect(payload.claims).toEqual({ userinfo: { 'https://vocab.account.gov.uk/v1/coreIdentityJWT': null } });
    expect(payload.state).toBe(a.state);
    expect(payload.nonce).toBe(a.nonce);
    expect(payload.client_id).toBe(CLIENT_ID);
    expect((payload.exp as number) - (payload.iat as number)).toBe(300);
  });

  it('re-authenticates with prompt=login and id_token_hint inside a request object', async () => {
    const { client } = setup();
    const a = await client.createAuthorizationRequest({
      prompt: 'login',
      idTokenHint: 'eyJhbGciOi.eyJzdWIi.sig',
    });
    const jwt = params(a.url).get('request') as string;
    const { payload } = await jwtVerify(jwt, await importJWK(clientKeys.publicJwk, 'RS256'));
    expect(payload.prompt).toBe('login');
    expect(payload.id_token_hint).toBe('eyJhbGciOi.eyJzdWIi.sig');
  });

  const invalid: [
    string,
    Parameters<ReturnType<typeof setup>['client']['createAuthorizationRequest']>[0],
    string,
  ][] = [
    ['an identity level without two factors', { vtr: 'Cl.P2' }, 'vtr'],
    ['an unknown vector', { vtr: 'Cl.Cm.P3' }, 'vtr'],
    ['identity mixed with non-identity vectors', { vtr: ['Cl.Cm', 'Cl.Cm.P2'] }, 'vtr'],
    ['claims without an identity level', { claims: ['address'] }, 'claims'],
    ['claims with P1', { vtr: 'Cl.Cm.P1', claims: ['coreIdentityJWT'] }, 'claims'],
    ['an unknown claim name', { vtr: 'Cl.Cm.P2', claims: ['nationality' as never] }, 'claims[0]'],
    ['prompt=login without idTokenHint', { prompt: 'login' }, 'idTokenHint'],
    ['an empty vtr', { vtr: [] }, 'vtr'],
    ['a negative max_age', { maxAge: -1 }, 'maxAge'],
    ['an unknown option', { redirectUri: 'https://evil.example' } as never, ''],
  ];
  for (const [what, options, path] of invalid) {
    it(`rejects ${what} before building a URL`, async () => {
      const { client } = setup();
      const error = await client.createAuthorizationRequest(options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toContain(path);
    });
  }

  it("rejects a query over One Login's 4,096-character limit", async () => {
    const { client } = setup();
    const scopes = Array.from({ length: 400 }, (_, i) => `scope-${i}`);
    const error = await client.createAuthorizationRequest({ scopes }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/4096/);
  });

  it('refuses identity, JAR and re-authentication for a client_secret_post client (authentication only)', async () => {
    const { client } = setup({ client: { privateKey: undefined, clientSecret: 'a-client-secret-value' } });
    for (const options of [
      { vtr: 'Cl.Cm.P2' },
      { useJar: true },
      { prompt: 'login' as const, idTokenHint: 'x' },
    ]) {
      await expect(client.createAuthorizationRequest(options)).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(client.createAuthorizationRequest()).resolves.toHaveProperty('url');
  });
});

describe('OneLoginClient options', () => {
  const base = { clientId: 'c', redirectUri: 'https://rp.example/cb', clientSecret: 'secret-value' };
  it('allows plain http only for loopback issuers', async () => {
    const { OneLoginClient } = await import('@council-sdk/one-login');
    expect(
      () => new OneLoginClient({ ...base, environment: { issuer: 'http://127.0.0.1:4000/one-login/' } }),
    ).not.toThrow();
    expect(
      () => new OneLoginClient({ ...base, environment: { issuer: 'http://localhost:4000/' } }),
    ).not.toThrow();
    expect(
      () => new OneLoginClient({ ...base, environment: { issuer: 'http://oidc.example.gov.uk/' } }),
    ).toThrow(ValidationError);
  });
  it('needs exactly one of privateKey or clientSecret, and an RSA key of 2048 bits or more', async () => {
    const { OneLoginClient } = await import('@council-sdk/one-login');
    const { generateKeyPairSync } = await import('node:crypto');
    expect(
      () => new OneLoginClient({ ...base, environment: 'integration', clientSecret: undefined } as never),
    ).toThrow(ValidationError);
    expect(
      () =>
        new OneLoginClient({
          ...base,
          environment: 'integration',
          privateKey: clientKeys.privateKeyPem,
        } as never),
    ).toThrow(ValidationError);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      format: 'pem',
      type: 'pkcs8',
    });
    const { clientSecret: _s, ...noSecret } = base;
    expect(
      () => new OneLoginClient({ ...noSecret, environment: 'integration', privateKey: String(ec) }),
    ).toThrow(/RSA/);
    expect(
      () => new OneLoginClient({ ...noSecret, environment: 'integration', privateKey: 'not a key' }),
    ).toThrow(ValidationError);
  });
  it('refuses ES256 client assertions (One Login does not accept them)', async () => {
    const { OneLoginClient } = await import('@council-sdk/one-login');
    expect(
      () =>
        new OneLoginClient({
          environment: 'integration',
          clientId: 'c',
          redirectUri: 'https://rp.example/cb',
          privateKey: clientKeys.privateKeyPem,
          clientAssertionAlgorithm: 'ES256' as never,
        }),
    ).toThrow(/RS256 or PS256/);
  });
});
