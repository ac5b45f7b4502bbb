/**
 * What every resource module of the model shares: the state, the clock, the accounts, where the fake is served
 * (every URL it hands out is built on it) and the events it tells the outside world about (webhooks).
 */
import type { FakeClock } from '@council-sdk/core/testing';
import { notFound } from './errors.js';
import { emptyState, type FakeAccount, type PayState, type PaymentRecord } from './records.js';

/** The internal events pay-webhooks turns into webhook messages (alphagov/pay-webhooks message/EventMapper.java). */
export type PayEventType =
  | 'card_payment_succeeded'
  | 'card_payment_captured'
  | 'card_payment_refunded'
  | 'card_payment_failed'
  | 'card_payment_expired';

export interface PayModelEvent {
  event_type: PayEventType;
  account_id: string;
  /** The payment (for `card_payment_refunded`, the refund's parent payment). */
  resource_id: string;
  payment_id: string;
  created_date: string;
}

export interface PayContextOptions {
  baseUrl: string;
  clock: FakeClock;
  accounts: FakeAccount[];
  /** How long a refund stays `submitted` before `success`. */
  refundSettleMs: number;
  /** How far behind the searches (and a payment's refund list) are. */
  searchLagMs: number;
}

export class PayContext {
  state: PayState = emptyState();
  readonly clock: FakeClock;
  readonly accounts: FakeAccount[];
  baseUrl: string;
  refundSettleMs: number;
  searchLagMs: number;
  readonly #listeners = new Set<(event: PayModelEvent) => void>();
  readonly #changeListeners = new Set<() => void>();

  constructor(options: PayContextOptions) {
    this.baseUrl = options.baseUrl;
    this.clock = options.clock;
    this.accounts = options.accounts;
    this.refundSettleMs = options.refundSettleMs;
    this.searchLagMs = options.searchLagMs;
  }

  nowIso(): string {
    return this.clock.now().toISOString();
  }

  nowMs(): number {
    return this.clock.now().getTime();
  }

  link(path: string, method = 'GET'): { href: string; method: string } {
    return { href: `${this.baseUrl}${path}`, method };
  }

  onEvent(listener: (event: PayModelEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Something time-driven may now fall due sooner (a new payment, a refund): the model re-arms its timer. */
  onScheduleChange(listener: () => void): void {
    this.#changeListeners.add(listener);
  }

  scheduleChanged(): void {
    for (const listener of this.#changeListeners) listener();
  }

  emit(event_type: PayEventType, payment: PaymentRecord): void {
    const event: PayModelEvent = {
      event_type,
      account_id: payment.account_id,
      resource_id: payment.payment_id,
      payment_id: payment.payment_id,
      created_date: this.nowIso(),
    };
    for (const listener of this.#listeners) listener(event);
  }

  account(id: string): FakeAccount {
    const account = this.accounts.find((a) => a.id === id);
    if (!account) throw new Error(`No account ${id} in the fake`);
    return account;
  }

  /** An account's payment, or Pay's 404 in the operation's own code (another account's payment is not found). */
  payment(account: FakeAccount, id: string, notFoundCode: string): PaymentRecord {
    const p = this.state.payments[id];
    if (!p || p.account_id !== account.id) throw notFound(notFoundCode);
    return p;
  }

  /** A payment by id, for the steering API (a programming error when it does not exist). */
  record(id: string): PaymentRecord {
    const p = this.state.payments[id];
    if (!p) throw new Error(`No payment ${id} in the fake`);
    return p;
  }

  /** Has an eventually consistent index caught up with a record made at `created`? */
  searchable(created: string): boolean {
    return this.searchLagMs <= 0 || Date.parse(created) <= this.nowMs() - this.searchLagMs;
  }
}
