import { createServer } from 'node:net';
import { type AppDependencies, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { openTestDatabase } from './database.js';
import { createDoubles } from './doubles.js';
import { TEST_ENV } from './env.js';
import { Browser } from '../support/browser.js';

export { Browser };

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
