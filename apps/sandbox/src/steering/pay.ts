import type { PayFake } from '@council-sdk/pay/testing';
import { z } from 'zod';
import { clockEndpoints, endpoint, found, SteeringError, type SteeringEndpoint } from './endpoint.js';

/** The payment as `GET /v1/payments/{paymentId}` answers it (the answer of every payment action here). */
const Payment = z.looseObject({
  payment_id: z.string(),
  amount: z.number(),
  reference: z.string(),
  state: z.looseObject({
    status: z.string(),
    finished: z.boolean(),
    code: z.string().optional(),
    message: z.string().optional(),
  }),
});
const Refund = z.object({
  refund_id: z.string(),
  payment_id: z.string(),
  account_id: z.string(),
  amount: z.number(),
  status: z.enum(['submitted', 'success', 'error']),
  created_date: z.string(),
  settled_date: z.string().optional(),
});
const DisputeStatus = z.enum(['needs_response', 'under_review', 'lost', 'won']);
const Dispute = z.object({
  dispute_id: z.string(),
  payment_id: z.string(),
  account_id: z.string(),
  amount: z.number(),
  fee: z.number(),
  net_amount: z.number(),
  reason: z.string(),
  status: DisputeStatus,
  created_date: z.string(),
  evidence_due_date: z.string(),
  settled_date: z.string().optional(),
});
const WebhookMessage = z.object({
  webhook_message_id: z.string(),
  event_type: z.string(),
  resource_id: z.string(),
  body: z.string().describe('The exact body sent'),
  signature: z.string().describe('Its Pay-Signature header'),
  status: z.string(),
  attempts: z.number(),
});
const WebhookAttempt = z.object({
  webhook_message_id: z.string(),
  event_type: z.string(),
  attempt: z.number(),
  at: z.string(),
  url: z.string(),
  status: z.number().optional(),
  error: z.string().optional(),
  delivered: z.boolean(),
  duplicate: z.boolean().optional(),
});
const Webhooks = z.object({ messages: z.array(WebhookMessage), deliveries: z.array(WebhookAttempt) });

/** The card page's fields (Pay's sandbox test cards decide the outcome; default 4444333322221111 succeeds). */
const Card = z
  .object({
    card_number: z.string().min(1).max(30),
    expiry_month: z.string().regex(/^\d{1,2}$/, 'must be a month number'),
    expiry_year: z.string().regex(/^\d{2}(\d{2})?$/, 'must be a year (YY or YYYY)'),
    cvc: z.string().min(1).max(10),
    cardholder_name: z.string().min(1).max(255),
    email: z.string().max(254),
  })
  .partial()
  .strict();

/**
 * Sandbox test cards that fail as the provider would fail them (alphagov/pay-connector
 * gateway/sandbox/SandboxCardNumbers.java): declined (P0010) or a provider error (P0050).
 */
const FAILING_CARDS = { declined: '4000000000000002', error: '4000000000000119' } as const;

const FINISHED = ['success', 'failed', 'cancelled', 'error'];

