/**
 * `@council-sdk/notify/testing`: a stateful fake GOV.UK Notify for tests (`setupServer(...fake.handlers)`) and
 * for the sandbox (the same handlers served over HTTP), on the fake kernel of `@council-sdk/core/testing`: one
 * clock, one fault injector, one outbound-delivery log for callbacks. Tests and the sandbox steer it only through
 * the methods below.
 */
import {
  checkSnapshot,
  createFakeClock,
  createFaultInjector,
  type FakeClock,
  type FakeSnapshot,
  type Fault,
  type FaultInjector,
  makeSnapshot,
  type OutboundAttempt,
  OutboundDeliveries,
  type OutboundState,
  type ServiceFake,
} from '@council-sdk/core/testing';
import type { HttpHandler } from 'msw';
import { createHandlers } from './handlers.js';
import { apiKeyString, createApiKey, revokeApiKey } from './model/auth.js';
import { deliveryReceipt, moveStatus } from './model/delivery.js';
import { apiStatus, sendEmail, sendLetter, sendSms } from './model/notifications.js';
import { type ReceivedTextInput, receiveText } from './model/received-texts.js';
import {
  configureCallbacks,
  type InitialStateOptions,
  initialState,
  updateLimits,
  updateService,
} from './model/service.js';
import { createStore, reindex } from './model/store.js';
import { archiveTemplate, createTemplate, updateTemplate } from './model/templates.js';
import {
  type ApiKeyRecord,
  type CallbackEndpoints,
  type InternalStatus,
  isFinal,
  type KeyType,
  type NotificationRecord,
  type NotificationType,
  type NotifyLimits,
  type NotifyState,
  notifyDate,
  type ReceivedTextRecord,
  type ServiceSettings,
  type TemplateChanges,
  type TemplateRecord,
  type TemplateSeed,
} from './model/types.js';

export { DEFAULT_LIMITS } from './model/service.js';
export { bucketMax } from './model/limits.js';
export { sanitisePersonalisationItem } from './model/notifications.js';
export type * from './model/types.js';
export { FINAL_STATUSES, isFinal, notifyDate } from './model/types.js';

export const DEFAULT_BASE_URL = 'https://api.notifications.service.gov.uk';
export const SNAPSHOT_VERSION = 2;

/**
 * `service_callback_tasks.py`: every callback task has `max_retries=5, default_retry_delay=300`, a 5 s request
 * timeout, and is retried on a connection error, a 5xx or a 429 (any other 4xx is not retried).
 */
export const CALLBACK_RETRY_DELAY_MS = 300_000;
export const CALLBACK_MAX_RETRIES = 5;
export const CALLBACK_TIMEOUT_MS = 5_000;

/**
 * How long Notify takes to move a test-key notification on (it hands it to the research-mode queue, which
 * answers like a provider): about a second to `sending`, and a couple more to its final status.
 */
export const SIMULATED_STEP_DELAYS_MS = [1_000, 2_000, 2_000] as const;

export type FakeCallbackKind = 'delivery-status' | 'received-text' | 'returned-letter' | 'complaint';

export interface CallbackSettings extends CallbackEndpoints {
  /** Delay between retries, default 300,000 ms (or compress time with `fake.clock.advance`). */
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
  /** 1 for the first attempt. */
  attempt: number;
  /** HTTP status, or undefined on a network error/timeout. */
  status: number | undefined;
  error?: string;
  at: string;
}

export interface NotifyFakeOptions extends InitialStateOptions {
  /** Where the fake is served (default Notify's own API URL). */
  baseUrl?: string;
  /** The clock (default: a new ticking clock on `now`, or the system clock). */
  clock?: FakeClock;
  /** The base time source for the default clock. */
  now?: () => Date;
  /** Where the fake posts callbacks (and how it retries). */
  callbacks?: CallbackSettings;
  /**
   * `manual` (default): live- and team-key notifications stay `created` until `advance()`; test-key ones move
   * on by themselves on the clock, as Notify simulates them.
   * `immediate`: every new notification moves straight to its final status (delivered, or the simulated failure
   * of a test-key simulator recipient) and its delivery-status callback is sent.
   * `simulated`: every notification, whatever its key, moves on by itself on the clock as test-key ones do
   * (sending after a second, final a few seconds later, with its callback): what a sandbox wants, since the real
   * service delivers live- and team-key messages within seconds too.
   */
  delivery?: 'manual' | 'immediate' | 'simulated';
  /** Seed for probabilistic faults. */
  faultSeed?: number;
}

