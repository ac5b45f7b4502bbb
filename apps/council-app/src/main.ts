import { ConfigError } from './config.js';
import { startCouncilApp } from './index.js';

// `pnpm --filter council-app start`: read the environment (see .env.example), start, stop cleanly on a signal.
try {
  process.loadEnvFile?.();
} catch {
  // No .env file: the environment alone is used.
}

try {
  const running = await startCouncilApp();
  console.log(`Council app: ${running.config.APP_BASE_URL} (listening on ${running.url})`);
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
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
