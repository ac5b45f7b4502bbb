/**
 * The resources as Pay's API shows them (nulls omitted), built from the records: a payment with its links,
 * as search results carry it, and as a webhook carries it; refunds, agreements and disputes.
 */
import type { PayContext } from './context.js';
import { FINISHED, isFinished } from './lifecycle.js';
import type {
  AgreementRecord,
  BillingAddressRecord,
  DisputeRecord,
  PaymentRecord,
  RefundRecord,
} from './records.js';

export interface RefundSummary {
  status: 'pending' | 'available' | 'unavailable' | 'full';
  amount_available: number;
  amount_submitted: number;
}

/**
 * `refund_summary`, as alphagov/pay-connector gateway/util/DefaultExternalRefundAvailabilityCalculator.java works it
 * out: pending while the payment is being made (not while it waits for capture), available or full once captured,
 * unavailable otherwise. A disputed payment is unavailable until the dispute is won (ledger's RefundAvailabilityUpdated,
 * alphagov/pay-connector queue/tasks/handlers/StripeWebhookTaskHandler.java).
 */
export function refundSummary(ctx: PayContext, p: PaymentRecord): RefundSummary {
  const submitted = Object.values(ctx.state.refunds)
    .filter((r) => r.payment_id === p.payment_id && r.status !== 'error')
    .reduce((sum, r) => sum + r.amount, 0);
  // alphagov/pay-connector charge/util/RefundCalculator.java: what is available is the amount less the refunds
  // submitted or succeeded, whatever the status says (ChargeService.buildRefundSummary); a failed or capturable
  // payment shows its whole amount with status `unavailable`.
  const amount_available = p.amount - submitted;
  const summary = (status: RefundSummary['status']) => ({
    status,
    amount_available,
    amount_submitted: submitted,
  });
  if (p.disputed) return summary('unavailable');
  if (p.charge_status === 'CAPTURED') return summary(amount_available > 0 ? 'available' : 'full');
  // DefaultExternalRefundAvailabilityCalculator: not yet captured is `pending`, anything else `unavailable`.
  if (['CREATED', 'ENTERING_CARD_DETAILS', 'AUTHORISATION_SUCCESS'].includes(p.charge_status)) {
    return summary('pending');
  }
  return summary('unavailable');
}

function stateJson(p: PaymentRecord): Record<string, unknown> {
  const state: Record<string, unknown> = { status: p.status, finished: FINISHED.includes(p.status) };
  if (p.code && FINISHED.includes(p.status)) {
    state.code = p.code;
    state.message = p.message;
  }
  if (p.can_retry !== undefined && p.status === 'failed') state.can_retry = p.can_retry;
  return state;
}

