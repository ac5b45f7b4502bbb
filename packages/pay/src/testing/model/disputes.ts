/**
 * Disputes: GET /v1/disputes (alphagov/pay-publicapi resources/SearchDisputesResource.java,
 * validation/DisputeSearchValidator.java; results come from ledger and page with `links`, not `_links`).
 * Disputes only arise on Stripe accounts (alphagov/pay-connector queue/tasks/handlers/StripeWebhookTaskHandler.java)
 * and no test card makes one on a sandbox account, so a test raises them through the steering API. pay-webhooks sends
 * no webhook for them (message/EventMapper.java has no dispute event).
 */
import type { PayContext } from './context.js';
import type { DisputeRecord, FakeAccount } from './records.js';
import { payId } from './records.js';
import {
  checkParams,
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
} from './search.js';
import { disputeJson } from './views.js';

const DAY = 24 * 60 * 60 * 1000;
const DISPUTE_STATUSES = ['needs_response', 'under_review', 'lost', 'won'];

export function searchDisputes(
  ctx: PayContext,
  account: FakeAccount,
  params: SearchParams,
): Record<string, unknown> {
  checkParams(
    params,
    // validation/DisputeSearchValidator.java names a bad `status` "state" in its answer.
    [
      FROM_DATE,
      TO_DATE,
      FROM_SETTLED_DATE,
      TO_SETTLED_DATE,
      PAGE,
      DISPLAY_SIZE,
      ['status', (v) => DISPUTE_STATUSES.includes(v), 'state'],
    ],
    'P0401',
  );
  const items = Object.values(ctx.state.disputes)
    .filter((d) => d.account_id === account.id)
    .filter((d) => (params.get('status') ? d.status === params.get('status') : true))
    .filter((d) => inDates(d.created_date, d.settled_date, params))
    .sort(newestFirst);
  const results = page(ctx, '/v1/disputes', params, items, 'P0402', 'links');
  return { ...results, results: results.results.map((d) => disputeJson(ctx, d)) };
}

/**
 * Raise a dispute against a payment (defaults: the whole amount, `needs_response`, a £15 fee). While it is open or
 * lost the payment cannot be refunded (RefundAvailabilityUpdated unavailable); winning makes it refundable again.
 */
export function raiseDispute(
  ctx: PayContext,
  input: Partial<Omit<DisputeRecord, 'account_id'>> & { payment_id: string },
): DisputeRecord {
  const p = ctx.record(input.payment_id);
  const now = ctx.clock.now();
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
    evidence_due_date: input.evidence_due_date ?? new Date(now.getTime() + 7 * DAY).toISOString(),
  };
  const settled = input.settled_date ?? (status === 'lost' ? now.toISOString().slice(0, 10) : undefined);
  if (settled) d.settled_date = settled;
  ctx.state.disputes[d.dispute_id] = d;
  p.disputed = status !== 'won';
  return d;
}

export function setDisputeStatus(
  ctx: PayContext,
  disputeId: string,
  status: DisputeRecord['status'],
): DisputeRecord {
  const d = ctx.state.disputes[disputeId];
  if (!d) throw new Error(`No dispute ${disputeId} in the fake`);
  d.status = status;
  if (status === 'lost' && !d.settled_date) d.settled_date = ctx.nowIso().slice(0, 10);
  const p = ctx.state.payments[d.payment_id];
  if (p) p.disputed = status !== 'won';
  return d;
}
