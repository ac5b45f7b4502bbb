import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Real app instances as child processes (the production entry point, src/main.ts) behind a small round-robin
// load balancer, for the multi-instance test and the benchmark.

const appDir = join(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Instance {
  name: string;
  port: number;
  url: string;
  process: ChildProcess;
  /** Everything it logged (JSON lines). */
  output: string[];
}

/** Starts `node src/main.ts` with `env` on `port`, and resolves once GET /ready answers 200. */
export async function startInstance(
  name: string,
  port: number,
  env: Record<string, string>,
): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: appDir,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => output.push(...chunk.split('\n').filter(Boolean)));
  }
  const instance: Instance = { name, port, url: `http://127.0.0.1:${port}`, process: child, output };
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${output.join('\n')}`);
    try {
      const res = await fetch(`${instance.url}/ready`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return instance;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 90_000) throw new Error(`${name} not ready after 90 s:\n${output.join('\n')}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** SIGTERM, waiting for the exit; SIGKILL after `graceMs`. */
export async function stopInstance(instance: Instance, graceMs = 15_000): Promise<number | null> {
  const child = instance.process;
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

/** kill -9: no shutdown at all. */
export async function killInstance(instance: Instance): Promise<void> {
  const child = instance.process;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

export interface LoadBalancer {
  url: string;
  /** Which backend served each request, in order (by port). */
  served: number[];
  close(): Promise<void>;
}

/**
 * Round robin over `backends()` (read on every request, so a restarted instance rejoins). A backend that refuses
 * the connection is skipped, as a load balancer's health check would; one that dies mid-request answers 502.
 */
export function startLoadBalancer(port: number, backends: () => number[]): Promise<LoadBalancer> {
  let next = 0;
  const served: number[] = [];
  const server: Server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      const ports = backends();
      const attempt = (tries: number) => {
        const target = ports[next++ % ports.length]!;
        const upstream = request(
          { host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers },
          (up) => {
            served.push(target);
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        upstream.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code === 'ECONNREFUSED' && tries < ports.length) return attempt(tries + 1);
          if (!res.headersSent) res.writeHead(502).end('bad gateway');
          else res.destroy();
        });
        upstream.end(Buffer.concat(body));
      };
      attempt(1);
    });
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${port}`,
        served,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      }),
    );
  });
}
