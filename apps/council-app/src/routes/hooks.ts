import express, { Router } from 'express';
import type { AppContext } from '../context.js';
import { asyncHandler } from '../http/util.js';
import { paths } from '../paths.js';
import { HookRejected } from '../services/ports.js';

// Events Pay handles by asking Pay for the payment's current state.
const PAYMENT_EVENTS = new Set([
  'card_payment_succeeded',
  'card_payment_captured',
  'card_payment_failed',
  'card_payment_expired',
  'card_payment_refunded',
]);

/**
 * Server-to-server endpoints: GOV.UK Pay webhooks and GOV.UK Notify delivery-status callbacks. They carry no
 * cookie and no CSRF token; each proves where it came from (Pay's HMAC signature over the raw body, Notify's
 * bearer token), and each is idempotent by its event id, so Pay's at-least-once, out-of-order delivery changes
 * nothing the second time.
 */
export function hookRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(
    paths.payWebhook,
    // The signature covers the exact bytes sent, so keep them raw.
    express.raw({ type: '*/*', limit: '256kb' }),
    asyncHandler(async (req, res) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      let event: ReturnType<typeof ctx.services.pay.verifyWebhook>;
      try {
        event = ctx.services.pay.verifyWebhook(raw, req.get('pay-signature'));
      } catch (err) {
        ctx.log.warn('Pay webhook rejected', { err });
        const status = err instanceof HookRejected ? err.status : 401;
        return res.status(status).json({ error: status === 401 ? 'invalid signature' : 'invalid webhook' });
      }
      if (!PAYMENT_EVENTS.has(event.event_type) || !(await ctx.permits.isOurPayment(event.resource_id))) {
        // Not ours (another service on the same account) or not interesting: acknowledge so Pay stops retrying.
        return res.status(200).json({ ok: true, ignored: true });
      }
      if (await ctx.permits.isProcessedEvent('pay', event.webhook_message_id)) {
        return res.status(200).json({ ok: true, duplicate: true });
      }
      // Do not trust the event's snapshot of the payment (events arrive out of order): ask Pay for its state now.
      // A failure here answers 500, so Pay retries later.
      await ctx.permits.reconcilePayment(event.resource_id, { source: 'pay', id: event.webhook_message_id });
      res.status(200).json({ ok: true });
    }),
  );

  router.post(
    paths.notifyStatusCallback,
    express.json({ limit: '64kb' }),
    asyncHandler(async (req, res) => {
      let receipt: ReturnType<typeof ctx.services.notify.verifyDeliveryStatusCallback>;
      try {
        receipt = ctx.services.notify.verifyDeliveryStatusCallback(req.get('authorization'), req.body);
      } catch (err) {
        ctx.log.warn('Notify callback rejected', { err });
        const status = err instanceof HookRejected ? err.status : 401;
        return res.status(status).json({ error: status === 401 ? 'unauthorised' : 'invalid callback' });
      }
      const outcome = await ctx.deliveryReceipts.apply(receipt.id, receipt.status);
      res.status(200).json({ ok: true, outcome });
    }),
  );

  return router;
}
