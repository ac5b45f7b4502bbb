import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** One msw server per test file: happy paths are declared per test with `server.use(...)`. */
export function useMswServer() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

export const BASE = 'https://api.example.test';

/** Fast retries so tests do not wait on real backoff. */
export const fastRetry = { baseDelayMs: 1, maxDelayMs: 5 };
