import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/logger.js';
import { Browser, startTestApp, type TestApp } from '../helpers/harness.js';

// Issue #22 item 4: each One Login failure the service can tell apart has its own page, next step and log reason.

let app: TestApp;
let warnings: { message: string; fields: Record<string, unknown> }[];
beforeEach(async () => {
  warnings = [];
  const log: Logger = {
    debug() {},
    info() {},
    warn: (message: string, fields?: Record<string, unknown>) =>
      warnings.push({ message, fields: fields ?? {} }),
    error() {},
  } as Logger;
  app = await startTestApp({}, { log });
});
afterEach(async () => {
  await app.close();
});

/** Starts a sign-in and comes back from One Login with `error=<code>` on the right state. */
async function comeBackWith(code: string) {
  const b = new Browser(app.url);
  const start = await b.get('/auth/sign-in');
  const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
  return b.get(`/auth/callback?error=${code}&state=${state}`);
}

describe('One Login failures, each explained', () => {
  it('cancelled (access_denied): says so, offers to sign in again and another way to apply', async () => {
    const res = await comeBackWith('access_denied');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('You did not finish signing in');
    expect(html).toContain('href="/auth/sign-in"');
    expect(html).toContain('01234 567890');
    expect(warnings.map((w) => w.fields.reason)).toEqual(['cancelled']);
  });

  it('temporarily unavailable: not your fault, try again later (503)', async () => {
    const res = await comeBackWith('temporarily_unavailable');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('GOV.UK One Login is not available at the moment');
    expect(warnings.map((w) => w.fields.reason)).toEqual(['unavailable']);
  });

  it('session expired: a callback with no sign-in in progress', async () => {
    const res = await new Browser(app.url).get('/auth/callback?code=abc&state=xyz');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Your session has timed out');
    expect(warnings.map((w) => w.fields.reason)).toEqual(['expired']);
  });

  it('session expired: an answer to an older sign-in (state mismatch)', async () => {
    const b = new Browser(app.url);
    await b.get('/auth/sign-in');
    const res = await b.get('/auth/callback?code=abc&state=an-older-one');
    expect(await res.text()).toContain('Your session has timed out');
    expect(warnings.map((w) => w.fields.reason)).toEqual(['expired']);
  });

  it('in Welsh, with a Welsh heading', async () => {
    const b = new Browser(app.url);
    await b.get('/?lang=cy');
    const start = await b.get('/auth/sign-in');
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const html = await (await b.get(`/auth/callback?error=access_denied&state=${state}`)).text();
    expect(html).toContain('Wnaethoch chi ddim gorffen mewngofnodi');
  });
});
