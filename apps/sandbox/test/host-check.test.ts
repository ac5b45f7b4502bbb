/** DNS rebinding: the sandbox answers only requests addressed to its own host names (issue #14 item 5). */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
});

/** A raw request with any Host header, as a page on a rebound DNS name would send. */
function get(path: string, host: string, method = 'GET'): Promise<{ status: number; body: string }> {
  const { port } = new URL(sandbox.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the sandbox answers only its own host names', () => {
  it('refuses /__env, /__reset, /__faults and the services for any other Host (DNS rebinding)', async () => {
    const { port } = new URL(sandbox.url);
    for (const host of [
      `evil.example:${port}`,
      'evil.example',
      `127.0.0.1.evil.example:${port}`,
      `localhost.evil.example:${port}`,
    ]) {
      const env = await get('/__env', host);
      expect(env.status).toBe(403);
      expect(env.body).not.toContain('PRIVATE KEY');
      expect((await get('/__reset', host, 'POST')).status).toBe(403);
      expect((await get('/__faults', host)).status).toBe(403);
      expect((await get('/pay/v1/payments', host)).status).toBe(403);
    }
  });

  it('answers 127.0.0.1, localhost and [::1] on its port', async () => {
    const { port } = new URL(sandbox.url);
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      'localhost',
      `LOCALHOST:${port}`,
    ]) {
      expect((await get('/__env', host)).status).toBe(200);
    }
  });
});