/** A sent message as a test wants to read it. */
export interface InboxMessage {
  id: string;
  type: NotificationType;
  to: string;
  subject: string | null;
  body: string;
  reference: string | null;
  /** As the API reports it (letters: accepted/received). */
  status: string;
  template_id: string;
  template_version: number;
  personalisation: Record<string, unknown>;
  key_type: KeyType;
  created_at: string;
}

/** What the snapshot keeps: the model's state and the callback log. */
export interface NotifyFakeState {
  model: NotifyState;
  deliveries: OutboundState;
}
export type NotifyFakeSnapshot = FakeSnapshot<NotifyFakeState>;

/** Create a notification without the API (as if sent with a key of `key_type`, default live), skipping limits. */
export type CreateNotificationInput =
  | {
      type: 'email';
      email_address: string;
      template_id: string;
      personalisation?: Record<string, unknown>;
      reference?: string;
      key_type?: KeyType;
    }
  | {
      type: 'sms';
      phone_number: string;
      template_id: string;
      personalisation?: Record<string, unknown>;
      reference?: string;
      key_type?: KeyType;
    }
  | {
      type: 'letter';
      template_id: string;
      personalisation: Record<string, unknown>;
      reference?: string;
      key_type?: KeyType;
    };

export interface NotifyFake extends ServiceFake<NotifyFakeState> {
  readonly handlers: HttpHandler[];
  readonly deliveries: OutboundDeliveries;
  readonly baseUrl: string;
  readonly serviceId: string;
  /** Full API keys by type (the first key of each type). */
  readonly apiKeys: { live: string; team: string; test: string };

  // ---------------------------------------------------------------- messages
  /** Messages sent, oldest first, with rendered content; filter by recipient, type or reference. */
  inbox(filter?: { to?: string; type?: NotificationType; reference?: string }): InboxMessage[];
  /** The newest message (to `to`, when given). */
  lastMessage(to?: string): InboxMessage | undefined;
  notification(id: string): NotificationRecord | undefined;
  /**
   * Move a notification on: to `status`, or one natural step (created -> sending -> its final status). A final
   * status sends the delivery-status callback; resolves after its first attempt (retries stay on the clock).
   */
  advance(id: string, status?: InternalStatus): Promise<NotificationRecord | undefined>;
  /** Advance every notification not yet final to its final status. Returns how many moved. */
  deliverAll(): Promise<number>;
  /**
   * Press the mail client's "Unsubscribe" button for an email sent with `one_click_unsubscribe_url`: POST
   * `List-Unsubscribe=One-Click` to that URL (RFC 8058), once, and answer how it went. Throws when the email has none.
   */
  unsubscribe(id: string): Promise<OutboundAttempt>;
  notifications: {
    /** Store a notification directly (validated like a send, without rate or daily limits). */
    create(input: CreateNotificationInput): NotificationRecord;
    list(): NotificationRecord[];
  };

