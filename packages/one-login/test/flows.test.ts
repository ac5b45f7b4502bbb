import { describe, expect, it } from 'vitest';
import { CLIENT_ID, follow, REDIRECT_URI, setup, signIn, useMsw } from './helpers';

useMsw();

describe('sign-in flows against the fake', () => {
  it('signs in for authentication only (Cl.Cm) with PKCE and validates the ID token', async () => {
    const s = setup();
    const { auth, location, result } = await signIn(s, { scopes: ['email', 'phone'] });
    expect(auth.codeVerifier).toBeDefined();
    expect(new URL(auth.url).searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.startsWith(REDIRECT_URI)).toBe(true);
    expect(result.claims.sub).toMatch(/^urn:fdc:gov\.uk:2022:/);
    expect(result.claims.vot).toBe('Cl.Cm');
    expect(result.claims.aud).toBe(CLIENT_ID);
    const info = await s.client.getUserInfo(result.tokens.access_token, { expectedSub: result.claims.sub });
    expect(info.email).toBe('test.user@example.com');
    expect(info.phone_number).toBe('+447700900321');
    expect(info.coreIdentityJWT).toBeUndefined();
  });

  it('proves identity at P2 and returns every identity claim', async () => {
    const s = setup({ fake: { persona: 'identity-p2' } });
    const { result } = await signIn(s, {
      scopes: ['email'],
      vtr: 'Cl.Cm.P2',
      claims: ['coreIdentityJWT', 'address', 'passport', 'drivingPermit', 'returnCode'],
    });
    expect(result.claims.vot).toBe('Cl.Cm');
    const info = await s.client.getUserInfo(result.tokens.access_token, { expectedSub: result.claims.sub });
    expect(info.address?.[0]?.postalCode).toBe('BA2 5AA');
    expect(info.passport?.[0]?.documentNumber).toBe('321654987');
    expect(info.drivingPermit?.[0]?.personalNumber).toBe('DECER607085K99AE');
    expect(typeof info.coreIdentityJWT).toBe('string');
    const identity = await s.client.verifyCoreIdentity(info.coreIdentityJWT as string, {
      sub: result.claims.sub,
    });
    expect(identity.vot).toBe('P2');
    expect(identity.currentName?.fullName).toBe('Kenneth Decerqueira');
    expect(identity.birthDate).toBe('1965-07-08');
  });

  it('sends parameters in a signed request object (JAR) when asked', async () => {
    const s = setup({ fake: { persona: 'identity-p2' } });
    const { auth, result } = await signIn(s, {
      useJar: true,
      vtr: ['Cl.Cm.P2'],
      claims: ['coreIdentityJWT'],
    });
    const q = new URL(auth.url).searchParams;
    expect([...q.keys()].sort()).toEqual(['client_id', 'request', 'response_type', 'scope']);
    expect(result.claims.vot).toBe('Cl.Cm');
  });
});

describe('the fake refuses bad authorisation requests', () => {
  it('answers 400 to an unregistered redirect URI', async () => {
    const s = setup({ clientConfig: { redirectUris: ['https://council.example/other'] } });
    const auth = await s.client.createAuthorizationRequest();
    const res = await follow(auth.url);
    expect(res.status).toBe(400);
  });
});

