import { PayClient, type Payment, WebhookSignatureError } from '@council-sdk/pay';
import type { Config } from '../config.js';
import { HookRejected, type PayPayment, type PayService } from './ports.js';

/** GOV.UK Pay through @council-sdk/pay: card payments, refunds, search by reference, signed webhooks. */
export function createPayService(config: Config): PayService {
  const pay = new PayClient({
    apiKey: config.PAY_API_KEY,
    baseUrl: config.PAY_BASE_URL,
    userAgent: 'council-app/0.1',
  });

  return {
    async createPayment(body, idempotencyKey) {
      return toPayment(await pay.payments.create(body, { idempotencyKey }));
    },
    async getPayment(paymentId) {
      return toPayment(await pay.payments.get(paymentId));
    },
    async cancelPayment(paymentId) {
      await pay.payments.cancel(paymentId);
    },
    async findPaymentsByReference(reference) {
      const found: PayPayment[] = [];
      // Search is eventually consistent; a payment made seconds ago may appear on the next ingest.
      for await (const p of pay.payments.list({ reference, display_size: 50 })) {
        found.push(toPayment(p));
        if (found.length >= 50) break;
      }
      return found;
    },
    async refund(paymentId, body) {
      const refund = await pay.refunds.create(paymentId, body);
      return {
        refund_id: refund.refund_id,
        amount: refund.amount ?? body.amount,
        status: refund.status ?? 'submitted',
      };
    },
    verifyWebhook(rawBody, signature) {
      let event: ReturnType<typeof pay.webhooks.constructEvent>;
      try {
        event = pay.webhooks.constructEvent(rawBody, signature, config.PAY_WEBHOOK_SECRET);
      } catch (err) {
        // A bad signature is "who are you?" (401); a signed body that is not a webhook is "what?" (400).
        throw new HookRejected((err as Error).message, err instanceof WebhookSignatureError ? 401 : 400);
      }
      return {
        webhook_message_id: String(event.webhook_message_id),
        event_type: String(event.event_type),
        resource_id: String(event.resource_id),
      };
    },
  };
}

function toPayment(p: Payment): PayPayment {
  return {
    payment_id: p.payment_id ?? '',
    amount: p.amount ?? 0,
    reference: p.reference ?? '',
    state: {
      status: p.state?.status ?? 'created',
      finished: p.state?.finished ?? false,
      code: p.state?.code,
    },
    next_url: p._links?.next_url?.href,
    refund_summary: p.refund_summary && {
      status: p.refund_summary.status ?? 'unavailable',
      amount_available: p.refund_summary.amount_available ?? 0,
      amount_submitted: p.refund_summary.amount_submitted,
    },
  };
}
