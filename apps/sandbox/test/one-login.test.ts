import { OneLoginClient } from '@council-sdk/one-login';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import type { OneLoginFake } from '@council-sdk/one-login/testing';
import { postForm, startReceiver } from './helpers.js';

let sandbox: Sandbox;
let app: Awaited<ReturnType<typeof startReceiver>>;
let client: OneLoginClient;

beforeAll(async () => {
  app = await startReceiver();
  sandbox = await startSandbox({ port: 0, appBaseUrl: app.url });
  const env = sandbox.env;
  client = new OneLoginClient({
    environment: {
      issuer: env['ONE_LOGIN_ISSUER']!,
      didDocumentUrl: env['ONE_LOGIN_DID_URL']!,
      coreIdentityIssuer: env['ONE_LOGIN_CORE_IDENTITY_ISSUER']!,
    },
    clientId: env['ONE_LOGIN_CLIENT_ID']!,
    privateKey: env['ONE_LOGIN_PRIVATE_KEY']!,
    redirectUri: `${app.url}/auth/callback`,
    postLogoutRedirectUri: `${app.url}/signed-out`,
    userAgent: 'sandbox-tests/1.0',
  });
});

afterAll(async () => {
  await sandbox?.close();
  await app?.close();
});

/** The browser's part: /authorize -> the sandbox's persona page -> choose -> back to the app. */
async function signInAs(
  choice: string,
  request: Parameters<OneLoginClient['createAuthorizationRequest']>[0] = {},
) {
  const auth = await client.createAuthorizationRequest(request);
  const authorize = await fetch(auth.url, { redirect: 'manual' });
  expect(authorize.status).toBe(302);
  const signInPage = new URL(authorize.headers.get('location')!);
  expect(`${signInPage.origin}${signInPage.pathname}`).toBe(`${sandbox.url}/one-login/sign-in`);
  const page = await fetch(signInPage);
  expect(page.status).toBe(200);
  const html = await page.text();
  const interaction = /name="interaction" value="([^"]+)"/.exec(html)?.[1];
  expect(interaction).toBeDefined();
  const chosen = await postForm(`${sandbox.url}/one-login/sign-in`, {
    interaction: interaction!,
    persona: choice,
  });
  expect(chosen.status).toBe(303);
  return { auth, html, location: chosen.headers.get('location')! };
}

