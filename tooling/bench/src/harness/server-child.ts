// Child process: serves one fake's msw handlers over real HTTP on 127.0.0.1 (port 0), the way apps/sandbox does,
// so the benchmarked clients pay for real sockets and the fake's CPU lands on the other core, not in the
// measured process. Driven by the parent over IPC (see server.ts).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createMswApp } from '@mswjs/http-middleware';
import type { FakeSetup, SetupFn } from './fake-setup.js';

type Message =
  | { type: 'start'; setup: string; options: Record<string, unknown> }
  | { type: 'call'; id: number; command: string; args: unknown[] };

const send = (m: unknown) => process.send?.(m);
let fake: FakeSetup | undefined;

const server = createServer();
// Every response status the fake answered, so a benchmark can report e.g. the 429s its client absorbed.
const statuses: Record<string, number> = {};
// TCP connections accepted: with keep-alive working, a client opens about as many as it has requests in flight.
let connections = 0;
server.on('connection', () => {
  connections++;
});
server.on('request', (_req, res) => {
  res.on('finish', () => {
    statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
  });
});
// Long keep-alive so neither client meets a server-side idle close mid-run (that would be noise, not speed).
server.keepAliveTimeout = 120_000;
server.headersTimeout = 121_000;

async function start(setupPath: string, options: Record<string, unknown>) {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const mod = (await import(setupPath)) as { setup: SetupFn };
  fake = await mod.setup({ origin, options });
  const app = createMswApp(...(fake.handlers as never[]));
  server.on('request', app);
  return { origin, info: fake.info };
}

process.on('message', async (raw) => {
  const msg = raw as Message;
  if (msg.type === 'start') {
    try {
      send({ type: 'ready', ...(await start(msg.setup, msg.options)) });
    } catch (error) {
      send({ type: 'failed', error: (error as Error).stack ?? String(error) });
    }
    return;
  }
  if (msg.type === 'call') {
    try {
      let result: unknown;
      if (msg.command === '__cpu') result = process.cpuUsage();
      else if (msg.command === '__memory') result = process.memoryUsage();
      else if (msg.command === '__statuses') result = { ...statuses };
      else if (msg.command === '__connections') result = connections;
      else if (msg.command === '__resetStatuses') for (const k of Object.keys(statuses)) delete statuses[k];
      else {
        const fn = fake?.commands?.[msg.command];
        if (!fn) throw new Error(`unknown command ${msg.command}`);
        result = await fn(...msg.args);
      }
      send({ type: 'result', id: msg.id, result });
    } catch (error) {
      send({ type: 'result', id: msg.id, error: (error as Error).stack ?? String(error) });
    }
  }
});

process.on('disconnect', () => process.exit(0));
