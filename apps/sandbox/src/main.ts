import { createRequire } from 'node:module';
import { formatBanner } from './banner.js';
import { CliUsageError, parseCli, USAGE } from './cli.js';
import { loadConfigFile, type SandboxConfig } from './config.js';
import { toDotEnv } from './env.js';
import { startSandbox } from './server.js';

/** `council-sandbox [options]` (see `--help`); `bin/council-sandbox.mjs` and `./run start` both land here. */
async function main(): Promise<number> {
  const options = parseCli(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  if (options.version) {
    const { version } = createRequire(import.meta.url)('../package.json') as { version: string };
    console.log(version);
    return 0;
  }
  const config: SandboxConfig = options.configPath ? await loadConfigFile(options.configPath) : {};
  const sandbox = await startSandbox({
    port: options.port,
    host: options.host,
    ...(options.appBaseUrl ? { appBaseUrl: options.appBaseUrl } : {}),
    ...(options.stateFile ? { stateFile: options.stateFile } : {}),
    config,
  });
  if (options.printEnv) {
    process.stdout.write(`${toDotEnv(sandbox.env)}\n`);
    await sandbox.close();
    return 0;
  }
  console.log(options.quiet ? sandbox.url : formatBanner(sandbox, options.stateFile));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (!options.quiet) console.log(`\nsandbox: ${signal} received, saving state and stopping`);
    await sandbox.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    const message = (error as Error).message;
    console.error(`council-sandbox: ${message}`);
    if (error instanceof CliUsageError) console.error('Run council-sandbox --help for the options.');
    process.exit(error instanceof CliUsageError ? 2 : 1);
  },
);
