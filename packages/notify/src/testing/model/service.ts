/** The service the fake plays: its settings, permissions, limits and callback APIs, and its initial state. */
import { randomUUID } from 'node:crypto';
import { newApiKey } from './auth.js';
import type { NotifyStore } from './store.js';
import { newTemplate } from './templates.js';
import type {
  CallbackEndpoint,
  CallbackEndpoints,
  KeyType,
  NotifyLimits,
  NotifyState,
  ServiceSettings,
  TemplateSeed,
} from './types.js';

/** Live services' defaults (notifications-api `app/config.py` DEFAULT_LIVE_SERVICE_RATE_LIMITS, `rate_limit`). */
export const DEFAULT_LIMITS: NotifyLimits = {
  rate_limit: 3000,
  email_message_limit: 250_000,
  sms_message_limit: 250_000,
  letter_message_limit: 20_000,
  international_sms_message_limit: 100,
};

export interface InitialStateOptions {
  service?: Partial<ServiceSettings>;
  limits?: Partial<NotifyLimits>;
  /** Keys to create. Default: one key of each type with random secrets. */
  apiKeys?: Array<{ name?: string; type: KeyType; secret?: string; id?: string }>;
  templates?: TemplateSeed[];
  callbacks?: CallbackEndpoints;
}

/** The state a fake starts with (ids and secrets are generated here once; `reset()` goes back to this). */
export function initialState(options: InitialStateOptions, now: Date): NotifyState {
  const service: ServiceSettings = {
    id: randomUUID(),
    name: 'Fake council service',
    trial_mode: false,
    permissions: ['email', 'sms', 'letter', 'inbound_sms'],
    email_from: 'fake.council.service',
    sms_sender: 'GOVUK',
    email_reply_to_ids: [randomUUID()],
    sms_sender_ids: [randomUUID()],
    inbound_number: '07700900456',
    team_recipients: [],
    contact_link: 'https://council.example/contact',
    ...options.service,
  };
  const keys = options.apiKeys ?? [
    { type: 'live' as const, name: 'live' },
    { type: 'team' as const, name: 'team' },
    { type: 'test' as const, name: 'test' },
  ];
  for (const endpoint of Object.values(options.callbacks ?? {})) checkCallbackEndpoint(endpoint);
  return {
    service,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    apiKeys: keys.map((k) => newApiKey(k.type, k.name, k.secret, k.id)),
    templates: (options.templates ?? []).map((t) => newTemplate({ ...t, id: t.id ?? randomUUID() }, now)),
    notifications: [],
    receivedTexts: [],
    callbacks: { ...options.callbacks },
    daily: {},
    buckets: {},
    seq: 0,
  };
}

/** Change service settings (trial mode, permissions, team members...). */
export function updateService(
  store: NotifyStore,
  changes: Partial<Omit<ServiceSettings, 'id'>>,
): ServiceSettings {
  Object.assign(store.state.service, structuredClone(changes));
  store.verified.clear();
  return structuredClone(store.state.service);
}

export function updateLimits(store: NotifyStore, changes: Partial<NotifyLimits>): NotifyLimits {
  Object.assign(store.state.limits, changes);
  // a new rate limit starts from a full bucket, as a new Redis key would
  if (changes.rate_limit !== undefined) store.state.buckets = {};
  return { ...store.state.limits };
}

export function hasPermission(store: NotifyStore, permission: string): boolean {
  return store.state.service.permissions.includes(permission);
}

/**
 * The admin app's rule for a callback API (notifications-admin `app/main/forms.py` ServiceCallbackApiForm):
 * an https URL and a bearer token of at least 10 characters.
 */
export function checkCallbackEndpoint(endpoint: CallbackEndpoint | undefined): void {
  if (!endpoint) return;
  if (typeof endpoint.bearer_token !== 'string' || endpoint.bearer_token.length < 10) {
    throw new TypeError('A Notify callback bearer token must be at least 10 characters');
  }
}

export function configureCallbacks(store: NotifyStore, endpoints: CallbackEndpoints): CallbackEndpoints {
  for (const endpoint of Object.values(endpoints)) checkCallbackEndpoint(endpoint);
  Object.assign(store.state.callbacks, structuredClone(endpoints));
  return structuredClone(store.state.callbacks);
}
