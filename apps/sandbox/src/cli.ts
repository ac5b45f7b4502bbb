import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * The `council-sandbox` command line: flags first, then the environment variables the sandbox has always read
 * (so a `.env`-driven CI set-up and `./run start` keep working), then the defaults.
 */

export const USAGE = `council-sandbox: GOV.UK Notify, Pay, One Login and Forms on your machine, no credentials.

Usage: council-sandbox [options]

Options:
  --port <n>        port to listen on (env SANDBOX_PORT; default 4000; 0 picks a free one)
  --host <name>     interface to bind (env SANDBOX_HOST; default 127.0.0.1)
  --config <file>   JSON or YAML configuration (env SANDBOX_CONFIG)
  --state <file>    keep state (messages, payments, keys) in this file across restarts (env SANDBOX_STATE_FILE)
  --app-url <url>   your app's base URL: where callbacks, webhooks and redirects go
                    (env APP_BASE_URL; default http://127.0.0.1:3000)
  --print-env       print the .env block for your app (base URLs, keys, template ids) and exit;
                    use with --state so the generated keys stay the same when you start it for real
  --quiet           print only the URL once it is listening (for scripts and CI)
  --version         print the version and exit
  --help            print this help and exit

Once running: the dashboard is at /, health at /__health, the environment as JSON at /__env,
POST /__reset forgets everything. Stop with Ctrl-C (SIGINT) or SIGTERM.`;

export interface CliOptions {
  port: number;
  host: string;
  configPath?: string;
  stateFile?: string;
  appBaseUrl?: string;
  printEnv: boolean;
  quiet: boolean;
  help: boolean;
  version: boolean;
}

export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** Read the command line and environment into options, or throw a `CliUsageError` that says what is wrong. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        config: { type: 'string' },
        state: { type: 'string' },
        'app-url': { type: 'string' },
        'print-env': { type: 'boolean' },
        quiet: { type: 'boolean' },
        version: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const text = (flag: string, envName: string): string | undefined => {
    const value = (values[flag] as string | undefined) ?? env[envName];
    return value === undefined || value === '' ? undefined : value;
  };

  const portText = text('port', 'SANDBOX_PORT') ?? '4000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) {
    throw new CliUsageError(`--port must be a port number from 0 to 65535 (got "${portText}")`);
  }
  const appBaseUrl = text('app-url', 'APP_BASE_URL');
  if (appBaseUrl !== undefined && !URL.canParse(appBaseUrl)) {
    throw new CliUsageError(
      `--app-url must be an absolute URL such as http://127.0.0.1:3000 (got "${appBaseUrl}")`,
    );
  }
  const configPath = text('config', 'SANDBOX_CONFIG');
  const stateFile = text('state', 'SANDBOX_STATE_FILE');
  return {
    port,
    host: text('host', 'SANDBOX_HOST') ?? '127.0.0.1',
    ...(configPath ? { configPath: resolve(configPath) } : {}),
    ...(stateFile ? { stateFile: resolve(stateFile) } : {}),
    ...(appBaseUrl ? { appBaseUrl } : {}),
    printEnv: values['print-env'] === true,
    quiet: values['quiet'] === true,
    help: values['help'] === true,
    version: values['version'] === true,
  };
}
