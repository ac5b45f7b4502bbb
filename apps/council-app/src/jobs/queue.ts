import { CompiledQuery, sql } from 'kysely';
import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { Config } from '../config.js';
import type { Repositories, Store } from '../db/store.js';
import type { Logger } from '../logger.js';

// Background work goes through pg-boss, a job queue kept in PostgreSQL (tables in the `pgboss` schema, jobs taken
// with FOR UPDATE SKIP LOCKED), so any instance may do any job and a job survives the instance that queued it.
// pg-boss runs its SQL through the app's own connection pool, so on the embedded engine it is the same code
// against the same database.

export const QUEUES = {
  /** One message to GOV.UK Notify. */
  notify: 'notify-send',
  /** Messages that failed every retry: shown in the back office. */
  notifyDeadLetter: 'notify-send-dead-letter',
  /** A pass over the GOV.UK Forms bucket; one at a time across every instance. */
  formsIngest: 'forms-ingest',
} as const;

export type NotifyJob =
  | { kind: 'permit-confirmation'; reference: string; channel: 'email' | 'sms' }
  /** `language`: the submission's (`cy` picks the Welsh template when there is one). */
  | { kind: 'forms-acknowledgement'; reference: string; language?: string | undefined }
  /** Queued with the refund's row: tells the resident of application `reference` that `amount` pence is coming back. */
  | { kind: 'refund-notice'; reference: string; refundId: string; amount: number };

export interface JobContext {
  id: string;
  /** 0 on the first attempt. A retry may follow a crash after the work was done: check before doing it again. */
  retryCount: number;
}

export interface DeadLetter {
  id: string;
  job: NotifyJob;
  error: string;
  failedAt: string;
}

export interface JobHandlers {
  notify(job: NotifyJob, context: JobContext): Promise<void>;
  formsIngest(): Promise<unknown>;
}

/** The app's job queue: enqueue inside a unit of work (outbox), and workers that run jobs on any instance. */
export class JobQueue {
  readonly boss: PgBoss;
  #started = false;
  #working = false;

