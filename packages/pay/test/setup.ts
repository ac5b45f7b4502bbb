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

/**
 * An active agreement, set up through the API and the fake's hosted-page shortcut. GOV.UK Pay keeps
 * Idempotency-Keys only for agreement payments, so tests of idempotent creates use these.
 */
export async function activeAgreement(ctx: { fake: PayFake; pay: PayClient }): Promise<string> {
  const agreement = await ctx.pay.agreements.create({ reference: 'CT-1', description: 'Council tax' });
  const setup = await ctx.pay.payments.create(webPayment({ set_up_agreement: agreement.agreement_id }), {
    idempotencyKey: false,
  });
  ctx.fake.completePayment(setup.payment_id);
  return agreement.agreement_id;
}

export const agreementPayment = (agreementId: string, overrides: Record<string, unknown> = {}) => ({
  amount: 1250,
  description: 'Council tax instalment',
  reference: 'CT-1-2',
  authorisation_mode: 'agreement' as const,
  agreement_id: agreementId,
  ...overrides,
});
