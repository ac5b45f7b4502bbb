/**
 * The one way a fake calls out to the service under test: Notify's callbacks, Pay's webhooks and One Login's
 * back-channel logout tokens are all "POST this body to that URL, signed, on the service's retry schedule".
 * Attempts are scheduled on the fake's clock, so a test can `clock.advance()` through a day of retries in a call,
 * and every attempt is logged for the test (and the sandbox dashboard) to read.
 */
import type { FakeClock } from './clock.js';

export type OutboundStatus = 'pending' | 'delivered' | 'failed';

export interface OutboundMessage {
  id: string;
  /** What the service calls it: `delivery-status`, `card_payment_succeeded`, `back-channel-logout`... */
  kind: string;
  url: string;
  /** The exact body sent. */
  body: string;
  /** The exact headers sent (signature and bearer token included: it is a fake's test secret). */
  headers: Record<string, string>;
  status: OutboundStatus;
  attempts: number;
  createdAt: string;
}

export interface OutboundAttempt {
  messageId: string;
  kind: string;
  url: string;
  attempt: number;
  at: string;
  /** The HTTP status, when the endpoint answered. */
  status?: number;
  error?: string;
  delivered: boolean;
  /** A repeat of a message already delivered (services that deliver at least once). */
  duplicate?: boolean;
}

export interface OutboundPolicy {
  /** Waits before each retry: after attempt n fails, wait `retryDelaysMs[n - 1]`; when none is left it has failed. */
  retryDelaysMs: readonly number[];
  /** Per attempt. */
  timeoutMs: number;
  /** Whether an answer counts as delivered (default: any 2xx). */
  isDelivered?: (status: number) => boolean;
  /** Whether a failed attempt is retried (default: always). `status` is undefined for a network error. */
  shouldRetry?: (status: number | undefined) => boolean;
  /** Chance of sending a delivered message once more (at least once). Default 0. */
  duplicateProbability?: number;
  /** Hold the first attempt back by up to this many clock ms, so messages can arrive out of order. Default 0. */
  maxJitterMs?: number;
}

export interface OutboundSend {
  kind: string;
  url: string;
  body: string;
  headers?: Record<string, string>;
  /** Default: a random id. */
  id?: string;
  /**
   * Build the body (and headers) afresh before each retry, for services that sign a new message per attempt (One
   * Login signs a new logout token, with a new `jti`, each time it tries again). Not kept in snapshots.
   */
  renew?: () => OutboundRenewal | Promise<OutboundRenewal>;
  /** Attempt once, whatever the policy (a mail client's one-click unsubscribe is not retried). */
  noRetry?: boolean;
}

export interface OutboundRenewal {
  body: string;
  headers?: Record<string, string>;
}

export interface OutboundState {
  messages: OutboundMessage[];
  attempts: OutboundAttempt[];
}

export interface OutboundDeliveriesOptions extends OutboundPolicy {
  clock: FakeClock;
  /** Default: global fetch (so an msw server in the same process receives them). */
  fetch?: typeof fetch;
  /** A seeded generator for jitter and duplicates (default Math.random). */
  random?: () => number;
}

export class OutboundDeliveries {
  #policy: OutboundPolicy;
  readonly #clock: FakeClock;
  readonly #fetch: typeof fetch;
  readonly #random: () => number;
  #messages: OutboundMessage[] = [];
  #attempts: OutboundAttempt[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  readonly #timers = new Map<string, { cancel(): void }>();
  readonly #renewals = new Map<string, NonNullable<OutboundSend['renew']>>();
  readonly #once = new Set<string>();

  constructor(options: OutboundDeliveriesOptions) {
    const { clock, fetch: fetchImpl, random, ...policy } = options;
    this.#policy = policy;
    this.#clock = clock;
    this.#fetch = fetchImpl ?? ((...args) => globalThis.fetch(...args));
    this.#random = random ?? Math.random;
  }

  get policy(): Readonly<OutboundPolicy> {
    return this.#policy;
  }

  /** Change the policy for messages from now on (a test shortening timeouts, a sandbox adding jitter). */
  configure(policy: Partial<OutboundPolicy>): void {
    this.#policy = { ...this.#policy, ...policy };
  }

  /** Queue a message; its first attempt starts at once (or after the jitter). */
  send(request: OutboundSend): OutboundMessage {
    const message: OutboundMessage = {
      id: request.id ?? crypto.randomUUID(),
      kind: request.kind,
      url: request.url,
      body: request.body,
      headers: { 'Content-Type': 'application/json', ...request.headers },
      status: 'pending',
      attempts: 0,
      createdAt: this.#clock.now().toISOString(),
    };
    this.#messages.push(message);
    if (request.renew) this.#renewals.set(message.id, request.renew);
    if (request.noRetry) this.#once.add(message.id);
    const jitter = this.#policy.maxJitterMs ? this.#random() * this.#policy.maxJitterMs : 0;
    if (jitter > 0) this.#schedule(message, jitter);
    else this.#track(this.#attempt(message));
    return message;
  }

