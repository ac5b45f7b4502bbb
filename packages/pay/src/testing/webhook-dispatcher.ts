/**
 * Sends the model's events as signed Pay webhooks with global fetch, on Pay's retry schedule: any 2xx is
 * delivered, otherwise retried after 60 s, 5 min, 1 h, 1 day and 2 days, then dropped; 3 s timeout. Delivery is
 * at least once and possibly out of order, as with Pay. `timeScale` compresses the schedule for tests.
 */
import { randomUUID } from 'node:crypto';
import { computeSignature } from '../webhooks.js';
import type { PayModelEvent } from './model.js';

export const PAY_WEBHOOK_RETRY_DELAYS_MS = [
  60_000,
  5 * 60_000,
  60 * 60_000,
  24 * 60 * 60_000,
  2 * 24 * 60 * 60_000,
] as const;
export const FAKE_WEBHOOK_SECRET = 'webhook_test_council_sdk_fake_secret';

export interface WebhookOptions {
  /** Where to POST webhooks. Nothing is sent until a URL is set. */
  url?: string;
  /** The signing secret (default `FAKE_WEBHOOK_SECRET`). */
  secret?: string;
  /** Multiplies the retry delays: 0.001 turns 60 s into 60 ms. Default 1 (Pay's real schedule). */
  timeScale?: number;
  /** Per-attempt timeout; Pay's is 3 s. */
  timeoutMs?: number;
  /** Hold the first attempt back by a random 0-`maxJitterMs` so messages can arrive out of order. Default 0. */
  maxJitterMs?: number;
  /** Chance of sending a delivered message once more (Pay delivers at least once). Default 0. */
  duplicateProbability?: number;
  /** Only events of this account (default: every account). */
  accountId?: string;
}

export interface WebhookMessageRecord {
  webhook_message_id: string;
  event_type: string;
  resource_id: string;
  /** The exact body sent. */
  body: string;
  signature: string;
  status: 'pending' | 'delivered' | 'dropped';
  attempts: number;
}

export interface WebhookDeliveryAttempt {
  webhook_message_id: string;
  event_type: string;
  attempt: number;
  at: string;
  url: string;
  /** HTTP status, when the endpoint answered. */
  status?: number;
  error?: string;
  delivered: boolean;
  /** A repeat of a message already delivered (Pay delivers at least once). */
  duplicate?: boolean;
}

export class WebhookDispatcher {
  #options: WebhookOptions;
  #messages: WebhookMessageRecord[] = [];
  #log: WebhookDeliveryAttempt[] = [];
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #inFlight = new Set<Promise<void>>();
  readonly #now: () => Date;

  constructor(options: WebhookOptions, now: () => Date) {
    this.#options = { ...options };
    this.#now = now;
  }

  configure(options: WebhookOptions): void {
    this.#options = { ...this.#options, ...options };
  }

  get secret(): string {
    return this.#options.secret ?? FAKE_WEBHOOK_SECRET;
  }

