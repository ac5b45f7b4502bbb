/**
 * `@council-sdk/pay/testing`: a stateful fake GOV.UK Pay, on the fake kernel of `@council-sdk/core/testing`.
 * In-process with msw (`setupServer(...fake.handlers)`), or over real HTTP (`createServer(...fake.handlers)` from
 * `@mswjs/http-middleware`, as apps/sandbox does). Tests and the sandbox steer it only through the methods below.
 */
import {
  checkSnapshot,
  createFakeClock,
  createFaultInjector,
  type FakeClock,
  type FakeSnapshot,
  type FaultInjector,
  makeSnapshot,
  OutboundDeliveries,
  type OutboundState,
  type ServiceFake,
} from '@council-sdk/core/testing';
import { PAY_BASE_URL } from '../constants.js';
import { createHandlers } from './handlers.js';
import {
  type AgreementRecord,
  type CardError,
  type CardSubmission,
  type CardSubmissionResult,
  type DisputeRecord,
  FAKE_TEST_API_KEY,
  type FakeAccount,
  type JourneyStart,
  PayModel,
  type PayState,
  type PaymentRecord,
  type RateLimits,
  type RefundRecord,
  type RefundSummary,
} from './model/index.js';
import {
  FAKE_WEBHOOK_SECRET,
  PAY_WEBHOOK_RETRY_DELAYS_MS,
  PAY_WEBHOOK_TIMEOUT_MS,
  PayWebhooks,
  type WebhookDeliveryAttempt,
  type WebhookMessageRecord,
  type WebhookOptions,
} from './webhooks.js';

export { renderCardPage, renderMessagePage } from './hosted-page.js';
export { createHandlers, payErrorBody } from './handlers.js';
export * from './model/index.js';
export * from './webhooks.js';
export { PAY_BASE_URL };

export interface PayFakeOptions {
  /** Where the handlers answer and every URL the fake hands out points (default Pay's real URL). May have a path prefix. */
  baseUrl?: string;
  /** Accounts and their API keys (default: one test account with `FAKE_TEST_API_KEY`). */
  accounts?: FakeAccount[];
  /** Start the clock frozen at this moment (time then moves only with `advance`), or give a base clock. Default: real time. */
  now?: Date | (() => Date);
  /** `false` to switch rate limiting off; per-second limits otherwise (Pay: 15 POST, ~75 GET). */
  rateLimit?: false | Partial<RateLimits>;
  /** Webhooks: where to send them and how. */
  webhooks?: WebhookOptions;
  /** How long refunds stay `submitted` (default 0: `success` at once, as the sandbox provider refunds). */
  refundSettleMs?: number;
  /** Eventual consistency of searches and a payment's refund list (default 0: at once). */
  searchLagMs?: number;
  /** Seed for the fault injector's random choices. */
  faultSeed?: number;
}

/** The fake's saved state: the model's records and the webhook log. */
export interface PayFakeState {
  model: PayState;
  webhooks: OutboundState;
}
export type PayFakeSnapshot = FakeSnapshot<PayFakeState>;
/** Bumped whenever the layout of `PayFakeState` changes: the sandbox then starts afresh rather than misread it. */
export const PAY_FAKE_SNAPSHOT_VERSION = 2;

