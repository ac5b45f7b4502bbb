import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface FakeServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  info: Record<string, unknown>;
  /** Call a command the fake's setup exposes. */
  call<T = unknown>(command: string, ...args: unknown[]): Promise<T>;
  /** CPU time the server process has used, microseconds (user + system). */
  cpuMicros(): Promise<number>;
  /** Count of responses by HTTP status since the start (or the last `resetStatuses`). */
  statuses(): Promise<Record<string, number>>;
  resetStatuses(): Promise<void>;
  close(): Promise<void>;
}

const open = new Set<FakeServer>();

/** Stop every fake server still running (the runner calls this when a benchmark overruns its budget). */
export async function closeAllFakeServers(): Promise<void> {
  await Promise.all([...open].map((s) => s.close()));
}

const childEntry = fileURLToPath(new URL('./server-child.ts', import.meta.url));
const tsxLoader = import.meta.resolve('tsx');

/**
 * Start the fake described by `src/fakes/<name>.ts` in a child process, serving its msw handlers over HTTP on
 * 127.0.0.1 (port 0). Both sides of a comparison then talk to the same server over real loopback sockets.
 */
export async function startFakeServer(
  name: string,
  options: Record<string, unknown> = {},
): Promise<FakeServer> {
  const setup = new URL(`../fakes/${name}.ts`, import.meta.url).href;
  const child: ChildProcess = fork(childEntry, [], {
    execArgv: ['--import', tsxLoader, '--max-old-space-size=4096'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let exited: Error | undefined;

  const ready = new Promise<{ origin: string; info: Record<string, unknown> }>((resolve, reject) => {
    child.on('message', (raw) => {
      const m = raw as {
        type: string;
        id?: number;
        result?: unknown;
        error?: string;
        origin: string;
        info: Record<string, unknown>;
      };
      if (m.type === 'ready') resolve({ origin: m.origin, info: m.info });
      else if (m.type === 'failed') reject(new Error(`fake ${name} failed to start: ${m.error}`));
      else if (m.type === 'result' && m.id !== undefined) {
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (!p) return;
        if (m.error !== undefined) p.reject(new Error(`fake ${name}: ${m.error}`));
        else p.resolve(m.result);
      }
    });
    child.on('exit', (code, signal) => {
      exited = new Error(`fake ${name} server exited (${code ?? signal})`);
      reject(exited);
      for (const p of pending.values()) p.reject(exited);
      pending.clear();
    });
  });
  child.send({ type: 'start', setup, options });
  const { origin, info } = await ready;

  const call = <T>(command: string, ...args: unknown[]) =>
    new Promise<T>((resolve, reject) => {
      if (exited) return reject(exited);
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ type: 'call', id, command, args });
    });

  const server: FakeServer = {
    origin,
    info,
    call,
    async cpuMicros() {
      const u = await call<{ user: number; system: number }>('__cpu');
      return u.user + u.system;
    },
    statuses: () => call<Record<string, number>>('__statuses'),
    resetStatuses: () => call<void>('__resetStatuses'),
    async close() {
      open.delete(server);
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await gone;
    },
  };
  open.add(server);
  return server;
}
