/**
 * The fake's webhooks: the model's events as Pay's webhook messages, signed with `Pay-Signature` and sent on
 * pay-webhooks' schedule through the kernel's `OutboundDeliveries`. Facts from alphagov/pay-webhooks:
 * message/WebhookMessageBody.java (the body), message/WebhookMessageSender.java (headers),
 * deliveryqueue/managed/SendAttempter.java (any 2xx delivers; otherwise retried after 60 s, 5 min, 1 h, 1 day and
 * 2 days, then given up), src/main/resources/config/config.yaml (3 s request timeout).
 */
import { randomBytes } from 'node:crypto';
import type {
  FakeClock,
  OutboundAttempt,
  OutboundDeliveries,
  OutboundMessage,
} from '@council-sdk/core/testing';
import { computeSignature } from '../webhooks.js';
import type { PayModel, PayModelEvent } from './model/index.js';

export const PAY_WEBHOOK_RETRY_DELAYS_MS = [
  60_000,
  5 * 60_000,
  60 * 60_000,
  24 * 60 * 60_000,
  2 * 24 * 60 * 60_000,
] as const;
/** SendAttempter's request timeout (WEBHOOK_MESSAGE_SENDER_REQUEST_TIMEOUT, default 3s). */
export const PAY_WEBHOOK_TIMEOUT_MS = 3000;
export const FAKE_WEBHOOK_SECRET = 'webhook_test_council_sdk_fake_secret';

export interface WebhookOptions {
  /** Where to POST webhooks. Nothing is sent (or logged) until a URL is set. */
  url?: string;
  /** The signing secret (default `FAKE_WEBHOOK_SECRET`). */
  secret?: string;
  /** Sets the fake clock's time scale: 0.001 turns the 60 s first retry into 60 ms of real time. */
  timeScale?: number;
  /** Per-attempt timeout (Pay's is 3 s). */
  timeoutMs?: number;
  /** Hold the first attempt back by up to this many clock ms, so messages can arrive out of order. Default 0. */
  maxJitterMs?: number;
  /** Chance of sending a delivered message once more (Pay delivers at least once). Default 0. */
  duplicateProbability?: number;
  /** Only events of this account (default: every account). */
  accountId?: string;
}

/** A webhook message the fake has queued, in Pay's terms. */
export interface WebhookMessageRecord {
  webhook_message_id: string;
  event_type: string;
  resource_id: string;
  /** The exact body sent. */
  body: string;
  signature: string;
  status: OutboundMessage['status'];
  attempts: number;
}

/** One attempt to deliver a message. */
export interface WebhookDeliveryAttempt {
  webhook_message_id: string;
  event_type: string;
  attempt: number;
  at: string;
  url: string;
  status?: number;
  error?: string;
  delivered: boolean;
  duplicate?: boolean;
}

/** pay-webhooks' message ids: 130 random bits in base 32 (util/IdGenerator.java). */
function messageId(): string {
  return BigInt(`0x${randomBytes(17).toString('hex')}`)
    .toString(32)
    .slice(0, 26);
}

export class PayWebhooks {
  #options: WebhookOptions;
  readonly #deliveries: OutboundDeliveries;
  readonly #clock: FakeClock;
  readonly #model: PayModel;

  constructor(model: PayModel, deliveries: OutboundDeliveries, clock: FakeClock, options: WebhookOptions) {
    this.#model = model;
    this.#deliveries = deliveries;
    this.#clock = clock;
    this.#options = {};
    this.configure(options);
    model.onEvent((event) => this.#send(event));
  }

  get secret(): string {
    return this.#options.secret ?? FAKE_WEBHOOK_SECRET;
  }

  get url(): string | undefined {
    return this.#options.url;
  }

  configure(options: WebhookOptions): void {
    this.#options = { ...this.#options, ...options };
    if (options.timeScale !== undefined) this.#clock.timeScale = options.timeScale;
    this.#deliveries.configure({
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.maxJitterMs !== undefined ? { maxJitterMs: options.maxJitterMs } : {}),
      ...(options.duplicateProbability !== undefined
        ? { duplicateProbability: options.duplicateProbability }
        : {}),
    });
  }

  #send(event: PayModelEvent): void {
    const url = this.#options.url;
    if (!url) return;
    if (this.#options.accountId && event.account_id !== this.#options.accountId) return;
    const id = messageId();
    const body = JSON.stringify({
      webhook_message_id: id,
      created_date: event.created_date,
      resource_id: event.resource_id,
      api_version: 1,
      resource_type: 'payment',
      event_type: event.event_type,
      resource: this.#model.webhookResource(event.payment_id),
    });
    this.#deliveries.send({
      id,
      kind: event.event_type,
      url,
      body,
      headers: { 'Pay-Signature': computeSignature(body, this.secret) },
    });
  }

  messages(): WebhookMessageRecord[] {
    return this.#deliveries.messages().map((m) => ({
      webhook_message_id: m.id,
      event_type: m.kind,
      resource_id: (JSON.parse(m.body) as { resource_id: string }).resource_id,
      body: m.body,
      signature: m.headers['Pay-Signature'] ?? '',
      status: m.status,
      attempts: m.attempts,
    }));
  }

  deliveries(): WebhookDeliveryAttempt[] {
    return this.#deliveries.attempts().map((a: OutboundAttempt) => ({
      webhook_message_id: a.messageId,
      event_type: a.kind,
      attempt: a.attempt,
      at: a.at,
      url: a.url,
      ...(a.status !== undefined ? { status: a.status } : {}),
      ...(a.error !== undefined ? { error: a.error } : {}),
      delivered: a.delivered,
      ...(a.duplicate ? { duplicate: true } : {}),
    }));
  }
}
