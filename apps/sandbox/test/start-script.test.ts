import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const sandboxMain = join(root, 'apps/sandbox/dist/main.js');
const appMain = join(root, 'apps/council-app/dist/main.js');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

// `pnpm start` runs built files; the root build (turbo, before tests in CI) makes them. Without a build there is
// nothing to start, which is what the skip says.
describe.skipIf(!existsSync(sandboxMain))(
  'tooling/scripts/start.mjs (skipped until `pnpm --filter @council-sdk/sandbox build`)',
  () => {
    it('starts the sandbox (and the council app when built), prints both URLs and stops both on Ctrl-C', async () => {
      const [sandboxPort, appPort] = [await freePort(), await freePort()];
      const child = spawn(process.execPath, [join(root, 'tooling/scripts/start.mjs')], {
        cwd: root,
        env: {
          ...process.env,
          SANDBOX_PORT: String(sandboxPort),
          SANDBOX_STATE_FILE: '',
          APP_BASE_URL: `http://127.0.0.1:${appPort}`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => {
        output += d;
      });
      child.stderr.on('data', (d) => {
        output += d;
      });
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      try {
        // Two processes start here (the sandbox, then the app with its embedded database): on a busy CI machine
        // that can take tens of seconds.
        const deadline = Date.now() + 60_000;
        while (!output.includes('Press Ctrl-C to stop everything.')) {
          if (Date.now() > deadline || child.exitCode !== null)
            throw new Error(`start.mjs did not come up:\n${output}`);
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(output).toMatch(new RegExp(`Sandbox dashboard +http://127\\.0\\.0\\.1:${sandboxPort}/`));
        // The script wires the app itself: no private key, no .env to paste, no warning to stop and check.
        expect(output).not.toContain('PRIVATE KEY');
        expect(output).not.toMatch(/paste/i);
        expect(output).not.toMatch(/warning/i);
        const env = (await (await fetch(`http://127.0.0.1:${sandboxPort}/__env`)).json()) as Record<
          string,
          string
        >;
        expect(env['APP_BASE_URL']).toBe(`http://127.0.0.1:${appPort}`);
        if (existsSync(appMain)) {
          expect(output).toMatch(new RegExp(`Council app +http://127\\.0\\.0\\.1:${appPort}`));
          expect(output).toMatch(new RegExp(`Back office +http://127\\.0\\.0\\.1:${appPort}/back-office`));
          expect(output).toContain(`${env['BACK_OFFICE_USERNAME']} / ${env['BACK_OFFICE_PASSWORD']}`);
          const app = await fetch(`http://127.0.0.1:${appPort}/`, { redirect: 'manual' });
          expect(app.status).toBeLessThan(500);
        }
      } finally {
        child.kill('SIGINT');
      }
      expect(await exited).toBe(0);
      await expect(fetch(`http://127.0.0.1:${sandboxPort}/__env`)).rejects.toThrow();
      await expect(fetch(`http://127.0.0.1:${appPort}/`)).rejects.toThrow();
    }, 90_000);
  },
);
