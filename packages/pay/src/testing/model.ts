/**
 * The fake GOV.UK Pay service: state and rules only (no msw, no HTTP, no timers). The msw handlers, the sandbox
 * and tests all drive this one model, so they all see the same behaviour.
 *
 * Facts come from alphagov/pay-publicapi and alphagov/pay-connector; where the server and the OpenAPI file disagree, the model follows
 * the server (and says so where it matters).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PAY_BASE_URL } from '../constants.js';
import { AgreementSearchQuery, CreateAgreementRequest } from '../schemas/agreements.js';
import type { PayErrorBody } from '../schemas/common.js';
import { Pence } from '../schemas/common.js';
import { AuthoriseRequest } from '../schemas/moto.js';
import {
  createPaymentRules,
  createPaymentShape,
  FINISHED_STATUSES,
  type PaymentStatus,
} from '../schemas/payments.js';
import { type TestCard, CARD_BRAND_SLUGS, findTestCard } from './cards.js';
import { type Clock, createClock } from './clock.js';

export { PAY_BASE_URL };
/** The default test account's API key. */
export const FAKE_TEST_API_KEY = 'api_test_council_sdk_fake_0000000000000000000000000000';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Unfinished payments expire 90 minutes after creation. */
export const PAYMENT_EXPIRY_MS = 90 * MINUTE;
/** A delayed-capture payment must be captured within 120 hours. */
export const CAPTURE_WINDOW_MS = 120 * HOUR;
/** Same Idempotency-Key and body within 24 hours returns the original payment. */
export const IDEMPOTENCY_WINDOW_MS = 24 * HOUR;

export interface FakeAccount {
  id: string;
  mode: 'test' | 'live';
  apiKeys: string[];
  /** Recurring payments (agreements) switched on. Default true. */
  recurringEnabled?: boolean;
  /** `authorisation_mode: moto_api` allowed. Default true. */
  motoApiEnabled?: boolean;
}

export interface RateLimits {
  /** POST /v1/payments per second per account. Pay: 15. */
  create: number;
  /** POST .../capture per second. Pay: 15. */
  capture: number;
  /** Other POSTs per second. Pay: 15. */
  otherPost: number;
  /** GETs per second. Pay: about 75. */
  get: number;
}
export const PAY_RATE_LIMITS: RateLimits = { create: 15, capture: 15, otherPost: 15, get: 75 };

export interface PayModelOptions {
  /** Where the fake is served; every URL it hands out (next_url, links) is built on it. */
  baseUrl?: string;
  accounts?: FakeAccount[];
  clock?: Clock;
  /** `false` switches rate limiting off (e.g. for load tests); numbers per second per account otherwise. */
  rateLimit?: false | Partial<RateLimits>;
  /** How long a refund stays `submitted` before `success` (default 0: by the next request). */
  refundSettleMs?: number;
  /**
   * Pay's searches (payments, refunds, agreements) and a payment's refund list are eventually consistent: a record
   * appears this long after it is made. Default 0 (at once).
   */
  searchLagMs?: number;
}

/** A service error: the status and Pay-shaped body the handlers answer with. */
export class PayFakeError extends Error {
  constructor(
    readonly status: number,
    readonly body: PayErrorBody,
  ) {
    super(`${status} ${body.code ?? ''} ${body.description ?? ''}`.trim());
    this.name = 'PayFakeError';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// State (plain JSON: snapshot() is a deep copy of it)
// ---------------------------------------------------------------------------------------------------------------

export interface StateEntry {
  status: PaymentStatus;
  finished: boolean;
  code?: string;
  message?: string;
  updated: string;
}

export interface CardDetailsRecord {
  card_brand: string;
  card_type: 'debit' | 'credit';
  cardholder_name: string;
  expiry_date: string;
  first_digits_card_number: string;
  last_digits_card_number: string;
  billing_address?: { line1?: string; line2?: string; postcode?: string; city?: string; country?: string };
}

export interface PaymentRecord {
  payment_id: string;
  account_id: string;
  amount: number;
  description: string;
  reference: string;
  language: 'en' | 'cy';
  email?: string;
  return_url?: string;
  metadata?: Record<string, string | number | boolean>;
  created_date: string;
  delayed_capture: boolean;
  moto: boolean;
  authorisation_mode: 'web' | 'moto_api' | 'agreement';
  agreement_id?: string;
  set_up_agreement?: string;
  agreement_payment_type?: string;
  prefilled_cardholder_details?: {
    cardholder_name?: string;
    billing_address?: CardDetailsRecord['billing_address'];
  };
  provider_id: string;
  status: PaymentStatus;
  code?: string;
  message?: string;
  can_retry?: boolean;
  events: StateEntry[];
  card_details?: CardDetailsRecord;
  three_d_secure_required?: boolean;
  authorised_date?: string;
  capture_submit_time?: string;
  captured_date?: string;
  /** Agreement-mode payments are authorised asynchronously (by the next request the fake handles). */
  pending_agreement_authorisation?: boolean;
}

export interface RefundRecord {
  refund_id: string;
  payment_id: string;
  account_id: string;
  amount: number;
  status: 'submitted' | 'success' | 'error';
  created_date: string;
  settled_date?: string;
}

export interface AgreementRecord {
  agreement_id: string;
  account_id: string;
  reference: string;
  description: string;
  user_identifier?: string;
  status: 'created' | 'active' | 'cancelled' | 'inactive';
  created_date: string;
  cancelled_date?: string;
  payment_instrument?: { type: 'card'; created_date: string; card_details: CardDetailsRecord };
  /** Set up with the card whose later recurring payments fail. */
  recurring_fails?: boolean;
}

export interface DisputeRecord {
  dispute_id: string;
  payment_id: string;
  account_id: string;
  amount: number;
  fee: number;
  net_amount: number;
  reason: string;
  status: 'needs_response' | 'under_review' | 'lost' | 'won';
  created_date: string;
  evidence_due_date: string;
  settled_date?: string;
}

interface IdempotencyRecord {
  account_id: string;
  key: string;
  body: string;
  payment_id: string;
  created_at: number;
}

export interface PayState {
  payments: Record<string, PaymentRecord>;
  refunds: Record<string, RefundRecord>;
  agreements: Record<string, AgreementRecord>;
  disputes: Record<string, DisputeRecord>;
  idempotency: Record<string, IdempotencyRecord>;
  /** next_url tokens: single use. */
  tokens: Record<string, { payment_id: string; used: boolean }>;
  /** MOTO `one_time_token`s: single use. */
  oneTimeTokens: Record<string, { payment_id: string; used: boolean }>;
}

const emptyState = (): PayState => ({
  payments: {},
  refunds: {},
  agreements: {},
  disputes: {},
  idempotency: {},
  tokens: {},
  oneTimeTokens: {},
});

/** What the model tells the outside world about (the webhook dispatcher listens). */
export interface PayModelEvent {
  event_type:
    | 'card_payment_succeeded'
    | 'card_payment_captured'
    | 'card_payment_refunded'
    | 'card_payment_failed'
    | 'card_payment_expired';
  account_id: string;
  resource_id: string;
  /** The payment as a webhook carries it (no `_links`, `authorisation_mode`, `provider_id`). */
  resource: Record<string, unknown>;
  created_date: string;
}

/** A card as the hosted page (or a test) submits it. */
export interface CardSubmission {
  card_number: string;
  /** `MM/YY`; or give `expiry_month` + `expiry_year`. */
  expiry_date?: string;
  expiry_month?: string;
  expiry_year?: string;
  cvc: string;
  cardholder_name: string;
  email?: string;
  billing_address?: CardDetailsRecord['billing_address'];
}

export type CardSubmissionResult =
  /** The form has errors; nothing changed. */
  | { kind: 'invalid'; payment: PaymentRecord; errors: Array<{ field: string; message: string }> }
  /** The card needs a 3D Secure challenge: call `completeThreeDSecure`. */
  | { kind: 'three_d_secure'; payment: PaymentRecord }
  /** The journey is over: send the user to `return_url`. */
  | { kind: 'finished'; payment: PaymentRecord; returnUrl: string | undefined };

export type JourneyStart =
  | { kind: 'card_page'; payment: PaymentRecord }
  | { kind: 'three_d_secure'; payment: PaymentRecord }
  | { kind: 'finished'; payment: PaymentRecord; returnUrl: string | undefined };

const FAILURES = {
  P0010: { status: 'failed', message: 'Payment method rejected' },
  P0020: { status: 'failed', message: 'Payment expired' },
  P0030: { status: 'failed', message: 'Payment was cancelled by the user' },
  P0040: { status: 'cancelled', message: 'Payment was cancelled by the service' },
  P0050: { status: 'error', message: 'Payment provider returned an error' },
} as const;
type FailureCode = keyof typeof FAILURES;

/** Pay ids are 26 lower-case alphanumerics. */
function payId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(26);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const missing = (field: string, code = 'P0101') =>
  new PayFakeError(400, { field, code, description: `Missing mandatory attribute: ${field}` });
const invalid = (status: 400 | 422, field: string, detail: string, code = 'P0102') =>
  new PayFakeError(status, { field, code, description: `Invalid attribute value: ${field}. ${detail}` });

/** Parse a JSON request body, as Pay does: anything unparsable (or not an object) is 400 P0197. */
function parseJsonObject(raw: string | undefined, code = 'P0197'): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '');
  } catch {
    throw new PayFakeError(400, { code, description: 'Unable to parse JSON' });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new PayFakeError(400, { code, description: 'Unable to parse JSON' });
  }
  return parsed as Record<string, unknown>;
}