describe('more flows', () => {
  it('validates RS256 ID tokens when the client is registered for RS256', async () => {
    const s = setup({ clientConfig: { idTokenSigningAlgorithm: 'RS256' } });
    const { result } = await signIn(s);
    const header = JSON.parse(
      Buffer.from(result.tokens.id_token.split('.')[0] as string, 'base64url').toString(),
    );
    expect(header.alg).toBe('RS256');
    expect(result.claims.vot).toBe('Cl.Cm');
  });

  it('validates ES256 ID tokens (the default)', async () => {
    const s = setup();
    const { result } = await signIn(s);
    const header = JSON.parse(
      Buffer.from(result.tokens.id_token.split('.')[0] as string, 'base64url').toString(),
    );
    expect(header.alg).toBe('ES256');
    expect(header.kid).toBe(s.fake.jwks().keys.find((k) => k.alg === 'ES256')?.kid);
  });

  it('signs in with PS256 client assertions', async () => {
    const s = setup({ client: { clientAssertionAlgorithm: 'PS256' } });
    const { result } = await signIn(s);
    expect(result.claims.sub).toBeTruthy();
  });

  it('signs in with client_secret_post (authentication only)', async () => {
    const s = setup({
      clientConfig: { publicKeys: [], clientSecret: 'shared-client-secret-123' },
      client: { privateKey: undefined, clientSecret: 'shared-client-secret-123' },
    });
    const { result } = await signIn(s);
    expect(result.claims.vot).toBe('Cl.Cm');
  });

  it('accepts password-only sign-in when Cl is requested', async () => {
    const s = setup();
    const { result } = await signIn(s, { vtr: 'Cl' });
    expect(result.claims.vot).toBe('Cl');
  });

  it('reads the callback from the query string, URLSearchParams, an object or a fragment', async () => {
    const s = setup();
    for (const shape of ['query', 'params', 'object', 'fragment'] as const) {
      const auth = await s.client.createAuthorizationRequest();
      const { location } = await follow(auth.url);
      const url = new URL(location as string);
      const input =
        shape === 'query'
          ? url.search
          : shape === 'params'
            ? url.searchParams
            : shape === 'object'
              ? Object.fromEntries(url.searchParams)
              : `${url.origin}${url.pathname}#${url.searchParams}`;
      await expect(s.client.handleCallback(input, auth)).resolves.toHaveProperty('claims.sub');
    }
  });

  it('checks auth_time against max_age', async () => {
    const s = setup();
    const { result } = await signIn(s, { maxAge: 300 });
    expect(typeof result.claims.auth_time).toBe('number');
  });

  it('keeps working through an ID token key rotation mid-session (refetches the JWKS once)', async () => {
    const s = setup();
    await signIn(s);
    const oldKid = s.fake.jwks().keys.find((k) => k.alg === 'ES256')?.kid;
    s.fake.rotateSigningKeys({ alg: 'ES256', retire: true });
    // Past the client's 30-second minimum between key refetches (the JWKS itself is cached for a day).
    await s.fake.clock.advance(60_000);
    const { result } = await signIn(s);
    const kid = JSON.parse(
      Buffer.from(result.tokens.id_token.split('.')[0] as string, 'base64url').toString(),
    ).kid;
    expect(kid).not.toBe(oldKid);
  });

  it('keeps working through a DID key rotation', async () => {
    const s = setup({ fake: { persona: 'identity-p2' } });
    const first = await signIn(s, { vtr: 'Cl.Cm.P2', claims: ['coreIdentityJWT'] });
    const info1 = await s.client.getUserInfo(first.result.tokens.access_token, {
      expectedSub: first.result.claims.sub,
    });
    await s.client.verifyCoreIdentity(info1.coreIdentityJWT as string, { sub: first.result.claims.sub });
    s.fake.rotateDidKey({ retire: true });
    await s.fake.clock.advance(60_000);
    const second = await signIn(s, { vtr: 'Cl.Cm.P2', claims: ['coreIdentityJWT'] });
    const info2 = await s.client.getUserInfo(second.result.tokens.access_token, {
      expectedSub: second.result.claims.sub,
    });
    const identity = await s.client.verifyCoreIdentity(info2.coreIdentityJWT as string, {
      sub: second.result.claims.sub,
    });
    expect(identity.vot).toBe('P2');
  });

  it('returns return codes instead of an identity when identity fails and return codes were asked for', async () => {
    const s = setup({ fake: { persona: 'identity-failed' } });
    const { result } = await signIn(s, { vtr: 'Cl.Cm.P2', claims: ['coreIdentityJWT', 'returnCode'] });
    const info = await s.client.getUserInfo(result.tokens.access_token, { expectedSub: result.claims.sub });
    expect(info.returnCode).toEqual([{ code: 'B' }]);
    expect(info.coreIdentityJWT).toBeUndefined();
  });

  it('answers access_denied when identity fails without return codes', async () => {
    const { AccessDeniedError } = await import('@council-sdk/one-login');
    const s = setup({ fake: { persona: 'identity-failed' } });
    await expect(signIn(s, { vtr: 'Cl.Cm.P2', claims: ['coreIdentityJWT'] })).rejects.toBeInstanceOf(
      AccessDeniedError,
    );
  });

  it('builds a logout URL the fake accepts, redirecting to the registered post-logout URI with state', async () => {
    const s = setup();
    const { result } = await signIn(s);
    const url = await s.client.createLogoutUrl({ idTokenHint: result.tokens.id_token, state: 'bye' });
    const q = new URL(url).searchParams;
    expect(q.get('post_logout_redirect_uri')).toBe('https://council.example/signed-out');
    const res = await follow(url);
    expect(res.status).toBe(302);
    expect(res.location).toBe('https://council.example/signed-out?state=bye');
  });
});
