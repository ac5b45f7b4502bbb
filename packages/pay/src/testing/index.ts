/**
 * `@council-sdk/pay/testing`: a stateful fake GOV.UK Pay. In-process with msw (`setupServer(...fake.handlers)`),
 * or over real HTTP (`createServer(...fake.handlers)` from `@mswjs/http-middleware`, as apps/sandbox does).
 */
import { createFaultInjector, type FaultInjector } from '@council-sdk/core/testing';
import { createHandlers } from './handlers.js';
import { type Clock, createClock } from './clock.js';
import {
  type AgreementRecord,
  type CardSubmission,
  type DisputeRecord,
  type FakeAccount,
  FAKE_TEST_API_KEY,
  PAY_BASE_URL,
  PayModel,
  type PayState,
  type PaymentRecord,
  type RateLimits,
  type RefundRecord,
} from './model.js';
import {
  FAKE_WEBHOOK_SECRET,
  type WebhookDeliveryAttempt,
  WebhookDispatcher,
  type WebhookMessageRecord,
  type WebhookOptions,
} from './webhook-dispatcher.js';

export { TEST_CARDS, type TestCard, type TestCardOutcome, findTestCard } from './cards.js';
export { type Clock, createClock } from './clock.js';
export { renderCardPage, renderMessagePage, renderThreeDSecurePage } from './hosted-page.js';
export { createHandlers, payErrorBody } from './handlers.js';
export * from './model.js';
export * from './webhook-dispatcher.js';

export interface PayFakeOptions {
  /** Where the handlers answer and every URL the fake hands out points (default Pay's real URL). May have a path prefix. */
  baseUrl?: string;
  /** Accounts and their API keys (default: one test account with `FAKE_TEST_API_KEY`). */
  accounts?: FakeAccount[];
  /** The time the fake starts from (default: real time). `fake.clock.advance(ms)` moves it on. */
  now?: () => Date;
  /** `false` to switch rate limiting off; per-second limits otherwise (Pay: 15 POST, ~75 GET). */
  rateLimit?: false | Partial<RateLimits>;
  /** Webhooks: where to send them and how (retry schedule compressed with `timeScale`). */
  webhooks?: WebhookOptions;
  /** How long refunds stay `submitted` (default 0: `success` by the next request). */
  refundSettleMs?: number;
  /** Eventual consistency of searches and a payment's refund list (default 0: at once). */
  searchLagMs?: number;
  /** Seed for the fault injector's random choices. */
  faultSeed?: number;
}

export interface PayFakeSnapshot {
  version: 1;
  clockOffsetMs: number;
  state: PayState;
  webhooks: ReturnType<WebhookDispatcher['snapshot']>;
}

export interface PayFake {
  /** msw handlers; serve them in-process or over HTTP. */
  handlers: ReturnType<typeof createHandlers>;
  /** The fake service itself (rules and state), for the sandbox's own pages. */
  model: PayModel;
  baseUrl: string;
  /** The first test account's API key. */
  apiKey: string;
  clock: Clock;
  faults: FaultInjector;
  reset(): void;
  snapshot(): PayFakeSnapshot;
  restore(snapshot: PayFakeSnapshot): void;
  /** Pay as the user would on the hosted page (msw mode): test cards decide the outcome. */
  completePayment(
    id: string,
    options?: { card?: Partial<CardSubmission> & { card_number?: string }; threeDSecure?: 'pass' | 'fail' },
  ): PaymentRecord;
  payments: {
    list(): PaymentRecord[];
    get(id: string): PaymentRecord | undefined;
    /** The payment exactly as GET /v1/payments/{id} would answer. */
    json(id: string): Record<string, unknown> | undefined;
    expire(id: string): PaymentRecord;
    capture(id: string): PaymentRecord;
    cancel(id: string): PaymentRecord;
    refund(id: string, amount?: number): RefundRecord;
    dispute(id: string, dispute?: Partial<Omit<DisputeRecord, 'account_id' | 'payment_id'>>): DisputeRecord;
  };
  refunds: { list(): RefundRecord[]; setStatus(refundId: string, status: 'success' | 'error'): RefundRecord };
  agreements: { list(): AgreementRecord[] };
  disputes: {
    list(): DisputeRecord[];
    seed(dispute: Partial<Omit<DisputeRecord, 'account_id'>> & { payment_id: string }): DisputeRecord;
    setStatus(disputeId: string, status: DisputeRecord['status']): DisputeRecord;
  };
  webhooks: {
    /** Point webhooks somewhere else at run time. */
    configure(options: WebhookOptions): void;
    secret: string;
    /** Every message the fake has queued (its exact body and signature). */
    messages(): WebhookMessageRecord[];
    /** The delivery log: one entry per attempt. */
    deliveries(): WebhookDeliveryAttempt[];
    /** Attempt every pending message now, ignoring the schedule. */
    flush(): Promise<void>;
    /** Wait for attempts in flight. */
    idle(): Promise<void>;
    resend(webhookMessageId: string): Promise<void>;
  };
}

