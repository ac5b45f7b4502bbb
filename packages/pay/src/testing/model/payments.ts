/**
 * Payments: create, get, events, cancel, capture and search, with the rules of alphagov/pay-publicapi
 * (resources/PaymentsResource.java, service/*PaymentService.java) and alphagov/pay-connector
 * (charge/resource/ChargesApiResource.java, charge/service/ChargeService.java, ChargeCancelService.java,
 * DelayedCaptureService.java).
 */
import { randomUUID } from 'node:crypto';
import type { PayContext } from './context.js';
import { invalid, payError } from './errors.js';
import {
  cancelledByService,
  capturedByService,
  expired,
  isFinished,
  queuedForAuthorisation,
  TERMINABLE,
} from './lifecycle.js';
import {
  type CreatePaymentInput,
  checkIdempotencyKey,
  isValidReturnUrl,
  parseCreatePayment,
} from './payment-request.js';
import {
  CAPTURE_WINDOW_MS,
  type FakeAccount,
  IDEMPOTENCY_WINDOW_MS,
  PAYMENT_EXPIRY_MS,
  type PaymentRecord,
  payId,
} from './records.js';
import {
  checkParams,
  maxLength,
  DISPLAY_SIZE,
  FROM_DATE,
  FROM_SETTLED_DATE,
  inDates,
  newestFirst,
  PAGE,
  TO_DATE,
  TO_SETTLED_DATE,
  page,
  type SearchParams,
  textFilter,
} from './search.js';
import { paymentJson, searchPaymentJson } from './views.js';

