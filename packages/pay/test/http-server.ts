import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from '@mswjs/http-middleware';
import { createPayFake, type PayFake, type PayFakeOptions } from '../src/testing/index.js';

/** Serve a fake's handlers over real HTTP on 127.0.0.1, port 0, under a path prefix (as apps/sandbox does). */
export async function serveFake(
  options: PayFakeOptions = {},
  prefix = '/pay',
): Promise<{ fake: PayFake; close(): Promise<void> }> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake = createPayFake({ ...options, baseUrl: `http://127.0.0.1:${port}${prefix}` });
  server.on('request', createServer(...fake.handlers));
  return { fake, close: () => closeServer(server) };
}

export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A webhook receiver that hands each request's raw body and headers to `handle`. */
export async function receiver(handle: (req: IncomingMessage, rawBody: Buffer, res: ServerResponse) => void) {
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/webhooks/pay`, close: () => closeServer(server) };
}
