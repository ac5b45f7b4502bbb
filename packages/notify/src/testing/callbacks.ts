/**
 * Posts callbacks the way Notify does: JSON, `Authorization: Bearer <token>`, a 5 s timeout, and up to 5
 * retries every 300 s on a network error, a 5xx or a 429. The delay is configurable so tests can compress it.
 * Uses global fetch, so an msw server in the same process can receive them.
 */

export type FakeCallbackKind = 'delivery-status' | 'received-text' | 'returned-letter' | 'complaint';

export interface CallbackEndpoint {
  url: string;
  /** At least 10 characters (Notify's rule). */
  bearer_token: string;
}

export interface CallbackSettings {
  deliveryStatus?: CallbackEndpoint;
  receivedText?: CallbackEndpoint;
  returnedLetter?: CallbackEndpoint;
  complaint?: CallbackEndpoint;
  /** Delay between retries, default 300,000 ms. */
  retryDelayMs?: number;
  /** Retries after the first attempt, default 5. */
  maxRetries?: number;
  /** Per attempt, default 5,000 ms. */
  timeoutMs?: number;
}

export interface CallbackAttempt {
  kind: FakeCallbackKind;
  url: string;
  payload: unknown;
  attempt: number;
  /** HTTP status, or undefined on a network error/timeout. */
  status: number | undefined;
  error?: string;
  at: string;
}

const ENDPOINT_OF: Record<FakeCallbackKind, keyof CallbackSettings> = {
  'delivery-status': 'deliveryStatus',
  'received-text': 'receivedText',
  'returned-letter': 'returnedLetter',
  complaint: 'complaint',
};

export class CallbackDispatcher {
  settings: CallbackSettings;
  readonly #log: CallbackAttempt[] = [];
  readonly #pending = new Set<Promise<void>>();
  readonly #waiting = new Set<{ timer: ReturnType<typeof setTimeout>; cancel: () => void }>();
  readonly #now: () => Date;

  constructor(settings: CallbackSettings, now: () => Date) {
    this.settings = settings;
    this.#now = now;
  }

  /** Every attempt so far, oldest first. */
  attempts(): CallbackAttempt[] {
    return this.#log.map((a) => ({ ...a }));
  }

  /**
   * Post a payload to the endpoint configured for `kind` (no-op when none is). Resolves after the first attempt;
   * retries go on in the background (`settle()` waits for them).
   */
  dispatch(kind: FakeCallbackKind, payload: unknown): Promise<void> {
    const endpoint = this.settings[ENDPOINT_OF[kind]] as CallbackEndpoint | undefined;
    if (!endpoint) return Promise.resolve();
    let firstDone!: () => void;
    const first = new Promise<void>((resolve) => {
      firstDone = resolve;
    });
    const p = this.#deliver(kind, endpoint, payload, 0, firstDone).finally(() => {
      firstDone();
      this.#pending.delete(p);
    });
    this.#pending.add(p);
    return first;
  }

  async #deliver(
    kind: FakeCallbackKind,
    endpoint: CallbackEndpoint,
    payload: unknown,
    attempt: number,
    onAttempt: () => void,
  ): Promise<void> {
    const timeoutMs = this.settings.timeoutMs ?? 5_000;
    let status: number | undefined;
    let error: string | undefined;
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${endpoint.bearer_token}` },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (e) {
      error = e instanceof Error ? e.name : 'network error';
    }
    this.#log.push({
      kind,
      url: endpoint.url,
      payload,
      attempt,
      status,
      ...(error ? { error } : {}),
      at: this.#now().toISOString(),
    });
    onAttempt();
    const retryable = status === undefined || status === 429 || status >= 500;
    if (!retryable || attempt >= (this.settings.maxRetries ?? 5)) return;
    const cancelled = await new Promise<boolean>((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.#waiting.delete(entry);
          resolve(false);
        }, this.settings.retryDelayMs ?? 300_000),
        cancel: () => resolve(true),
      };
      // A pending retry must not keep a process (a test run, the sandbox) alive.
      entry.timer.unref?.();
      this.#waiting.add(entry);
    });
    if (cancelled) return;
    return this.#deliver(kind, endpoint, payload, attempt + 1, () => {});
  }

  /** Wait for every callback in flight, retries included. */
  async settle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** Forget the log and cancel pending retries. */
  reset(): void {
    this.#log.length = 0;
    for (const w of this.#waiting) {
      clearTimeout(w.timer);
      w.cancel();
    }
    this.#waiting.clear();
  }
}
