import type { AddressInfo } from 'node:net';
import { type AppDependencies, type CouncilApp, createApp } from './app.js';
import { type Config, loadConfig } from './config.js';
import { consoleLogger, type Logger } from './logger.js';
import { createServices } from './services/index.js';

export { type AppDependencies, type CouncilApp, createApp } from './app.js';
export { type Config, ConfigError, loadConfig } from './config.js';
export { type Database, type DatabaseOptions, openDatabase } from './db/engine.js';
export { migrateToLatest } from './db/migrations.js';
export { Store } from './db/store.js';
export { QUEUES } from './jobs/queue.js';
export { consoleLogger, type Logger, silentLogger } from './logger.js';
export { paths } from './paths.js';
export { createServices } from './services/index.js';
export type * from './services/ports.js';

export interface StartCouncilAppOptions {
  /** 0 picks a free port. Default: PORT from env, else 3000. */
  port?: number;
  /** Environment variables (INTEGRATION.md); default process.env. */
  env?: Record<string, string | undefined>;
  host?: string;
  /** Replace the real GOV.UK services (tests). */
  services?: AppDependencies['services'];
  database?: AppDependencies['database'];
  log?: Logger;
}

export interface RunningCouncilApp {
  /** Where it is listening, e.g. http://127.0.0.1:53122 (APP_BASE_URL is the public URL, which may differ). */
  url: string;
  config: Config;
  app: CouncilApp;
  /**
   * Graceful stop: /ready answers 503 and no new connection is taken, requests in flight finish (up to
   * SHUTDOWN_GRACE_MS), jobs in flight finish or are released to another instance, then the database closes.
   */
  close(): Promise<void>;
}

/** Validates the environment, opens the database, builds the app and listens. */
export async function startCouncilApp(options: StartCouncilAppOptions = {}): Promise<RunningCouncilApp> {
  const config = loadConfig(options.env ?? process.env);
  const log = options.log ?? consoleLogger;
  const councilApp = await createApp(config, {
    services: options.services ?? ((store) => createServices(config, store)),
    ...(options.database ? { database: options.database } : {}),
    log,
  });
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? config.PORT;
  const server = councilApp.app.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    config,
    app: councilApp,
    close() {
      closing ??= (async () => {
        const drained = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const grace = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs).unref();
        await drained;
        clearTimeout(grace);
        await councilApp.close();
      })();
      return closing;
    },
  };
}