export interface CreatedPayment {
  /** 201 for a new payment; 200 when an agreement payment's Idempotency-Key replays the original. */
  status: 200 | 201;
  body: Record<string, unknown>;
  /** Sent with 201 only (PaymentsResource answers a replay with a plain 200). */
  location?: string;
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

/** Every GET of a payable payment mints a fresh single-use next_url; a payment keeps its newest few. */
function mintToken(ctx: PayContext, p: PaymentRecord): string {
  const mine = Object.keys(ctx.state.tokens).filter((t) => ctx.state.tokens[t]?.payment_id === p.payment_id);
  for (const old of mine.slice(0, Math.max(0, mine.length - 19))) delete ctx.state.tokens[old];
  const token = randomUUID().replaceAll('-', '');
  ctx.state.tokens[token] = { payment_id: p.payment_id, used: false };
  return token;
}

/** The payment with a fresh next_url while the user can still pay (as Pay does on every GET). */
export function currentPaymentJson(ctx: PayContext, p: PaymentRecord): Record<string, unknown> {
  const payable =
    p.authorisation_mode === 'web' && ['CREATED', 'ENTERING_CARD_DETAILS'].includes(p.charge_status);
  return paymentJson(ctx, p, payable ? { nextUrlToken: mintToken(ctx, p) } : {});
}

/** ChargesApiResource.createNewCharge: a web payment needs a valid return_url; the other modes must not send one. */
function checkReturnUrl(input: CreatePaymentInput): void {
  const mode = input.authorisation_mode ?? 'web';
  if (mode === 'web') {
    if (input.return_url === undefined)
      throw payError(400, 'P0101', 'Missing mandatory attribute: return_url');
    if (!isValidReturnUrl(input.return_url)) {
      throw payError(422, 'P0102', 'Invalid attribute value: return_url. Must be a valid URL format');
    }
  } else if (input.return_url !== undefined) {
    throw payError(400, 'P0104', 'Unexpected attribute: return_url');
  }
}

function checkAccountAndOptions(ctx: PayContext, account: FakeAccount, input: CreatePaymentInput): void {
  const mode = input.authorisation_mode ?? 'web';
  if (account.mode === 'live' && input.return_url !== undefined && !input.return_url.startsWith('https://')) {
    throw invalid(422, 'return_url', 'Must begin with https:// for a live gateway account', 'P0920');
  }
  if (account.disabled) {
    throw payError(
      403,
      'P0941',
      'GOV.UK Pay has disabled payment and refund creation on this account. Contact support with your error code - https://www.payments.service.gov.uk/support/ .',
    );
  }
  if (mode === 'moto_api' && account.motoApiEnabled === false) {
    throw payError(422, 'P0195', 'Using authorisation_mode of moto_api is not allowed for this account');
  }
  if (mode !== 'moto_api' && input.moto && account.motoEnabled === false) {
    throw payError(
      422,
      'P0196',
      'MOTO payments are not enabled for this account. Please contact support if you would like to process MOTO payments - https://www.payments.service.gov.uk/support/ .',
    );
  }
  const recurringOff = () =>
    payError(
      422,
      'P0942',
      'Recurring card payments are currently disabled for this service. Contact support with your error code - https://www.payments.service.gov.uk/support/',
    );
  const unexpected = (field: string) => payError(400, 'P0104', `Unexpected attribute: ${field}`);
  // alphagov/pay-connector charge/service/ChargeService.java checkAgreementOptions, on the request publicapi sends
  // it (model/CreateCardPaymentRequest.java toConnectorPayload): `set_up_agreement` travels as `agreement_id` with
  // `save_payment_instrument_to_agreement: true`. So an agreement payment that sends `set_up_agreement` has an
  // agreement id and is refused for saving a card (P0104 set_up_agreement, CreateChargeExceptionMapper's
  // INCORRECT_AUTHORISATION_MODE_FOR_SAVE_PAYMENT_INSTRUMENT_TO_AGREEMENT), and a moto_api payment that sends it is
  // refused for its `agreement_id` (UnexpectedAttributeException, P0104 with the connector's message).
  const connectorAgreementId = input.set_up_agreement ?? input.agreement_id;
  const savesCard = input.set_up_agreement !== undefined;
  if (mode === 'agreement') {
    if (account.recurringEnabled === false) throw recurringOff();
    if (connectorAgreementId === undefined)
      throw payError(400, 'P0101', 'Missing mandatory attribute: agreement_id');
    if (savesCard) throw unexpected('set_up_agreement');
    if (input.moto) throw unexpected('moto');
    if (input.email !== undefined) throw unexpected('email');
    if (input.prefilled_cardholder_details !== undefined) throw unexpected('prefilled_cardholder_details');
  } else if (mode === 'web') {
    if (savesCard && account.recurringEnabled === false) throw recurringOff();
  } else {
    if (connectorAgreementId !== undefined) throw unexpected('agreement_id');
    if (input.agreement_payment_type !== undefined) throw unexpected('agreement_payment_type');
  }
  // checkIfZeroAmountAllowed: publicapi lets 0 through for the accounts that may take it; the connector refuses it.
  if (input.amount === 0) {
    throw invalid(
      422,
      'amount',
      'Must be greater than or equal to 1. Refer to https://docs.payments.service.gov.uk/making_payments/#amount',
    );
  }
  const agreementId = input.agreement_id ?? input.set_up_agreement;
  if (agreementId !== undefined) {
    const agreement = ctx.state.agreements[agreementId];
    if (!agreement || agreement.account_id !== account.id) {
      throw invalid(400, 'agreement_id', 'Agreement does not exist');
    }
    // checkAgreementHasActivePaymentInstrument: set up, and not cancelled or made inactive since.
    if (mode === 'agreement' && agreement.status !== 'active') {
      throw invalid(400, 'agreement_id', 'Agreement must be active');
    }
  }
}

/** POST /v1/payments. `body` is the parsed JSON (the wire layer answers P0197 when it does not parse). */
export function createPayment(
  ctx: PayContext,
  account: FakeAccount,
  body: unknown,
  idempotencyKey?: string | null,
): CreatedPayment {
  const input = parseCreatePayment(body);
  const key = checkIdempotencyKey(idempotencyKey);
  checkReturnUrl(input);
  const mode = input.authorisation_mode ?? 'web';

  // The connector only keeps Idempotency-Keys for agreement payments (ChargesApiResource.createNewCharge,
  // ChargeService.checkForChargeCreatedWithIdempotencyKey); for other payments the header is checked, then ignored.
  const idempotencyId = key && mode === 'agreement' ? `${account.id}:${key}` : undefined;
  const canonical = stableStringify(input);
  if (idempotencyId) {
    const previous = ctx.state.idempotency[idempotencyId];
    if (previous && ctx.nowMs() < previous.created_at + IDEMPOTENCY_WINDOW_MS) {
      if (previous.body !== canonical) {
        throw payError(
          409,
          'P0191',
          'The `Idempotency-Key` you sent in the request header has already been used to create a payment.',
        );
      }
      return { status: 200, body: currentPaymentJson(ctx, ctx.record(previous.payment_id)) };
    }
  }
  checkAccountAndOptions(ctx, account, input);

  const now = ctx.nowIso();
  const p: PaymentRecord = {
    payment_id: payId(),
    account_id: account.id,
    amount: input.amount,
    description: input.description,
    reference: input.reference,
    language: input.language ?? 'en',
    created_date: now,
    delayed_capture: input.delayed_capture ?? false,
    moto: mode === 'moto_api' || (input.moto ?? false),
    authorisation_mode: mode,
    provider_id: randomUUID(),
    charge_status: 'CREATED',
    status: 'created',
    events: [{ status: 'created', finished: false, updated: now }],
  };
  if (input.email !== undefined) p.email = input.email;
  if (input.return_url !== undefined) p.return_url = input.return_url;
  if (input.metadata !== undefined) p.metadata = input.metadata;
  if (input.agreement_id !== undefined) p.agreement_id = input.agreement_id;
  if (input.set_up_agreement !== undefined) {
    p.set_up_agreement = input.set_up_agreement;
    p.agreement_id = input.set_up_agreement;
  }
  // ChargeService.createCharge: agreement payments default to `recurring`.
  if (input.set_up_agreement !== undefined || mode === 'agreement') {
    p.agreement_payment_type = input.agreement_payment_type ?? 'recurring';
  }
  if (input.prefilled_cardholder_details !== undefined) {
    p.prefilled_cardholder_details = structuredClone(input.prefilled_cardholder_details);
    // The connector keeps a prefilled country only when it has exactly 2 characters (alphagov/pay-connector
    // common/model/domain/PrefilledAddress.java normalizeCountry); anything else is dropped, not refused.
    const address = p.prefilled_cardholder_details.billing_address;
    if (address?.country !== undefined && address.country.length !== 2) delete address.country;
  }
  ctx.state.payments[p.payment_id] = p;
  if (mode === 'moto_api') ctx.state.oneTimeTokens[randomUUID()] = { payment_id: p.payment_id, used: false };
  if (idempotencyId && key) {
    ctx.state.idempotency[idempotencyId] = {
      account_id: account.id,
      key,
      body: canonical,
      payment_id: p.payment_id,
      created_at: ctx.nowMs(),
    };
  }
  const created = currentPaymentJson(ctx, p);
  // markChargeAsEligibleForAuthoriseUserNotPresent: answered as created, then queued for the connector to authorise.
  if (mode === 'agreement') queuedForAuthorisation(ctx, p);
  ctx.scheduleChanged();
  return { status: 201, body: created, location: `${ctx.baseUrl}/v1/payments/${p.payment_id}` };
}

export function getPayment(ctx: PayContext, account: FakeAccount, id: string): Record<string, unknown> {
  return currentPaymentJson(ctx, ctx.payment(account, id, 'P0200'));
}

export function getEvents(ctx: PayContext, account: FakeAccount, id: string): Record<string, unknown> {
  const p = ctx.payment(account, id, 'P0300');
  const self = ctx.link(`/v1/payments/${id}`);
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
    _links: { self: ctx.link(`/v1/payments/${id}/events`) },
  };
}