export function createPayFake(options: PayFakeOptions = {}): PayFake {
  const baseUrl = (options.baseUrl ?? PAY_BASE_URL).replace(/\/+$/, '');
  const clock = createClock(options.now);
  const model = new PayModel({
    baseUrl,
    clock,
    ...(options.accounts ? { accounts: options.accounts } : {}),
    ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
    ...(options.refundSettleMs !== undefined ? { refundSettleMs: options.refundSettleMs } : {}),
    ...(options.searchLagMs !== undefined ? { searchLagMs: options.searchLagMs } : {}),
  });
  const faults = createFaultInjector(options.faultSeed === undefined ? {} : { seed: options.faultSeed });
  const dispatcher = new WebhookDispatcher(options.webhooks ?? {}, () => clock.now());
  model.onEvent((event) => dispatcher.enqueue(event));
  const handlers = createHandlers(model, faults);

  return {
    handlers,
    model,
    baseUrl,
    apiKey: model.accounts[0]?.apiKeys[0] ?? FAKE_TEST_API_KEY,
    clock,
    faults,
    reset() {
      model.reset();
      dispatcher.reset();
      faults.clear();
      clock.setOffsetMs(0);
    },
    snapshot() {
      return {
        version: 1,
        clockOffsetMs: clock.offsetMs(),
        state: model.snapshot(),
        webhooks: dispatcher.snapshot(),
      };
    },
    restore(snapshot) {
      if (snapshot?.version !== 1) throw new Error('Not a Pay fake snapshot (version 1)');
      model.restore(snapshot.state);
      dispatcher.restore(snapshot.webhooks ?? {});
      clock.setOffsetMs(snapshot.clockOffsetMs ?? 0);
    },
    completePayment: (id, opts) => model.completePayment(id, opts),
    payments: {
      list: () => model.listPayments(),
      get: (id) => model.paymentRecord(id),
      json: (id) => {
        const p = model.paymentRecord(id);
        return p ? model.paymentJson(p) : undefined;
      },
      expire: (id) => model.expirePayment(id),
      capture: (id) => model.capture(id),
      cancel: (id) => model.cancel(id),
      refund: (id, amount) => model.refund(id, amount),
      dispute: (id, dispute = {}) => model.addDispute({ ...dispute, payment_id: id }),
    },
    refunds: {
      list: () => model.listRefunds(),
      setStatus: (id, status) => model.setRefundStatus(id, status),
    },
    agreements: { list: () => model.listAgreements() },
    disputes: {
      list: () => model.listDisputes(),
      seed: (d) => model.addDispute(d),
      setStatus: (id, status) => model.setDisputeStatus(id, status),
    },
    webhooks: {
      configure: (o) => dispatcher.configure(o),
      get secret() {
        return dispatcher.secret;
      },
      messages: () => dispatcher.messages(),
      deliveries: () => dispatcher.deliveries(),
      flush: () => dispatcher.flush(),
      idle: () => dispatcher.idle(),
      resend: (id) => dispatcher.resend(id),
    },
  };
}

export { FAKE_TEST_API_KEY, FAKE_WEBHOOK_SECRET, PAY_BASE_URL };
