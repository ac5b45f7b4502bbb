import { z } from 'zod';
import { Payment } from './payments.js';

/** Event types Pay sends (`card_payment_started` exists but is probably never sent; `card_payment_settled` is documented, never implemented). */
export const WEBHOOK_EVENT_TYPES = [
  'card_payment_succeeded',
  'card_payment_captured',
  'card_payment_refunded',
  'card_payment_failed',
  'card_payment_expired',
  'card_payment_started',
  'card_payment_settled',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * The payment inside a webhook: the payment without `_links`, `authorisation_mode` and `provider_id`.
 * `state.status` may carry strings beyond the documented statuses, so it stays a plain string.
 */
export const WebhookPaymentResource = Payment;
export type WebhookPaymentResource = z.infer<typeof WebhookPaymentResource>;

const webhookMessageFields = {
  webhook_message_id: z.string(),
  created_date: z.string().optional(),
  /** The payment id (for `card_payment_refunded` too: the parent payment). */
  resource_id: z.string(),
  api_version: z.number().optional(),
  resource_type: z.string().optional(),
  resource: WebhookPaymentResource,
};
const WebhookMessageFields = z.looseObject(webhookMessageFields);

/** The body of a webhook message. */
export const WebhookMessage = z.looseObject({ ...webhookMessageFields, event_type: z.string() });
export type WebhookMessage = z.infer<typeof WebhookMessage>;

/** A webhook event whose `event_type` is `T`. */
export type WebhookEvent<T extends string = string> = z.infer<typeof WebhookMessageFields> & {
  event_type: T;
};

/**
 * What `webhooks.constructEvent` returns: narrow with `switch (event.event_type)`. Types Pay adds later arrive as
 * `WebhookEvent<string>` rather than being rejected.
 */
export type PayWebhookEvent =
  | { [K in WebhookEventType]: WebhookEvent<K> }[WebhookEventType]
  | WebhookEvent<string & {}>;
