/**
 * The fake GOV.UK Pay service, pure: typed inputs (an account, a parsed JSON body, search parameters), typed
 * results, or a `ServiceError` in Pay's terms. No HTTP here: `../handlers.ts` reads requests and writes Pay's
 * answers, `../index.ts` wraps it all as a `ServiceFake` with a steering API. One file per resource:
 * payments, refunds, agreements, disputes, moto, journey (the hosted card page), search, time, lifecycle.
 */
import type { FakeClock, FakeTimer } from '@council-sdk/core/testing';
import * as agreements from './agreements.js';
import { PayContext, type PayModelEvent } from './context.js';
import * as disputes from './disputes.js';
import * as journey from './journey.js';
import * as moto from './moto.js';
import * as payments from './payments.js';
import { type RateLimits, RateLimiter } from './rate-limits.js';
import {
  type AgreementRecord,
  type DisputeRecord,
  emptyState,
  type FakeAccount,
  type PayState,
  type PaymentRecord,
  type RefundRecord,
} from './records.js';
import * as refunds from './refunds.js';
import type { SearchParams } from './search.js';
import { sweep } from './time.js';
import * as views from './views.js';

export type { PayModelEvent, PayEventType } from './context.js';
export type { CardError, CardSubmission, CardSubmissionResult, JourneyStart } from './journey.js';
export type { CreatedPayment } from './payments.js';
export type { CreatePaymentInput } from './payment-request.js';
export { PAY_RATE_LIMITS, type RateLimits } from './rate-limits.js';
export type { RefundSummary } from './views.js';
export * from './records.js';
export { findTestCard, TEST_CARDS, type TestCard, type TestCardOutcome, CARD_BRAND_SLUGS } from './cards.js';

export interface PayModelOptions {
  baseUrl: string;
  clock: FakeClock;
  accounts: FakeAccount[];
  rateLimit?: false | Partial<RateLimits>;
  refundSettleMs?: number;
  searchLagMs?: number;
}

export class PayModel {
  readonly #ctx: PayContext;
  readonly #rateLimiter: RateLimiter;
  #timer: FakeTimer | undefined;
  #nextDueMs = Number.NEGATIVE_INFINITY;
  #dirty = true;

