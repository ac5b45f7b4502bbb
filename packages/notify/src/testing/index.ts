/**
 * `@council-sdk/notify/testing`: a stateful fake GOV.UK Notify for tests (`setupServer(...fake.handlers)`) and
 * for the sandbox (the same handlers served over HTTP).
 */
import { createFaultInjector, type Fault, type FaultInjector } from '@council-sdk/core/testing';
import type { HttpHandler } from 'msw';
import { CallbackDispatcher, type CallbackAttempt, type CallbackSettings } from './callbacks.js';
import { createHandlers } from './handlers.js';
import {
  type ApiKeyRecord,
  type InternalStatus,
  type KeyType,
  type ModelSnapshot,
  type NotificationRecord,
  NotifyModel,
  type NotifyModelOptions,
  notifyDate,
  type ReceivedTextRecord,
  type TemplateRecord,
  type TemplateSeed,
} from './model.js';

export * from './model.js';
export type { CallbackAttempt, CallbackEndpoint, CallbackSettings, FakeCallbackKind } from './callbacks.js';

export interface NotifyFakeOptions extends NotifyModelOptions {
  /** Where the fake posts callbacks (and how it retries). */
  callbacks?: CallbackSettings;
  /**
   * `manual` (default): notifications stay `created` until `advance()`.
   * `immediate`: every new notification moves straight to its final status (delivered, or the simulated failure
   * of a test-key simulator recipient) and its delivery-status callback is sent.
   */
  delivery?: 'manual' | 'immediate';
  /** Seed for probabilistic faults. */
  faultSeed?: number;
}

/** A sent message as a test wants to read it. */
export interface InboxMessage {
  id: string;
  type: 'email' | 'sms' | 'letter';
  to: string;
  subject: string | null;
  body: string;
  reference: string | null;
  status: string;
  template_id: string;
  template_version: number;
  personalisation: Record<string, unknown>;
  key_type: KeyType;
  created_at: string;
}

export interface NotifyFakeSnapshot {
  model: ModelSnapshot;
}

export interface NotifyFake {
  /** msw handlers for `setupServer(...fake.handlers)` or `@mswjs/http-middleware`. */
  readonly handlers: HttpHandler[];
  readonly baseUrl: string;
  readonly serviceId: string;
  /** Full API keys by type (the first key of each type). */
  readonly apiKeys: { live: string; team: string; test: string };
  /** The model itself, for the sandbox dashboard (read-only use; steer it through the methods below). */
  readonly model: NotifyModel;
  readonly faults: FaultInjector;
  readonly clock: { now(): Date; advance(ms: number): void };
  /** Messages sent, oldest first, with rendered content; filter by recipient or type. */
  inbox(filter?: { to?: string; type?: 'email' | 'sms' | 'letter'; reference?: string }): InboxMessage[];
  /** The newest message (to `to`, when given). */
  lastMessage(to?: string): InboxMessage | undefined;
  notification(id: string): NotificationRecord | undefined;
  /**
   * Move a notification on (see the model) and send its delivery-status callback when the status is final.
   * Resolves after the callback's first attempt; `callbacks.settle()` waits for retries.
   */
  advance(id: string, status?: InternalStatus): Promise<NotificationRecord | undefined>;
  /** Advance every notification not yet final to its final status. */
  deliverAll(): Promise<number>;
  templates: {
    create(seed: TemplateSeed): TemplateRecord;
    update(
      id: string,
      changes: Partial<Pick<TemplateSeed, 'name' | 'subject' | 'body' | 'postage' | 'letter_contact_block'>>,
    ): TemplateRecord | undefined;
    archive(id: string): void;
    list(): TemplateRecord[];
  };
  receivedTexts: {
    /** A text from a user to the service's inbound number; sends the received-text callback when configured. */
    add(input: { user_number: string; content: string; notify_number?: string }): Promise<ReceivedTextRecord>;
    list(): ReceivedTextRecord[];
  };
  keys: {
    create(type: KeyType, name?: string): string;
    revoke(apiKey: string): void;
    list(): Array<Omit<ApiKeyRecord, 'secret'>>;
  };
  callbacks: {
    configure(settings: CallbackSettings): void;
    attempts(): CallbackAttempt[];
    /** Wait for callbacks in flight (retries included). */
    settle(): Promise<void>;
    /** Send a returned-letter callback for a letter. */
    returnLetter(id: string): Promise<void>;
    /** Send a complaint callback for an email. */
    complain(id: string): Promise<void>;
  };
  /** Inject a fault for the next N matching requests (5xx, 429, latency, dropped connection). */
  inject(fault: Fault): void;
  snapshot(): NotifyFakeSnapshot;
  restore(snapshot: NotifyFakeSnapshot): void;
  reset(): void;
}

const FINAL = new Set([
  'delivered',
  'permanent-failure',
  'temporary-failure',
  'technical-failure',
  'cancelled',
  'returned-letter',
  'virus-scan-failed',
  'validation-failed',
]);

