/**
 * What time makes happen, as the connector's background jobs do: queued agreement payments are authorised
 * (alphagov/pay-connector queue/tasks: authorise user-not-present), unpaid payments expire after 90 minutes and
 * uncaptured ones after 120 hours (charge/service/ChargeExpiryService.java), refunds settle, and Idempotency-Keys
 * are forgotten after 24 hours. `sweep` applies whatever is due and says when the next thing falls due.
 */
import { authoriseAgreementPayment } from './agreements.js';
import type { PayContext } from './context.js';
import { expired } from './lifecycle.js';
import { expiresAt } from './payments.js';
import { IDEMPOTENCY_WINDOW_MS } from './records.js';
import { settleDue, settlesAt } from './refunds.js';

/** Apply everything due now; the time the next change falls due (Infinity when nothing is pending). */
export function sweep(ctx: PayContext): number {
  const now = ctx.nowMs();
  let next = Number.POSITIVE_INFINITY;
  const later = (at: number) => {
    if (at > now && at < next) next = at;
  };
  for (const p of Object.values(ctx.state.payments)) {
    if (p.charge_status === 'AUTHORISATION_USER_NOT_PRESENT_QUEUED') authoriseAgreementPayment(ctx, p);
    const expiry = expiresAt(p);
    if (expiry === undefined) continue;
    if (now >= expiry) expired(ctx, p);
    else later(expiry);
  }
  settleDue(ctx);
  for (const r of Object.values(ctx.state.refunds)) if (r.status === 'submitted') later(settlesAt(ctx, r));
  for (const [key, record] of Object.entries(ctx.state.idempotency)) {
    const ends = record.created_at + IDEMPOTENCY_WINDOW_MS;
    if (now >= ends) delete ctx.state.idempotency[key];
    else later(ends);
  }
  return next;
}
