import { createOneLoginFake, generateClientKeyPair } from '@council-sdk/one-login/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CouncilApp, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { createOneLoginService } from '../../src/services/one-login.js';
import { openTestDatabase } from '../helpers/database.js';
import { createDoubles } from '../helpers/doubles.js';
import { Browser, freePort, TEST_ENV } from '../helpers/harness.js';

// The app's real One Login module (src/services/one-login.ts over OneLoginClient) against the One Login fake in
// process (msw), in the fake's immediate mode: /authorize answers at once as the chosen persona. The browser tests
// cover the same flow through the sandbox's interactive persona page.

const ISSUER = 'https://oidc.fake.test/';
const oneLoginFake = createOneLoginFake({ baseUrl: ISSUER });
const server = setupServer(...oneLoginFake.handlers);
const keys = generateClientKeyPair({ kid: 'council-app-key' });

beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => server.close());

let url: string;
let close: () => Promise<void>;
let ctx: CouncilApp['context'];
let council: CouncilApp;

beforeEach(async () => {
  oneLoginFake.reset();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  oneLoginFake.registerClient({
    clientId: 'council-app',
    redirectUris: [`${url}/auth/callback`],
    postLogoutRedirectUris: [`${url}/signed-out`],
    publicKeys: [keys.publicJwk],
    returnCodesEnabled: true,
    backChannelLogoutUri: `${url}/auth/backchannel-logout`,
  });
  const config = loadConfig({
    ...TEST_ENV,
    APP_BASE_URL: url,
    ONE_LOGIN_ISSUER: ISSUER,
    ONE_LOGIN_CLIENT_ID: 'council-app',
    ONE_LOGIN_PRIVATE_KEY: keys.privateKeyPem,
  });
  const database = await openTestDatabase();
  council = await createApp(config, {
    database,
    log: silentLogger,
    services: { ...createDoubles(url), oneLogin: createOneLoginService(config) },
  });
  ctx = council.context;
  const listener = council.app.listen(port, '127.0.0.1');
  await new Promise<void>((r) => listener.once('listening', () => r()));
  close = async () => {
    listener.closeAllConnections();
    await new Promise<void>((r) => listener.close(() => r()));
    await council.close();
    await database.close();
  };
});
afterEach(async () => {
  await oneLoginFake.settled();
  await close();
});

/** Follows redirects through the app and the fake OP (which msw answers in process). */
async function go(browser: Browser, path: string): Promise<{ url: string; res: Response }> {
  let next = new URL(path, url).toString();
  for (let i = 0; i < 10; i++) {
    const res = next.startsWith(url)
      ? await browser.request(next)
      : await fetch(next, { redirect: 'manual' });
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) return { url: next, res };
    next = new URL(location, next).toString();
  }
  throw new Error('too many redirects');
}

describe('One Login through the SDK against its fake', () => {
  it('signs in (Cl.Cm), proves identity (Cl.Cm.P2) and takes the verified name and address', async () => {
    oneLoginFake.setDefaultPersona('identity-p2');
    const browser = new Browser(url);
    const signedIn = await go(browser, '/auth/sign-in');
    expect(signedIn.url).toBe(`${url}/identity`);
    const proved = await go(browser, '/auth/prove-identity');
    expect(proved.url).toBe(`${url}/apply/vehicle`);
    await browser.post('/apply/vehicle', { vehicleRegistration: 'AB12CDE' });
    await browser.post('/apply/permit-length', { permitLength: '3' });
    const check = await (await browser.get('/apply/check')).text();
    expect(check).toContain('Kenneth Decerqueira');
    expect(check).toContain('8 Hadley Road');
    expect(check).toContain('BA2 5AA');
  });

  it('sends a resident whose identity check failed to the alternative route, with the return codes', async () => {
    oneLoginFake.setDefaultPersona('identity-failed');
    const browser = new Browser(url);
    await go(browser, '/auth/sign-in');
    const failed = await go(browser, '/auth/prove-identity');
    expect(failed.url).toBe(`${url}/identity/failed`);
    expect(await failed.res.text()).toMatch(/quote this code: [A-Z]/);
  });

  it('refuses a callback whose state does not match the session', async () => {
    oneLoginFake.setDefaultPersona('identity-p2');
    const browser = new Browser(url);
    const start = await browser.get('/auth/sign-in');
    const authorize = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const callback = new URL(authorize.headers.get('location')!);
    callback.searchParams.set('state', 'forged');
    const res = await browser.request(callback.toString());
    expect(res.status).toBe(400);
    expect((await browser.get('/applications')).headers.get('location')).toMatch(/^\/auth\/sign-in(\?|$)/);
  });

  it('signs out through One Login and ends sessions on a genuine back-channel logout token only', async () => {
    oneLoginFake.setDefaultPersona('identity-p2');
    const one = new Browser(url);
    await go(one, '/auth/sign-in');
    const sub = oneLoginFake.sessions()[0]!.sub;
    const forged = await fetch(`${url}/auth/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: 'eyJhbGciOiJub25lIn0.e30.' }),
    });
    expect(forged.status).toBe(400);
    expect((await one.get('/applications')).status).toBe(200);

    const deliveries = await oneLoginFake.logoutEverywhere(sub);
    expect(deliveries.map((d) => d.status)).toEqual([200]);
    expect((await one.get('/applications')).headers.get('location')).toMatch(/^\/auth\/sign-in(\?|$)/);

    const two = new Browser(url);
    await go(two, '/auth/sign-in');
    const signOut = await two.get('/auth/sign-out');
    const logoutUrl = new URL(signOut.headers.get('location')!);
    expect(logoutUrl.href.startsWith(`${ISSUER}logout`)).toBe(true);
    expect(logoutUrl.searchParams.get('post_logout_redirect_uri')).toBe(`${url}/signed-out`);
    expect(logoutUrl.searchParams.get('id_token_hint')).toBeTruthy();
    expect(await ctx.sessionStore.destroyForUser(sub)).toBe(0);
  });
});
