/** Attacks from the security audit (issue #14) on the council app, over real HTTP. */
import { expectLinearTime, HOSTILE_PATTERNS, repeatTo } from '@council-sdk/config/hostile';
import fc from 'fast-check';
import type { SessionData } from 'express-session';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readCookie } from '../../src/http/cookies.js';
import { localPath } from '../../src/http/util.js';
import { Browser, signInWithIdentity, startTestApp, type TestApp } from '../helpers/harness.js';

// The cookie reader's growth check times several runs; on a loaded machine that takes a while.
vi.setConfig({ testTimeout: 120_000 });

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await app.close();
});

const sidOf = (browser: Browser) => {
  const value = decodeURIComponent(browser.cookies.get('council-session') ?? '');
  return value.slice(2, value.lastIndexOf('.'));
};
const call = (fn: (cb: (err?: unknown) => void) => void) =>
  new Promise<void>((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));

describe('sessions stay dead once ended (item 1)', () => {
  async function stolenSession() {
    const { browser } = await signInWithIdentity(app);
    const attacker = new Browser(app.url);
    attacker.cookies = new Map(browser.cookies);
    expect((await attacker.get('/applications')).status).toBe(200);
    // What the attacker's session looks like as a request of theirs is finishing.
    const sid = sidOf(browser);
    const row = await app.store.sessions.get(sid);
    return { browser, attacker, sid, sess: row!.sess as unknown as SessionData };
  }

  it('a stolen cookie with a request in flight stays dead after the resident signs out', async () => {
    const { browser, attacker, sid, sess } = await stolenSession();
    await browser.get('/auth/sign-out');
    // The attacker's in-flight request ends after the sign-out: express-session touches (rolling) or saves it.
    const store = app.council.context.sessionStore;
    await call((cb) => store.touch(sid, sess, cb));
    await call((cb) => store.set(sid, { ...sess, returnTo: '/applications' }, cb));
    expect((await attacker.get('/applications')).headers.get('location')).toMatch(/^\/auth\/sign-in(\?|$)/);
  });

  it('a stolen cookie with a request in flight stays dead after a back-channel logout', async () => {
    const { attacker, sid, sess } = await stolenSession();
    const res = await fetch(`${app.url}/auth/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: 'logout:urn:fdc:gov.uk:2022:kenneth' }),
    });
    expect(res.status).toBe(200);
    const store = app.council.context.sessionStore;
    await call((cb) => store.touch(sid, sess, cb));
    await call((cb) => store.set(sid, sess, cb));
    expect((await attacker.get('/applications')).headers.get('location')).toMatch(/^\/auth\/sign-in(\?|$)/);
  });

  it('the resident can sign in again after a back-channel logout', async () => {
    await signInWithIdentity(app);
    await fetch(`${app.url}/auth/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: 'logout:urn:fdc:gov.uk:2022:kenneth' }),
    });
    await new Promise((r) => setTimeout(r, 5));
    const { browser } = await signInWithIdentity(app);
    expect((await browser.get('/applications')).status).toBe(200);
  });
});

describe('links and redirects stay on this site (item 4)', () => {
  const hrefOfToggle = (html: string) =>
    /<a class="govuk-link" href="([^"]*)" lang="(?:cy|en)"/.exec(html)?.[1];

  for (const path of [
    '//a//evil.example/phish',
    '///evil.example/x',
    '/\\evil.example/x',
    '//evil.example',
  ]) {
    it(`the language toggle on ${JSON.stringify(path)} points at this site`, async () => {
      const res = await fetch(`${app.url}${path}`);
      const href = hrefOfToggle(await res.text());
      expect(href).toBeDefined();
      const target = new URL(href!.replaceAll('&amp;', '&'), `${app.url}/some/page`);
      expect(target.origin).toBe(app.url);
      expect(target.searchParams.get('lang')).toBe('cy');
    });
  }

  it('localPath turns any request URL into a path on this site', () => {
    for (const raw of [
      '//a//evil.example/phish',
      '/\\evil.example',
      '\\/evil.example?x=1',
      '///x',
      '/ok?a=b',
    ]) {
      const path = localPath(raw);
      expect(path.startsWith('/')).toBe(true);
      expect(new URL(path, 'https://permits.example.gov.uk').origin).toBe('https://permits.example.gov.uk');
    }
    expect(localPath('/apply/check?lang=cy')).toBe('/apply/check?lang=cy');
  });
});