  /** Wait until no attempt is in flight (retries scheduled for later stay scheduled). */
  async settle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  /** Attempt every pending message now, ignoring its schedule, and wait for the answers. */
  async flush(): Promise<void> {
    await this.settle();
    for (const timer of this.#timers.values()) timer.cancel();
    this.#timers.clear();
    await Promise.all(
      this.#messages.filter((m) => m.status === 'pending').map((m) => this.#track(this.#attempt(m))),
    );
  }

  /** Send one message again now, whatever its status (as the services' admin tools allow). */
  async resend(id: string): Promise<void> {
    const message = this.#messages.find((m) => m.id === id);
    if (!message) throw new Error(`No outbound message ${id}`);
    this.#timers.get(id)?.cancel();
    message.status = 'pending';
    await this.#track(this.#attempt(message, { retry: false }));
  }

  messages(filter: { kind?: string } = {}): OutboundMessage[] {
    return this.#messages.filter((m) => !filter.kind || m.kind === filter.kind).map((m) => ({ ...m }));
  }

  attempts(filter: { kind?: string } = {}): OutboundAttempt[] {
    return this.#attempts.filter((a) => !filter.kind || a.kind === filter.kind).map((a) => ({ ...a }));
  }

  reset(): void {
    for (const timer of this.#timers.values()) timer.cancel();
    this.#timers.clear();
    this.#renewals.clear();
    this.#once.clear();
    this.#messages = [];
    this.#attempts = [];
  }

  state(): OutboundState {
    return structuredClone({ messages: this.#messages, attempts: this.#attempts });
  }

  /** Restore the log. Pending messages are not resumed: a restored sandbox does not replay old deliveries. */
  restoreState(state: Partial<OutboundState>): void {
    this.reset();
    this.#messages = structuredClone(state.messages ?? []).map((m) =>
      m.status === 'pending' ? { ...m, status: 'failed' as const } : m,
    );
    this.#attempts = structuredClone(state.attempts ?? []);
  }

  #track(p: Promise<void>): Promise<void> {
    this.#inFlight.add(p);
    void p.finally(() => this.#inFlight.delete(p));
    return p;
  }

  #schedule(message: OutboundMessage, delayMs: number): void {
    const timer = this.#clock.setTimeout(() => {
      this.#timers.delete(message.id);
      return this.#track(this.#attempt(message));
    }, delayMs);
    this.#timers.set(message.id, timer);
  }

  async #post(message: OutboundMessage, entry: OutboundAttempt): Promise<void> {
    try {
      const response = await this.#fetch(message.url, {
        method: 'POST',
        headers: message.headers,
        body: message.body,
        signal: AbortSignal.timeout(this.#policy.timeoutMs),
      });
      entry.status = response.status;
      await response.arrayBuffer().catch(() => undefined);
      entry.delivered = (this.#policy.isDelivered ?? isSuccess)(response.status);
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
    }
  }

  async #attempt(message: OutboundMessage, options: { retry: boolean } = { retry: true }): Promise<void> {
    if (message.status !== 'pending') return;
    message.attempts += 1;
    const renew = this.#renewals.get(message.id);
    if (renew && message.attempts > 1) {
      try {
        const next = await renew();
        message.body = next.body;
        if (next.headers) message.headers = { ...message.headers, ...next.headers };
      } catch {
        // Keep the previous body: a retry of the same message is better than none.
      }
    }
    const entry: OutboundAttempt = {
      messageId: message.id,
      kind: message.kind,
      url: message.url,
      attempt: message.attempts,
      at: this.#clock.now().toISOString(),
      delivered: false,
    };
    this.#attempts.push(entry);
    await this.#post(message, entry);
    if (entry.delivered) {
      message.status = 'delivered';
      if (this.#random() < (this.#policy.duplicateProbability ?? 0)) {
        const duplicate: OutboundAttempt = { ...entry, at: this.#clock.now().toISOString(), duplicate: true };
        duplicate.delivered = false;
        delete duplicate.status;
        this.#attempts.push(duplicate);
        await this.#post(message, duplicate);
      }
      return;
    }
    const delay = this.#policy.retryDelaysMs[message.attempts - 1];
    const retryable = (this.#policy.shouldRetry ?? (() => true))(entry.status);
    if (!options.retry || this.#once.has(message.id) || delay === undefined || !retryable) {
      message.status = 'failed';
      return;
    }
    this.#schedule(message, delay);
  }
}

const isSuccess = (status: number) => status >= 200 && status < 300;
