/**
 * The fake's state plus the indexes and clock the model's functions share. Every model function takes the store
 * and typed input, and returns a typed result or throws a ServiceError; nothing here knows about HTTP.
 */
import type { NotificationRecord, NotifyState, TemplateRecord } from './types.js';

export interface NotifyStore {
  state: NotifyState;
  /** Where the fake is served (for the `uri` and `links` the API hands out). */
  readonly baseUrl: string;
  now(): Date;
  /** Notifications by lower-case id. */
  byId: Map<string, NotificationRecord>;
  /** Templates by lower-case id. */
  templatesById: Map<string, TemplateRecord>;
  /** Tokens already verified (token -> key id): clients reuse a token for a few seconds; skip the HMAC. */
  verified: Map<string, string>;
}

export function createStore(state: NotifyState, baseUrl: string, now: () => Date): NotifyStore {
  const store: NotifyStore = {
    state,
    baseUrl,
    now,
    byId: new Map(),
    templatesById: new Map(),
    verified: new Map(),
  };
  reindex(store);
  return store;
}

/** Rebuild the indexes after the state was replaced (reset, restore). */
export function reindex(store: NotifyStore): void {
  store.byId = new Map(store.state.notifications.map((n) => [n.id.toLowerCase(), n]));
  store.templatesById = new Map(store.state.templates.map((t) => [t.id.toLowerCase(), t]));
  store.verified.clear();
}

export const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID_RE.test(v);

export function nextSeq(store: NotifyStore): number {
  store.state.seq += 1;
  return store.state.seq;
}

/** An absolute URL on the fake, with a query string when there is one. */
/**
 * werkzeug's `_urlencode` (`url_for` query strings): `urlencode(items, safe="!$'()*,/:;?@")`, so `quote_plus`
 * with those characters left as they are and a space as `+`.
 */
const quotePlus = (value: string) =>
  encodeURIComponent(value)
    .replace(/%(24|2C|2F|3A|3B|3F|40)/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/%20/g, '+');

export function urlOf(store: NotifyStore, path: string, query: Array<[string, string]> = []): string {
  const qs = query.map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join('&');
  return `${store.baseUrl}${path}${qs ? `?${qs}` : ''}`;
}
