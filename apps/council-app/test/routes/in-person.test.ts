import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KENNETH } from '../helpers/doubles.js';
import { Browser, startTestApp, type TestApp } from '../helpers/harness.js';

// In-person (Post Office) identity checks at route level, with the One Login double: while the check is pending an
// identity request comes back without an identity, exactly as a failed one does (One Login does not say "pending").

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await app.close();
});

const PENDING = { ...KENNETH, identity: undefined, accessDenied: true };

async function signedIn(): Promise<Browser> {
  const b = new Browser(app.url);
  const { url } = await b.follow('/auth/sign-in');
  expect(url).toMatch(/\/identity$/);
  return b;
}

describe('in-person identity checks', () => {
  it('without word of a Post Office check, an identity not proven is a failure with a way to say "Post Office"', async () => {
    app.services.oneLogin.persona = PENDING;
    const b = await signedIn();
    const { res, url } = await b.follow('/auth/prove-identity');
    expect(url).toMatch(/\/identity\/failed$/);
    const html = await res.text();
    expect(html).toContain('We could not confirm your identity online');
    expect(html).toContain('href="/identity/post-office"');
  });

  it('once the resident says they went to a Post Office, "no identity" shows the pending page, in Welsh too', async () => {
    app.services.oneLogin.persona = PENDING;
    const b = await signedIn();
    const pending = await (await b.get('/identity/post-office')).text();
    expect(pending).toContain('Your identity check at a Post Office is not finished yet');
    expect(pending).toContain('Sign in to view the result of your identity check');
    const { url } = await b.follow('/auth/prove-identity');
    expect(url).toMatch(/\/identity\/post-office$/);
    expect((await b.follow('/identity')).url).toMatch(/\/identity\/post-office$/);
    expect(await (await b.get('/identity/post-office?lang=cy')).text()).toContain('Swyddfa’r Post');
  });

  it('the landing page sends a resident without a session to sign in, then to the return page', async () => {
    const b = new Browser(app.url);
    const landing = await b.get('/identity/in-person-return');
    expect(landing.status).toBe(303);
    expect(landing.headers.get('location')).toBe('/auth/sign-in?returnTo=%2Fidentity%2Fin-person-result');
    const { url, res } = await b.follow(landing.headers.get('location')!);
    expect(url).toMatch(/\/identity\/in-person-result$/);
    expect(await res.text()).toContain('Get the result of your identity check');
  });

  it('after the return page, a passed check proves the identity and a failed one is a failure, not "pending"', async () => {
    app.services.oneLogin.persona = PENDING;
    const b = await signedIn();
    await b.get('/identity/post-office');
    await b.follow('/identity/in-person-return');
    expect((await b.follow('/auth/prove-identity')).url).toMatch(/\/identity\/failed$/);

    app.services.oneLogin.persona = KENNETH; // the Post Office confirmed who they are
    const { url } = await b.follow('/identity/in-person-return');
    expect(url).toMatch(/\/identity\/in-person-result$/);
    expect((await b.follow('/auth/prove-identity')).url).toMatch(/\/apply\/vehicle$/);
    // Proven: the in-person pages step aside.
    expect((await b.follow('/identity/in-person-result')).url).toMatch(/\/apply\/vehicle$/);
  });
});
