import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CliUsageError, parseCli } from '../src/cli';

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '../bin/council-sandbox.mjs');
const built = existsSync(resolve(here, '../dist/main.js'));

describe('council-sandbox options', () => {
  it('defaults to 127.0.0.1:4000 with nothing set', () => {
    expect(parseCli([], {})).toMatchObject({ port: 4000, host: '127.0.0.1', printEnv: false, help: false });
  });

  it('reads every option from flags, which win over the environment', () => {
    const options = parseCli(
      [
        '--port',
        '4100',
        '--host',
        'localhost',
        '--config',
        'c.yaml',
        '--state',
        's.json',
        '--app-url',
        'http://127.0.0.1:8080',
        '--print-env',
      ],
      { SANDBOX_PORT: '4200', APP_BASE_URL: 'http://127.0.0.1:9999' },
    );
    expect(options).toMatchObject({
      port: 4100,
      host: 'localhost',
      configPath: resolve('c.yaml'),
      stateFile: resolve('s.json'),
      appBaseUrl: 'http://127.0.0.1:8080',
      printEnv: true,
    });
  });

  it('falls back to SANDBOX_PORT, SANDBOX_HOST, SANDBOX_CONFIG, SANDBOX_STATE_FILE and APP_BASE_URL', () => {
    const options = parseCli([], {
      SANDBOX_PORT: '0',
      SANDBOX_HOST: '::1',
      SANDBOX_CONFIG: 'x.json',
      SANDBOX_STATE_FILE: 'state.json',
      APP_BASE_URL: 'http://localhost:3000',
    });
    expect(options).toMatchObject({
      port: 0,
      host: '::1',
      configPath: resolve('x.json'),
      stateFile: resolve('state.json'),
      appBaseUrl: 'http://localhost:3000',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(parseCli([], { SANDBOX_STATE_FILE: '', SANDBOX_PORT: '' })).not.toHaveProperty('stateFile');
    expect(parseCli([], { SANDBOX_PORT: '' }).port).toBe(4000);
  });

  it.each([
    [['--port', 'eighty'], /--port must be a port number.*"eighty"/],
    [['--port', '70000'], /--port must be a port number/],
    [['--app-url', 'not a url'], /--app-url must be an absolute URL/],
    [['--colour'], /Unknown option '--colour'/],
    [['stray'], /positional argument/],
  ])('refuses %j with a usage error that says what is wrong', (argv, message) => {
    expect(() => parseCli(argv, {})).toThrow(CliUsageError);
    expect(() => parseCli(argv, {})).toThrow(message);
  });
});

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, SANDBOX_PORT: '', SANDBOX_STATE_FILE: '', APP_BASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, exit, out: () => stdout, err: () => stderr };
}

// The command runs the built CLI; CI builds before testing.
describe.skipIf(!built)('the council-sandbox command (built)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--help prints the options and exits 0', async () => {
    const p = run(['--help']);
    expect(await p.exit).toBe(0);
    for (const flag of ['--port', '--host', '--config', '--state', '--app-url', '--print-env', '--help']) {
      expect(p.out()).toContain(flag);
    }
  });

  it('a bad option exits 2 with the reason on stderr', async () => {
    const p = run(['--port', 'x']);
    expect(await p.exit).toBe(2);
    expect(p.err()).toContain('--port must be a port number');
  });

  it('--print-env prints the .env block, the same keys again from the same state file', async () => {
    const state = join(dir, 'state.json');
    const first = run(['--print-env', '--port', '0', '--state', state, '--app-url', 'http://127.0.0.1:3999']);
    expect(await first.exit).toBe(0);
    expect(first.out()).toMatch(/^NOTIFY_API_KEY=.+$/m);
    expect(first.out()).toMatch(/^APP_BASE_URL=http:\/\/127\.0\.0\.1:3999$/m);
    const second = run([
      '--print-env',
      '--port',
      '0',
      '--state',
      state,
      '--app-url',
      'http://127.0.0.1:3999',
    ]);
    expect(await second.exit).toBe(0);
    const key = (text: string) => /^ONE_LOGIN_PRIVATE_KEY=(.+)$/m.exec(text)?.[1];
    expect(key(second.out())).toBeTruthy();
    expect(key(second.out())).toBe(key(first.out()));
  });

  it('serves /__health, and exits cleanly on SIGTERM', async () => {
    const p = run(['--port', '0', '--quiet']);
    const deadline = Date.now() + 20_000;
    while (!/^http:\/\/\S+$/m.test(p.out())) {
      if (Date.now() > deadline) throw new Error(`did not start: ${p.err()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = p.out().trim();
    const health = await fetch(`${url}/__health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      services: expect.arrayContaining(['notify', 'pay']),
    });
    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
  });
});
