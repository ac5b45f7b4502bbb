import type { Sandbox } from './server.js';
import { toDotEnv } from './env.js';

/** The start-up text: where everything is, and the environment to paste into the app's `.env`. */
export function formatBanner(sandbox: Pick<Sandbox, 'url' | 'env' | 'services'>, stateFile?: string): string {
  const line = '-'.repeat(78);
  const services = sandbox.services.map((s) => `  ${s.title.padEnd(34)} ${s.baseUrl}`).join('\n');
  return [
    line,
    `Council sandbox running at ${sandbox.url}`,
    '',
    `  ${'Dashboard'.padEnd(34)} ${sandbox.url}/`,
    services,
    `  ${'GOV.UK Forms form documents'.padEnd(34)} ${sandbox.url}/forms-api`,
    `  ${'Environment as JSON'.padEnd(34)} ${sandbox.url}/__env`,
    `  ${'Reset everything'.padEnd(34)} curl -X POST ${sandbox.url}/__reset`,
    `  ${'State'.padEnd(34)} ${stateFile ? `saved to ${stateFile}` : 'in memory (set SANDBOX_STATE_FILE to keep it)'}`,
    '',
    "Paste into your app's .env (sandbox-only credentials, never real ones):",
    line,
    toDotEnv(sandbox.env),
    line,
  ].join('\n');
}