function paymentBody(ctx: PayContext, p: PaymentRecord): Record<string, unknown> {
  const body: Record<string, unknown> = {
    amount: p.amount,
    description: p.description,
    reference: p.reference,
    language: p.language,
    payment_id: p.payment_id,
    payment_provider: 'sandbox',
    created_date: p.created_date,
    state: stateJson(p),
    refund_summary: refundSummary(ctx, p),
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
  const card = p.card_details ?? p.prefilled_cardholder_details;
  if (card) body.card_details = apiCardDetails(card);
  // The sandbox never asks for 3D Secure; the connector records `requires3ds: false` once a card is authorised or declined.
  if (p.card_details) body.authorisation_summary = { three_d_secure: { required: false } };
  if (p.status === 'success') body.total_amount = p.amount;
  return body;
}

type CardLike = Partial<NonNullable<PaymentRecord['card_details']>> & {
  billing_address?: BillingAddressRecord;
};

/**
 * `card_details` as publicapi writes it: model/CardDetails.java is `@JsonInclude(ALWAYS)`, so every member is there,
 * `null` when unknown (`wallet_type` is null for a card typed in); its `billing_address` (model/Address.java) omits
 * nulls.
 */
function apiCardDetails(card: CardLike): Record<string, unknown> {
  return {
    last_digits_card_number: card.last_digits_card_number ?? null,
    first_digits_card_number: card.first_digits_card_number ?? null,
    cardholder_name: card.cardholder_name ?? null,
    expiry_date: card.expiry_date ?? null,
    billing_address: card.billing_address ? { ...card.billing_address } : null,
    card_brand: card.card_brand ?? null,
    card_type: card.card_type ?? null,
    wallet_type: null,
  };
}

/**
 * `card_details` as a webhook carries it: pay-webhooks' PaymentApiCardDetails and PaymentApiAddress records have no
 * inclusion rule, so their nulls are written (and there is no `wallet_type`).
 */
function webhookCardDetails(card: CardLike): Record<string, unknown> {
  const address = card.billing_address;
  return {
    last_digits_card_number: card.last_digits_card_number ?? null,
    first_digits_card_number: card.first_digits_card_number ?? null,
    cardholder_name: card.cardholder_name ?? null,
    expiry_date: card.expiry_date ?? null,
    billing_address: address
      ? {
          line1: address.line1 ?? null,
          line2: address.line2 ?? null,
          postcode: address.postcode ?? null,
          city: address.city ?? null,
          country: address.country ?? null,
        }
      : null,
    card_brand: card.card_brand ?? null,
    card_type: card.card_type ?? null,
  };
}

function actionLinks(ctx: PayContext, p: PaymentRecord, links: Record<string, unknown>): void {
  const id = p.payment_id;
  if (!isFinished(p) && p.authorisation_mode !== 'agreement') {
    links.cancel = ctx.link(`/v1/payments/${id}/cancel`, 'POST');
  }
  if (p.status === 'capturable') links.capture = ctx.link(`/v1/payments/${id}/capture`, 'POST');
}

/** A payment as GET /v1/payments/{id} (and create) answers it. */
export function paymentJson(
  ctx: PayContext,
  p: PaymentRecord,
  options: { nextUrlToken?: string } = {},
): Record<string, unknown> {
  const id = p.payment_id;
  const links: Record<string, unknown> = {
    self: ctx.link(`/v1/payments/${id}`),
    events: ctx.link(`/v1/payments/${id}/events`),
    refunds: ctx.link(`/v1/payments/${id}/refunds`),
  };
  if (options.nextUrlToken) {
    links.next_url = ctx.link(`/secure/${options.nextUrlToken}`);
    links.next_url_post = {
      ...ctx.link('/secure', 'POST'),
      type: 'application/x-www-form-urlencoded',
      params: { chargeTokenId: options.nextUrlToken },
    };
  }
  if (p.authorisation_mode === 'moto_api' && ['created', 'started'].includes(p.status)) {
    const token = Object.entries(ctx.state.oneTimeTokens).find(
      ([, t]) => t.payment_id === id && !t.used,
    )?.[0];
    if (token) {
      links.auth_url_post = {
        ...ctx.link('/v1/auth', 'POST'),
        type: 'application/json',
        params: { one_time_token: token },
      };
    }
  }
  actionLinks(ctx, p, links);
  return { ...paymentBody(ctx, p), _links: links };
}

/** A payment as search results carry it (no next_url). */
export function searchPaymentJson(ctx: PayContext, p: PaymentRecord): Record<string, unknown> {
  return paymentJson(ctx, p);
}

/**
 * A payment as a webhook carries it: pay-webhooks builds the resource from ledger
 * (alphagov/pay-webhooks message/apirepresentation/PaymentApiRepresentation.java), whose fields leave out `_links`,
 * `authorisation_mode`, `provider_id`, `agreement_id` and `agreement_payment_type`; its `state` is
 * PaymentState.java (status, finished, message, code: no `can_retry`).
 */
export function webhookResource(ctx: PayContext, p: PaymentRecord): Record<string, unknown> {
  const {
    authorisation_mode: _mode,
    provider_id: _provider,
    agreement_id: _agreement,
    agreement_payment_type: _type,
    state,
    ...rest
  } = paymentBody(ctx, p);
  const { can_retry: _canRetry, ...webhookState } = state as Record<string, unknown>;
  const card = p.card_details ?? p.prefilled_cardholder_details;
  return { ...rest, state: webhookState, ...(card ? { card_details: webhookCardDetails(card) } : {}) };
}

export function refundJson(ctx: PayContext, r: RefundRecord): Record<string, unknown> {
  return {
    refund_id: r.refund_id,
    payment_id: r.payment_id,
    amount: r.amount,
    status: r.status,
    created_date: r.created_date,
    settlement_summary: r.settled_date ? { settled_date: r.settled_date } : {},
    _links: {
      self: ctx.link(`/v1/payments/${r.payment_id}/refunds/${r.refund_id}`),
      payment: ctx.link(`/v1/payments/${r.payment_id}`),
    },
  };
}

export function agreementJson(a: AgreementRecord): Record<string, unknown> {
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

export function disputeJson(ctx: PayContext, d: DisputeRecord): Record<string, unknown> {
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
    _links: { payment: ctx.link(`/v1/payments/${d.payment_id}`) },
  };
}
