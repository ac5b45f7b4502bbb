import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { PayClient } from '../src/index.js';
import { createPayFake, type PayFake, type PayFakeOptions } from '../src/testing/index.js';

/** One msw server per test file, with a fresh fake per test. */
export function useFakePay(options: PayFakeOptions = {}) {
  const server = setupServer();
  const ctx = { server } as { fake: PayFake; pay: PayClient; server: typeof server; requests: Request[] };
  ctx.requests = [];
  server.events.on('request:start', ({ request }) => {
    ctx.requests.push(request.clone());
  });
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  const fresh = () => {
    ctx.requests = [];
    ctx.fake = createPayFake(options);
    server.resetHandlers(...ctx.fake.handlers);
    ctx.pay = new PayClient({ apiKey: ctx.fake.apiKey, baseUrl: ctx.fake.baseUrl, maxRetries: 0 });
  };
  fresh();
  afterEach(fresh);
  return ctx;
}

export const webPayment = (overrides: Record<string, unknown> = {}) => ({
  amount: 1250,
  description: 'Parking permit',
  reference: 'PERMIT-1',
  return_url: 'https://council.example.gov.uk/pay/return',
  ...overrides,
});