  constructor(options: PayModelOptions) {
    this.#ctx = new PayContext({
      baseUrl: options.baseUrl,
      clock: options.clock,
      accounts: options.accounts,
      refundSettleMs: options.refundSettleMs ?? 0,
      searchLagMs: options.searchLagMs ?? 0,
    });
    this.#rateLimiter = new RateLimiter(options.clock, options.rateLimit ?? {});
    this.#ctx.onScheduleChange(() => {
      this.#dirty = true;
    });
  }

  get accounts(): FakeAccount[] {
    return this.#ctx.accounts;
  }

  get baseUrl(): string {
    return this.#ctx.baseUrl;
  }

  onEvent(listener: (event: PayModelEvent) => void): () => void {
    return this.#ctx.onEvent(listener);
  }

  /**
   * Apply what time has made due, then make sure the clock wakes the model when the next thing falls due (so an
   * expiry or a queued recurring payment happens, and its webhook goes, without waiting for a request).
   */
  #tick(): void {
    const now = this.#ctx.nowMs();
    if (!this.#dirty && now < this.#nextDueMs) return;
    this.#dirty = false;
    this.#nextDueMs = sweep(this.#ctx);
    this.#dirty = false;
    this.#timer?.cancel();
    this.#timer = undefined;
    if (Number.isFinite(this.#nextDueMs)) {
      this.#timer = this.#ctx.clock.setTimeout(() => this.#tick(), this.#nextDueMs - now);
    }
  }

  /** Run a model operation: due work first, then the operation, then re-arm for what it made due. */
  #run<T>(operation: () => T): T {
    this.#tick();
    try {
      return operation();
    } finally {
      this.#tick();
    }
  }

  // ---------------------------------------------------------------- access

  /** The account an API key belongs to. */
  accountForKey(apiKey: string): FakeAccount | undefined {
    return this.#ctx.accounts.find((a) => a.apiKeys.includes(apiKey));
  }

  checkRateLimit(account: FakeAccount, bucket: keyof RateLimits): void {
    this.#rateLimiter.check(account, bucket);
  }

  // ---------------------------------------------------------------- the API

  createPayment(account: FakeAccount, body: unknown, idempotencyKey?: string | null) {
    return this.#run(() => payments.createPayment(this.#ctx, account, body, idempotencyKey));
  }
  getPayment(account: FakeAccount, id: string) {
    return this.#run(() => payments.getPayment(this.#ctx, account, id));
  }
  getEvents(account: FakeAccount, id: string) {
    return this.#run(() => payments.getEvents(this.#ctx, account, id));
  }
  cancelPayment(account: FakeAccount, id: string) {
    return this.#run(() => payments.cancelPayment(this.#ctx, account, id));
  }
  capturePayment(account: FakeAccount, id: string) {
    return this.#run(() => payments.capturePayment(this.#ctx, account, id));
  }
  searchPayments(account: FakeAccount, params: SearchParams) {
    return this.#run(() => payments.searchPayments(this.#ctx, account, params));
  }
  createRefund(account: FakeAccount, paymentId: string, body: unknown) {
    return this.#run(() => refunds.createRefund(this.#ctx, account, paymentId, body));
  }
  getRefund(account: FakeAccount, paymentId: string, refundId: string) {
    return this.#run(() => refunds.getRefund(this.#ctx, account, paymentId, refundId));
  }
  listRefundsForPayment(account: FakeAccount, paymentId: string) {
    return this.#run(() => refunds.listRefundsForPayment(this.#ctx, account, paymentId));
  }
  searchRefunds(account: FakeAccount, params: SearchParams) {
    return this.#run(() => refunds.searchRefunds(this.#ctx, account, params));
  }
  createAgreement(account: FakeAccount, body: unknown) {
    return this.#run(() => agreements.createAgreement(this.#ctx, account, body));
  }
  getAgreement(account: FakeAccount, id: string) {
    return this.#run(() => agreements.getAgreement(this.#ctx, account, id));
  }
  cancelAgreement(account: FakeAccount, id: string) {
    return this.#run(() => agreements.cancelAgreement(this.#ctx, account, id));
  }
  searchAgreements(account: FakeAccount, params: SearchParams) {
    return this.#run(() => agreements.searchAgreements(this.#ctx, account, params));
  }
  searchDisputes(account: FakeAccount, params: SearchParams) {
    return this.#run(() => disputes.searchDisputes(this.#ctx, account, params));
  }
  authoriseMoto(body: unknown) {
    return this.#run(() => moto.authoriseMoto(this.#ctx, body));
  }

  // ---------------------------------------------------------------- the hosted card page

  startJourney(token: string) {
    return this.#run(() => journey.startJourney(this.#ctx, token));
  }
  /** The payment a card page posts back to, if there is one. */
  journeyPayment(paymentId: string): PaymentRecord | undefined {
    return this.#run(() => this.#ctx.state.payments[paymentId]);
  }
  validateCard(card: journey.CardSubmission) {
    return journey.validateCard(this.#ctx, card);
  }
  submitCard(paymentId: string, card: journey.CardSubmission) {
    return this.#run(() => journey.submitCard(this.#ctx, paymentId, card));
  }
  cancelJourney(paymentId: string) {
    return this.#run(() => journey.cancelJourney(this.#ctx, paymentId));
  }

  // ---------------------------------------------------------------- steering and inspection

  completePayment(id: string, options: { card?: Partial<journey.CardSubmission> } = {}): PaymentRecord {
    return this.#run(() => journey.completePayment(this.#ctx, id, options));
  }
  listPayments(): PaymentRecord[] {
    return this.#run(() => Object.values(this.#ctx.state.payments));
  }
  paymentRecord(id: string): PaymentRecord | undefined {
    return this.#run(() => this.#ctx.state.payments[id]);
  }
  /** The payment exactly as GET /v1/payments/{id} answers it (without minting a next_url). */
  paymentJson(id: string): Record<string, unknown> | undefined {
    return this.#run(() => {
      const p = this.#ctx.state.payments[id];
      return p ? views.paymentJson(this.#ctx, p) : undefined;
    });
  }
  /** The payment as a webhook about it carries it now. */
  webhookResource(id: string): Record<string, unknown> {
    return views.webhookResource(this.#ctx, this.#ctx.record(id));
  }
  refundSummary(id: string): views.RefundSummary {
    return this.#run(() => views.refundSummary(this.#ctx, this.#ctx.record(id)));
  }
  expirePayment(id: string) {
    return this.#run(() => payments.expireNow(this.#ctx, id));
  }
  capture(id: string) {
    return this.#run(() => payments.captureNow(this.#ctx, id));
  }
  cancel(id: string) {
    return this.#run(() => payments.cancelNow(this.#ctx, id));
  }
  refund(id: string, amount?: number): RefundRecord {
    return this.#run(() => refunds.refundNow(this.#ctx, id, amount));
  }
  setRefundStatus(refundId: string, status: 'success' | 'error'): RefundRecord {
    return this.#run(() => refunds.setRefundStatus(this.#ctx, refundId, status));
  }
  listRefunds(): RefundRecord[] {
    return this.#run(() => Object.values(this.#ctx.state.refunds));
  }
  listAgreements(): AgreementRecord[] {
    return this.#run(() => Object.values(this.#ctx.state.agreements));
  }
  raiseDispute(input: Partial<Omit<DisputeRecord, 'account_id'>> & { payment_id: string }): DisputeRecord {
    return this.#run(() => disputes.raiseDispute(this.#ctx, input));
  }
  setDisputeStatus(id: string, status: DisputeRecord['status']): DisputeRecord {
    return this.#run(() => disputes.setDisputeStatus(this.#ctx, id, status));
  }
  listDisputes(): DisputeRecord[] {
    return this.#run(() => Object.values(this.#ctx.state.disputes));
  }
  /** Idempotency-Keys remembered (agreement payments only), for a test to inspect. */
  idempotencyKeys(): string[] {
    return this.#run(() => Object.values(this.#ctx.state.idempotency).map((r) => r.key));
  }

  // ---------------------------------------------------------------- lifecycle

  reset(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#ctx.state = emptyState();
    this.#rateLimiter.reset();
    this.#dirty = true;
  }

  snapshot(): PayState {
    return structuredClone(this.#ctx.state);
  }

  restore(state: PayState): void {
    this.reset();
    this.#ctx.state = { ...emptyState(), ...structuredClone(state) };
    this.#tick();
  }
}