  /** Queue a webhook for a model event (and start sending it if a URL is set). */
  enqueue(event: PayModelEvent): WebhookMessageRecord | undefined {
    if (this.#options.accountId && event.account_id !== this.#options.accountId) return undefined;
    const message = {
      webhook_message_id: randomUUID().replaceAll('-', '').slice(0, 26),
      created_date: event.created_date,
      resource_id: event.resource_id,
      api_version: 1,
      resource_type: 'payment',
      event_type: event.event_type,
      resource: event.resource,
    };
    const body = JSON.stringify(message);
    const record: WebhookMessageRecord = {
      webhook_message_id: message.webhook_message_id,
      event_type: event.event_type,
      resource_id: event.resource_id,
      body,
      signature: computeSignature(body, this.secret),
      status: 'pending',
      attempts: 0,
    };
    this.#messages.push(record);
    if (this.#options.url) {
      const jitter = Math.random() * (this.#options.maxJitterMs ?? 0);
      this.#schedule(record, jitter);
    }
    return record;
  }

  #schedule(record: WebhookMessageRecord, delayMs: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#track(this.#attempt(record));
    }, delayMs);
    timer.unref?.();
    this.#timers.add(timer);
  }

  #track(p: Promise<void>): void {
    this.#inFlight.add(p);
    void p.finally(() => this.#inFlight.delete(p));
  }

  async #attempt(
    record: WebhookMessageRecord,
    options: { retry?: boolean } = { retry: true },
  ): Promise<void> {
    const url = this.#options.url;
    if (!url || record.status !== 'pending') return;
    record.attempts += 1;
    const entry: WebhookDeliveryAttempt = {
      webhook_message_id: record.webhook_message_id,
      event_type: record.event_type,
      attempt: record.attempts,
      at: this.#now().toISOString(),
      url,
      delivered: false,
    };
    this.#log.push(entry);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Pay-Signature': record.signature },
        body: record.body,
        signal: AbortSignal.timeout(this.#options.timeoutMs ?? 3000),
      });
      entry.status = response.status;
      await response.arrayBuffer().catch(() => undefined);
      entry.delivered = response.status >= 200 && response.status < 300;
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
    }
    if (entry.delivered) {
      record.status = 'delivered';
      if (Math.random() < (this.#options.duplicateProbability ?? 0)) {
        // At least once: the same message (same id, same body) again, logged like any attempt.
        const duplicate: WebhookDeliveryAttempt = {
          ...entry,
          at: this.#now().toISOString(),
          duplicate: true,
          delivered: false,
        };
        delete duplicate.status;
        this.#log.push(duplicate);
        this.#track(
          fetch(url, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'Pay-Signature': record.signature },
            body: record.body,
            signal: AbortSignal.timeout(this.#options.timeoutMs ?? 3000),
          })
            .then(async (response) => {
              duplicate.status = response.status;
              duplicate.delivered = response.ok;
              await response.arrayBuffer().catch(() => undefined);
            })
            .catch((error: unknown) => {
              duplicate.error = error instanceof Error ? error.message : String(error);
            }),
        );
      }
      return;
    }
    const delay = PAY_WEBHOOK_RETRY_DELAYS_MS[record.attempts - 1];
    if (delay === undefined) {
      record.status = 'dropped';
      return;
    }
    if (options.retry) this.#schedule(record, delay * (this.#options.timeScale ?? 1));
  }

  /** Try every pending message now, ignoring the schedule (one attempt each), and wait for the answers. */
  async flush(): Promise<void> {
    await this.idle();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    const pending = this.#messages.filter((m) => m.status === 'pending');
    await Promise.all(pending.map((m) => this.#attempt(m, { retry: true })));
  }

  /** Wait until nothing is being sent right now (scheduled retries may remain). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  messages(): WebhookMessageRecord[] {
    return [...this.#messages];
  }

  deliveries(): WebhookDeliveryAttempt[] {
    return [...this.#log];
  }

  /** Re-send one message now (as the Pay admin tool allows). */
  async resend(webhookMessageId: string): Promise<void> {
    const record = this.#messages.find((m) => m.webhook_message_id === webhookMessageId);
    if (!record) throw new Error(`No webhook message ${webhookMessageId}`);
    record.status = 'pending';
    await this.#attempt(record, { retry: false });
  }

  reset(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#messages = [];
    this.#log = [];
  }

  snapshot(): { messages: WebhookMessageRecord[]; deliveries: WebhookDeliveryAttempt[] } {
    return structuredClone({ messages: this.#messages, deliveries: this.#log });
  }

  restore(s: { messages?: WebhookMessageRecord[]; deliveries?: WebhookDeliveryAttempt[] }): void {
    this.reset();
    this.#messages = structuredClone(s.messages ?? []);
    this.#log = structuredClone(s.deliveries ?? []);
  }
}
