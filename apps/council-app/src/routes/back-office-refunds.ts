import { type RequestHandler, Router } from 'express';
import type { AppContext } from '../context.js';
import { parsePounds } from '../domain/money.js';
import { formatPence } from '../domain/permit.js';
import { NothingToRefundError, RefundAmountError } from '../domain/permits.js';
import { flash } from '../http/flash.js';
import { asyncHandler } from '../http/util.js';
import { notFound } from './resident.js';
import { paths } from '../paths.js';

/**
 * Refunds, in two steps: a page that shows what was paid and what can still be refunded (Pay's
 * `refund_summary.amount_available`, asked fresh), where staff confirm the full amount (filled in) or enter less for a partial refund; then
 * the refund itself, a success banner, and a message to the resident by email (else text message).
 */
export function refundRoutes(ctx: AppContext, requireStaff: RequestHandler): Router {
  const router = Router();

  router.get(
    paths.backOfficeRefundPattern,
    requireStaff,
    asyncHandler(async (req, res) => {
      const payment = await ctx.backOffice.payment(String(req.params.paymentId));
      if (!payment) return notFound(res);
      const available = await ctx.permits.refundAvailable(payment.payment_id);
      if (available <= 0) {
        flash(req, { type: 'important', text: 'Nothing left to refund on this payment' });
        return res.redirect(303, paths.backOfficeApplication(payment.application_reference));
      }
      await renderConfirm(res, payment.payment_id, available, { amount: (available / 100).toFixed(2) });
    }),
  );

  router.post(
    paths.backOfficeRefundPattern,
    requireStaff,
    asyncHandler(async (req, res) => {
      const payment = await ctx.backOffice.payment(String(req.params.paymentId));
      if (!payment) return notFound(res);
      const back = paths.backOfficeApplication(payment.application_reference);
      const available = await ctx.permits.refundAvailable(payment.payment_id);
      const amount = parsePounds(req.body.amount);
      let error: { text: string; href: string } | undefined;
      if (amount === undefined)
        error = { text: 'Enter the amount to refund in pounds and pence, like 12.50', href: '#amount' };
      else if (amount <= 0 || amount > available)
        error = {
          text: `Enter an amount more than £0 and no more than ${formatPence(available)}`,
          href: '#amount',
        };
      if (available <= 0) {
        flash(req, { type: 'important', text: 'Nothing left to refund on this payment' });
        return res.redirect(303, back);
      }
      if (error || amount === undefined) {
        res.status(400);
        return await renderConfirm(res, payment.payment_id, available, {
          amount: typeof req.body.amount === 'string' ? req.body.amount : undefined,
          error,
        });
      }
      try {
        const refund = await ctx.permits.refund(payment.payment_id, amount);
        ctx.log.info('refund requested', { payment_id: payment.payment_id, refund_id: refund.refund_id });
        const application = (await ctx.permits.get(payment.application_reference))!;
        // The notice was queued with the refund; a worker sends it a moment later (failures: dead letters).
        const notice = ctx.permits.refundNotice(application);
        const told = notice
          ? `We are ${notice.channel === 'email' ? 'emailing' : 'sending a text message to'} the resident at ${notice.recipient}.`
          : 'The resident has not been told: contact them yourself.';
        flash(req, { type: 'success', text: `Refund of ${formatPence(refund.amount)} requested. ${told}` });
      } catch (err) {
        if (!(err instanceof NothingToRefundError || err instanceof RefundAmountError) && !isPayRefusal(err))
          throw err;
        ctx.log.warn('refund refused', { err });
        flash(req, { type: 'important', text: `Refund not possible: ${(err as Error).message}` });
      }
      res.redirect(303, back);
    }),
  );

  async function renderConfirm(
    res: Parameters<RequestHandler>[1],
    paymentId: string,
    available: number,
    form: {
      amount?: string | undefined;
      error?: { text: string; href: string } | undefined;
    },
  ) {
    const payment = (await ctx.backOffice.payment(paymentId))!;
    const app = (await ctx.permits.get(payment.application_reference))!;
    // Who will be told, and how: the rule the queued notice follows.
    const told = ctx.permits.refundNotice(app);
    const notice = !told
      ? 'The resident will not be told automatically: contact them yourself.'
      : told.channel === 'email'
        ? `We will email the resident at ${told.recipient} to say their refund is on its way.`
        : `We will send the resident a text message at ${told.recipient} to say their refund is on its way.`;
    res.render('back-office/refund.njk', {
      title: `Refund payment for application ${app.reference}`,
      application: app,
      payment,
      paidText: formatPence(payment.amount),
      refundedText: formatPence(payment.refunded_amount),
      availableText: formatPence(available),
      notice,
      values: form,
      fieldError: form.error,
      errors: form.error ? [form.error] : [],
    });
  }

  return router;
}

/** Pay's own refusal (P0603 not available, P0604 amount changed): an API error with a status below 500. */
function isPayRefusal(err: unknown): boolean {
  const status = (err as { status?: unknown })?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