describe('no session for anonymous visitors (item 7)', () => {
  const sessionRows = () => app.store.sessions.count();

  it('a crawler reading pages, in either language, creates no session row and gets no session cookie', async () => {
    for (const path of ['/', '/?lang=cy', '/signed-out', '/no-such-page', '/apply/vehicle', '/?lang=en']) {
      const res = await fetch(`${app.url}${path}`, { redirect: 'manual' });
      expect(res.headers.getSetCookie().filter((c) => c.includes('council-session'))).toEqual([]);
    }
    expect(await sessionRows()).toBe(0);
  });

  it('the language choice is remembered without a session', async () => {
    const b = new Browser(app.url);
    await b.get('/?lang=cy');
    const html = await (await b.get('/signed-out')).text();
    expect(html).toContain('lang="cy"');
    expect(await sessionRows()).toBe(0);
  });

  it('a page with a form creates the session that holds its CSRF token, and the form works', async () => {
    const b = new Browser(app.url);
    const token = await b.csrf('/back-office/sign-in');
    expect(await sessionRows()).toBe(1);
    const res = await b.post(
      '/back-office/sign-in',
      { username: 'staff', password: 'correct horse battery staple' },
      { csrf: token },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/back-office');
  });

  it('a visitor sent to sign in comes back to the page they asked for, and only to this site', async () => {
    const b = new Browser(app.url);
    const res = await b.get('/applications');
    expect(res.headers.get('location')).toBe('/auth/sign-in?returnTo=%2Fapplications');
    expect(await sessionRows()).toBe(0);
    const { url } = await b.follow(res.headers.get('location') as string);
    expect(new URL(url).pathname).toBe('/applications');
    const evil = new Browser(app.url);
    const landed = await evil.follow('/auth/sign-in?returnTo=%2F%2Fevil.example%2Fx');
    expect(new URL(landed.url).origin).toBe(app.url);
  });
});

describe('the language cookie reader on hostile Cookie headers (item 2)', () => {
  it('finds the cookie or nothing, on any header (property), in linear time', async () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.constantFrom('en', 'cy'),
        (noise, lang) => {
          const clean = noise.replaceAll(';', '').replaceAll('=', '');
          expect(readCookie(`${clean}x=1; council-lang=${lang}; y=2`, 'council-lang')).toBe(lang);
          const found = readCookie(noise, 'council-lang');
          expect(found === undefined || typeof found === 'string').toBe(true);
        },
      ),
    );
    for (const pattern of [...HOSTILE_PATTERNS, 'council-lang', '; ', '=;']) {
      await expectLinearTime(
        `readCookie(${JSON.stringify(pattern)})`,
        (h: string) => readCookie(h, 'council-lang'),
        (n) => repeatTo(pattern, n),
        { size: 512 },
      );
    }
    expect(readCookie(`${'a=b; '.repeat(2000)}council-lang=cy`, 'council-lang')).toBeUndefined();
  });

  it('a Cookie header over 16 KB is refused by the server before any parser sees it', async () => {
    const res = await fetch(`${app.url}/`, { headers: { cookie: `council-session=${'a'.repeat(20_000)}` } });
    expect(res.status).toBe(431);
  });
});

describe('back-office sign-in throttling (item 8)', () => {
  it('stops password guessing against the account spread over many addresses', async () => {
    const proxied = await startTestApp({ TRUST_PROXY: 'loopback' });
    try {
      const attempt = async (ip: string, password: string) => {
        const b = new Browser(proxied.url);
        const token = await b.csrf('/back-office/sign-in');
        return b.request('/back-office/sign-in', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
          body: new URLSearchParams({ _csrf: token, username: 'staff', password }),
        });
      };
      for (let i = 0; i < 10; i++) expect((await attempt(`198.51.100.${i}`, `guess-${i}`)).status).toBe(401);
      // An eleventh address, even with the right password, waits out the window.
      expect((await attempt('198.51.100.200', 'correct horse battery staple')).status).toBe(429);
    } finally {
      await proxied.close();
    }
  });

  it('still stops five failures from one address', async () => {
    const b = new Browser(app.url);
    for (let i = 0; i < 5; i++) {
      expect(
        (
          await b.post(
            '/back-office/sign-in',
            { username: 'nobody', password: 'x' },
            { csrfFrom: '/back-office/sign-in' },
          )
        ).status,
      ).toBe(401);
    }
    expect(
      (
        await b.post(
          '/back-office/sign-in',
          { username: 'staff', password: 'correct horse battery staple' },
          { csrfFrom: '/back-office/sign-in' },
        )
      ).status,
    ).toBe(429);
  });
});
