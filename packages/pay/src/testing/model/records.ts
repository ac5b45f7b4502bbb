/**
 * The fake Pay's state: plain JSON records (a snapshot is a deep copy of them), the accounts it serves, and the
 * time limits the real service applies. Field names follow Pay's own where a record mirrors a resource.
 */
import { randomBytes } from 'node:crypto';
import type { PaymentStatus } from '../../schemas/payments.js';

/** The default test account's API key. */
export const FAKE_TEST_API_KEY = 'api_test_council_sdk_fake_0000000000000000000000000000';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Unfinished payments expire 90 minutes after creation (alphagov/pay-connector src/main/resources/config/config.yaml defaultChargeExpiryThreshold: 5400 s). */
export const PAYMENT_EXPIRY_MS = 90 * MINUTE;
/** A delayed-capture payment must be captured within 120 hours (same file, awaitingCaptureExpiryThreshold: 432000 s). */
export const CAPTURE_WINDOW_MS = 120 * HOUR;
/** Idempotency-Keys are forgotten after 24 hours (same file, idempotencyKeyExpiryThresholdInSeconds: 86400). */
export const IDEMPOTENCY_WINDOW_MS = 24 * HOUR;

export interface FakeAccount {
  id: string;
  mode: 'test' | 'live';
  apiKeys: string[];
  /** Recurring payments (agreements) switched on. Default true. */
  recurringEnabled?: boolean;
  /** `authorisation_mode: moto_api` allowed. Default true. */
  motoApiEnabled?: boolean;
  /** `moto: true` allowed. Default true. */
  motoEnabled?: boolean;
  /** Payment and refund creation switched off by Pay (403 P0941). Default false. */
  disabled?: boolean;
}

/**
 * The connector's own charge status (alphagov/pay-connector ChargeStatus). The API shows the external status it
 * maps to; the rules (what can be cancelled, captured, refunded) are written against these.
 */
export type ChargeStatus =
  | 'CREATED'
  | 'ENTERING_CARD_DETAILS'
  | 'AUTHORISATION_USER_NOT_PRESENT_QUEUED'
  | 'AUTHORISATION_SUCCESS'
  | 'AWAITING_CAPTURE_REQUEST'
  | 'CAPTURED'
  | 'AUTHORISATION_REJECTED'
  | 'AUTHORISATION_ERROR'
  | 'EXPIRED'
  | 'SYSTEM_CANCELLED'
  | 'USER_CANCELLED';

/** One entry of a payment's event history (GET /v1/payments/{id}/events). */
export interface StateEntry {
  status: PaymentStatus;
  finished: boolean;
  code?: string;
  message?: string;
  updated: string;
}

export interface BillingAddressRecord {
  line1?: string;
  line2?: string;
  postcode?: string;
  city?: string;
  country?: string;
}

export interface CardDetailsRecord {
  card_brand: string;
  /** Omitted when the card table does not say. */
  card_type?: 'debit' | 'credit';
  cardholder_name: string;
  expiry_date: string;
  first_digits_card_number: string;
  last_digits_card_number: string;
  billing_address?: BillingAddressRecord;
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
  /** The agreement this (web) payment sets up, from `set_up_agreement`. */
  set_up_agreement?: string;
  agreement_payment_type?: string;
  prefilled_cardholder_details?: { cardholder_name?: string; billing_address?: BillingAddressRecord };
  provider_id: string;
  /** The connector's status; `status` is the external one it maps to. */
  charge_status: ChargeStatus;
  status: PaymentStatus;
  code?: string;
  message?: string;
  can_retry?: boolean;
  events: StateEntry[];
  card_details?: CardDetailsRecord;
  /** When the card was authorised (the capture window of a delayed-capture payment starts here). */
  authorised_date?: string;
  capture_submit_time?: string;
  captured_date?: string;
  /** A dispute has been raised against it (refunds are then refused, alphagov/pay-connector RefundService). */
  disputed?: boolean;
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

export interface IdempotencyRecord {
  account_id: string;
  key: string;
  /** The request body, canonicalised, to tell a replay from a different request. */
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

export const emptyState = (): PayState => ({
  payments: {},
  refunds: {},
  agreements: {},
  disputes: {},
  idempotency: {},
  tokens: {},
  oneTimeTokens: {},
});

/** Pay's external ids are 26 lower-case alphanumerics. */
export function payId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (const b of randomBytes(26)) out += alphabet[b % alphabet.length];
  return out;
}