/**
 * Turn the first zod issue into Pay's answer: type errors are 400, range/size/format/enum errors are 422
 * (reference "Spec vs code" 8). Missing mandatory fields are checked before this.
 */
function payValidationError(
  error: z.ZodError,
  codes: { invalid: string } = { invalid: 'P0102' },
): PayFakeError {
  const typeIssue = error.issues.find((i) => i.code === 'invalid_type' && i.path.length === 1);
  const issue = typeIssue ?? error.issues[0];
  const field = String(issue?.path[0] ?? 'body');
  if (issue?.code === 'invalid_type' && issue.path.length === 1) {
    return invalid(
      400,
      field,
      issue.message.startsWith('Invalid input') ? 'Must be a valid format' : issue.message,
      codes.invalid,
    );
  }
  return invalid(422, field, issue?.message ?? 'Invalid value', codes.invalid);
}

/** The fake server's view of a create-payment body: the SDK's rules, unknown keys ignored. */
const ServerCreatePayment = z.object(createPaymentShape).superRefine(createPaymentRules);
const REQUIRED_PAYMENT_FIELDS = ['amount', 'description', 'reference'] as const;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PAYMENT_SEARCH_STATES = ['created', 'started', 'submitted', 'success', 'failed', 'cancelled', 'error'];

export class PayModel {
  readonly clock: Clock;
  readonly accounts: FakeAccount[];
  baseUrl: string;
  #state: PayState = emptyState();
  readonly #listeners = new Set<(event: PayModelEvent) => void>();
  readonly #rateLimits: RateLimits | false;
  readonly #rateWindows = new Map<string, number[]>();
  readonly #refundSettleMs: number;
  readonly #searchLagMs: number;
  /** When the next time-driven change is due; sweeping before then has nothing to do. */
  #nextDueMs = Number.NEGATIVE_INFINITY;

  constructor(options: PayModelOptions = {}) {
    this.baseUrl = (options.baseUrl ?? PAY_BASE_URL).replace(/\/+$/, '');
    this.clock = options.clock ?? createClock();
    this.accounts = options.accounts ?? [{ id: 'test-account', mode: 'test', apiKeys: [FAKE_TEST_API_KEY] }];
    this.#rateLimits = options.rateLimit === false ? false : { ...PAY_RATE_LIMITS, ...options.rateLimit };
    this.#refundSettleMs = options.refundSettleMs ?? 0;
    this.#searchLagMs = options.searchLagMs ?? 0;
  }

  // ------------------------------------------------------------------ plumbing

  /** Listen for things that make Pay send a webhook. */
  onEvent(listener: (event: PayModelEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  reset(): void {
    this.#state = emptyState();
    this.#rateWindows.clear();
    this.#due();
  }

  /** Something new may fall due: the next sweep looks at everything again. */
  #due(): void {
    this.#nextDueMs = Number.NEGATIVE_INFINITY;
  }

  snapshot(): PayState {
    return structuredClone(this.#state);
  }

  restore(state: PayState): void {
    this.#state = { ...emptyState(), ...structuredClone(state) };
    this.#rateWindows.clear();
    this.#due();
  }

  #nowIso(): string {
    return this.clock.now().toISOString();
  }

  #emit(event_type: PayModelEvent['event_type'], payment: PaymentRecord): void {
    const event: PayModelEvent = {
      event_type,
      account_id: payment.account_id,
      resource_id: payment.payment_id,
      resource: this.webhookResource(payment),
      created_date: this.#nowIso(),
    };
    for (const listener of this.#listeners) listener(event);
  }

  /** The account an `Authorization` header belongs to, or undefined (401). */
  authenticate(authorization: string | null | undefined): FakeAccount | undefined {
    const match = /^Bearer (.+)$/.exec(authorization ?? '');
    if (!match) return undefined;
    const key = match[1];
    return this.accounts.find((a) => a.apiKeys.includes(key as string));
  }

  /**
   * Pay limits requests per account per second (15 for each POST kind, about 75 for GETs) and answers 429 P0900
   * over the limit, on every endpoint. The window follows the fake's clock.
   */
  checkRateLimit(account: FakeAccount, bucket: keyof RateLimits): void {
    if (!this.#rateLimits) return;
    const limit = this.#rateLimits[bucket];
    const now = this.clock.now().getTime();
    const key = `${account.id}:${bucket}`;
    const window = (this.#rateWindows.get(key) ?? []).filter((t) => now - t < 1000);
    if (window.length >= limit) {
      this.#rateWindows.set(key, window);
      throw new PayFakeError(429, { code: 'P0900', description: 'Too many requests' });
    }
    window.push(now);
    this.#rateWindows.set(key, window);
  }

  /** Apply everything time makes happen: expiry, capture window, refunds settling, agreement payments. */
  sweep(): void {
    const now = this.clock.now().getTime();
    if (now < this.#nextDueMs) return;
    let next = Number.POSITIVE_INFINITY;
    const later = (at: number) => {
      if (at > now && at < next) next = at;
    };
    for (const p of Object.values(this.#state.payments)) {
      if (p.pending_agreement_authorisation) {
        p.pending_agreement_authorisation = false;
        const agreement = p.agreement_id ? this.#state.agreements[p.agreement_id] : undefined;
        if (agreement?.status === 'active' && !agreement.recurring_fails) {
          if (agreement.payment_instrument)
            p.card_details = structuredClone(agreement.payment_instrument.card_details);
          this.#transition(p, 'submitted');
          this.#succeed(p);
        } else {
          this.#transition(p, 'submitted');
          this.#fail(p, 'P0010');
          p.can_retry = true;
        }
      }
      if (['created', 'started', 'submitted'].includes(p.status)) {
        const expires = Date.parse(p.created_date) + PAYMENT_EXPIRY_MS;
        if (now >= expires) {
          this.#fail(p, 'P0020');
          this.#emit('card_payment_expired', p);
        } else later(expires);
      }
      if (p.status === 'capturable' && p.authorised_date) {
        const expires = Date.parse(p.authorised_date) + CAPTURE_WINDOW_MS;
        if (now >= expires) {
          this.#fail(p, 'P0020');
          this.#emit('card_payment_expired', p);
        } else later(expires);
      }
    }
    for (const r of Object.values(this.#state.refunds)) {
      if (r.status !== 'submitted') continue;
      const settles = Date.parse(r.created_date) + this.#refundSettleMs;
      if (now >= settles) this.#settleRefund(r, 'success');
      else later(settles);
    }
    for (const [key, record] of Object.entries(this.#state.idempotency)) {
      const ends = record.created_at + IDEMPOTENCY_WINDOW_MS;
      if (now >= ends) delete this.#state.idempotency[key];
      else later(ends);
    }
    this.#nextDueMs = next;
  }

  #settleRefund(r: RefundRecord, status: 'success' | 'error'): void {
    r.status = status;
    if (status === 'success') {
      r.settled_date = this.#nowIso().slice(0, 10);
      const payment = this.#state.payments[r.payment_id];
      if (payment) this.#emit('card_payment_refunded', payment);
    }
  }

  #transition(p: PaymentRecord, status: PaymentStatus, failure?: FailureCode): void {
    p.status = status;
    // A capturable payment starts its 120-hour capture window.
    if (status === 'capturable') this.#due();
    // next_url tokens only matter while the user can pay.
    if (status !== 'created' && status !== 'started') {
      for (const [token, t] of Object.entries(this.#state.tokens)) {
        if (t.payment_id === p.payment_id) delete this.#state.tokens[token];
      }
    }
    if (failure) {
      p.code = failure;
      p.message = FAILURES[failure].message;
    }
    const entry: StateEntry = {
      status,
      finished: FINISHED_STATUSES.includes(status),
      updated: this.#nowIso(),
    };
    if (failure) {
      entry.code = failure;
      entry.message = FAILURES[failure].message;
    }
    p.events.push(entry);
  }

  #fail(p: PaymentRecord, code: FailureCode): void {
    this.#transition(p, FAILURES[code].status, code);
  }

  /** Authorisation succeeded: capturable for delayed capture, otherwise captured at once. */
  #succeed(p: PaymentRecord): void {
    p.authorised_date = this.#nowIso();
    if (p.delayed_capture) {
      this.#transition(p, 'capturable');
      this.#emit('card_payment_succeeded', p);
      return;
    }
    this.#capture(p);
    this.#emit('card_payment_succeeded', p);
    this.#emit('card_payment_captured', p);
  }

  #capture(p: PaymentRecord): void {
    this.#transition(p, 'success');
    p.capture_submit_time = this.#nowIso();
    p.captured_date = this.#nowIso().slice(0, 10);
  }

  #payment(account: FakeAccount, id: string, notFound: { status?: number; code: string }): PaymentRecord {
    const p = this.#state.payments[id];
    if (!p || p.account_id !== account.id) {
      throw new PayFakeError(notFound.status ?? 404, { code: notFound.code, description: 'Not found' });
    }
    return p;
  }

  #mintToken(p: PaymentRecord): string {
    // Every GET of a payable payment mints a next_url; keep a payment's newest few so polling cannot grow state for ever.
    const mine = Object.keys(this.#state.tokens).filter(
      (t) => this.#state.tokens[t]?.payment_id === p.payment_id,
    );
    for (const old of mine.slice(0, Math.max(0, mine.length - 19))) delete this.#state.tokens[old];
    const token = randomUUID().replaceAll('-', '');
    this.#state.tokens[token] = { payment_id: p.payment_id, used: false };
    return token;
  }

  // ------------------------------------------------------------------ representations

  #stateJson(p: PaymentRecord): Record<string, unknown> {
    const state: Record<string, unknown> = {
      status: p.status,
      finished: FINISHED_STATUSES.includes(p.status),
    };
    if (p.code) {
      state.code = p.code;
      state.message = p.message;
    }
    if (p.can_retry !== undefined && p.status === 'failed') state.can_retry = p.can_retry;
    return state;
  }

