import type { Database } from '../../src/db/engine.js';
import { migrateToLatest } from '../../src/db/migrations.js';
import { Store } from '../../src/db/store.js';
import { JobQueue } from '../../src/jobs/queue.js';
import { silentLogger } from '../../src/logger.js';

/**
 * Brings a database to what every test starts from: the app's migrations and the job queue's tables and queues,
 * as the app does at start-up. Each test then gets a copy (a template database, or a PGlite data dump) in
 * milliseconds. Only the database modules are loaded here (globalSetup runs outside the test environment).
 */
export async function prepareTemplate(database: Database): Promise<void> {
  await migrateToLatest(database.db);
  const jobs = new JobQueue(
    database.pool,
    new Store(database.db),
    { pollIntervalMs: 0, expireSeconds: 120, maintenanceSeconds: 60, retryLimit: 2, retryDelaySeconds: 5 },
    silentLogger,
  );
  await jobs.start();
  await jobs.stop(1000);
}
