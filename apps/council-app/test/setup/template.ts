import { createApp } from '../../src/app.js';
import type { Database } from '../../src/db/engine.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { createDoubles } from '../helpers/doubles.js';
import { TEST_ENV } from '../helpers/env.js';

/**
 * Brings a database to what every test starts from: the app's migrations and the job queue's tables, by starting
 * the app on it once. Each test then gets a copy (a template database, or a PGlite data dump) in milliseconds.
 */
export async function prepareTemplate(database: Database): Promise<void> {
  const config = loadConfig({ ...TEST_ENV, APP_BASE_URL: 'http://127.0.0.1:9' });
  const app = await createApp(config, {
    services: createDoubles('http://127.0.0.1:9'),
    database,
    log: silentLogger,
  });
  await app.close();
}