  /** `refund_summary` bookkeeping: only successful payments are refundable, down to what is left. */
  refundSummary(p: PaymentRecord): { status: string; amount_available: number; amount_submitted: number } {
    const submitted = Object.values(this.#state.refunds)
      .filter((r) => r.payment_id === p.payment_id && r.status !== 'error')
      .reduce((sum, r) => sum + r.amount, 0);
    if (p.status === 'success') {
      const available = p.amount - submitted;
      return {
        status: available > 0 ? 'available' : 'full',
        amount_available: available,
        amount_submitted: submitted,
      };
    }
    if (FINISHED_STATUSES.includes(p.status))
      return { status: 'unavailable', amount_available: 0, amount_submitted: submitted };
    return { status: 'pending', amount_available: p.amount, amount_submitted: submitted };
  }

  #paymentBody(p: PaymentRecord): Record<string, unknown> {
    const body: Record<string, unknown> = {
      amount: p.amount,
      description: p.description,
      reference: p.reference,
      language: p.language,
      payment_id: p.payment_id,
      payment_provider: 'sandbox',
      created_date: p.created_date,
      state: this.#stateJson(p),
      refund_summary: this.refundSummary(p),
      settlement_summary: {
        ...(p.capture_submit_time ? { capture_submit_time: p.capture_submit_time } : {}),
        ...(p.captured_date ? { captured_date: p.captured_date } : {}),
      },
      delayed_capture: p.delayed_capture,
      moto: p.moto,
      provider_id: p.provider_id,
      authorisation_mode: p.authorisation_mode,
    };
    if (p.email !== undefined) body.email = p.email;
    if (p.return_url !== undefined) body.return_url = p.return_url;
    if (p.metadata !== undefined) body.metadata = p.metadata;
    if (p.agreement_id !== undefined) body.agreement_id = p.agreement_id;
    if (p.agreement_payment_type !== undefined) body.agreement_payment_type = p.agreement_payment_type;
    if (p.card_details) {
      body.card_details = p.card_details;
    } else if (p.prefilled_cardholder_details) {
      body.card_details = { ...p.prefilled_cardholder_details, card_type: 'null' };
    }
    if (p.card_details || p.three_d_secure_required !== undefined) {
      body.authorisation_summary = { three_d_secure: { required: Boolean(p.three_d_secure_required) } };
    }
    if (p.status === 'success') body.total_amount = p.amount;
    return body;
  }