  // ---------------------------------------------------------------- the service
  /** The service's settings (`fake.service` is the kernel's service name, `notify`). */
  settings: {
    get(): ServiceSettings;
    /** Change settings: `trial_mode`, `permissions`, `team_recipients`, reply-to and sender ids... */
    update(changes: Partial<Omit<ServiceSettings, 'id'>>): ServiceSettings;
    /** Trial mode: only team members and the guest list, no letters (`restricted` in Notify). */
    setTrialMode(on: boolean): void;
    /** Add a permission (`international_sms`, `international_letters`, `sms_to_uk_landlines`...). */
    grant(permission: string): void;
    /** Remove a permission (e.g. `letter`). */
    revoke(permission: string): void;
    /** Team members and guest list: who a team key, or a service in trial mode, may send to. */
    addTeamRecipient(recipient: string): void;
  };
  limits: {
    get(): NotifyLimits;
    /** `rate_limit` (per 60 s per key type) and the daily `*_message_limit`s. */
    set(changes: Partial<NotifyLimits>): NotifyLimits;
  };
  templates: {
    create(seed: TemplateSeed): TemplateRecord;
    /** A new version of the template, as editing it in Notify makes. */
    update(id: string, changes: TemplateChanges): TemplateRecord;
    /** Delete it: still readable by id, no longer listed or sendable ("Template has been deleted"). */
    archive(id: string): void;
    list(): TemplateRecord[];
  };
  receivedTexts: {
    /** A text from a user to the service's inbound number; sends the received-text callback when configured. */
    add(input: ReceivedTextInput): Promise<ReceivedTextRecord>;
    list(): ReceivedTextRecord[];
  };
  keys: {
    /** A new key of that type; returns the full key string. */
    create(type: KeyType, name?: string): string;
    /** Revoke a key (by its full key string or its id). */
    revoke(apiKey: string): void;
    list(): Array<Omit<ApiKeyRecord, 'secret'>>;
  };
  callbacks: {
    /** Callback URLs and tokens per kind; `retryDelayMs`, `maxRetries`, `timeoutMs` change the retry policy. */
    configure(settings: CallbackSettings): void;
    attempts(): CallbackAttempt[];
    /** Wait for callbacks in flight, then run their pending retries at once until none is left. */
    settle(): Promise<void>;
    /** Return a letter: it becomes `returned-letter` and the returned-letter callback is sent. */
    returnLetter(id: string): Promise<void>;
    /** An email complaint: sends the complaint callback. */
    complain(id: string): Promise<void>;
  };
  /** Inject a fault for the next N matching requests (5xx, 429, latency, dropped connection). */
  inject(fault: Fault): void;
}

const ENDPOINT_OF: Record<FakeCallbackKind, keyof CallbackEndpoints> = {
  'delivery-status': 'deliveryStatus',
  'received-text': 'receivedText',
  'returned-letter': 'returnedLetter',
  complaint: 'complaint',
};

