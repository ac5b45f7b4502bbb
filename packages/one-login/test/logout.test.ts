import {
  AccessDeniedError,
  InMemoryReplayStore,
  LogoutTokenValidationError,
  OneLoginClient,
} from '@council-sdk/one-login';
import { createOneLoginFake, generateClientKeyPair } from '@council-sdk/one-login/testing';
import { importJWK, SignJWT } from 'jose';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { BACKCHANNEL_URI, CLIENT_ID, follow, type Setup, server, setup, signIn, useMsw } from './helpers';

useMsw();

const ISSUER = 'https://oidc.integration.account.gov.uk/';
const EVENT = 'http://schemas.openid.net/event/backchannel-logout';

async function logoutToken(s: Setup, claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const key = s.fake.activeSigningKey('ES256');
  if (!key) throw new Error('no key');
  const now = Math.floor(s.fake.clock.now().getTime() / 1000);
  const body = {
    iss: ISSUER,
    aud: CLIENT_ID,
    sub: 'urn:fdc:gov.uk:2022:user',
    iat: now,
    exp: now + 120,
    jti: crypto.randomUUID(),
    events: { [EVENT]: {} },
    ...claims,
  };
  for (const [k, v] of Object.entries(body)) if (v === undefined) delete (body as Record<string, unknown>)[k];
  return new SignJWT(body)
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'logout+jwt', ...header })
    .sign(await importJWK(key.privateJwk, 'ES256'));
}

describe('verifyLogoutToken', () => {
  it('accepts a logout token as One Login sends it', async () => {
    const s = setup();
    const claims = await s.client.verifyLogoutToken(await logoutToken(s, {}));
    expect(claims.sub).toBe('urn:fdc:gov.uk:2022:user');
    expect(claims.events[EVENT]).toEqual({});
  });

  const bad: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
    ['no events claim', { events: undefined }, {}, 'events'],
    ['another event as well', { events: { [EVENT]: {}, 'https://other.example/event': {} } }, {}, 'events'],
    ['an event value other than {}', { events: { [EVENT]: { reason: 'x' } } }, {}, 'events'],
    ['a nonce', { nonce: 'abc' }, {}, 'claims'],
    ['no sub', { sub: undefined }, {}, 'sub'],
    ['no jti', { jti: undefined }, {}, 'jti'],
    ['an expired exp', { exp: 1_000 }, {}, 'exp'],
    ['an iat in the future', { iat: 9_999_999_999, exp: 9_999_999_999 }, {}, 'iat'],
    ['another issuer', { iss: 'https://evil.example/' }, {}, 'iss'],
    ['another audience', { aud: 'someone-else' }, {}, 'aud'],
    ['no typ header', {}, { typ: undefined }, 'typ'],
    ['typ JWT', {}, { typ: 'JWT' }, 'typ'],
  ];
  for (const [what, claims, header, check] of bad) {
    it(`rejects a logout token with ${what} (${check})`, async () => {
      const s = setup();
      const error = await s.client
        .verifyLogoutToken(await logoutToken(s, claims, header))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LogoutTokenValidationError);
      expect(error).toMatchObject({ check });
    });
  }

  it('uses the pluggable replay store, keyed by issuer and jti, only for otherwise valid tokens', async () => {
    const calls: { key: string; expiresAt: Date }[] = [];
    const store = {
      checkAndStore: async (key: string, expiresAt: Date) => {
        calls.push({ key, expiresAt });
        return calls.filter((c) => c.key === key).length === 1;
      },
    };
    const s = setup({ client: { logoutTokenReplayStore: store } });
    await expect(s.client.verifyLogoutToken(await logoutToken(s, { aud: 'nope' }))).rejects.toMatchObject({
      check: 'aud',
    });
    expect(calls).toHaveLength(0);
    const token = await logoutToken(s, { jti: 'jti-1' });
    await s.client.verifyLogoutToken(token);
    await expect(s.client.verifyLogoutToken(token)).rejects.toMatchObject({ check: 'jti' });
    expect(calls[0]?.key).toBe(`${ISSUER} jti-1`);
    // Remembered for at least the three-minute replay window.
    expect(calls[0]?.expiresAt.getTime()).toBeGreaterThanOrEqual(s.fake.clock.now().getTime() + 180_000);
  });

  it('InMemoryReplayStore forgets entries once they expire', () => {
    let now = 0;
    const store = new InMemoryReplayStore({ now: () => now });
    expect(store.checkAndStore('a', new Date(1000))).toBe(true);
    expect(store.checkAndStore('a', new Date(1000))).toBe(false);
    now = 1001;
    expect(store.checkAndStore('a', new Date(2000))).toBe(true);
  });
});