/**
 * POST /v1/payments/{id}/cancel. The connector cancels only a payment in one of StatusFlow's terminable statuses
 * (not yet paid, or authorised and waiting for capture); anything else is an IllegalStateRuntimeException (400),
 * which publicapi answers as 400 P0501 (exception/mapper/CancelChargeExceptionMapper.java).
 */
export function cancelPayment(ctx: PayContext, account: FakeAccount, id: string): void {
  const p = ctx.payment(account, id, 'P0500');
  if (!TERMINABLE.includes(p.charge_status)) {
    throw payError(400, 'P0501', 'Cancellation of payment failed');
  }
  cancelledByService(ctx, p);
}

/**
 * POST /v1/payments/{id}/capture (DelayedCaptureService.markDelayedCaptureChargeAsCaptureApproved): a payment
 * waiting for capture is captured; one already captured (delayed or not) answers 204 again; anything else is a
 * conflict, 409 P1003 (exception/mapper/CaptureChargeExceptionMapper.java).
 */
export function capturePayment(ctx: PayContext, account: FakeAccount, id: string): void {
  const p = ctx.payment(account, id, 'P1000');
  if (p.charge_status === 'AWAITING_CAPTURE_REQUEST') {
    capturedByService(ctx, p);
    return;
  }
  if (p.charge_status === 'CAPTURED') return;
  throw payError(409, 'P1003', 'Payment cannot be captured');
}