describe('One Login through the sandbox', () => {
  it('publishes discovery at the issuer from /__env', async () => {
    const res = await fetch(`${sandbox.env['ONE_LOGIN_ISSUER']}.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const discovery = (await res.json()) as Record<string, unknown>;
    expect(discovery['issuer']).toBe(sandbox.env['ONE_LOGIN_ISSUER']);
    expect(discovery['authorization_endpoint']).toBe(`${sandbox.url}/one-login/authorize`);
  });

  it('signs in a persona chosen on the sign-in page, with the generated key from /__env', async () => {
    const { auth, html, location } = await signInAs('persona:authenticated', { scopes: ['openid', 'email'] });
    expect(html).toContain('Choose who to sign in as');
    expect(location.startsWith(`${app.url}/auth/callback?`)).toBe(true);
    const result = await client.handleCallback(location, auth);
    const persona = (sandbox.fakes.oneLogin as OneLoginFake)
      .personas()
      .find((p) => p.id === 'authenticated')!;
    expect(result.claims.sub).toBe(persona.sub);
    const userInfo = await client.getUserInfo(result.tokens.access_token, { expectedSub: persona.sub });
    expect(userInfo.email).toBe(persona.email);
  });

  it('proves identity (P2) with a core identity JWT the client verifies against the DID document', async () => {
    const request = { vtr: ['Cl.Cm.P2'], claims: ['coreIdentityJWT'] } as Parameters<
      OneLoginClient['createAuthorizationRequest']
    >[0];
    const { auth, location } = await signInAs('persona:identity-p2', request);
    const result = await client.handleCallback(location, { ...auth, vtr: ['Cl.Cm.P2'] });
    const userInfo = await client.getUserInfo(result.tokens.access_token, { expectedSub: result.claims.sub });
    const jwt = userInfo.coreIdentityJWT!;
    expect(typeof jwt).toBe('string');
    const identity = await client.verifyCoreIdentity(jwt, { sub: result.claims.sub });
    expect(JSON.stringify(identity)).toContain('Decerqueira');
  });

  it('answers a failed identity check with return codes when the client asks for them', async () => {
    const request = { vtr: ['Cl.Cm.P2'], claims: ['returnCode'] } as Parameters<
      OneLoginClient['createAuthorizationRequest']
    >[0];
    const { auth, location } = await signInAs('persona:identity-failed', request);
    const result = await client.handleCallback(location, { ...auth, vtr: ['Cl.Cm.P2'] });
    const userInfo = await client.getUserInfo(result.tokens.access_token, { expectedSub: result.claims.sub });
    expect(userInfo.returnCode).toEqual([{ code: 'B' }]);
  });

  it('returns the error a tester picks to the redirect URI', async () => {
    const { auth, location } = await signInAs('error:access_denied');
    const url = new URL(location);
    expect(url.searchParams.get('error')).toBe('access_denied');
    expect(url.searchParams.get('state')).toBe(auth.state);
    await expect(client.handleCallback(location, auth)).rejects.toThrow();
  });

  it("completes a persona's Post Office identity check from the dashboard, after which identity is proven", async () => {
    const request = { vtr: ['Cl.Cm.P2'], claims: ['coreIdentityJWT'] } as Parameters<
      OneLoginClient['createAuthorizationRequest']
    >[0];
    const fake = sandbox.fakes.oneLogin as OneLoginFake;
    fake.startInPersonCheck('in-person-pending');
    const pending = await signInAs('persona:in-person-pending', request);
    expect(new URL(pending.location).searchParams.get('error')).toBe('access_denied');
    expect(await (await fetch(`${sandbox.url}/dashboard/one-login`)).text()).toContain('Check pending');

    const done = await postForm(`${sandbox.url}/dashboard/one-login/in-person`, {
      persona: 'in-person-pending',
      outcome: 'passed',
    });
    expect(done.status).toBe(303);
    const proven = await signInAs('persona:in-person-pending', request);
    const result = await client.handleCallback(proven.location, proven.auth);
    const info = await client.getUserInfo(result.tokens.access_token, { expectedSub: result.claims.sub });
    expect(typeof info.coreIdentityJWT).toBe('string');
    expect(await (await fetch(`${sandbox.url}/dashboard/one-login`)).text()).toContain(
      '<p class="govuk-body-s">Check passed</p>',
    );
  });

  it('"Break the tokens" makes the next ID token fail validation, until cleared', async () => {
    const set = await postForm(`${sandbox.url}/dashboard/one-login/errors`, {
      idTokenErrors: ['INVALID_SIGNATURE'],
    });
    expect(set.status).toBe(303);
    try {
      const broken = await signInAs('persona:authenticated');
      await expect(client.handleCallback(broken.location, broken.auth)).rejects.toThrow(/signature/i);
      const page = await (await fetch(`${sandbox.url}/dashboard/one-login`)).text();
      expect(page).toContain('Tokens are broken');
    } finally {
      await postForm(`${sandbox.url}/dashboard/one-login/errors`, {});
    }
    const fixed = await signInAs('persona:authenticated');
    await expect(client.handleCallback(fixed.location, fixed.auth)).resolves.toMatchObject({
      claims: { sub: expect.any(String) },
    });
  });

  it('refuses a sign-in page for an unknown or finished interaction', async () => {
    const res = await fetch(`${sandbox.url}/one-login/sign-in?id=nope`);
    expect(res.status).toBe(400);
    const post = await postForm(`${sandbox.url}/one-login/sign-in`, {
      interaction: 'nope',
      persona: 'persona:authenticated',
    });
    expect(post.status).toBe(400);
  });

  it('"sign this user out everywhere" sends a back-channel logout token the client accepts', async () => {
    const { auth, location } = await signInAs('persona:authenticated');
    const result = await client.handleCallback(location, auth);
    const res = await postForm(`${sandbox.url}/dashboard/one-login/logout`, { sub: result.claims.sub });
    expect(res.status).toBe(303);
    const flash = new URL(res.headers.get('location')!, sandbox.url).searchParams.get('flash');
    expect(flash).toContain('signed out everywhere');
    expect(flash).toContain('HTTP 200');
    const delivery = await app.waitFor((r) => r.path === '/auth/backchannel-logout');
    const token = new URLSearchParams(delivery.body).get('logout_token')!;
    const logout = await client.verifyLogoutToken(token);
    expect(logout.sub).toBe(result.claims.sub);
    const page = await (await fetch(`${sandbox.url}/dashboard/one-login`)).text();
    expect(page).toContain('Back-channel logout deliveries');
    expect(page).toContain('HTTP 200');
  });
});