  #link(path: string, method = 'GET') {
    return { href: `${this.baseUrl}${path}`, method };
  }

  /** A payment as GET /v1/payments/{id} (and create) answers it, with every applicable link. */
  paymentJson(p: PaymentRecord, options: { nextUrlToken?: string } = {}): Record<string, unknown> {
    const id = p.payment_id;
    const links: Record<string, unknown> = {
      self: this.#link(`/v1/payments/${id}`),
      events: this.#link(`/v1/payments/${id}/events`),
      refunds: this.#link(`/v1/payments/${id}/refunds`),
    };
    if (options.nextUrlToken) {
      links.next_url = this.#link(`/secure/${options.nextUrlToken}`);
      links.next_url_post = {
        ...this.#link('/secure', 'POST'),
        type: 'application/x-www-form-urlencoded',
        params: { chargeTokenId: options.nextUrlToken },
      };
    }
    if (p.authorisation_mode === 'moto_api' && ['created', 'started'].includes(p.status)) {
      const token = Object.entries(this.#state.oneTimeTokens).find(
        ([, t]) => t.payment_id === id && !t.used,
      )?.[0];
      if (token) {
        links.auth_url_post = {
          ...this.#link('/v1/auth', 'POST'),
          type: 'application/json',
          params: { one_time_token: token },
        };
      }
    }
    this.#actionLinks(p, links);
    return { ...this.#paymentBody(p), _links: links };
  }

  #actionLinks(p: PaymentRecord, links: Record<string, unknown>): void {
    const id = p.payment_id;
    if (!FINISHED_STATUSES.includes(p.status) && p.authorisation_mode !== 'agreement') {
      links.cancel = this.#link(`/v1/payments/${id}/cancel`, 'POST');
    }
    if (p.status === 'capturable') links.capture = this.#link(`/v1/payments/${id}/capture`, 'POST');
  }

  /** A payment as search results carry it (no next_url). */
  searchPaymentJson(p: PaymentRecord): Record<string, unknown> {
    const id = p.payment_id;
    const links: Record<string, unknown> = {
      self: this.#link(`/v1/payments/${id}`),
      events: this.#link(`/v1/payments/${id}/events`),
      refunds: this.#link(`/v1/payments/${id}/refunds`),
    };
    this.#actionLinks(p, links);
    return { ...this.#paymentBody(p), _links: links };
  }

  /** A payment as a webhook carries it: no `_links`, `authorisation_mode` or `provider_id`. */
  webhookResource(p: PaymentRecord): Record<string, unknown> {
    const { authorisation_mode: _mode, provider_id: _provider, ...rest } = this.#paymentBody(p);
    return rest;
  }

  refundJson(r: RefundRecord): Record<string, unknown> {
    return {
      refund_id: r.refund_id,
      payment_id: r.payment_id,
      amount: r.amount,
      status: r.status,
      created_date: r.created_date,
      settlement_summary: r.settled_date ? { settled_date: r.settled_date } : {},
      _links: {
        self: this.#link(`/v1/payments/${r.payment_id}/refunds/${r.refund_id}`),
        payment: this.#link(`/v1/payments/${r.payment_id}`),
      },
    };
  }

  agreementJson(a: AgreementRecord): Record<string, unknown> {
    const body: Record<string, unknown> = {
      agreement_id: a.agreement_id,
      reference: a.reference,
      description: a.description,
      status: a.status,
      created_date: a.created_date,
    };
    if (a.user_identifier !== undefined) body.user_identifier = a.user_identifier;
    if (a.cancelled_date !== undefined) body.cancelled_date = a.cancelled_date;
    if (a.payment_instrument) body.payment_instrument = a.payment_instrument;
    return body;
  }

  disputeJson(d: DisputeRecord): Record<string, unknown> {
    return {
      dispute_id: d.dispute_id,
      payment_id: d.payment_id,
      amount: d.amount,
      fee: d.fee,
      net_amount: d.net_amount,
      reason: d.reason,
      status: d.status,
      created_date: d.created_date,
      evidence_due_date: d.evidence_due_date,
      settlement_summary: d.settled_date ? { settled_date: d.settled_date } : {},
      _links: { payment: this.#link(`/v1/payments/${d.payment_id}`) },
    };
  }

  // ------------------------------------------------------------------ payments API

  /**
   * POST /v1/payments. `rawBody` is the request text (Pay parses it itself: unparsable is 400 P0197).
   * Returns 201 for a new payment, 200 for an idempotent replay of the original.
   */
  createPayment(
    account: FakeAccount,
    rawBody: string,
    idempotencyKey?: string | null,
  ): { status: 200 | 201; body: Record<string, unknown>; location: string } {
    this.sweep();
    if (idempotencyKey !== undefined && idempotencyKey !== null && idempotencyKey !== '') {
      if (idempotencyKey.length > 255 || !/^[a-zA-Z0-9-]+$/.test(idempotencyKey)) {
        throw new PayFakeError(422, {
          header: 'Idempotency-Key',
          code: 'P0102',
          description:
            'Invalid attribute value: Idempotency-Key. Must be 1 to 255 characters, letters, digits and hyphens',
        });
      }
    }
    const raw = parseJsonObject(rawBody);
    // null is "missing" for mandatory fields and "absent" for optional ones.
    for (const [k, v] of Object.entries(raw))
      if (v === null && !(REQUIRED_PAYMENT_FIELDS as readonly string[]).includes(k)) delete raw[k];
    for (const field of REQUIRED_PAYMENT_FIELDS)
      if (raw[field] === undefined || raw[field] === null) throw missing(field);
    const mode = raw.authorisation_mode ?? 'web';
    if (mode === 'web' && (raw.return_url === undefined || raw.return_url === null))
      throw missing('return_url');
    if (mode === 'moto_api' && raw.return_url !== undefined) {
      throw new PayFakeError(422, {
        field: 'return_url',
        code: 'P0104',
        description: 'Invalid attribute value: return_url. Must not be sent with authorisation_mode moto_api',
      });
    }
    if (typeof raw.amount === 'number' && !Number.isInteger(raw.amount))
      throw invalid(400, 'amount', 'Must be a valid numeric format');
    const parsed = ServerCreatePayment.safeParse(raw);
    if (!parsed.success) {
      const metadataIssue = parsed.error.issues.find((i) => i.path[0] === 'metadata');
      if (metadataIssue) throw invalid(422, 'metadata', metadataIssue.message);
      throw payValidationError(parsed.error);
    }
    const body = parsed.data;
    if (account.mode === 'live' && body.return_url !== undefined && !body.return_url.startsWith('https://')) {
      throw new PayFakeError(422, {
        field: 'return_url',
        code: 'P0920',
        description: 'Must be a valid URL format',
      });
    }
    if (body.authorisation_mode === 'moto_api' && account.motoApiEnabled === false) {
      throw new PayFakeError(422, {
        code: 'P0196',
        description: 'Using authorisation_mode of moto_api is not allowed for this account',
      });
    }
    const recurring = body.authorisation_mode === 'agreement' || body.set_up_agreement !== undefined;
    if (recurring && account.recurringEnabled === false) {
      throw new PayFakeError(422, {
        code: 'P0942',
        description: 'Recurring payment agreements are not enabled on this account',
      });
    }
    if (body.authorisation_mode === 'agreement') {
      const agreement = this.#state.agreements[body.agreement_id as string];
      if (!agreement || agreement.account_id !== account.id)
        throw invalid(400, 'agreement_id', 'Agreement not found');
      if (agreement.status !== 'active') throw invalid(400, 'agreement_id', 'Agreement must be active');
    }
    if (body.set_up_agreement !== undefined) {
      const agreement = this.#state.agreements[body.set_up_agreement];
      if (!agreement || agreement.account_id !== account.id)
        throw invalid(400, 'set_up_agreement', 'Agreement not found');
    }

    const canonical = stableStringify(raw);
    const idemKey = idempotencyKey ? `${account.id}:${idempotencyKey}` : undefined;
    if (idemKey) {
      const previous = this.#state.idempotency[idemKey];
      if (previous) {
        if (previous.body !== canonical) {
          throw new PayFakeError(409, {
            code: 'P0191',
            description:
              'The Idempotency-Key you sent in the request header has already been used to create a payment.',
          });
        }
        const original = this.#state.payments[previous.payment_id] as PaymentRecord;
        return {
          status: 200,
          body: this.getPaymentJson(original),
          location: `${this.baseUrl}/v1/payments/${original.payment_id}`,
        };
      }
    }

    const now = this.#nowIso();
    const p: PaymentRecord = {
      payment_id: payId(),
      account_id: account.id,
      amount: body.amount,
      description: body.description,
      reference: body.reference,
      language: body.language ?? 'en',
      created_date: now,
      delayed_capture: body.delayed_capture ?? false,
      moto: body.moto ?? false,
      authorisation_mode: body.authorisation_mode ?? 'web',
      provider_id: randomUUID(),
      status: 'created',
      events: [{ status: 'created', finished: false, updated: now }],
    };
    if (body.email !== undefined) p.email = body.email;
    if (body.return_url !== undefined) p.return_url = body.return_url;
    if (body.metadata !== undefined) p.metadata = body.metadata;
    if (body.agreement_id !== undefined) p.agreement_id = body.agreement_id;
    if (body.set_up_agreement !== undefined) {
      p.set_up_agreement = body.set_up_agreement;
      p.agreement_id = body.set_up_agreement;
    }
    if (body.agreement_payment_type !== undefined) p.agreement_payment_type = body.agreement_payment_type;
    if (body.prefilled_cardholder_details !== undefined) {
      p.prefilled_cardholder_details = structuredClone(
        body.prefilled_cardholder_details,
      ) as PaymentRecord['prefilled_cardholder_details'];
    }
    if (p.authorisation_mode === 'agreement') p.pending_agreement_authorisation = true;
    this.#state.payments[p.payment_id] = p;
    this.#due();
    if (p.authorisation_mode === 'moto_api') {
      this.#state.oneTimeTokens[randomUUID()] = { payment_id: p.payment_id, used: false };
    }
    if (idemKey && idempotencyKey) {
      this.#state.idempotency[idemKey] = {
        account_id: account.id,
        key: idempotencyKey,
        body: canonical,
        payment_id: p.payment_id,
        created_at: this.clock.now().getTime(),
      };
    }
    return {
      status: 201,
      body: this.getPaymentJson(p),
      location: `${this.baseUrl}/v1/payments/${p.payment_id}`,
    };
  }

  /** The payment with a fresh single-use next_url while the user can still pay (as Pay does on every GET). */
  getPaymentJson(p: PaymentRecord): Record<string, unknown> {
    const payable = p.authorisation_mode === 'web' && ['created', 'started'].includes(p.status);
    return this.paymentJson(p, payable ? { nextUrlToken: this.#mintToken(p) } : {});
  }

  getPayment(account: FakeAccount, id: string): Record<string, unknown> {
    this.sweep();
    return this.getPaymentJson(this.#payment(account, id, { code: 'P0200' }));
  }

  getEvents(account: FakeAccount, id: string): Record<string, unknown> {
    this.sweep();
    const p = this.#payment(account, id, { code: 'P0300' });
    const self = this.#link(`/v1/payments/${id}`);
    return {
      payment_id: id,
      events: p.events.map((e) => ({
        payment_id: id,
        state: {
          status: e.status,
          finished: e.finished,
          ...(e.code ? { code: e.code, message: e.message } : {}),
        },
        updated: e.updated,
        _links: { payment_url: self },
      })),
      _links: { self: this.#link(`/v1/payments/${id}/events`) },
    };
  }

  /** POST /v1/payments/{id}/cancel: unfinished payments only (409 P0502 otherwise). */
  cancelPayment(account: FakeAccount, id: string): void {
    this.sweep();
    const p = this.#payment(account, id, { code: 'P0500' });
    if (p.authorisation_mode === 'agreement') {
      throw new PayFakeError(400, { code: 'P0501', description: 'Cancellation of payment failed' });
    }
    if (FINISHED_STATUSES.includes(p.status)) {
      throw new PayFakeError(409, { code: 'P0502', description: 'Cancellation of payment failed' });
    }
    this.#fail(p, 'P0040');
  }

  /** POST /v1/payments/{id}/capture: only `capturable` payments (a captured one answers 204 again). */
  capturePayment(account: FakeAccount, id: string): void {
    this.sweep();
    const p = this.#payment(account, id, { code: 'P1000' });
    if (p.status === 'capturable') {
      this.#capture(p);
      this.#emit('card_payment_captured', p);
      return;
    }
    if (p.status === 'success' && p.delayed_capture) return;
    if (!FINISHED_STATUSES.includes(p.status)) {
      throw new PayFakeError(409, { code: 'P1003', description: 'Payment cannot be captured' });
    }
    throw new PayFakeError(400, { code: 'P1001', description: 'Capture of payment failed' });
  }

  #page<T>(
    path: string,
    params: URLSearchParams,
    items: T[],
    notFound: PayErrorBody,
    linksKey: '_links' | 'links' = '_links',
  ): { total: number; count: number; page: number; results: T[] } & Record<string, unknown> {
    const page = Number(params.get('page') ?? '1');
    const size = Number(params.get('display_size') ?? '500');
    const lastPage = Math.max(1, Math.ceil(items.length / size));
    if (page > lastPage) throw new PayFakeError(404, notFound);
    const results = items.slice((page - 1) * size, page * size);
    const base = new URLSearchParams(params);
    base.delete('page');
    base.delete('display_size');
    const href = (n: number) => {
      const q = new URLSearchParams(base);
      q.set('display_size', String(size));
      q.set('page', String(n));
      return { href: `${this.baseUrl}${path}?${q.toString()}`, method: 'GET' };
    };
    const links: Record<string, unknown> = {
      self: href(page),
      first_page: href(1),
      last_page: href(lastPage),
    };
    if (page > 1) links.prev_page = href(page - 1);
    if (page < lastPage) links.next_page = href(page + 1);
    return { total: items.length, count: results.length, page, results, [linksKey]: links };
  }

  /** Check search parameters the way Pay does: every bad one named in a single 422. */
  #checkSearchParams(
    params: URLSearchParams,
    rules: Record<string, (v: string) => boolean>,
    code: string,
  ): void {
    const bad: string[] = [];
    for (const [name, ok] of Object.entries(rules)) {
      const value = params.get(name);
      if (value !== null && !ok(value)) bad.push(name);
    }
    if (bad.length > 0) {
      throw new PayFakeError(422, {
        code,
        description: `Invalid parameters: ${bad.join(', ')}. See Public API documentation for the correct data formats`,
      });
    }
  }

  static #pagingRules = {
    page: (v: string) => /^\d+$/.test(v) && Number(v) >= 1,
    display_size: (v: string) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 500,
  };
  static #dateRules = {
    from_date: (v: string) => DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)),
    to_date: (v: string) => DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)),
    from_settled_date: (v: string) => DATE.test(v),
    to_settled_date: (v: string) => DATE.test(v),
  };

  #inDates(created: string, settled: string | undefined, params: URLSearchParams): boolean {
    const from = params.get('from_date');
    const to = params.get('to_date');
    if (from && Date.parse(created) < Date.parse(from)) return false;
    if (to && Date.parse(created) >= Date.parse(to)) return false;
    const fromS = params.get('from_settled_date');
    const toS = params.get('to_settled_date');
    if ((fromS || toS) && !settled) return false;
    if (fromS && settled && settled < fromS) return false;
    if (toS && settled && settled > toS) return false;
    return true;
  }

  /** Has an eventually consistent index caught up with a record made at `created`? */
  #searchable(created: string): boolean {
    return this.#searchLagMs <= 0 || Date.parse(created) <= this.clock.now().getTime() - this.#searchLagMs;
  }

  /** GET /v1/payments. Newest first. `capturable` is not a searchable state (whatever the spec says). */
  searchPayments(account: FakeAccount, params: URLSearchParams): Record<string, unknown> {
    this.sweep();
    this.#checkSearchParams(
      params,
      {
        ...PayModel.#pagingRules,
        ...PayModel.#dateRules,
        state: (v) => PAYMENT_SEARCH_STATES.includes(v),
        first_digits_card_number: (v) => /^\d{6}$/.test(v),
        last_digits_card_number: (v) => /^\d{4}$/.test(v),
      },
      'P0401',
    );
    const get = (k: string) => params.get(k);
    const items = Object.values(this.#state.payments)
      .filter((p) => this.#searchable(p.created_date))
      .filter((p) => p.account_id === account.id)
      .filter((p) => (get('reference') === null ? true : p.reference === get('reference')))
      .filter((p) => (get('email') === null ? true : p.email === get('email')))
      .filter((p) => (get('state') === null ? true : p.status === get('state')))
      .filter((p) => (get('agreement_id') === null ? true : p.agreement_id === get('agreement_id')))
      .filter((p) =>
        get('cardholder_name') === null ? true : p.card_details?.cardholder_name === get('cardholder_name'),
      )
      .filter((p) =>
        get('card_brand') === null
          ? true
          : CARD_BRAND_SLUGS[p.card_details?.card_brand ?? ''] === get('card_brand'),
      )
      .filter((p) =>
        get('first_digits_card_number') === null
          ? true
          : p.card_details?.first_digits_card_number === get('first_digits_card_number'),
      )
      .filter((p) =>
        get('last_digits_card_number') === null
          ? true
          : p.card_details?.last_digits_card_number === get('last_digits_card_number'),
      )
      .filter((p) => this.#inDates(p.created_date, p.captured_date, params))
      .sort((a, b) => (a.created_date < b.created_date ? 1 : a.created_date > b.created_date ? -1 : 0));
    const page = this.#page('/v1/payments', params, items, { code: 'P0402', description: 'Page not found' });
    return { ...page, results: page.results.map((p) => this.searchPaymentJson(p)) };
  }

  // ------------------------------------------------------------------ refunds API

  /**
   * POST /v1/payments/{id}/refunds. Answers 202 with the refund (the spec says 200/202-without-body; the server
   * sends 202 with a body).
   */
  createRefund(account: FakeAccount, paymentId: string, rawBody: string): Record<string, unknown> {
    this.sweep();
    const p = this.#payment(account, paymentId, { code: 'P0600' });
    const raw = parseJsonObject(rawBody, 'P0602');
    if (raw.amount === undefined || raw.amount === null) throw missing('amount', 'P0601');
    const amount = Pence.safeParse(raw.amount);
    if (!amount.success) throw invalid(400, 'amount', amount.error.issues[0]?.message ?? 'Invalid', 'P0602');
    let expected: number | undefined;
    if (raw.refund_amount_available !== undefined && raw.refund_amount_available !== null) {
      const parsed = z.int().min(0).safeParse(raw.refund_amount_available);
      if (!parsed.success) {
        throw invalid(400, 'refund_amount_available', 'Must be a valid numeric format', 'P0602');
      }
      expected = parsed.data;
    }
    const summary = this.refundSummary(p);
    if (summary.status !== 'available') {
      throw new PayFakeError(400, {
        code: 'P0603',
        description: `The payment is not available for refund. Payment refund status: ${summary.status}`,
      });
    }
    if (expected !== undefined && expected !== summary.amount_available) {
      throw new PayFakeError(412, { code: 'P0604', description: 'Refund amount available mismatch.' });
    }
    if (amount.data > summary.amount_available) {
      throw new PayFakeError(400, {
        code: 'P0603',
        description: 'The payment is not available for refund. Not sufficient amount available for refund',
      });
    }
    const r: RefundRecord = {
      refund_id: payId(),
      payment_id: p.payment_id,
      account_id: account.id,
      amount: amount.data,
      status: 'submitted',
      created_date: this.#nowIso(),
    };
    this.#state.refunds[r.refund_id] = r;
    this.#due();
    return this.refundJson(r);
  }

  getRefund(account: FakeAccount, paymentId: string, refundId: string): Record<string, unknown> {
    this.sweep();
    this.#payment(account, paymentId, { code: 'P0700' });
    const r = this.#state.refunds[refundId];
    if (!r || r.payment_id !== paymentId)
      throw new PayFakeError(404, { code: 'P0700', description: 'Not found' });
    return this.refundJson(r);
  }

  listRefundsForPayment(account: FakeAccount, paymentId: string): Record<string, unknown> {
    this.sweep();
    this.#payment(account, paymentId, { code: 'P0800' });
    const refunds = Object.values(this.#state.refunds)
      .filter((r) => this.#searchable(r.created_date))
      .filter((r) => r.payment_id === paymentId)
      .sort((a, b) => (a.created_date < b.created_date ? -1 : 1));
    return {
      payment_id: paymentId,
      _links: {
        self: this.#link(`/v1/payments/${paymentId}/refunds`),
        payment: this.#link(`/v1/payments/${paymentId}`),
      },
      _embedded: { refunds: refunds.map((r) => this.refundJson(r)) },
    };
  }

  searchRefunds(account: FakeAccount, params: URLSearchParams): Record<string, unknown> {
    this.sweep();
    this.#checkSearchParams(params, { ...PayModel.#pagingRules, ...PayModel.#dateRules }, 'P1101');
    const items = Object.values(this.#state.refunds)
      .filter((r) => this.#searchable(r.created_date))
      .filter((r) => r.account_id === account.id)
      .filter((r) => this.#inDates(r.created_date, r.settled_date, params))
      .sort((a, b) => (a.created_date < b.created_date ? 1 : -1));
    const page = this.#page('/v1/refunds', params, items, { code: 'P1100', description: 'Page not found' });
    return { ...page, results: page.results.map((r) => this.refundJson(r)) };
  }

  // ------------------------------------------------------------------ agreements API

  createAgreement(account: FakeAccount, rawBody: string): Record<string, unknown> {
    this.sweep();
    if (account.recurringEnabled === false) {
      throw new PayFakeError(422, {
        code: 'P0942',
        description: 'Recurring payment agreements are not enabled on this account',
      });
    }
    const raw = parseJsonObject(rawBody, 'P2197');
    for (const field of ['reference', 'description'] as const) {
      if (raw[field] === undefined || raw[field] === null) throw missing(field, 'P2101');
    }
    if (raw.user_identifier === null) delete raw.user_identifier;
    const parsed = CreateAgreementRequest.safeParse(
      Object.fromEntries(
        Object.entries(raw).filter(([k]) => ['reference', 'description', 'user_identifier'].includes(k)),
      ),
    );
    if (!parsed.success) throw payValidationError(parsed.error, { invalid: 'P2102' });
    const a: AgreementRecord = {
      agreement_id: payId(),
      account_id: account.id,
      reference: parsed.data.reference,
      description: parsed.data.description,
      status: 'created',
      created_date: this.#nowIso(),
    };
    if (parsed.data.user_identifier !== undefined) a.user_identifier = parsed.data.user_identifier;
    this.#state.agreements[a.agreement_id] = a;
    return this.agreementJson(a);
  }

  #agreement(account: FakeAccount, id: string, code: string): AgreementRecord {
    const a = this.#state.agreements[id];
    if (!a || a.account_id !== account.id) throw new PayFakeError(404, { code, description: 'Not found' });
    return a;
  }

  getAgreement(account: FakeAccount, id: string): Record<string, unknown> {
    this.sweep();
    return this.agreementJson(this.#agreement(account, id, 'P2200'));
  }

  /** POST /v1/agreements/{id}/cancel: only `active` agreements. */
  cancelAgreement(account: FakeAccount, id: string): void {
    this.sweep();
    const a = this.#agreement(account, id, 'P2500');
    if (a.status !== 'active') {
      throw new PayFakeError(400, {
        code: 'P2501',
        description: 'Cancellation of agreement failed: agreement is not active',
      });
    }
    a.status = 'cancelled';
    a.cancelled_date = this.#nowIso();
  }

  searchAgreements(account: FakeAccount, params: URLSearchParams): Record<string, unknown> {
    this.sweep();
    this.#checkSearchParams(
      params,
      { ...PayModel.#pagingRules, status: (v) => AgreementSearchQuery.shape.status.safeParse(v).success },
      'P2401',
    );
    const items = Object.values(this.#state.agreements)
      .filter((a) => this.#searchable(a.created_date))
      .filter((a) => a.account_id === account.id)
      .filter((a) => (params.get('reference') === null ? true : a.reference === params.get('reference')))
      .filter((a) => (params.get('status') === null ? true : a.status === params.get('status')))
      .sort((a, b) => (a.created_date < b.created_date ? 1 : -1));
    const page = this.#page('/v1/agreements', params, items, {
      code: 'P2402',
      description: 'Page not found',
    });
    return { ...page, results: page.results.map((a) => this.agreementJson(a)) };
  }

  // ------------------------------------------------------------------ disputes API

  /** GET /v1/disputes: note the paging links are `links`, not `_links`. */
  searchDisputes(account: FakeAccount, params: URLSearchParams): Record<string, unknown> {
    this.sweep();
    this.#checkSearchParams(
      params,
      {
        ...PayModel.#pagingRules,
        ...PayModel.#dateRules,
        status: (v) => ['needs_response', 'under_review', 'lost', 'won'].includes(v),
      },
      'P0401',
    );
    const items = Object.values(this.#state.disputes)
      .filter((d) => d.account_id === account.id)
      .filter((d) => (params.get('status') === null ? true : d.status === params.get('status')))
      .filter((d) => this.#inDates(d.created_date, d.settled_date, params))
      .sort((a, b) => (a.created_date < b.created_date ? 1 : -1));
    const page = this.#page(
      '/v1/disputes',
      params,
      items,
      { code: 'P0402', description: 'Page not found' },
      'links',
    );
    return { ...page, results: page.results.map((d) => this.disputeJson(d)) };
  }

  // ------------------------------------------------------------------ MOTO

  /**
   * POST /v1/auth (no API key: the one-time token authorises). 204 on success; 402 P0010 declined; 400 P1211 bad
   * token; 400 P1212 used token; 422 P0102 invalid card fields; 500 P0050 provider error.
   */
  authoriseMoto(rawBody: string): void {
    this.sweep();
    const raw = parseJsonObject(rawBody);
    for (const field of ['one_time_token', 'card_number', 'cvc', 'expiry_date', 'cardholder_name'] as const) {
      if (raw[field] === undefined || raw[field] === null) throw missing(field);
    }
    for (const field of ['one_time_token', 'card_number', 'cvc', 'expiry_date', 'cardholder_name'] as const) {
      if (typeof raw[field] !== 'string') throw invalid(400, field, 'Must be a string');
    }
    const token = this.#state.oneTimeTokens[raw.one_time_token as string];
    if (!token)
      throw new PayFakeError(400, { code: 'P1211', description: 'The one_time_token is not valid' });
    if (token.used)
      throw new PayFakeError(400, { code: 'P1212', description: 'The one_time_token has already been used' });
    const parsed = AuthoriseRequest.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalid(422, String(issue?.path[0] ?? 'body'), issue?.message ?? 'Invalid');
    }
    token.used = true;
    const p = this.#state.payments[token.payment_id] as PaymentRecord;
    if (FINISHED_STATUSES.includes(p.status)) {
      throw new PayFakeError(400, { code: 'P1212', description: 'The one_time_token has already been used' });
    }
    const [month, year] = parsed.data.expiry_date.split('/') as [string, string];
    const card: CardSubmission = {
      card_number: parsed.data.card_number,
      cvc: parsed.data.cvc,
      expiry_month: month,
      expiry_year: year,
      cardholder_name: parsed.data.cardholder_name,
    };
    const result = this.#authorise(p, card, { challenge3ds: false });
    if (result.kind === 'invalid') {
      const e = result.errors[0];
      throw invalid(422, e?.field ?? 'card_number', e?.message ?? 'Invalid');
    }
    if (p.status === 'failed')
      throw new PayFakeError(402, { code: 'P0010', description: 'The payment was rejected' });
    if (p.status === 'error')
      throw new PayFakeError(500, {
        code: 'P0050',
        description: 'There was an error authorising the payment',
      });
  }

  // ------------------------------------------------------------------ the hosted card page (journey)

  /** The payment behind a next_url token; the token is used up (Pay's next_url works once). */
  startJourney(token: string): JourneyStart {
    this.sweep();
    const t = this.#state.tokens[token];
    if (!t || t.used)
      throw new PayFakeError(404, {
        code: 'P0200',
        description: 'This link has already been used or has expired',
      });
    t.used = true;
    return this.#resume(this.#state.payments[t.payment_id] as PaymentRecord);
  }

  #resume(p: PaymentRecord): JourneyStart {
    if (FINISHED_STATUSES.includes(p.status) || p.status === 'capturable') {
      return { kind: 'finished', payment: p, returnUrl: p.return_url };
    }
    if (p.status === 'submitted' && p.three_d_secure_required) return { kind: 'three_d_secure', payment: p };
    if (p.status === 'created') this.#transition(p, 'started');
    return { kind: 'card_page', payment: p };
  }

  /** The payment a page posts back to, while its journey is open. */
  journeyPayment(paymentId: string): PaymentRecord | undefined {
    this.sweep();
    return this.#state.payments[paymentId];
  }

  /** Submit card details on the hosted page. Documented test cards decide the outcome (see cards.ts). */
  submitCard(paymentId: string, card: CardSubmission): CardSubmissionResult {
    this.sweep();
    const p = this.#state.payments[paymentId];
    if (!p) throw new PayFakeError(404, { code: 'P0200', description: 'Not found' });
    if (p.status !== 'started') {
      return { kind: 'finished', payment: p, returnUrl: p.return_url };
    }
    return this.#authorise(p, card, { challenge3ds: true });
  }

  /** Answer the 3D Secure challenge of a payment waiting for it. */
  completeThreeDSecure(paymentId: string, passed: boolean): CardSubmissionResult {
    this.sweep();
    const p = this.#state.payments[paymentId];
    if (!p) throw new PayFakeError(404, { code: 'P0200', description: 'Not found' });
    if (p.status === 'submitted' && p.three_d_secure_required) {
      if (passed) this.#succeedWithCard(p);
      else {
        this.#fail(p, 'P0010');
        this.#emit('card_payment_failed', p);
      }
    }
    return { kind: 'finished', payment: p, returnUrl: p.return_url };
  }

  /** The user pressed "Cancel payment" on the hosted page: failed, P0030. */
  cancelJourney(paymentId: string): CardSubmissionResult {
    this.sweep();
    const p = this.#state.payments[paymentId];
    if (!p) throw new PayFakeError(404, { code: 'P0200', description: 'Not found' });
    if (!FINISHED_STATUSES.includes(p.status) && p.status !== 'capturable') {
      this.#fail(p, 'P0030');
      this.#emit('card_payment_failed', p);
    }
    return { kind: 'finished', payment: p, returnUrl: p.return_url };
  }

  /** Check the card form as the hosted page does: an empty list when it is fine. */
  validateCard(card: CardSubmission): Array<{ field: string; message: string }> {
    const errors: Array<{ field: string; message: string }> = [];
    const number = (card.card_number ?? '').replace(/[\s-]/g, '');
    if (!/^\d{12,19}$/.test(number))
      errors.push({ field: 'card_number', message: 'Enter a valid card number' });
    else if (!findTestCard(number)) {
      errors.push({ field: 'card_number', message: 'Use one of the GOV.UK Pay test card numbers' });
    }
    let month = card.expiry_month;
    let year = card.expiry_year;
    if (card.expiry_date) [month, year] = card.expiry_date.split('/');
    const m = Number(month);
    let y = Number(year);
    if (y < 100) y += 2000;
    if (!/^\d{1,2}$/.test(month ?? '') || m < 1 || m > 12 || !/^(\d{2}|\d{4})$/.test(year ?? '')) {
      errors.push({ field: 'expiry_date', message: 'Enter a valid expiry date' });
    } else {
      const now = this.clock.now();
      if (y < now.getUTCFullYear() || (y === now.getUTCFullYear() && m < now.getUTCMonth() + 1)) {
        errors.push({ field: 'expiry_date', message: 'The card has expired' });
      }
    }
    const amex = findTestCard(number)?.brand === 'American Express';
    if (!(amex ? /^\d{4}$/ : /^\d{3}$/).test(card.cvc ?? '')) {
      errors.push({ field: 'cvc', message: 'Enter a valid card security code' });
    }
    const name = (card.cardholder_name ?? '').trim();
    if (name.length === 0 || name.length > 255)
      errors.push({ field: 'cardholder_name', message: 'Enter the name as it appears on the card' });
    return errors;
  }

  #authorise(
    p: PaymentRecord,
    card: CardSubmission,
    options: { challenge3ds: boolean },
  ): CardSubmissionResult {
    const errors = this.validateCard(card);
    if (errors.length > 0) return { kind: 'invalid', payment: p, errors };
    const testCard = findTestCard(card.card_number) as TestCard;
    const number = testCard.number;
    let month = card.expiry_month ?? '';
    let year = card.expiry_year ?? '';
    if (card.expiry_date) [month, year] = card.expiry_date.split('/') as [string, string];
    p.card_details = {
      card_brand: testCard.brand,
      card_type: testCard.type,
      cardholder_name: card.cardholder_name.trim(),
      expiry_date: `${month.padStart(2, '0')}/${year.slice(-2)}`,
      first_digits_card_number: number.slice(0, 6),
      last_digits_card_number: number.slice(-4),
      ...(card.billing_address ? { billing_address: card.billing_address } : {}),
    };
    if (card.email && p.email === undefined) p.email = card.email;
    this.#transition(p, 'submitted');
    p.three_d_secure_required = testCard.outcome === 'three_d_secure';
    switch (testCard.outcome) {
      case 'three_d_secure':
        if (options.challenge3ds) return { kind: 'three_d_secure', payment: p };
        this.#succeedWithCard(p);
        break;
      case 'declined':
      case 'expired':
      case 'invalid_cvc':
        this.#fail(p, 'P0010');
        this.#emit('card_payment_failed', p);
        break;
      case 'error':
        this.#fail(p, 'P0050');
        break;
      case 'setup_fails':
        if (p.set_up_agreement) {
          this.#fail(p, 'P0010');
          this.#emit('card_payment_failed', p);
        } else this.#succeedWithCard(p);
        break;
      default:
        this.#succeedWithCard(p, testCard);
    }
    return { kind: 'finished', payment: p, returnUrl: p.return_url };
  }

  #succeedWithCard(p: PaymentRecord, testCard?: TestCard): void {
    this.#succeed(p);
    if (p.set_up_agreement) {
      const a = this.#state.agreements[p.set_up_agreement];
      if (a && a.status === 'created' && p.card_details) {
        a.status = 'active';
        a.payment_instrument = {
          type: 'card',
          created_date: this.#nowIso(),
          card_details: structuredClone(p.card_details),
        };
        if (testCard?.outcome === 'recurring_fails') a.recurring_fails = true;
      }
    }
    if (testCard?.outcome === 'dispute_lost' || testCard?.outcome === 'dispute_won') {
      const lost = testCard.outcome === 'dispute_lost';
      this.addDispute({ payment_id: p.payment_id, status: lost ? 'lost' : 'won' });
    }
  }

  // ------------------------------------------------------------------ state API (tests and the sandbox)

  listPayments(): PaymentRecord[] {
    this.sweep();
    return Object.values(this.#state.payments);
  }

  paymentRecord(id: string): PaymentRecord | undefined {
    this.sweep();
    return this.#state.payments[id];
  }

  #record(id: string): PaymentRecord {
    const p = this.#state.payments[id];
    if (!p) throw new Error(`No payment ${id} in the fake`);
    return p;
  }

  /**
   * Pay with a card without the hosted page (msw mode). 3D Secure cards pass their challenge unless
   * `threeDSecure: 'fail'`.
   */
  completePayment(
    id: string,
    options: {
      card?: Partial<CardSubmission> & { card_number?: string };
      threeDSecure?: 'pass' | 'fail';
    } = {},
  ): PaymentRecord {
    this.sweep();
    const p = this.#record(id);
    if (p.authorisation_mode !== 'web' && p.authorisation_mode !== 'moto_api') {
      throw new Error('completePayment is for web and moto_api payments');
    }
    if (p.status === 'created') this.#transition(p, 'started');
    if (p.status !== 'started') throw new Error(`Payment ${id} is ${p.status}: it cannot be paid`);
    const now = this.clock.now();
    const card: CardSubmission = {
      card_number: '4444333322221111',
      cvc: '123',
      expiry_month: '12',
      expiry_year: String(now.getUTCFullYear() + 3),
      cardholder_name: 'Test User',
      ...options.card,
    };
    if (findTestCard(card.card_number)?.brand === 'American Express' && !options.card?.cvc) card.cvc = '1234';
    const result = this.#authorise(p, card, { challenge3ds: true });
    if (result.kind === 'invalid')
      throw new Error(`Card rejected: ${result.errors.map((e) => e.message).join('; ')}`);
    if (result.kind === 'three_d_secure') this.completeThreeDSecure(id, options.threeDSecure !== 'fail');
    return p;
  }

  /** Expire a payment now (as if 90 minutes had passed for it). */
  expirePayment(id: string): PaymentRecord {
    const p = this.#record(id);
    if (FINISHED_STATUSES.includes(p.status)) throw new Error(`Payment ${id} is already finished`);
    this.#fail(p, 'P0020');
    this.#emit('card_payment_expired', p);
    return p;
  }

  /** Capture a capturable payment (as the service would through the API). */
  capture(id: string): PaymentRecord {
    const p = this.#record(id);
    if (p.status !== 'capturable') throw new Error(`Payment ${id} is ${p.status}, not capturable`);
    this.#capture(p);
    this.#emit('card_payment_captured', p);
    return p;
  }

  /** Cancel an unfinished payment as the service would. */
  cancel(id: string): PaymentRecord {
    const p = this.#record(id);
    if (FINISHED_STATUSES.includes(p.status)) throw new Error(`Payment ${id} is already finished`);
    this.#fail(p, 'P0040');
    return p;
  }

  /** Refund a successful payment (all that is left by default), settled at once. */
  refund(id: string, amount?: number): RefundRecord {
    const p = this.#record(id);
    const summary = this.refundSummary(p);
    const value = amount ?? summary.amount_available;
    if (summary.status !== 'available' || value < 1 || value > summary.amount_available) {
      throw new Error(`Payment ${id} cannot be refunded ${value}p (available: ${summary.amount_available}p)`);
    }
    const r: RefundRecord = {
      refund_id: payId(),
      payment_id: id,
      account_id: p.account_id,
      amount: value,
      status: 'submitted',
      created_date: this.#nowIso(),
    };
    this.#state.refunds[r.refund_id] = r;
    this.#due();
    this.#settleRefund(r, 'success');
    return r;
  }

  /** Move a refund to `success` or `error`. */
  setRefundStatus(refundId: string, status: 'success' | 'error'): RefundRecord {
    const r = this.#state.refunds[refundId];
    if (!r) throw new Error(`No refund ${refundId} in the fake`);
    this.#settleRefund(r, status);
    return r;
  }

  listRefunds(): RefundRecord[] {
    this.sweep();
    return Object.values(this.#state.refunds);
  }

  listAgreements(): AgreementRecord[] {
    return Object.values(this.#state.agreements);
  }

  /** Seed a dispute against a payment (defaults: whole amount, `needs_response`, £15 fee). */
  addDispute(input: Partial<Omit<DisputeRecord, 'account_id'>> & { payment_id: string }): DisputeRecord {
    const p = this.#record(input.payment_id);
    const now = this.clock.now();
    const amount = input.amount ?? p.amount;
    const fee = input.fee ?? 1500;
    const status = input.status ?? 'needs_response';
    const d: DisputeRecord = {
      dispute_id: input.dispute_id ?? payId(),
      payment_id: p.payment_id,
      account_id: p.account_id,
      amount,
      fee,
      net_amount: input.net_amount ?? -(amount + fee),
      reason: input.reason ?? 'fraudulent',
      status,
      created_date: input.created_date ?? now.toISOString(),
      evidence_due_date: input.evidence_due_date ?? new Date(now.getTime() + 7 * 24 * HOUR).toISOString(),
    };
    const settled = input.settled_date ?? (status === 'lost' ? now.toISOString().slice(0, 10) : undefined);
    if (settled) d.settled_date = settled;
    this.#state.disputes[d.dispute_id] = d;
    return d;
  }

  setDisputeStatus(disputeId: string, status: DisputeRecord['status']): DisputeRecord {
    const d = this.#state.disputes[disputeId];
    if (!d) throw new Error(`No dispute ${disputeId} in the fake`);
    d.status = status;
    if (status === 'lost' && !d.settled_date) d.settled_date = this.#nowIso().slice(0, 10);
    return d;
  }

  listDisputes(): DisputeRecord[] {
    return Object.values(this.#state.disputes);
  }
}
