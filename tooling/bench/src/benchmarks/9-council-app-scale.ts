// The sample council app run as a service: N instances (child processes running apps/council-app/src/main.ts) on
// one real PostgreSQL server behind a round-robin load balancer (the same parts as the app's multi-instance test).
// 1. Resident journeys per second through 1 and through 3 instances, against the sandbox.
// 2. 3,000 confirmation emails queued at once and sent by 3 instances through one shared rate limiter (a token
//    bucket in PostgreSQL), against a fake Notify that enforces the limit itself and answers 429 like Notify.
import { generateKeyPairSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startFakeServer } from '../harness/server.js';
import { single } from '../harness/sides.js';
import type { Benchmark, Row } from '../harness/types.js';

const app = (path: string) => new URL(`../../../../apps/council-app/${path}`, import.meta.url).href;

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return serverUrl.replace(/\/postgres$/, `/${name}`);
}

const benchmark: Benchmark = {
  name: 'council-app-scale',
  title: 'Council app: instances on one PostgreSQL (journeys, and Notify sends under a shared rate limit)',
  requires: { '@council-sdk/sandbox': ['startSandbox'] },
  timeoutMs: 600_000,
  async run(ctx) {
    const cluster = await import(app('test/support/cluster.ts'));
    const { startPostgresServer } = await import(app('test/support/postgres-server.ts'));
    const resident = await import(app('test/support/resident.ts'));
    const { startSandbox } = await import('@council-sdk/sandbox');
    const server = await startPostgresServer();
    const rows: Row[] = [];
    const notes: string[] = [];
    try {
      // ---- 1. journeys per second at 1 and 3 instances ----
      const journeys = ctx.size(36, 6);
      const concurrency = 6;
      const rates: Record<number, number> = {};
      for (const count of [1, 3]) {
        const lbPort = await freePort();
        const lbUrl = `http://127.0.0.1:${lbPort}`;
        // Pay's own limit (15 payments created a second per account) would cap the journeys, not the app: off here.
        const sandbox = await startSandbox({
          port: 0,
          appBaseUrl: lbUrl,
          config: { pay: { rateLimits: false } },
        });
        const url = await createDatabase(server.url, `journeys_${count}`);
        const env = {
          ...sandbox.env,
          DATABASE_URL: url,
          APP_BASE_URL: lbUrl,
          JOBS_POLL_INTERVAL_MS: '500',
          FORMS_POLL_INTERVAL_MS: '0',
        };
        const instances: { port: number }[] = [];
        for (let i = 0; i < count; i++) {
          instances.push(await cluster.startInstance(`app-${i + 1}`, await freePort(), env));
        }
        const lb = await cluster.startLoadBalancer(lbPort, () =>
          instances.map((i: { port: number }) => i.port),
        );
        try {
          const one = async (n: number) => {
            const browser = await resident.signIn(lbUrl, sandbox.fakes);
            const reference = await resident.applyAndPay(
              browser,
              sandbox.fakes,
              `JR${count}${String(n + 1).padStart(4, '0')}`,
            );
            const { url: landed } = await resident.returnFromPay(browser, reference);
            if (!landed.includes('/apply/confirmation/')) throw new Error(`journey ${n} ended on ${landed}`);
          };
          await one(-1); // warm-up: templates compiled, connections open
          ctx.log(`${journeys} journeys through ${count} instance(s), ${concurrency} at a time`);
          let next = 0;
          const start = performance.now();
          await Promise.all(
            Array.from({ length: concurrency }, async () => {
              while (next < journeys) await one(next++);
            }),
          );
          rates[count] = journeys / ((performance.now() - start) / 1000);
          ctx.log(`${count} instance(s): ${rates[count]!.toFixed(2)} journeys/s`);
        } finally {
          for (const i of instances) await cluster.stopInstance(i);
          await lb.close();
          await sandbox.close();
        }
      }
      rows.push(
        {
          benchmark: 'council-app-scale',
          case: 'resident journeys (sign in, prove identity, 2 questions, pay, return), 1 instance',
          unit: 'journeys/s',
          better: 'higher',
          status: 'ok',
          ours: single(rates[1]!),
          note: `${journeys} journeys, ${concurrency} at a time, about 20 HTTP requests each through the balancer`,
        },
        {
          benchmark: 'council-app-scale',
          case: 'resident journeys, 3 instances (ratio to 1 instance)',
          unit: 'journeys/s',
          better: 'higher',
          status: 'ok',
          ours: single(rates[3]!),
          theirs: single(rates[1]!),
          theirsLabel: '1 instance',
          note: 'same load; the machine running all instances, PostgreSQL, the sandbox and the load has 2 cores',
        },
      );

      // ---- 2. 3,000 sends across 3 instances under one shared limit ----
      // Notify's 3,000 a minute, three times faster (150/s), with the fake's bucket scaled to one second of traffic
      // (Notify's own is a minute's): the instances' shared bucket holds at most one second too, so the start-up
      // burst is a small part of the run and the steady rate is what is measured.
      const total = ctx.size(3000, 600);
      const speedUp = 3;
      const perSecond = (3000 / 60) * speedUp;
      const rateLimit = { limit: perSecond, intervalMs: 1000 };
      const notify = await startFakeServer('notify', { rateLimit });
      const url = await createDatabase(server.url, 'bulk');
      const { apiKey, templateId } = notify.info as { apiKey: string; templateId: string };
      const env = {
        DATABASE_URL: url,
        APP_BASE_URL: 'http://127.0.0.1:9',
        SESSION_SECRET: 'a-session-secret-that-is-long-enough-for-the-bench',
        NOTIFY_BASE_URL: notify.origin,
        NOTIFY_API_KEY: apiKey,
        NOTIFY_CALLBACK_TOKEN: 'callback-token-for-the-bench',
        NOTIFY_TEMPLATE_PERMIT_EMAIL: templateId,
        NOTIFY_TEMPLATE_PERMIT_SMS: templateId,
        NOTIFY_TEMPLATE_FORMS_ACK_EMAIL: templateId,
        NOTIFY_RATE_LIMIT: String(rateLimit.limit),
        NOTIFY_RATE_INTERVAL_MS: String(rateLimit.intervalMs),
        PAY_API_KEY: 'api_test_bench',
        PAY_WEBHOOK_SECRET: 'bench',
        ONE_LOGIN_CLIENT_ID: 'bench',
        // Not used in this run, but the app checks its configuration at start-up.
        ONE_LOGIN_PRIVATE_KEY: generateKeyPairSync('rsa', {
          modulusLength: 2048,
          privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
          publicKeyEncoding: { type: 'spki', format: 'pem' },
        }).privateKey,
        S3_BUCKET: 'bench',
        FORMS_MISSED_BIN_FORM_ID: 'bench',
        FORMS_POLL_INTERVAL_MS: '0',
        JOBS_POLL_INTERVAL_MS: '500',
        JOBS_RETRY_DELAY_SECONDS: '1',
      };
      const instances: { port: number }[] = [];
      for (let i = 0; i < 3; i++)
        instances.push(await cluster.startInstance(`app-${i + 1}`, await freePort(), env));
      const { openDatabase } = await import(app('src/db/engine.ts'));
      const { Store } = await import(app('src/db/store.ts'));
      const { JobQueue } = await import(app('src/jobs/queue.ts'));
      const { silentLogger } = await import(app('src/logger.ts'));
      const database = await openDatabase({ url });
      try {
        const store = new Store(database.db);
        const jobs = new JobQueue(
          database.pool,
          store,
          {
            retryLimit: 6,
            retryDelaySeconds: 1,
            expireSeconds: 120,
            maintenanceSeconds: 60,
            pollIntervalMs: 0,
          },
          silentLogger,
        );
        await jobs.start();
        await notify.call('reset');
        await notify.resetStatuses();
        // 3,000 paid applications, each with its confirmation queued in the same transaction (the outbox).
        await store.transaction(async (tx: { applications: { insert(a: unknown): Promise<void> } }) => {
          for (let i = 0; i < total; i++) {
            const reference = `PP-BULK${String(i).padStart(5, '0')}`;
            await tx.applications.insert({
              reference,
              user_sub: `sub-${i}`,
              full_name: `Resident ${i}`,
              email: `resident${i}@example.com`,
              phone_number: null,
              address: { lines: ['1 High Street'], postcode: 'BA1 1AA' },
              vehicle_registration: 'AB12CDE',
              permit_length: 3,
              amount: 3000,
              language: 'en',
            });
            await jobs.enqueueNotify(tx, { kind: 'permit-confirmation', reference, channel: 'email' });
          }
        });
        ctx.log(`${total} emails queued; 3 instances send them at most ${perSecond}/s between them`);
        const start = performance.now();
        for (;;) {
          if ((await notify.call<number>('count')) >= total && (await store.notifications.count()) >= total)
            break;
          if (performance.now() - start > 300_000) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        const seconds = (performance.now() - start) / 1000;
        const created = await notify.call<number>('count');
        const statuses = await notify.statuses();
        const deadLetters = (await jobs.deadLetters(10_000)).length;
        await jobs.stop(1000);
        rows.push(
          {
            benchmark: 'council-app-scale',
            case: `${total.toLocaleString('en-GB')} queued emails, 3 instances: achieved send rate`,
            unit: 'msg/s',
            better: 'higher',
            status: 'ok',
            ours: single(total / seconds),
            theirs: single(perSecond),
            theirsLabel: 'allowed rate',
            target: { kind: 'ratio>=', value: 0.9, text: '>= 90% of allowed' },
            note: `${seconds.toFixed(1)} s; the shared bucket refills at 95% of the limit`,
          },
          {
            benchmark: 'council-app-scale',
            case: `${total.toLocaleString('en-GB')} queued emails, 3 instances: 429s surfaced (messages given up)`,
            unit: '',
            better: 'lower',
            status: 'ok',
            ours: single(deadLetters),
            target: { kind: 'value==', value: 0, text: '== 0' },
            note: `${statuses['429'] ?? 0} 429s answered by the fake (a 429 fails the job and the queue retries it)`,
          },
          {
            benchmark: 'council-app-scale',
            case: `${total.toLocaleString('en-GB')} queued emails, 3 instances: notifications the fake created`,
            unit: '',
            better: 'higher',
            status: 'ok',
            ours: single(created),
            target: { kind: 'value==', value: total, text: `== ${total} (none lost or doubled)` },
          },
        );
        notes.push(
          `Limit: ${rateLimit.limit} requests per ${rateLimit.intervalMs} ms in the fake Notify and in the app's NOTIFY_RATE_LIMIT/NOTIFY_RATE_INTERVAL_MS (Notify's 3,000/min, ${speedUp}x faster, bucket one second). The fake answered ${JSON.stringify(statuses)} (HTTP status: count).`,
          'Journeys: each resident signs in and proves their identity through the sandbox One Login (persona chosen through its steering API), answers the questions, pays through the sandbox Pay and comes back; consecutive requests go round the instances. The sandbox Pay runs without its per-account rate limits (15 payments created a second), which would otherwise set the pace.',
        );
      } finally {
        for (const i of instances) await cluster.stopInstance(i);
        await database.close();
        await notify.close();
      }
      return { rows, notes };
    } finally {
      server.stop();
    }
  },
};

export default benchmark;
