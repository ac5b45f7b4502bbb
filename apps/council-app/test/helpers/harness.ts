import { createServer } from 'node:net';
import { type AppDependencies, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { openTestDatabase } from './database.js';
import { createDoubles } from './doubles.js';
import { TEST_ENV } from './env.js';

export { TEST_ENV };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The app with in-memory service doubles and a database of its own, listening on a free loopback port. */
export async function startTestApp(env: Record<string, string> = {}, deps: Partial<AppDependencies> = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({ ...TEST_ENV, APP_BASE_URL: url, ...env });
  const services = createDoubles(url);
  const database = await openTestDatabase();
  const council = await createApp(config, { services, database, log: silentLogger, ...deps });
  const server = council.app.listen(port, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  return {
    url,
    config,
    services,
    database,
    council,
    store: council.store,
    /** Runs the queued messages (the workers are off in tests). */
    runJobs: () => council.runJobs(),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await council.close();
      await database.close();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/** A minimal browser: keeps cookies, follows redirects within the app only when asked, finds CSRF tokens. */
export class Browser {
  cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const url = new URL(path, this.base);
    const headers = new Headers(init.headers);
    if (url.origin === new URL(this.base).origin && this.cookies.size) {
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return res;
  }

  get(path: string) {
    return this.request(path);
  }

  /** GET, following redirects that stay on the app's origin; stops at the first external one. */
  async follow(path: string): Promise<{ res: Response; url: string }> {
    let url = new URL(path, this.base).toString();
    for (let i = 0; i < 10; i++) {
      const res = await this.request(url);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { res, url };
      const next = new URL(location, url);
      if (next.origin !== new URL(this.base).origin) return { res, url: next.toString() };
      url = next.toString();
    }
    throw new Error('too many redirects');
  }

  async csrf(path: string): Promise<string> {
    const html = await (await this.get(path)).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error(`no CSRF token on ${path}`);
    return m[1]!;
  }

  /** POST a form (with the session's CSRF token unless given) and return the raw response. */
  async post(
    path: string,
    fields: Record<string, string>,
    opts: { csrfFrom?: string; csrf?: string | null } = {},
  ) {
    const token = opts.csrf === null ? undefined : (opts.csrf ?? (await this.csrf(opts.csrfFrom ?? path)));
    const body = new URLSearchParams({ ...(token ? { _csrf: token } : {}), ...fields });
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
  }
}

/** Signs in and proves identity with the One Login double; ends on the vehicle question. */
export async function signInWithIdentity(app: TestApp, browser = new Browser(app.url)) {
  const { url } = await browser.follow('/auth/sign-in');
  if (!url.endsWith('/identity')) throw new Error(`expected the identity page, got ${url}`);
  const proved = await browser.follow('/auth/prove-identity');
  return { browser, url: proved.url, res: proved.res };
}

/** Answers the questions and presses "Continue to payment"; returns the Pay next_url. */
export async function applyAndStartPayment(_app: TestApp, browser: Browser, vrn = 'AB12 CDE', months = '6') {
  await browser.post('/apply/vehicle', { vehicleRegistration: vrn });
  await browser.post('/apply/permit-length', { permitLength: months });
  const res = await browser.post('/apply/pay', {}, { csrfFrom: '/apply/check' });
  return res.headers.get('location')!;
}