export interface PayFake extends ServiceFake<PayFakeState> {
  readonly service: 'pay';
  readonly deliveries: OutboundDeliveries;
  readonly baseUrl: string;
  /** The first test account's API key. */
  readonly apiKey: string;
  /** Move the fake's clock on (expiry, capture windows, refunds settling, webhook retries follow). */
  advance(ms: number): Promise<void>;
  /**
   * Pay as the user would on the hosted card page: the page's checks, then the sandbox card table decides
   * (default card 4444333322221111). Throws if the payment cannot be paid or the card fails the page's checks.
   */
  completePayment(id: string, options?: { card?: Partial<CardSubmission> }): PaymentRecord;
  payments: {
    /** Create a payment as POST /v1/payments would (same rules; throws Pay's `ServiceError` on a bad body). */
    create(
      body: Record<string, unknown>,
      options?: { accountId?: string; idempotencyKey?: string },
    ): Record<string, unknown>;
    list(): PaymentRecord[];
    get(id: string): PaymentRecord | undefined;
    /** The payment exactly as GET /v1/payments/{id} would answer (without using up a next_url). */
    json(id: string): Record<string, unknown> | undefined;
    refundSummary(id: string): RefundSummary;
    /** Expire it now, as Pay's expiry job would (card_payment_expired). */
    expire(id: string): PaymentRecord;
    /** Capture a payment waiting for capture, as the service would through the API. */
    capture(id: string): PaymentRecord;
    /** Cancel it as the service would through the API (cancelled, P0040; card_payment_failed). */
    cancel(id: string): PaymentRecord;
    /** Refund a captured payment (what is left, by default). */
    refund(id: string, amount?: number): RefundRecord;
    /** Raise a dispute against it (no sandbox card does; see the README). */
    dispute(id: string, dispute?: Partial<Omit<DisputeRecord, 'account_id' | 'payment_id'>>): DisputeRecord;
  };
  refunds: {
    list(): RefundRecord[];
    /** Settle a submitted refund as `success` or `error`. */
    setStatus(refundId: string, status: 'success' | 'error'): RefundRecord;
  };
  agreements: {
    /** Create an agreement as POST /v1/agreements would. */
    create(body: Record<string, unknown>, options?: { accountId?: string }): Record<string, unknown>;
    list(): AgreementRecord[];
  };
  disputes: {
    list(): DisputeRecord[];
    seed(dispute: Partial<Omit<DisputeRecord, 'account_id'>> & { payment_id: string }): DisputeRecord;
    setStatus(disputeId: string, status: DisputeRecord['status']): DisputeRecord;
  };
  /** The hosted card page's rules, for an app that renders its own card page (as apps/sandbox does). */
  journey: {
    /** Open a next_url (uses the token up). Throws a `ServiceError` (404) for a used or unknown token. */
    start(token: string): JourneyStart;
    payment(paymentId: string): PaymentRecord | undefined;
    validateCard(card: CardSubmission): CardError[];
    submitCard(paymentId: string, card: CardSubmission): CardSubmissionResult;
    /** The user pressed "Cancel payment". */
    cancel(paymentId: string): CardSubmissionResult;
  };
  accounts: {
    list(): FakeAccount[];
    /** Change an account's switches (recurring, MOTO, disabled...) from now on. */
    configure(id: string, settings: Partial<Omit<FakeAccount, 'id'>>): FakeAccount;
  };
  /** The Idempotency-Keys Pay remembers (agreement payments only). */
  idempotencyKeys(): string[];
  webhooks: {
    /** Point webhooks somewhere else at run time, or change their delivery. */
    configure(options: WebhookOptions): void;
    readonly secret: string;
    /** Every message the fake has queued (its exact body and signature). */
    messages(): WebhookMessageRecord[];
    /** The delivery log: one entry per attempt. */
    deliveries(): WebhookDeliveryAttempt[];
    /** Attempt every pending message now, ignoring the schedule. */
    flush(): Promise<void>;
    /** Wait for attempts in flight. */
    idle(): Promise<void>;
    /** Send one message again now (as Pay's admin tool allows). */
    resend(webhookMessageId: string): Promise<void>;
  };
}

function clockFor(now: PayFakeOptions['now']): FakeClock {
  if (now instanceof Date) return createFakeClock({ frozenAt: now });
  if (typeof now === 'function') return createFakeClock({ base: now });
  return createFakeClock();
}

