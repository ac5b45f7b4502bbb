import { buildSubmission, exampleAnswers, exampleForms } from '@council-sdk/forms/testing';
import { sql } from 'kysely';
import { startSandbox } from '@council-sdk/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATION_NAMES } from '../../src/db/migrations.js';
import { Store } from '../../src/db/store.js';
import { ENGINE, openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { Browser, freePort } from '../helpers/harness.js';
import {
  type Instance,
  killInstance,
  type LoadBalancer,
  startInstance,
  startLoadBalancer,
  stopInstance,
} from '../support/cluster.js';
import { applyAndPay, type Fakes, returnFromPay, signIn } from '../support/resident.js';

// Three instances of the app (child processes running src/main.ts) on one PostgreSQL, behind a round-robin load
// balancer, against the sandbox. Consecutive requests of one resident land on different instances.

const POLL = { timeout: 30_000, interval: 200 };

describe.runIf(ENGINE === 'postgres')('three app instances on one PostgreSQL', () => {
  let database: TestDatabase;
  let store: Store;
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let fakes: Fakes;
  let lb: LoadBalancer;
  let env: Record<string, string>;
  const instances: Instance[] = [];
  const alive = () =>
    instances.filter((i) => i.process.exitCode === null && i.process.signalCode === null).map((i) => i.port);

  beforeAll(async () => {
    database = await openTestDatabase({ empty: true });
    store = new Store(database.db);
    const lbPort = await freePort();
    const lbUrl = `http://127.0.0.1:${lbPort}`;
    sandbox = await startSandbox({ port: 0, appBaseUrl: lbUrl });
    fakes = sandbox.fakes as Fakes;
    env = {
      ...sandbox.env,
      DATABASE_URL: database.url!,
      DATABASE_POOL_SIZE: '5',
      APP_BASE_URL: lbUrl,
      JOBS_POLL_INTERVAL_MS: '500',
      FORMS_POLL_INTERVAL_MS: '1000',
      // A job left active by a killed instance is retried after 4 s.
      JOBS_EXPIRE_SECONDS: '4',
      JOBS_MAINTENANCE_SECONDS: '1',
      JOBS_RETRY_DELAY_SECONDS: '1',
      SHUTDOWN_GRACE_MS: '5000',
    };
    const ports = [await freePort(), await freePort(), await freePort()];
    // All three at once, on an empty database: they race to migrate it.
    instances.push(...(await Promise.all(ports.map((port, i) => startInstance(`app-${i + 1}`, port, env)))));
    lb = await startLoadBalancer(lbPort, alive);
  }, 120_000);

  afterAll(async () => {
    for (const i of instances) await stopInstance(i);
    await lb?.close();
    await sandbox?.close();
    await database?.close();
  });

  async function emailsTo(reference: string) {
    return fakes.notify.inbox({ reference, type: 'email' }).length as number;
  }

  it('migrated the empty database once, although the three started together', async () => {
    const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(
      database.db,
    );
    expect(rows.map((r) => r.name)).toEqual(MIGRATION_NAMES);
    const migrated = instances.filter((i) => i.output.some((l) => l.includes('"database migrated"')));
    expect(migrated).toHaveLength(1);
    for (const i of instances) expect((await fetch(`${i.url}/ready`)).status).toBe(200);
  });

  it('runs resident journeys across the instances: each application paid once, one confirmation email each', async () => {
    const vrns = ['MI11AAA', 'MI11BBB', 'MI11CCC', 'MI11DDD'];
    const references = await Promise.all(
      vrns.map(async (vrn) => {
        const browser = await signIn(lb.url, fakes);
        const reference = await applyAndPay(browser, fakes, vrn);
        const { url, res } = await returnFromPay(browser, reference);
        expect(url).toMatch(/\/apply\/confirmation\//);
        expect(await res.text()).toContain(reference);
        return reference;
      }),
    );
    // The requests went round all three instances.
    expect(new Set(lb.served)).toEqual(new Set(instances.map((i) => i.port)));
    await fakes.pay.webhooks.flush();
    await fakes.pay.webhooks.idle();
    for (const reference of references) {
      expect((await store.applications.get(reference))!.status).toBe('paid');
      await expect.poll(() => emailsTo(reference), POLL).toBe(1);
    }
    // Pay delivers at least once: every webhook again, to whichever instance, changes nothing.
    for (const m of fakes.pay.webhooks.messages()) await fakes.pay.webhooks.resend(m.webhook_message_id);
    await fakes.pay.webhooks.idle();
    await new Promise((r) => setTimeout(r, 1500)); // let every worker poll at least once more
    for (const reference of references) {
      expect(await emailsTo(reference)).toBe(1);
      const rows = await store.notifications.listFor(reference);
      expect(rows.filter((n) => n.channel === 'email')).toHaveLength(1);
    }
    // Structured logs: one JSON object per line, each request with its id.
    const lines = instances.flatMap((i) => i.output).filter((l) => l.includes('"message":"request"'));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines.slice(0, 20)) expect(JSON.parse(l).requestId).toMatch(/^[\w.-]{8,}$/);
  });

  it('ingests a GOV.UK Forms submission exactly once, whichever instance polls', async () => {
    const built = buildSubmission(exampleForms.missedBinCollection.en, exampleAnswers.missedBinCollection);
    fakes.forms.s3.deliver(built, { format: 'json' });
    await expect.poll(() => store.formSubmissions.count(), POLL).toBe(1);
    await expect
      .poll(() => fakes.notify.inbox({ reference: built.reference, type: 'email' }).length, POLL)
      .toBe(1);
    // Several more passes on every instance: still once.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await store.formSubmissions.count()).toBe(1);
    expect(fakes.notify.inbox({ reference: built.reference, type: 'email' })).toHaveLength(1);
  });

  it('ends a session on every instance at sign-out and at back-channel logout', async () => {
    const onEvery = async (browser: Browser) =>
      Promise.all(
        instances.map(async (i) => {
          const direct = new Browser(i.url);
          direct.cookies = new Map(browser.cookies);
          const res = await direct.get('/applications');
          return res.status === 200 ? 'signed in' : res.headers.get('location')?.split('?')[0];
        }),
      );

    const one = await signIn(lb.url, fakes, 'identity-p2', false);
    expect(await onEvery(one)).toEqual(['signed in', 'signed in', 'signed in']);
    const out = await one.request('/auth/sign-out');
    expect(out.status).toBe(303);
    expect(await onEvery(one)).toEqual(['/auth/sign-in', '/auth/sign-in', '/auth/sign-in']);

    const two = await signIn(lb.url, fakes, 'identity-p2', false);
    expect(await onEvery(two)).toEqual(['signed in', 'signed in', 'signed in']);
    const sub = fakes.oneLogin.sessions().at(-1).sub as string;
    const deliveries = await fakes.oneLogin.logoutEverywhere(sub);
    expect(deliveries.map((d: { status?: number }) => d.status)).toEqual([200]);
    expect(await onEvery(two)).toEqual(['/auth/sign-in', '/auth/sign-in', '/auth/sign-in']);
  });

  it('adds up back-office sign-in failures across the instances: the sixth attempt is refused on any of them', async () => {
    const staff = new Browser(lb.url);
    const attempt = (password: string) =>
      staff.post(
        '/back-office/sign-in',
        { username: env.BACK_OFFICE_USERNAME!, password },
        { csrfFrom: '/back-office/sign-in' },
      );
    // Round robin: five wrong passwords land on all three instances; each saw at most two.
    for (let i = 0; i < 5; i++) expect((await attempt('wrong')).status).toBe(401);
    expect((await attempt(env.BACK_OFFICE_PASSWORD!)).status).toBe(429);
    await database.db.deleteFrom('sign_in_failures').execute();
    expect((await attempt(env.BACK_OFFICE_PASSWORD!)).status).toBe(303);
  });

  it('loses and doubles nothing when an instance is killed (-9) mid-run, and the instance rejoins on restart', async () => {
    const vrns = ['KL22AAA', 'KL22BBB', 'KL22CCC', 'KL22DDD', 'KL22EEE'];
    const browsers = await Promise.all(vrns.map(() => signIn(lb.url, fakes)));
    const references = await Promise.all(browsers.map((b, n) => applyAndPay(b, fakes, vrns[n]!)));
    // Paid on the card page: Pay's webhooks are on their way and confirmations are being queued and sent.
    const victim = instances[1]!;
    await killInstance(victim);
    await fakes.pay.webhooks.flush();
    const landed = await Promise.all(browsers.map((b, n) => returnFromPay(b, references[n]!)));
    for (const { url } of landed) expect(url).toMatch(/\/apply\/confirmation\//);
    await fakes.pay.webhooks.idle();
    for (const reference of references) {
      await expect.poll(async () => (await store.applications.get(reference))!.status, POLL).toBe('paid');
      await expect.poll(() => emailsTo(reference), POLL).toBe(1);
    }

    // It comes back on the same port and takes its share of requests again.
    const restarted = await startInstance(victim.name, victim.port, env);
    instances[1] = restarted;
    const before = lb.served.length;
    for (let n = 0; n < 6; n++) await fetch(`${lb.url}/`);
    expect(lb.served.slice(before)).toContain(victim.port);

    // Whatever was in flight on the killed instance was retried by another: still exactly one of everything.
    await new Promise((r) => setTimeout(r, 5000));
    for (const reference of references) {
      expect(await emailsTo(reference)).toBe(1);
      expect(
        (await store.notifications.listFor(reference)).filter((n) => n.channel === 'email'),
      ).toHaveLength(1);
    }
    const { rows } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM pgboss.job WHERE name = 'notify-send' AND state NOT IN ('completed')`.execute(
      database.db,
    );
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('stops gracefully on SIGTERM (exit code 0)', async () => {
    const last = instances.pop()!;
    expect(await stopInstance(last)).toBe(0);
  });
});
