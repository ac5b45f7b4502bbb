/**
 * Agreements for recurring payments: create, get, cancel, search (alphagov/pay-publicapi
 * resources/AgreementsApiResource.java, json/RequestJsonParser.parseAgreementRequest,
 * agreement/model/CreateAgreementRequest.java, validation/AgreementSearchValidator.java; connector
 * agreement/service/AgreementService.java), and the recurring authorisation of agreement payments.
 */
import type { PayContext } from './context.js';
import { invalid, missing, notFound, payError } from './errors.js';
import { authorised, gatewayError, rejected } from './lifecycle.js';
import { findTestCardByDigits } from './cards.js';
import { type AgreementRecord, type FakeAccount, type PaymentRecord, payId } from './records.js';
import {
  checkParams,
  DISPLAY_SIZE,
  maxLength,
  newestFirst,
  PAGE,
  page,
  type SearchParams,
  textFilter,
} from './search.js';
import { agreementJson } from './views.js';

type Json = Record<string, unknown>;

function agreementText(node: Json, field: string): string {
  const value = node[field];
  if (value === undefined || value === null) throw missing(field, 'P2101');
  if (typeof value !== 'string') throw invalid(400, field, 'Must be a valid string format', 'P2102');
  if (value.trim() === '') throw missing(field, 'P2101');
  if (/[<>|]/.test(value)) throw invalid(400, field, 'Must be a valid string format', 'P2102');
  return value;
}

/** POST /v1/agreements. Sizes are bean constraints, answered by ViolationExceptionMapper with P0102 (not P2102). */
export function createAgreement(
  ctx: PayContext,
  account: FakeAccount,
  body: unknown,
): Record<string, unknown> {
  const node = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Json) : {};
  const reference = agreementText(node, 'reference');
  const description = agreementText(node, 'description');
  let userIdentifier: string | undefined;
  const rawUser = node.user_identifier;
  if (rawUser !== undefined && rawUser !== null) {
    if (typeof rawUser !== 'string') throw invalid(400, 'user_identifier', 'Field must be a string', 'P2102');
    userIdentifier = rawUser;
  }
  for (const [field, value] of [
    ['reference', reference],
    ['description', description],
    ['user_identifier', userIdentifier],
  ] as const) {
    if (value !== undefined && (value.length < 1 || value.length > 255)) {
      throw invalid(422, field, 'Must be less than or equal to 255 characters length');
    }
  }
  if (account.recurringEnabled === false) {
    throw payError(
      422,
      'P0942',
      'Recurring card payments are currently disabled for this service. Contact support with your error code - https://www.payments.service.gov.uk/support/',
    );
  }
  const a: AgreementRecord = {
    agreement_id: payId(),
    account_id: account.id,
    reference,
    description,
    status: 'created',
    created_date: ctx.nowIso(),
  };
  if (userIdentifier !== undefined) a.user_identifier = userIdentifier;
  ctx.state.agreements[a.agreement_id] = a;
  return agreementJson(a);
}

function agreementOf(ctx: PayContext, account: FakeAccount, id: string, code: string): AgreementRecord {
  const a = ctx.state.agreements[id];
  if (!a || a.account_id !== account.id) throw notFound(code);
  return a;
}

export function getAgreement(ctx: PayContext, account: FakeAccount, id: string): Record<string, unknown> {
  return agreementJson(agreementOf(ctx, account, id, 'P2200'));
}

/** POST /v1/agreements/{id}/cancel: only an active agreement (the connector answers 400 otherwise: P2501). */
export function cancelAgreement(ctx: PayContext, account: FakeAccount, id: string): void {
  const a = agreementOf(ctx, account, id, 'P2500');
  if (a.status !== 'active') throw payError(400, 'P2501', 'Cancellation of agreement failed');
  a.status = 'cancelled';
  a.cancelled_date = ctx.nowIso();
}

const AGREEMENT_STATUSES = ['created', 'active', 'cancelled', 'inactive'];

export function searchAgreements(
  ctx: PayContext,
  account: FakeAccount,
  params: SearchParams,
): Record<string, unknown> {
  checkParams(
    params,
    // validation/AgreementSearchValidator.java
    [['status', (v) => AGREEMENT_STATUSES.includes(v)], maxLength('reference', 255), PAGE, DISPLAY_SIZE],
    'P2401',
  );
  const reference = textFilter('exact', params.get('reference'));
  const items = Object.values(ctx.state.agreements)
    .filter((a) => a.account_id === account.id && ctx.searchable(a.created_date))
    .filter((a) => reference(a.reference))
    .filter((a) => (params.get('status') ? a.status === params.get('status') : true))
    .sort(newestFirst);
  const results = page(ctx, '/v1/agreements', params, items, 'P2402');
  return { ...results, results: results.results.map((a) => agreementJson(a)) };
}

/**
 * Authorise a queued agreement payment with the agreement's card, as the sandbox provider does
 * (SandboxPaymentProvider.authoriseUserNotPresent): by first six and last four digits; 5105105105105100 is always
 * declined. A decline comes with `can_retry: false` (the sandbox's DO_NOT_RETRY) and makes the agreement
 * inactive (ChargeService: `inactivateAgreement` when the payment cannot be retried).
 */
export function authoriseAgreementPayment(ctx: PayContext, p: PaymentRecord): void {
  const agreement = p.agreement_id ? ctx.state.agreements[p.agreement_id] : undefined;
  const instrument = agreement?.payment_instrument;
  if (!agreement || !instrument) {
    gatewayError(ctx, p);
    return;
  }
  p.card_details = structuredClone(instrument.card_details);
  const card = findTestCardByDigits(
    instrument.card_details.first_digits_card_number,
    instrument.card_details.last_digits_card_number,
  );
  if (card?.recurringDeclined || card?.outcome === 'declined') {
    p.can_retry = false;
    rejected(ctx, p);
    agreement.status = 'inactive';
    return;
  }
  if (card?.outcome === 'success') authorised(ctx, p);
  else gatewayError(ctx, p);
}