export function createPayFake(options: PayFakeOptions = {}): PayFake {
  const baseUrl = (options.baseUrl ?? PAY_BASE_URL).replace(/\/+$/, '');
  const clock = clockFor(options.now);
  const accounts = structuredClone(
    options.accounts ?? [
      { id: 'test-account', mode: 'test', apiKeys: [FAKE_TEST_API_KEY] } satisfies FakeAccount,
    ],
  );
  const initialAccounts = structuredClone(accounts);
  const model = new PayModel({
    baseUrl,
    clock,
    accounts,
    ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
    ...(options.refundSettleMs !== undefined ? { refundSettleMs: options.refundSettleMs } : {}),
    ...(options.searchLagMs !== undefined ? { searchLagMs: options.searchLagMs } : {}),
  });
  const faults: FaultInjector = createFaultInjector(
    options.faultSeed === undefined ? {} : { seed: options.faultSeed },
  );
  const deliveries = new OutboundDeliveries({
    clock,
    retryDelaysMs: PAY_WEBHOOK_RETRY_DELAYS_MS,
    timeoutMs: PAY_WEBHOOK_TIMEOUT_MS,
  });
  const webhooks = new PayWebhooks(model, deliveries, clock, options.webhooks ?? {});
  const handlers = createHandlers(model, faults);
  const accountFor = (id?: string): FakeAccount => {
    const account = id ? model.accounts.find((a) => a.id === id) : model.accounts[0];
    if (!account) throw new Error(`No account ${id} in the fake`);
    return account;
  };

  return {
    service: 'pay',
    handlers,
    baseUrl,
    apiKey: model.accounts[0]?.apiKeys[0] ?? FAKE_TEST_API_KEY,
    clock,
    faults,
    deliveries,
    advance: (ms) => clock.advance(ms),
    reset() {
      clock.clearTimers();
      model.reset();
      deliveries.reset();
      faults.clear();
      model.accounts.splice(0, model.accounts.length, ...structuredClone(initialAccounts));
      clock.restoreState({
        offsetMs: 0,
        ...(options.now instanceof Date ? { frozenAt: options.now.toISOString() } : {}),
      });
    },
    snapshot: () =>
      makeSnapshot('pay', PAY_FAKE_SNAPSHOT_VERSION, clock, {
        model: model.snapshot(),
        webhooks: deliveries.state(),
      }),
    restore(snapshot) {
      const checked = checkSnapshot(snapshot, { service: 'pay', version: PAY_FAKE_SNAPSHOT_VERSION });
      clock.clearTimers();
      clock.restoreState(checked.clock);
      model.restore(checked.state.model);
      deliveries.restoreState(checked.state.webhooks);
    },
    settle: () => deliveries.settle(),
    completePayment: (id, opts) => model.completePayment(id, opts),
    payments: {
      create: (body, opts = {}) =>
        model.createPayment(accountFor(opts.accountId), body, opts.idempotencyKey ?? null).body,
      list: () => model.listPayments(),
      get: (id) => model.paymentRecord(id),
      json: (id) => model.paymentJson(id),
      refundSummary: (id) => model.refundSummary(id),
      expire: (id) => model.expirePayment(id),
      capture: (id) => model.capture(id),
      cancel: (id) => model.cancel(id),
      refund: (id, amount) => model.refund(id, amount),
      dispute: (id, dispute = {}) => model.raiseDispute({ ...dispute, payment_id: id }),
    },
    refunds: {
      list: () => model.listRefunds(),
      setStatus: (id, status) => model.setRefundStatus(id, status),
    },
    agreements: {
      create: (body, opts = {}) => model.createAgreement(accountFor(opts.accountId), body),
      list: () => model.listAgreements(),
    },
    disputes: {
      list: () => model.listDisputes(),
      seed: (d) => model.raiseDispute(d),
      setStatus: (id, status) => model.setDisputeStatus(id, status),
    },
    journey: {
      start: (token) => model.startJourney(token),
      payment: (id) => model.journeyPayment(id),
      validateCard: (card) => model.validateCard(card),
      submitCard: (id, card) => model.submitCard(id, card),
      cancel: (id) => model.cancelJourney(id),
    },
    accounts: {
      list: () => structuredClone(model.accounts),
      configure(id, settings) {
        const account = accountFor(id);
        Object.assign(account, settings);
        return structuredClone(account);
      },
    },
    idempotencyKeys: () => model.idempotencyKeys(),
    webhooks: {
      configure: (o) => webhooks.configure(o),
      get secret() {
        return webhooks.secret;
      },
      messages: () => webhooks.messages(),
      deliveries: () => webhooks.deliveries(),
      flush: () => deliveries.flush(),
      idle: () => deliveries.settle(),
      resend: (id) => deliveries.resend(id),
    },
  };
}

export { FAKE_TEST_API_KEY, FAKE_WEBHOOK_SECRET };
