import { ConfigError } from './config.js';
import { startCouncilApp } from './index.js';
import { consoleLogger } from './logger.js';

// `pnpm --filter council-app start`: read the environment (see .env.example), start, stop gracefully on a signal
// (SIGTERM is what a platform sends before replacing an instance).
try {
  process.loadEnvFile?.();
} catch {
  // No .env file: the environment alone is used.
}

try {
  const running = await startCouncilApp();
  consoleLogger.info('council app started', {
    url: running.config.APP_BASE_URL,
    listening: running.url,
    engine: running.app.database.engine,
  });
  const stop = async (signal: string) => {
    consoleLogger.info('stopping', { signal });
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    console.error(
      'See apps/council-app/.env.example, or start everything with `pnpm start` from the repository root.',
    );
    process.exit(1);
  }
  throw err;
}
