#!/usr/bin/env node
// `pnpm start`: run the sandbox, hand its environment (GET /__env) to the sample council app, print both URLs,
// and stop both on Ctrl-C. The root script builds both apps first (turbo), so this only runs built files.
//
// Env: SANDBOX_PORT (4000), SANDBOX_STATE_FILE (default .data/sandbox/state.json; set it empty for memory only),
// SANDBOX_CONFIG (JSON/YAML), APP_BASE_URL (http://127.0.0.1:3000). Anything else is passed through to both.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { appEnvironment, formatStartBox } from './start-box.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const sandboxMain = join(root, 'apps/sandbox/bin/council-sandbox.mjs');
const sandboxBuild = join(root, 'apps/sandbox/dist/main.js');
const appDir = join(root, 'apps/council-app');
const appMain = join(appDir, 'dist/main.js');

const sandboxPort = process.env.SANDBOX_PORT || '4000';
const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
const stateFile =
  process.env.SANDBOX_STATE_FILE === undefined
    ? join(root, '.data/sandbox/state.json')
    : process.env.SANDBOX_STATE_FILE;

/** @type {Map<string, import('node:child_process').ChildProcess>} */
const children = new Map();
let stopping = false;

function prefixOutput(name, child) {
  for (const stream of [child.stdout, child.stderr]) {
    const lines = createInterface({ input: stream });
    lines.on('line', (line) => {
      (stream === child.stderr ? process.stderr : process.stdout).write(`[${name}] ${line}\n`);
    });
  }
}

function run(name, file, { cwd, env, args = [] }) {
  const child = spawn(process.execPath, [file, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.set(name, child);
  prefixOutput(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      console.error(`start: ${name} stopped (${signal ?? `exit code ${code}`}); stopping the rest`);
      void stop(code || 1);
    }
  });
  return child;
}

async function stop(code = 0) {
  if (stopping && code === 0) return;
  stopping = true;
  const waits = [...children.values()].map(
    (child) =>
      new Promise((done) => {
        child.once('exit', done);
        child.kill('SIGTERM');
        // A child that ignores SIGTERM for 5 s is killed, so Ctrl-C always returns the terminal.
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  );
  await Promise.all(waits);
  process.exit(code);
}

async function waitFor(url, { name, timeoutMs = 30_000, json = false }) {
  const started = Date.now();
  for (;;) {
    if (stopping) throw new Error('stopped');
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000), redirect: 'manual' });
      if (json) {
        if (res.ok) return await res.json();
      } else {
        await res.arrayBuffer();
        return undefined;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(`${name} did not answer at ${url} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main() {
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  if (!existsSync(sandboxBuild)) {
    console.error(
      `start: ${sandboxBuild} is missing; run \`pnpm start\` from the repository root (it builds first).`,
    );
    process.exit(1);
  }
  // --quiet: the sandbox prints only its URL, not its own banner (whose .env and private key are for people wiring
  // an app by hand; here this script wires the app itself).
  run('sandbox', sandboxMain, {
    args: ['--quiet'],
    cwd: join(root, 'apps/sandbox'),
    env: {
      ...process.env,
      SANDBOX_PORT: sandboxPort,
      ...(stateFile ? { SANDBOX_STATE_FILE: stateFile } : {}),
    },
  });
  const env = await waitFor(`${sandboxUrl}/__env`, { name: 'the sandbox', json: true });

  let appUrl;
  if (existsSync(appMain)) {
    run('app', appMain, { cwd: appDir, env: appEnvironment(process.env, env) });
    appUrl = env.APP_BASE_URL;
    // The first start without DATABASE_URL initialises the embedded PostgreSQL's folder: allow for a slow machine.
    await waitFor(appUrl, { name: 'the council app', timeoutMs: 120_000 });
  } else {
    console.log(`start: ${appMain} does not exist yet; running the sandbox alone.`);
  }

  console.log('');
  console.log(formatStartBox({ sandboxUrl, appUrl, env, stateFile }));
}

main().catch((error) => {
  if (error?.message !== 'stopped') console.error(`start: ${error?.message ?? error}`);
  void stop(1);
});