  constructor(
    pool: pg.Pool,
    private readonly store: Store,
    private readonly settings: Config['jobs'],
    private readonly log: Logger,
  ) {
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values) },
      // Expired (crashed) jobs are put back by whichever instance does maintenance; one at a time.
      supervise: true,
      maintenanceIntervalSeconds: settings.maintenanceSeconds,
      schedule: false,
    });
    this.boss.on('error', (err) => this.log.error('job queue error', { err }));
  }

  /** Installs or upgrades the queue's tables (pg-boss holds an advisory lock while it does) and the queues. */
  async start(): Promise<void> {
    await this.boss.start();
    this.#started = true;
    const retry = {
      retryLimit: this.settings.retryLimit,
      retryDelay: this.settings.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: this.settings.expireSeconds,
    };
    await this.#ensureQueue(QUEUES.notifyDeadLetter, { retryLimit: 0 });
    await this.#ensureQueue(QUEUES.notify, { ...retry, deadLetter: QUEUES.notifyDeadLetter });
    await this.#ensureQueue(QUEUES.formsIngest, { ...retry, retryLimit: 0, policy: 'stately' });
  }

  async #ensureQueue(name: string, settings: Omit<PgBoss.Queue, 'name'>) {
    const options = { name, ...settings };
    // Instances starting together race to create the same queue (pg-boss creates a table partition for each,
    // and PostgreSQL may pick one of them as a deadlock victim): whoever loses finds the queue made, or tries again.
    for (let attempt = 1; ; attempt++) {
      if (await this.boss.getQueue(name)) return this.boss.updateQueue(name, options);
      try {
        return await this.boss.createQueue(name, options);
      } catch (err) {
        if (attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 250));
      }
    }
  }

  /** Queues a Notify message in the caller's transaction: it is sent only if that transaction commits. */
  async enqueueNotify(tx: Repositories, job: NotifyJob): Promise<void> {
    const executor = tx.executor;
    await this.boss.send(QUEUES.notify, job, {
      db: {
        executeSql: async (text, values) => {
          const result = await executor.executeQuery(CompiledQuery.raw(text, values));
          return { rows: result.rows as unknown[] };
        },
      },
    });
  }

  /** Asks for a pass over the Forms bucket. At most one waits and one runs, whatever the number of instances. */
  async requestFormsIngest(): Promise<void> {
    await this.boss.send(QUEUES.formsIngest, {}, { singletonKey: 'forms' });
  }

  /** Starts this instance's workers. They poll; several instances share the work (SKIP LOCKED). */
  async work(handlers: JobHandlers, pollIntervalMs: number): Promise<void> {
    if (pollIntervalMs <= 0) return;
    this.#working = true;
    const pollingIntervalSeconds = Math.max(0.5, pollIntervalMs / 1000);
    await this.boss.work<NotifyJob>(
      QUEUES.notify,
      { batchSize: 50, pollingIntervalSeconds, includeMetadata: true },
      (jobs) => this.#runBatch(jobs, handlers),
    );
    await this.boss.work(QUEUES.formsIngest, { batchSize: 1, pollingIntervalSeconds }, async () => {
      await handlers.formsIngest();
    });
  }

  /** Each job of a batch succeeds or fails on its own (pg-boss then completes the ones still active). */
  async #runBatch(jobs: PgBoss.JobWithMetadata<NotifyJob>[], handlers: JobHandlers): Promise<void> {
    await Promise.all(
      jobs.map(async (job) => {
        try {
          await handlers.notify(job.data, { id: job.id, retryCount: job.retryCount });
        } catch (err) {
          this.log.warn('job failed; it will be retried', { queue: job.name, id: job.id, err });
          await this.boss.fail(job.name, job.id, { message: (err as Error).message });
        }
      }),
    );
  }

  /**
   * Runs every Notify job that is waiting, now, in this process, retries included (their delay is skipped), until
   * none is left. For tests and the back office's "retry now"; the workers do the same on their own.
   */
  async drain(handlers: JobHandlers): Promise<number> {
    let ran = 0;
    for (;;) {
      const jobs = await this.boss.fetch<NotifyJob>(QUEUES.notify, {
        batchSize: 50,
        includeMetadata: true,
        ignoreStartAfter: true,
      });
      if (!jobs || jobs.length === 0) return ran;
      ran += jobs.length;
      await this.#runBatch(jobs, handlers);
      await this.boss.complete(
        QUEUES.notify,
        jobs.map((j) => j.id),
      );
    }
  }

  /** Messages that failed every attempt, newest first. */
  async deadLetters(limit = 100): Promise<DeadLetter[]> {
    const { rows } = await sql<{
      id: string;
      data: NotifyJob;
      output: { message?: string } | null;
      created_on: Date;
    }>`
      SELECT id, data, output, created_on FROM pgboss.job WHERE name = ${QUEUES.notifyDeadLetter}
      ORDER BY created_on DESC LIMIT ${limit}`.execute(this.store.db);
    return rows.map((r) => ({
      id: r.id,
      job: r.data,
      error: r.output?.message ?? 'unknown error',
      failedAt: new Date(r.created_on).toISOString(),
    }));
  }

  /** Jobs queued or running (for /ready details and tests). */
  async pending(): Promise<number> {
    const { rows } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM pgboss.job WHERE name = ${QUEUES.notify} AND state < 'completed'`.execute(
      this.store.db,
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Stops taking jobs and waits up to `timeoutMs` for the ones in flight; unfinished ones expire and are retried. */
  async stop(timeoutMs: number): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    await new Promise<void>((resolve) => {
      this.boss.once('stopped', () => resolve());
      this.boss
        .stop({ graceful: this.#working, wait: false, close: false, timeout: Math.max(1000, timeoutMs) })
        .catch(() => resolve());
      setTimeout(resolve, Math.max(1000, timeoutMs) + 500).unref();
    });
  }
}
