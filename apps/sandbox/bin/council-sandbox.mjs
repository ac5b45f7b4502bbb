#!/usr/bin/env node
// The `council-sandbox` command. A committed launcher rather than a bin pointing into dist/: package managers link
// bins at install time, before anything is built, and warn when the target does not exist yet.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error(
    'council-sandbox: dist/main.js is missing; build the sandbox first (pnpm --filter sandbox build)',
  );
  process.exit(1);
}
await import(main.href);