export function createNotifyFake(options: NotifyFakeOptions = {}): NotifyFake {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const clock = options.clock ?? createFakeClock(options.now ? { base: options.now } : {});
  const initialClock = clock.state();
  const { retryDelayMs, maxRetries, timeoutMs, ...endpoints } = options.callbacks ?? {};
  const initial = initialState({ ...options, callbacks: endpoints }, clock.now());
  const store = createStore(structuredClone(initial), baseUrl, () => clock.now());
  const faults: FaultInjector = createFaultInjector(
    options.faultSeed === undefined ? {} : { seed: options.faultSeed },
  );
  const retryPolicy = (delay = CALLBACK_RETRY_DELAY_MS, retries = CALLBACK_MAX_RETRIES) =>
    Array.from({ length: retries }, () => delay);
  const deliveries = new OutboundDeliveries({
    clock,
    retryDelaysMs: retryPolicy(retryDelayMs, maxRetries),
    timeoutMs: timeoutMs ?? CALLBACK_TIMEOUT_MS,
    shouldRetry: (status) => status === undefined || status >= 500 || status === 429,
  });
  const delivery = options.delivery ?? 'manual';

  const dispatch = (kind: FakeCallbackKind, payload: unknown) => {
    const endpoint = store.state.callbacks[ENDPOINT_OF[kind]];
    if (!endpoint) return;
    deliveries.send({
      kind,
      url: endpoint.url,
      body: JSON.stringify(payload),
      headers: { Authorization: `Bearer ${endpoint.bearer_token}` },
    });
  };

  const move = async (id: string, status?: InternalStatus) => {
    if (!store.byId.has(id.toLowerCase())) return undefined;
    const change = moveStatus(store, id, status);
    if (change.receipt) dispatch('delivery-status', change.receipt);
    await deliveries.settle();
    return change.notification;
  };

  const toFinal = async (id: string) => {
    let current = store.byId.get(id.toLowerCase());
    for (let i = 0; current && !isFinal(current.status) && i < 4; i++) {
      await move(id);
      current = store.byId.get(id.toLowerCase());
    }
  };

  /** Research mode: a test-key notification moves one step at a time on the clock until it is final. */
  const simulate = (id: string, step = 0) => {
    const delay = SIMULATED_STEP_DELAYS_MS[Math.min(step, SIMULATED_STEP_DELAYS_MS.length - 1)]!;
    clock.setTimeout(async () => {
      const n = store.byId.get(id.toLowerCase());
      if (!n || isFinal(n.status)) return;
      await move(id);
      simulate(id, step + 1);
    }, delay);
  };

  const onCreated = (n: NotificationRecord) => {
    if (delivery === 'immediate') {
      // after the response is on its way, like Notify's queue
      setTimeout(() => void toFinal(n.id), 0);
    } else if (n.key_type === 'test' || delivery === 'simulated') {
      simulate(n.id);
    }
  };

  const handlers = createHandlers(store, faults, { onCreated });

  const keyString = (type: KeyType) => {
    const k = store.state.apiKeys.find((x) => x.type === type);
    return k ? apiKeyString(store, k) : '';
  };

  const toInbox = (n: NotificationRecord): InboxMessage => ({
    id: n.id,
    type: n.type,
    to: n.to,
    subject: n.subject,
    body: n.body,
    reference: n.reference,
    status: apiStatus(n),
    template_id: n.template_id,
    template_version: n.template_version,
    personalisation: structuredClone(n.personalisation),
    key_type: n.key_type,
    created_at: n.created_at,
  });

  const requireNotification = (id: string, type: NotificationType) => {
    const n = store.byId.get(id.toLowerCase());
    if (n?.type !== type) throw new Error(`No ${type} ${id}`);
    return n;
  };

  const fake: NotifyFake = {
    service: 'notify',
    handlers,
    clock,
    faults,
    deliveries,
    baseUrl,
    get serviceId() {
      return store.state.service.id;
    },
    get apiKeys() {
      return { live: keyString('live'), team: keyString('team'), test: keyString('test') };
    },

    inbox(filter = {}) {
      return store.state.notifications
        .filter(
          (n) =>
            (filter.type === undefined || n.type === filter.type) &&
            (filter.to === undefined || n.to.toLowerCase() === filter.to.toLowerCase()) &&
            (filter.reference === undefined || n.reference === filter.reference),
        )
        .map(toInbox);
    },
    lastMessage(to) {
      return fake.inbox(to === undefined ? {} : { to }).at(-1);
    },
    notification(id) {
      const n = store.byId.get(id.toLowerCase());
      return n ? structuredClone(n) : undefined;
    },
    advance: move,
    async unsubscribe(id) {
      const n = store.byId.get(id.toLowerCase());
      if (!n?.one_click_unsubscribe_url)
        throw new Error(`Notification ${id} has no one_click_unsubscribe_url`);
      // what a mail client does with Notify's List-Unsubscribe / List-Unsubscribe-Post headers: one POST, no retry
      const message = deliveries.send({
        kind: 'one-click-unsubscribe',
        url: n.one_click_unsubscribe_url,
        body: 'List-Unsubscribe=One-Click',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        noRetry: true,
      });
      await deliveries.settle();
      return deliveries
        .attempts()
        .filter((a) => a.messageId === message.id)
        .at(-1)!;
    },
    async deliverAll() {
      let moved = 0;
      for (const n of [...store.state.notifications]) {
        if (isFinal(n.status)) continue;
        await toFinal(n.id);
        moved++;
      }
      return moved;
    },
    notifications: {
      create(input) {
        const keyType = input.key_type ?? 'live';
        const key = store.state.apiKeys.find((k) => k.type === keyType) ?? {
          id: 'steering',
          name: 'steering',
          type: keyType,
          secret: '',
          revoked: false,
        };
        const { type: _type, key_type: _keyType, ...request } = input;
        const result =
          input.type === 'email'
            ? sendEmail(store, key, request as Parameters<typeof sendEmail>[2])
            : input.type === 'sms'
              ? sendSms(store, key, request as Parameters<typeof sendSms>[2])
              : sendLetter(store, key, request as Parameters<typeof sendLetter>[2]);
        if (!result.notification) throw new Error('A simulated recipient is never stored');
        onCreated(result.notification);
        return structuredClone(result.notification);
      },
      list: () => structuredClone(store.state.notifications),
    },

    settings: {
      get: () => structuredClone(store.state.service),
      update: (changes) => updateService(store, changes),
      setTrialMode(on) {
        updateService(store, { trial_mode: on });
      },
      grant(permission) {
        if (!store.state.service.permissions.includes(permission))
          store.state.service.permissions.push(permission);
      },
      revoke(permission) {
        store.state.service.permissions = store.state.service.permissions.filter((p) => p !== permission);
      },
      addTeamRecipient(recipient) {
        store.state.service.team_recipients.push(recipient);
      },
    },
    limits: {
      get: () => ({ ...store.state.limits }),
      set: (changes) => updateLimits(store, changes),
    },
    templates: {
      create: (seed) => createTemplate(store, seed),
      update: (id, changes) => updateTemplate(store, id, changes),
      archive: (id) => archiveTemplate(store, id),
      list: () => structuredClone(store.state.templates),
    },
    receivedTexts: {
      async add(input) {
        const r = receiveText(store, input);
        dispatch('received-text', {
          id: r.id,
          source_number: r.user_number,
          destination_number: r.notify_number,
          message: r.content,
          date_received: r.created_at,
        });
        await deliveries.settle();
        return r;
      },
      list: () => structuredClone(store.state.receivedTexts),
    },
    keys: {
      create: (type, name) => apiKeyString(store, createApiKey(store, type, name)),
      revoke(apiKey) {
        revokeApiKey(store, apiKey);
      },
      list: () => store.state.apiKeys.map(({ secret: _secret, ...k }) => ({ ...k })),
    },
    callbacks: {
      configure(settings) {
        const { retryDelayMs: delay, maxRetries: retries, timeoutMs: timeout, ...urls } = settings;
        configureCallbacks(store, urls);
        if (delay !== undefined || retries !== undefined) {
          const current = deliveries.policy.retryDelaysMs;
          deliveries.configure({
            retryDelaysMs: retryPolicy(
              delay ?? current[0] ?? CALLBACK_RETRY_DELAY_MS,
              retries ?? current.length,
            ),
          });
        }
        if (timeout !== undefined) deliveries.configure({ timeoutMs: timeout });
      },
      attempts() {
        const bodies = new Map(deliveries.messages().map((m) => [m.id, m.body]));
        return deliveries
          .attempts()
          .filter((a) => !a.duplicate)
          .map((a) => ({
            kind: a.kind as FakeCallbackKind,
            url: a.url,
            payload: JSON.parse(bodies.get(a.messageId) ?? 'null') as unknown,
            attempt: a.attempt,
            status: a.status,
            ...(a.error !== undefined ? { error: a.error } : {}),
            at: a.at,
          }));
      },
      async settle() {
        await deliveries.settle();
        while (deliveries.messages().some((m) => m.status === 'pending')) await deliveries.flush();
      },
      async returnLetter(id) {
        const n = requireNotification(id, 'letter');
        moveStatus(store, id, 'returned-letter');
        const template = store.templatesById.get(n.template_id.toLowerCase());
        // create_returned_letter_callback_data: "API" as the sender of a letter sent through the API
        dispatch('returned-letter', {
          notification_id: n.id,
          reference: n.reference,
          date_sent: n.created_at,
          sent_by: 'API',
          template_name: template?.versions.find((v) => v.version === n.template_version)?.name ?? null,
          template_id: n.template_id,
          template_version: n.template_version,
          spreadsheet_file_name: null,
          spreadsheet_row_number: null,
          upload_letter_file_name: null,
        });
        await deliveries.settle();
      },
      async complain(id) {
        const n = requireNotification(id, 'email');
        dispatch('complaint', {
          notification_id: n.id,
          complaint_id: crypto.randomUUID(),
          reference: n.reference,
          to: n.to,
          complaint_date: notifyDate(clock.now()),
        });
        await deliveries.settle();
      },
    },
    inject: (fault) => faults.inject(fault),

    snapshot: () =>
      makeSnapshot('notify', SNAPSHOT_VERSION, clock, { model: store.state, deliveries: deliveries.state() }),
    restore(snapshot) {
      const s = checkSnapshot(snapshot, { service: 'notify', version: SNAPSHOT_VERSION });
      clock.clearTimers();
      clock.restoreState(s.clock);
      store.state = structuredClone(s.state.model);
      reindex(store);
      deliveries.restoreState(s.state.deliveries);
      // timers are not saved: test-key notifications still on their way pick up their simulation again
      for (const n of store.state.notifications) {
        if (
          (n.key_type === 'test' || delivery === 'simulated') &&
          !isFinal(n.status) &&
          delivery !== 'immediate'
        )
          simulate(n.id);
      }
    },
    reset() {
      clock.clearTimers();
      clock.restoreState(initialClock);
      store.state = structuredClone(initial);
      reindex(store);
      faults.clear();
      deliveries.reset();
    },
    settle: () => deliveries.settle(),
  };
  return fake;
}

/** The delivery-status callback body for a notification (what the fake posts when its status is final). */
export function deliveryStatusPayload(n: NotificationRecord) {
  return deliveryReceipt(n);
}
