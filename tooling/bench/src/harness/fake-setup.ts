import type { RequestHandler } from 'msw';

/** What a file in src/fakes/ exports: build a fake for the given origin and say how to steer it. */
export interface FakeSetup {
  handlers: RequestHandler[] | readonly unknown[];
  /** JSON facts the benchmark needs (API key, template id, issuer...). */
  info: Record<string, unknown>;
  /** Named operations the benchmark may call over IPC (seed data, read counters, reset). */
  // biome-ignore lint/suspicious/noExplicitAny: arguments arrive as JSON over IPC; each command knows its own.
  commands?: Record<string, (...args: any[]) => unknown>;
}

export type SetupFn = (args: { origin: string; options: Record<string, unknown> }) => Promise<FakeSetup>;