export function createNotifyFake(options: NotifyFakeOptions = {}): NotifyFake {
  const model = new NotifyModel(options);
  const faults = createFaultInjector(options.faultSeed === undefined ? {} : { seed: options.faultSeed });
  const dispatcher = new CallbackDispatcher({ ...options.callbacks }, () => model.now());
  const delivery = options.delivery ?? 'manual';

  const keyString = (type: KeyType) => {
    const k = model.apiKeys().find((x) => x.type === type);
    return k ? model.apiKeyString(k) : '';
  };

  const toInbox = (n: NotificationRecord): InboxMessage => ({
    id: n.id,
    type: n.type,
    to: n.to,
    subject: n.subject,
    body: n.body,
    reference: n.reference,
    status: model.serializeNotification(n).status as string,
    template_id: n.template_id,
    template_version: n.template_version,
    personalisation: n.personalisation,
    key_type: n.key_type,
    created_at: n.created_at,
  });

  const advance = async (id: string, status?: InternalStatus) => {
    const result = model.advance(id, status);
    if (!result) return undefined;
    if (result.receipt) await dispatcher.dispatch('delivery-status', result.receipt);
    return result.notification;
  };

  if (delivery === 'immediate') {
    // After the response is on its way, like Notify's queue: created -> sending -> final status (and callback).
    model.onCreated = (id) => {
      setTimeout(async () => {
        let current = model.notification(id);
        for (let i = 0; current && !FINAL.has(current.status) && i < 4; i++) current = await advance(id);
      }, 0);
    };
  }

  const handlers = createHandlers(model, faults);

  const fake: NotifyFake = {
    handlers,
    baseUrl: model.baseUrl,
    get serviceId() {
      return model.service.id;
    },
    get apiKeys() {
      return { live: keyString('live'), team: keyString('team'), test: keyString('test') };
    },
    model,
    faults,
    clock: { now: () => model.now(), advance: (ms: number) => model.advanceClock(ms) },
    inbox(filter = {}) {
      return model
        .notifications()
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
    notification: (id) => model.notification(id),
    advance,
    async deliverAll() {
      let moved = 0;
      for (const n of model.notifications()) {
        let current: NotificationRecord | undefined = n;
        if (FINAL.has(n.status)) continue;
        for (let i = 0; current && !FINAL.has(current.status) && i < 4; i++)
          current = await advance(current.id);
        moved++;
      }
      return moved;
    },
    templates: {
      create: (seed) => model.createTemplate(seed),
      update: (id, changes) => model.updateTemplate(id, changes),
      archive: (id) => model.archiveTemplate(id),
      list: () => model.templates(),
    },
    receivedTexts: {
      async add(input) {
        const r = model.addReceivedText(input);
        await dispatcher.dispatch('received-text', {
          id: r.id,
          source_number: r.user_number,
          destination_number: r.notify_number,
          message: r.content,
          date_received: r.created_at,
        });
        return r;
      },
      list: () => model.receivedTexts(),
    },
    keys: {
      create(type, name) {
        return model.apiKeyString(model.createApiKey(type, name));
      },
      revoke(apiKey) {
        const secret = apiKey.slice(-36);
        const key = model.apiKeys().find((k) => k.secret === secret);
        if (key) model.revokeApiKey(key.id);
      },
      list: () => model.apiKeys().map(({ secret: _secret, ...k }) => k),
    },
    callbacks: {
      configure(settings) {
        dispatcher.settings = { ...dispatcher.settings, ...settings };
      },
      attempts: () => dispatcher.attempts(),
      settle: () => dispatcher.settle(),
      async returnLetter(id) {
        const n = model.notification(id);
        if (n?.type !== 'letter') throw new Error(`No letter ${id}`);
        model.advance(id, 'returned-letter');
        const t = model.templates().find((x) => x.id === n.template_id);
        await dispatcher.dispatch('returned-letter', {
          notification_id: n.id,
          reference: n.reference,
          date_sent: n.sent_at ?? n.created_at,
          sent_by: null,
          template_name: t?.versions.find((v) => v.version === n.template_version)?.name ?? null,
          template_id: n.template_id,
          template_version: n.template_version,
          spreadsheet_file_name: null,
          spreadsheet_row_number: null,
          upload_letter_file_name: null,
        });
      },
      async complain(id) {
        const n = model.notification(id);
        if (n?.type !== 'email') throw new Error(`No email ${id}`);
        await dispatcher.dispatch('complaint', {
          notification_id: n.id,
          complaint_id: crypto.randomUUID(),
          reference: n.reference,
          to: n.to,
          complaint_date: notifyDate(model.now()),
        });
      },
    },
    inject: (fault) => faults.inject(fault),
    snapshot: () => ({ model: model.snapshot() }),
    restore(snapshot) {
      model.restore(snapshot.model);
    },
    reset() {
      model.reset();
      faults.clear();
      dispatcher.reset();
    },
  };
  return fake;
}