/** `capturable` is not a state you can search for (alphagov/pay-publicapi validation/PaymentSearchValidator.java). */
const SEARCH_STATES = ['created', 'started', 'submitted', 'success', 'failed', 'cancelled', 'error'];

/** GET /v1/payments, newest first. */
export function searchPayments(
  ctx: PayContext,
  account: FakeAccount,
  params: SearchParams,
): Record<string, unknown> {
  checkParams(
    params,
    [
      ['state', (v) => SEARCH_STATES.includes(v)],
      maxLength('reference', 255),
      maxLength('email', 254),
      maxLength('card_brand', 20),
      FROM_DATE,
      TO_DATE,
      PAGE,
      DISPLAY_SIZE,
      ['first_digits_card_number', (v) => /^\d{6}$/.test(v)],
      ['last_digits_card_number', (v) => /^\d{4}$/.test(v)],
      FROM_SETTLED_DATE,
      TO_SETTLED_DATE,
    ],
    'P0401',
  );
  const matches = (value: string | undefined, param: string) => {
    const wanted = params.get(param);
    return wanted === null || wanted === '' || value === wanted;
  };
  const reference = textFilter('exact', params.get('reference'));
  const email = textFilter('contains', params.get('email'));
  const cardholderName = textFilter('contains', params.get('cardholder_name'));
  const items = Object.values(ctx.state.payments)
    .filter((p) => p.account_id === account.id && ctx.searchable(p.created_date))
    .filter((p) => reference(p.reference) && email(p.email))
    .filter((p) => matches(p.status, 'state') && matches(p.agreement_id, 'agreement_id'))
    .filter((p) => cardholderName(p.card_details?.cardholder_name))
    // `card_brand` is checked (at most 20 characters) but filters nothing: publicapi passes it to ledger as
    // `card_brand` (service/PaymentSearchParams.java getParamsAsMap, service/LedgerService.java searchPayments), and
    // ledger only reads `card_brands` (alphagov/pay-ledger transaction/search/common/TransactionSearchParams.java).
    .filter((p) => matches(p.card_details?.first_digits_card_number, 'first_digits_card_number'))
    .filter((p) => matches(p.card_details?.last_digits_card_number, 'last_digits_card_number'))
    .filter((p) => inDates(p.created_date, p.captured_date, params))
    .sort(newestFirst);
  const results = page(ctx, '/v1/payments', params, items, 'P0402');
  return { ...results, results: results.results.map((p) => searchPaymentJson(ctx, p)) };
}

/** When a payment falls due to expire: 90 minutes unpaid, or 120 hours waiting for capture (ChargeExpiryService). */
export function expiresAt(p: PaymentRecord): number | undefined {
  if (['CREATED', 'ENTERING_CARD_DETAILS', 'AUTHORISATION_SUCCESS'].includes(p.charge_status)) {
    return Date.parse(p.created_date) + PAYMENT_EXPIRY_MS;
  }
  if (p.charge_status === 'AWAITING_CAPTURE_REQUEST') return Date.parse(p.created_date) + CAPTURE_WINDOW_MS;
  return undefined;
}

// ------------------------------------------------------------------------------------------ steering

/** Expire an unfinished payment now, as the expiry job would. */
export function expireNow(ctx: PayContext, id: string): PaymentRecord {
  const p = ctx.record(id);
  if (!TERMINABLE.includes(p.charge_status))
    throw new Error(`Payment ${id} is ${p.status}: it cannot expire`);
  expired(ctx, p);
  return p;
}

/** Capture a payment waiting for capture, as the service would through the API. */
export function captureNow(ctx: PayContext, id: string): PaymentRecord {
  const p = ctx.record(id);
  if (p.charge_status !== 'AWAITING_CAPTURE_REQUEST')
    throw new Error(`Payment ${id} is ${p.status}, not capturable`);
  capturedByService(ctx, p);
  return p;
}

/** Cancel a payment as the service would through the API. */
export function cancelNow(ctx: PayContext, id: string): PaymentRecord {
  const p = ctx.record(id);
  if (!TERMINABLE.includes(p.charge_status) || isFinished(p))
    throw new Error(`Payment ${id} is ${p.status}: it cannot be cancelled`);
  cancelledByService(ctx, p);
  return p;
}
