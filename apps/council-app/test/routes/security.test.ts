import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Browser, signInWithIdentity, startTestApp, type TestApp } from '../helpers/harness.js';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await app.close();
});

describe('sessions, CSRF and headers', () => {
  it('sets a signed, httpOnly, SameSite=Lax session cookie (not Secure on loopback http)', async () => {
    // A page with a form is the first to need a session (for its CSRF token).
    const res = await new Browser(app.url).get('/back-office/sign-in');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('council-session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    // express-session signs the id: "s:<id>.<signature>".
    expect(decodeURIComponent(cookie.split(';')[0]!.split('=')[1]!)).toMatch(/^s:[^.]+\..+/);
  });

  it('uses a Secure __Host- cookie when the app is served over https', async () => {
    const secure = await startTestApp({
      APP_BASE_URL: 'https://permits.example.gov.uk',
      TRUST_PROXY: 'loopback',
    });
    try {
      // As if TLS ended at a load balancer on the same host.
      const res = await fetch(`${secure.url}/back-office/sign-in`, {
        headers: { 'x-forwarded-proto': 'https' },
      });
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-council-session='))!;
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/Path=\//);
      expect(res.headers.get('strict-transport-security')).toContain('max-age=');
      // Over plain http the Secure cookie is never sent at all.
      const plain = await fetch(`${secure.url}/back-office/sign-in`);
      expect(plain.headers.getSetCookie()).toEqual([]);
    } finally {
      await secure.close();
    }
  });

  it('gives the session a new id at sign-in (no session fixation)', async () => {
    const b = new Browser(app.url);
    await b.get('/back-office/sign-in');
    const before = b.cookies.get('council-session');
    expect(before).toBeDefined();
    await b.follow('/auth/sign-in');
    const after = b.cookies.get('council-session');
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    // The old id no longer works.
    const stale = new Browser(app.url);
    stale.cookies.set('council-session', before!);
    expect((await stale.get('/applications')).headers.get('location')).toMatch(/^\/auth\/sign-in(\?|$)/);
  });

  it('refuses an identity answer for someone other than the signed-in resident', async () => {
    const b = new Browser(app.url);
    await b.follow('/auth/sign-in');
    app.services.oneLogin.persona = {
      ...app.services.oneLogin.persona,
      sub: 'urn:fdc:gov.uk:2022:someone-else',
    };
    const { res } = await b.follow('/auth/prove-identity');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Your identity was checked on a different GOV.UK One Login');
    expect((await b.get('/apply/vehicle')).headers.get('location')).toBe('/identity');
  });

  it('stores sessions server side, in the database every instance shares', async () => {
    await signInWithIdentity(app);
    expect(await app.store.sessions.userSubs()).toContain('urn:fdc:gov.uk:2022:kenneth');
  });

  it('keeps no session for a visitor who only reads pages (no row, no cookie)', async () => {
    const b = new Browser(app.url);
    for (const path of ['/', '/signed-out', '/no-such-page']) {
      const res = await b.get(path);
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    expect(await app.store.sessions.count()).toBe(0);
  });

  it('never creates a session row on touch (a late request after the session was destroyed)', async () => {
    const call = (fn: (cb: (err?: unknown) => void) => void) =>
      new Promise<void>((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));
    const cookie = { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000) } as never;
    await call((cb) => app.council.context.sessionStore.touch('gone', { cookie }, cb));
    expect(await app.store.sessions.count()).toBe(0);
  });

  it('refuses a form post without the CSRF token (403) and with a wrong one', async () => {
    const { browser } = await signInWithIdentity(app);
    const none = await browser.post('/apply/vehicle', { vehicleRegistration: 'AB12CDE' }, { csrf: null });
    expect(none.status).toBe(403);
    const wrong = await browser.post(
      '/apply/vehicle',
      { vehicleRegistration: 'AB12CDE' },
      { csrf: 'x'.repeat(43) },
    );
    expect(wrong.status).toBe(403);
    const right = await browser.post('/apply/vehicle', { vehicleRegistration: 'AB12CDE' });
    expect(right.status).toBe(303);
  });

  it('sends security headers with a nonce-based CSP', async () => {
    const res = await new Browser(app.url).get('/');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(await res.text()).toContain(`nonce="${nonce}"`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('serves the GOV.UK Frontend assets', async () => {
    const css = await fetch(`${app.url}/assets/govuk-frontend.min.css`);
    expect(css.status).toBe(200);
    const js = await fetch(`${app.url}/assets/govuk-frontend.min.js`);
    expect(js.status).toBe(200);
    expect((await fetch(`${app.url}/assets/rebrand/images/favicon.svg`)).status).toBe(200);
    // Only the compiled files: not the library's sources.
    expect((await fetch(`${app.url}/assets/all.mjs`)).status).toBe(404);
  });

  it('never shows secrets when the config is logged', () => {
    const printed = `${JSON.stringify(app.config)} ${inspect(app.config)}`;
    for (const secret of [
      app.config.SESSION_SECRET,
      app.config.PAY_API_KEY,
      app.config.NOTIFY_API_KEY,
      app.config.BACK_OFFICE_PASSWORD!,
    ]) {
      expect(printed).not.toContain(secret);
    }
    expect(printed).toContain('[redacted]');
  });
});

describe('One Login sign-out and back-channel logout', () => {
  it('signs out through One Login with the id_token_hint and ends the local session', async () => {
    const { browser } = await signInWithIdentity(app);
    const res = await browser.get('/auth/sign-out');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('/signed-out?state=');
    expect(app.services.oneLogin.loggedOut).toEqual(['id-token-urn:fdc:gov.uk:2022:kenneth']);
    expect((await browser.get('/applications')).headers.get('location')).toMatch(/^\/auth\/sign-in(\?|$)/);
  });

  it('ends every session of the user named in a valid logout token', async () => {
    const one = (await signInWithIdentity(app)).browser;
    const two = (await signInWithIdentity(app)).browser;
    const res = await fetch(`${app.url}/auth/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: 'logout:urn:fdc:gov.uk:2022:kenneth' }),
    });
    expect(res.status).toBe(200);
    for (const b of [one, two])
      expect((await b.get('/applications')).headers.get('location')).toMatch(/^\/auth\/sign-in(\?|$)/);
  });

  it('keeps a logged-out session dead: a request still in flight cannot save it back', async () => {
    const { browser } = await signInWithIdentity(app);
    const sid = decodeURIComponent(browser.cookies.get('council-session')!).slice(2).split('.')[0]!;
    const sessionStore = app.council.context.sessionStore;
    const inFlight = await new Promise<Record<string, unknown>>((resolve, reject) =>
      sessionStore.get(sid, (err, s) => (err ? reject(err) : resolve(s as never))),
    );
    await fetch(`${app.url}/auth/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: 'logout:urn:fdc:gov.uk:2022:kenneth' }),
    });
    // The request that had loaded the session ends and saves it.
    await new Promise<void>((resolve, reject) =>
      sessionStore.set(sid, inFlight as never, (err) => (err ? reject(err) : resolve())),
    );
    expect(await app.store.sessions.count()).toBe(0);
    expect((await browser.get('/applications')).headers.get('location')).toMatch(/^\/auth\/sign-in(\?|$)/);
    // Signing in again afterwards works.
    const again = (await signInWithIdentity(app)).browser;
    expect((await again.get('/applications')).status).toBe(200);
  });

  it('refuses an invalid logout token (400) and keeps the sessions', async () => {
    const { browser } = await signInWithIdentity(app);
    const res = await fetch(`${app.url}/auth/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: 'forged' }),
    });
    expect(res.status).toBe(400);
    expect((await browser.get('/applications')).status).toBe(200);
  });
});
