/** Attacks from the security audit (issue #14) on the council app, over real HTTP. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localPath } from '../../src/http/util.js';
import { Browser, signInWithIdentity, startTestApp, type TestApp } from '../helpers/harness.js';

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
    const row = app.db.prepare('SELECT sess FROM sessions WHERE sid = ?').get(sid) as { sess: string };
    return { browser, attacker, sid, sess: JSON.parse(row.sess) };
  }

  it('a stolen cookie with a request in flight stays dead after the resident signs out', async () => {
    const { browser, attacker, sid, sess } = await stolenSession();
    await browser.get('/auth/sign-out');
    // The attacker's in-flight request ends after the sign-out: express-session touches (rolling) or saves it.
    const store = app.council.context.sessionStore;
    await call((cb) => store.touch(sid, sess, cb));
    await call((cb) => store.set(sid, { ...sess, lang: 'cy' }, cb));
    expect((await attacker.get('/applications')).headers.get('location')).toBe('/auth/sign-in');
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
    expect((await attacker.get('/applications')).headers.get('location')).toBe('/auth/sign-in');
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
