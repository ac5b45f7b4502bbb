import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OneLoginClient, StateMismatchError, ValidationError } from '@council-sdk/one-login';
import { oneLoginRouter, requireSignIn, safeReturnTo, signedInUser } from '@council-sdk/one-login/express';
import { createOneLoginFake, generateClientKeyPair, type OneLoginFake } from '@council-sdk/one-login/testing';
import express from 'express';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// One app and one fake for the whole file (handlers stay installed between tests).
const msw = setupServer();
beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => msw.close());

/** A minimal in-memory session middleware with regenerate/destroy (what express-session offers). */
function tinySession() {
  const store = new Map<string, Record<string, unknown>>();
  return (
    req: express.Request & { session?: unknown },
    res: express.Response,
    next: express.NextFunction,
  ) => {
    const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    let id = sid && store.has(sid) ? sid : randomBytes(16).toString('hex');
    const make = (data: Record<string, unknown>) => {
      const session: Record<string, unknown> = data;
      Object.defineProperty(session, 'regenerate', {
        enumerable: false,
        value: (cb: (e?: unknown) => void) => {
          store.delete(id);
          id = randomBytes(16).toString('hex');
          req.session = make({});
          cb();
        },
      });
      Object.defineProperty(session, 'destroy', {
        enumerable: false,
        value: (cb: (e?: unknown) => void) => {
          store.delete(id);
          req.session = undefined;
          cb();
        },
      });
      return session;
    };
    req.session = make(store.get(id) ?? {});
    const end = res.end.bind(res);
    res.end = ((...args: Parameters<typeof end>) => {
      if (req.session) {
        store.set(id, { ...(req.session as Record<string, unknown>) });
        if (!res.headersSent) res.setHeader('Set-Cookie', `sid=${id}; HttpOnly; Path=/`);
      }
      return end(...args);
    }) as typeof res.end;
    next();
  };
}

interface App {
  url: string;
  fake: OneLoginFake;
  client: OneLoginClient;
  loggedOut: string[];
  server: Server;
}

async function startApp(): Promise<App> {
  let handler: express.Express | undefined;
  const server = createServer((req, res) => handler?.(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const keys = generateClientKeyPair();
  const fake = createOneLoginFake({
    clients: [
      {
        clientId: 'express-app',
        redirectUris: [`${url}/auth/callback`],
        postLogoutRedirectUris: [`${url}/signed-out`],
        publicKeys: [keys.publicJwk],
        backChannelLogoutUri: `${url}/auth/backchannel-logout`,
      },
    ],
  });
  msw.use(...fake.handlers);
  const client = new OneLoginClient({
    environment: 'integration',
    clientId: 'express-app',
    privateKey: keys.privateKeyPem,
    privateKeyId: keys.kid,
    redirectUri: `${url}/auth/callback`,
    postLogoutRedirectUri: `${url}/signed-out`,
  });
  const loggedOut: string[] = [];
  const app = express();
  app.use(tinySession() as express.RequestHandler);
  app.use(oneLoginRouter({ client, onBackChannelLogout: (sub) => loggedOut.push(sub) }));
  app.get('/account', requireSignIn() as express.RequestHandler, (req, res) => {
    res.json(signedInUser(req as never));
  });
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res
      .status(err instanceof StateMismatchError || err instanceof ValidationError ? 400 : 500)
      .json({ name: (err as Error).name });
  });
  handler = app;
  return { url, fake, client, loggedOut, server };
}

let cookie = '';
async function get(url: string) {
  const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const set = res.headers.get('set-cookie');
  if (set) cookie = set.split(';')[0] as string;
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
}

describe('Express helpers', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => new Promise<void>((resolve) => app.server.close(() => resolve())));

  it('signs in through login -> One Login -> callback and returns to the page asked for', async () => {
    cookie = '';
    const first = await get(`${app.url}/account`);
    expect(first.status).toBe(302);
    expect(first.location).toBe('/auth/login?returnTo=%2Faccount');
    const login = await get(`${app.url}${first.location}`);
    expect(login.location?.startsWith('https://oidc.integration.account.gov.uk/authorize?')).toBe(true);
    const preLoginCookie = cookie;
    const op = await get(login.location as string);
    const callback = await get(op.location as string);
    expect(callback.status).toBe(302);
    expect(callback.location).toBe('/account');
    // A fresh session id after sign-in (no fixation).
    expect(cookie).not.toBe(preLoginCookie);
    const account = await get(`${app.url}/account`);
    expect(account.status).toBe(200);
    expect(JSON.parse(account.body)).toMatchObject({
      sub: expect.stringMatching(/^urn:fdc:gov\.uk:2022:/),
      vot: 'Cl.Cm',
    });
  });

  it('refuses a callback with a state from another session', async () => {
    cookie = '';
    const login = await get(`${app.url}/auth/login`);
    const op = await get(login.location as string);
    const callbackUrl = new URL(op.location as string);
    callbackUrl.searchParams.set('state', 'forged');
    const res = await get(callbackUrl.toString());
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).name).toBe('StateMismatchError');
  });

  it('refuses a callback without a sign-in in progress', async () => {
    cookie = '';
    const res = await get(`${app.url}/auth/callback?code=x&state=y`);
    expect(res.status).toBe(400);
  });

  it('logs out: ends the session and sends the browser to One Login with the ID token hint', async () => {
    cookie = '';
    const login = await get(`${app.url}/auth/login`);
    const op = await get(login.location as string);
    await get(op.location as string);
    const out = await get(`${app.url}/auth/logout`);
    const target = new URL(out.location as string);
    expect(target.origin + target.pathname).toBe('https://oidc.integration.account.gov.uk/logout');
    expect(target.searchParams.get('id_token_hint')).toMatch(/^eyJ/);
    expect((await get(`${app.url}/account`)).status).toBe(302);
  });

  it('accepts a back-channel logout token once, and answers 400 to a replay or a forgery', async () => {
    const sub = 'urn:fdc:gov.uk:2022:backchannel-user';
    const token = await app.fake.createLogoutToken({ sub, clientId: 'express-app' });
    const post = (body: string) =>
      fetch(`${app.url}/auth/backchannel-logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    expect((await post(`logout_token=${token}`)).status).toBe(200);
    expect(app.loggedOut).toContain(sub);
    expect((await post(`logout_token=${token}`)).status).toBe(400);
    expect((await post('logout_token=not-a-jwt')).status).toBe(400);
    expect((await post('')).status).toBe(400);
  });

  it('the fake delivers back-channel logout to the running app', async () => {
    cookie = '';
    const login = await get(`${app.url}/auth/login`);
    const op = await get(login.location as string);
    await get(op.location as string);
    const sub = app.fake.sessions()[0]?.sub as string;
    const deliveries = await app.fake.logoutEverywhere(sub);
    expect(deliveries[0]?.status).toBe(200);
    expect(app.loggedOut).toContain(sub);
  });
});

describe('safeReturnTo', () => {
  it('allows local paths only', () => {
    expect(safeReturnTo('/account?x=1')).toBe('/account?x=1');
    for (const bad of [
      '//evil.example',
      'https://evil.example',
      '/\\evil.example',
      'account',
      '/a\r\nSet-Cookie: x',
      42,
    ]) {
      expect(safeReturnTo(bad)).toBeUndefined();
    }
  });
});