export function payEndpoints(fake: () => PayFake): SteeringEndpoint[] {
  const payment = (id: string) => found(fake().payments.get(id), `payment ${id}`);
  const json = (id: string) => fake().payments.json(id);
  return [
    endpoint({
      method: 'POST',
      path: '/__steer/pay/payments/:paymentId/complete',
      description:
        "Pay as the user would on the card page (the page's checks, then the sandbox card table decides; default " +
        'card 4444333322221111 succeeds). Sends the webhooks Pay would.',
      body: z.object({ card: Card.optional() }).strict(),
      answer: Payment,
      handle: ({ params, body }) => {
        payment(params['paymentId']!);
        fake().completePayment(params['paymentId']!, body.card ? { card: body.card } : {});
        return json(params['paymentId']!);
      },
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/pay/payments/:paymentId/fail',
      description:
        'The user pays with a sandbox card that fails: `declined` (failed, P0010; default) or `error` (error, P0050).',
      body: z.object({ reason: z.enum(['declined', 'error']).optional() }).strict(),
      answer: Payment,
      handle: ({ params, body }) => {
        payment(params['paymentId']!);
        fake().completePayment(params['paymentId']!, {
          card: { card_number: FAILING_CARDS[body.reason ?? 'declined'] },
        });
        return json(params['paymentId']!);
      },
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/pay/payments/:paymentId/cancel',
      description: 'The user presses "Cancel payment" on the card page (failed, P0030).',
      answer: Payment,
      handle: ({ params }) => {
        const p = payment(params['paymentId']!);
        if (FINISHED.includes(p.status))
          throw new SteeringError(409, `Payment ${p.payment_id} is ${p.status}: it cannot be cancelled`);
        fake().journey.cancel(p.payment_id);
        return json(p.payment_id);
      },
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/pay/payments/:paymentId/expire',
      description: "Expire it now, as Pay's expiry job would (failed, P0020; card_payment_expired).",
      answer: Payment,
      handle: ({ params }) => {
        fake().payments.expire(payment(params['paymentId']!).payment_id);
        return json(params['paymentId']!);
      },
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/pay/payments/:paymentId/capture',
      description: 'Capture a delayed-capture payment waiting for it (capturable -> success).',
      answer: Payment,
      handle: ({ params }) => {
        fake().payments.capture(payment(params['paymentId']!).payment_id);
        return json(params['paymentId']!);
      },
    }),
    endpoint({
      method: 'GET',
      path: '/__steer/pay/refunds',
      description: 'Every refund. The sandbox provider settles refunds at once (`success`).',
      answer: z.array(Refund),
      handle: () => fake().refunds.list(),
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/pay/refunds/:refundId/status',
      description: 'Settle a `submitted` refund as `success` or `error` (409 once it is settled).',
      body: z.object({ status: z.enum(['success', 'error']) }).strict(),
      answer: Refund,
      handle: ({ params, body }) => {
        found(
          fake()
            .refunds.list()
            .find((r) => r.refund_id === params['refundId']),
          `refund ${params['refundId']}`,
        );
        return fake().refunds.setStatus(params['refundId']!, body.status);
      },
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/pay/payments/:paymentId/disputes',
      description:
        'Raise a dispute against a payment (no sandbox card does): `needs_response`, evidence due in 7 days, ' +
        'a £15 fee (Pay sends no webhook for disputes).',
      body: z
        .object({
          amount: z.number().int().min(1).max(100_000_00).describe('Pence; default the payment amount'),
          fee: z.number().int().min(0).max(100_000).describe('Pence; default 1500'),
          reason: z
            .string()
            .min(1)
            .max(50)
            .describe('e.g. fraudulent (default), duplicate, product_not_received, general'),
        })
        .partial()
        .strict(),
      answer: Dispute,
      status: 201,
      handle: ({ params, body }) => fake().payments.dispute(payment(params['paymentId']!).payment_id, body),
    }),
    endpoint({
      method: 'GET',
      path: '/__steer/pay/disputes',
      description: 'Every dispute.',
      answer: z.array(Dispute),
      handle: () => fake().disputes.list(),
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/pay/disputes/:disputeId/status',
      description: 'Move a dispute on: `under_review`, `won` or `lost`.',
      body: z.object({ status: DisputeStatus }).strict(),
      answer: Dispute,
      handle: ({ params, body }) => {
        found(
          fake()
            .disputes.list()
            .find((d) => d.dispute_id === params['disputeId']),
          `dispute ${params['disputeId']}`,
        );
        return fake().disputes.setStatus(params['disputeId']!, body.status);
      },
    }),
    endpoint({
      method: 'GET',
      path: '/__steer/pay/webhooks',
      description: 'Every webhook message queued (exact body and signature) and every delivery attempt.',
      answer: Webhooks,
      handle: () => ({ messages: fake().webhooks.messages(), deliveries: fake().webhooks.deliveries() }),
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/pay/webhooks/:messageId/resend',
      description: "Send one webhook message again now (as Pay's admin tool allows); answers the log.",
      answer: Webhooks,
      handle: async ({ params }) => {
        found(
          fake()
            .webhooks.messages()
            .find((m) => m.webhook_message_id === params['messageId']),
          `webhook message ${params['messageId']}`,
        );
        await fake().webhooks.resend(params['messageId']!);
        return { messages: fake().webhooks.messages(), deliveries: fake().webhooks.deliveries() };
      },
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/pay/webhooks/flush',
      description: 'Attempt every pending webhook message now, ignoring the retry schedule; answers the log.',
      answer: Webhooks,
      handle: async () => {
        await fake().webhooks.flush();
        return { messages: fake().webhooks.messages(), deliveries: fake().webhooks.deliveries() };
      },
    }),
    ...clockEndpoints(
      'pay',
      () => fake().clock,
      'unpaid payments expire after 90 minutes, webhook retries fall due',
    ),
  ];
}
