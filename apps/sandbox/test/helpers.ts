import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NotifyClient } from '@council-sdk/notify';
import { PayClient } from '@council-sdk/pay';
import { type Sandbox, type SandboxConfig, startSandbox } from '../src/index.js';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A stand-in for the council app: records every callback, webhook and back-channel logout the sandbox sends
 * to it, and answers 200 (or `status`).
 */
export async function startReceiver(status = 200): Promise<{
  url: string;
  received: Received[];
  waitFor(predicate: (r: Received) => boolean, timeoutMs?: number): Promise<Received>;
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const waiters: (() => void)[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    });
    for (const w of waiters.splice(0)) w();
    res.statusCode = status;
    res.end('ok');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    async waitFor(predicate, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error('nothing matching arrived at the receiver');
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What a browser does with a form: POST urlencoded, do not follow the redirect. */
export async function postForm(url: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
}

/** The council-sdk clients, configured from the sandbox's environment as the council app configures them. */
export function clientsFor(sandbox: Pick<Sandbox, 'env'>): { notify: NotifyClient; pay: PayClient } {
  const env = sandbox.env;
  return {
    notify: new NotifyClient({ apiKey: env['NOTIFY_API_KEY']!, baseUrl: env['NOTIFY_BASE_URL']! }),
    pay: new PayClient({ apiKey: env['PAY_API_KEY']!, baseUrl: env['PAY_BASE_URL']! }),
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/**
 * The hooks most sandbox test files share: a receiver standing in for the council app, and a sandbox that calls it
 * back, started once for the file; before each test, the sandbox's state is reset and the receiver forgets what it
 * got. Returns what the hooks set up (filled in by the time a test runs).
 */
export function sandboxWithReceiver(config?: SandboxConfig): { sandbox: Sandbox; app: Receiver } {
  const stack = {} as { sandbox: Sandbox; app: Receiver };
  beforeAll(async () => {
    stack.app = await startReceiver();
    stack.sandbox = await startSandbox({ port: 0, appBaseUrl: stack.app.url, ...(config ? { config } : {}) });
  });
  afterAll(async () => {
    await stack.sandbox?.close();
    await stack.app?.close();
  });
  beforeEach(async () => {
    await stack.sandbox.reset();
    stack.app.received.length = 0;
  });
  return stack;
}
