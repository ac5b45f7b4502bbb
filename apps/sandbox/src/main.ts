#!/usr/bin/env node
import { resolve } from 'node:path';
import { formatBanner } from './banner.js';
import { loadConfigFile, type SandboxConfig } from './config.js';
import { startSandbox } from './server.js';

/**
 * CLI: `pnpm --filter sandbox start`.
 * Env: SANDBOX_PORT (default 4000), SANDBOX_HOST (default 127.0.0.1), SANDBOX_STATE_FILE (persist state),
 * SANDBOX_CONFIG (JSON or YAML file), APP_BASE_URL (the app the callbacks and redirects go to).
 */
async function main(): Promise<void> {
  const port = process.env['SANDBOX_PORT'] ? Number(process.env['SANDBOX_PORT']) : 4000;
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error('SANDBOX_PORT must be a port number');
  const configPath = process.env['SANDBOX_CONFIG'];
  const config: SandboxConfig = configPath ? await loadConfigFile(resolve(configPath)) : {};
  const stateFile = process.env['SANDBOX_STATE_FILE']
    ? resolve(process.env['SANDBOX_STATE_FILE'])
    : undefined;
  const sandbox = await startSandbox({
    port,
    host: process.env['SANDBOX_HOST'] || '127.0.0.1',
    ...(process.env['APP_BASE_URL'] ? { appBaseUrl: process.env['APP_BASE_URL'] } : {}),
    ...(stateFile ? { stateFile } : {}),
    config,
  });
  console.log(formatBanner(sandbox, stateFile));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\nsandbox: ${signal} received, saving state and stopping`);
    await sandbox.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`sandbox: ${(error as Error).message}`);
  process.exit(1);
});