describe('back-channel logout from the fake', () => {
  it('logoutEverywhere POSTs a logout token the client accepts', async () => {
    const s = setup();
    const { result } = await signIn(s);
    const received: string[] = [];
    server.use(
      http.post(BACKCHANNEL_URI, async ({ request }) => {
        const form = new URLSearchParams(await request.text());
        const claims = await s.client.verifyLogoutToken(form.get('logout_token') as string);
        received.push(claims.sub);
        return HttpResponse.json({});
      }),
    );
    const deliveries = await s.fake.logoutEverywhere(result.claims.sub);
    expect(deliveries).toEqual([{ clientId: CLIENT_ID, uri: BACKCHANNEL_URI, status: 200 }]);
    expect(received).toEqual([result.claims.sub]);
    expect(s.fake.backChannelLogouts()[0]).toMatchObject({ clientId: CLIENT_ID, status: 200 });
    expect(s.fake.sessions()).toEqual([]);
  });

  it('signing out at /logout ends the session and sends back-channel logout', async () => {
    const s = setup();
    const { result } = await signIn(s);
    const received: string[] = [];
    server.use(
      http.post(BACKCHANNEL_URI, async ({ request }) => {
        const form = new URLSearchParams(await request.text());
        received.push((await s.client.verifyLogoutToken(form.get('logout_token') as string)).sub);
        return new HttpResponse(null, { status: 200 });
      }),
    );
    await follow(await s.client.createLogoutUrl({ idTokenHint: result.tokens.id_token }));
    await s.fake.settled();
    expect(received).toEqual([result.claims.sub]);
  });
});

describe('interactive mode and path prefixes (the sandbox)', () => {
  const issuer = 'http://127.0.0.1:4000/one-login/';
  const redirectUri = 'http://127.0.0.1:3000/auth/callback';
  function sandboxSetup() {
    const keys = generateClientKeyPair();
    const fake = createOneLoginFake({
      baseUrl: issuer,
      interactive: true,
      signInPageUrl: 'http://127.0.0.1:4000/one-login-sign-in',
      clients: [{ clientId: 'council-app', redirectUris: [redirectUri], publicKeys: [keys.publicJwk] }],
    });
    server.use(...fake.handlers);
    const client = new OneLoginClient({
      environment: {
        issuer,
        didDocumentUrl: fake.didDocumentUrl,
        coreIdentityIssuer: fake.coreIdentityIssuer,
      },
      clientId: 'council-app',
      privateKey: keys.privateKeyPem,
      redirectUri,
    });
    return { fake, client };
  }

  it('serves every endpoint under the path prefix and hands out prefixed URLs', async () => {
    const { fake, client } = sandboxSetup();
    const metadata = await client.discover();
    expect(metadata.issuer).toBe(issuer);
    expect(metadata.token_endpoint).toBe('http://127.0.0.1:4000/one-login/token');
    expect(fake.didDocumentUrl).toBe('http://127.0.0.1:4000/one-login/.well-known/did.json');
    expect((fake.didDocument() as { id: string }).id).toBe('did:web:127.0.0.1%3A4000:one-login');
  });

  it('redirects /authorize to the sign-in page, then completes with the chosen persona', async () => {
    const { fake, client } = sandboxSetup();
    const auth = await client.createAuthorizationRequest({
      vtr: 'Cl.Cm.P2',
      claims: ['coreIdentityJWT', 'address'],
    });
    const { location } = await follow(auth.url);
    const page = new URL(location as string);
    expect(page.origin + page.pathname).toBe('http://127.0.0.1:4000/one-login-sign-in');
    const id = page.searchParams.get('id') as string;
    expect(fake.pendingAuthorization(id)).toMatchObject({ clientId: 'council-app', vtr: ['Cl.Cm.P2'] });
    expect(fake.personas().map((p) => p.id)).toEqual([
      'authenticated',
      'identity-p2',
      'identity-failed',
      'in-person-pending',
    ]);
    const callback = fake.completeAuthorization(id, { persona: 'identity-p2' });
    expect(fake.pendingAuthorization(id)).toBeUndefined();
    const { claims, tokens } = await client.handleCallback(callback, auth);
    const info = await client.getUserInfo(tokens.access_token, { expectedSub: claims.sub });
    const identity = await client.verifyCoreIdentity(info.coreIdentityJWT as string, { sub: claims.sub });
    expect(identity.currentName?.familyName).toBe('Decerqueira');
  });

  it('has a built-in persona page when no signInPageUrl is given', async () => {
    const keys = generateClientKeyPair();
    const fake = createOneLoginFake({
      baseUrl: issuer,
      interactive: true,
      clients: [{ clientId: 'council-app', redirectUris: [redirectUri], publicKeys: [keys.publicJwk] }],
    });
    server.use(...fake.handlers);
    const client = new OneLoginClient({
      environment: { issuer },
      clientId: 'council-app',
      privateKey: keys.privateKeyPem,
      redirectUri,
    });
    const auth = await client.createAuthorizationRequest();
    const { location } = await follow(auth.url);
    expect(location?.startsWith('http://127.0.0.1:4000/one-login/fake-sign-in?id=')).toBe(true);
    const page = await follow(location as string);
    expect(page.body).toContain('value="identity-p2"');
    const id = new URL(location as string).searchParams.get('id') as string;
    const chosen = await fetch(fake.endpoints.signIn, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ id, persona: 'authenticated' }).toString(),
    });
    const { claims } = await client.handleCallback(chosen.headers.get('location') as string, auth);
    expect(claims.sub).toBe(fake.personas()[0]?.sub);
  });

  it('completes with an error when the tester chooses one', async () => {
    const { fake, client } = sandboxSetup();
    const auth = await client.createAuthorizationRequest();
    const { location } = await follow(auth.url);
    const id = new URL(location as string).searchParams.get('id') as string;
    const callback = fake.completeAuthorization(id, {
      error: 'access_denied',
      error_description: 'User cancelled',
    });
    await expect(client.handleCallback(callback, auth)).rejects.toBeInstanceOf(AccessDeniedError);
  });
});
