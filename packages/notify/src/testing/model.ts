/**
 * The fake Notify service: state and rules only (no msw, no HTTP, no timers). Every rule here is one the real
 * service enforces (alphagov/notifications-api), with its own status codes and messages; see
 * alphagov/notifications-utils. The clock is injectable so tests can move time.
 */
import { randomUUID } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader } from 'jose';
import { NotificationStatusFilter } from '../schemas/notifications.js';
import { emailHtml, missingPersonalisation, placeholdersOf, render, str, textPdf } from './render.js';

// ------------------------------------------------------------------------------------------------ types

export type KeyType = 'live' | 'team' | 'test';
export type NotificationType = 'email' | 'sms' | 'letter';

/** Internal statuses (the API reports letters as accepted/received). */
export type InternalStatus =
  | 'created'
  | 'sending'
  | 'pending'
  | 'sent'
  | 'delivered'
  | 'permanent-failure'
  | 'temporary-failure'
  | 'technical-failure'
  | 'pending-virus-check'
  | 'virus-scan-failed'
  | 'validation-failed'
  | 'cancelled'
  | 'returned-letter';

export interface ApiKeyRecord {
  id: string;
  name: string;
  type: KeyType;
  secret: string;
  revoked: boolean;
}

export interface TemplateVersion {
  version: number;
  name: string;
  subject: string | null;
  body: string;
  created_at: string;
  created_by: string;
  postage: string | null;
  letter_contact_block: string | null;
}

export interface TemplateRecord {
  id: string;
  type: NotificationType;
  archived: boolean;
  versions: TemplateVersion[];
}

export interface TemplateSeed {
  id?: string;
  name: string;
  type: NotificationType;
  /** email and letter */
  subject?: string;
  body: string;
  /** letter: first | second | economy (default second) */
  postage?: string;
  letter_contact_block?: string;
  created_by?: string;
}

export interface NotificationRecord {
  id: string;
  seq: number;
  type: NotificationType;
  key_type: KeyType;
  api_key_id: string;
  template_id: string;
  template_version: number;
  to: string;
  reference: string | null;
  personalisation: Record<string, unknown>;
  subject: string | null;
  body: string;
  status: InternalStatus;
  created_at: string;
  sent_at: string | null;
  updated_at: string | null;
  postage: string | null;
  one_click_unsubscribe_url: string | null;
  precompiled: boolean;
  /** base64 PDF for precompiled letters */
  pdf_base64: string | null;
  billable_units: number;
  address_lines: string[];
  postcode: string | null;
  international: boolean;
}

export interface ReceivedTextRecord {
  id: string;
  seq: number;
  user_number: string;
  notify_number: string;
  content: string;
  created_at: string;
}

export interface ServiceSettings {
  id: string;
  name: string;
  /** Trial mode: sends only to team members, 50 a day, no letters. */
  trial_mode: boolean;
  /** `sms`, `email`, `letter`, `international_sms`, `inbound_sms` */
  permissions: string[];
  email_from: string;
  sms_sender: string;
  /** Email reply-to ids (`email_reply_to_id`). */
  email_reply_to_ids: string[];
  /** Text message sender ids (`sms_sender_id`). */
  sms_sender_ids: string[];
  inbound_number: string;
  /** Team members and guest list: the recipients a team key (and trial mode) may send to. */
  team_recipients: string[];
}

export interface RateLimitSettings {
  /** Requests per interval per key type (3,000). */
  limit: number;
  /** Interval in ms (60,000). */
  intervalMs: number;
}

export interface DailyLimits {
  email: number;
  sms: number;
  letter: number;
  international_sms: number;
  /** Per type, for a service in trial mode. */
  trial: number;
}

export interface NotifyModelOptions {
  baseUrl?: string;
  now?: () => Date;
  service?: Partial<ServiceSettings>;
  /** Keys to create. Default: one key of each type with random secrets. */
  apiKeys?: Array<{ name?: string; type: KeyType; secret?: string; id?: string }>;
  templates?: TemplateSeed[];
  rateLimit?: Partial<RateLimitSettings>;
  dailyLimits?: Partial<DailyLimits>;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  /** Binary bodies (letter PDFs). */
  bytes?: Uint8Array;
  contentType?: string;
}

export interface ModelSnapshot {
  version: 1;
  service: ServiceSettings;
  apiKeys: ApiKeyRecord[];
  templates: TemplateRecord[];
  notifications: NotificationRecord[];
  receivedTexts: ReceivedTextRecord[];
  daily: Record<string, number>;
  seq: number;
  clockOffsetMs: number;
}

/** A delivery receipt the model produced; the fake posts it to the service's callback URL. */
export interface DeliveryStatusPayload {
  id: string;
  reference: string | null;
  to: string;
  status: string;
  created_at: string;
  completed_at: string | null;
  sent_at: string | null;
  notification_type: NotificationType;
  template_id: string;
  template_version: number;
}

// ------------------------------------------------------------------------------------------------ constants

export const DEFAULT_BASE_URL = 'https://api.notifications.service.gov.uk';
export const PAGE_SIZE = 250;
const JWT_WINDOW_SECONDS = 30;
const SMS_MAX_CHARS = 918;
const EMAIL_MAX_BYTES = 2_000_000;

const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID_RE.test(v);

/** Statuses the `status` filter accepts, in the server's order (used in its error message). */
const FILTER_STATUSES: readonly string[] = NotificationStatusFilter.options;

const FAILED = [
  'technical-failure',
  'temporary-failure',
  'permanent-failure',
  'validation-failed',
  'virus-scan-failed',
  'returned-letter',
];
const FINAL: InternalStatus[] = [
  'delivered',
  'permanent-failure',
  'temporary-failure',
  'technical-failure',
  'virus-scan-failed',
  'validation-failed',
  'cancelled',
  'returned-letter',
];

/** Test-key recipients that end in a failure (Notify's documented simulator addresses and numbers). */
const SIMULATED_FAILURES: Record<string, InternalStatus> = {
  'temp-fail@simulator.notify': 'temporary-failure',
  'perm-fail@simulator.notify': 'permanent-failure',
  '07700900003': 'temporary-failure',
  '07700900002': 'permanent-failure',
};
/** Smoke-test recipients: Notify answers 201 but never stores them. */
const SMOKE_TEST = new Set([
  '07700900000',
  '07700900111',
  '07700900222',
  'simulate-delivered@notifications.service.gov.uk',
  'simulate-delivered-2@notifications.service.gov.uk',
  'simulate-delivered-3@notifications.service.gov.uk',
]);

// A sample of countries, enough for the fake to tell a foreign last address line from a bad postcode.
const EUROPE = new Set([
  'france',
  'germany',
  'spain',
  'italy',
  'ireland',
  'portugal',
  'netherlands',
  'belgium',
  'poland',
  'sweden',
  'norway',
  'denmark',
  'finland',
  'austria',
  'switzerland',
  'greece',
]);
const COUNTRIES = new Set([
  ...EUROPE,
  'usa',
  'united states',
  'united states of america',
  'canada',
  'australia',
  'new zealand',
  'india',
  'japan',
  'china',
  'brazil',
  'south africa',
  'nigeria',
  'kenya',
]);
const UK_POSTCODE = /^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$/i;

const COSTS = {
  sms: 0.0227,
  letter: { first: 1.35, second: 0.85, economy: 0.59, europe: 1.55, 'rest-of-world': 1.55 },
};

// ------------------------------------------------------------------------------------------------ helpers

type ErrorItem = { error: string; message: string };

export function errorBody(status: number, errors: ErrorItem[]): FakeResponse {
  return { status, body: { status_code: status, errors } };
}
const err = (status: number, error: string, message: string) => errorBody(status, [{ error, message }]);
const authError = (status: number, message: string) => err(status, 'AuthError', message);
const validation = (...messages: string[]) =>
  errorBody(
    400,
    messages.map((message) => ({ error: 'ValidationError', message })),
  );
const badRequest = (message: string) => err(400, 'BadRequestError', message);
const notFound = () => err(404, 'NoResultFound', 'No result found');

/** `%Y-%m-%dT%H:%M:%S.%fZ` (microseconds), as the server formats datetimes. */
export function notifyDate(d: Date): string {
  return `${d.toISOString().slice(0, 23)}000Z`;
}

function normalisePhone(
  raw: string,
): { ok: true; digits: string; international: boolean } | { ok: false; message: string } {
  const stripped = raw.replace(/[\s().\-\u2010-\u2015]/g, '').replace(/^\+/, '');
  if (!/^\d+$/.test(stripped))
    return { ok: false, message: 'phone_number Must not contain letters or symbols' };
  let digits = stripped.replace(/^00/, '');
  if (digits.startsWith('44') || digits.startsWith('0') || (digits.startsWith('7') && digits.length === 10)) {
    digits = digits.startsWith('44') ? digits.slice(2) : digits.startsWith('0') ? digits.slice(1) : digits;
    digits = digits.replace(/^0/, '');
    if (!digits.startsWith('7')) return { ok: false, message: 'phone_number Not a UK mobile number' };
    if (digits.length < 10) return { ok: false, message: 'phone_number Not enough digits' };
    if (digits.length > 10) return { ok: false, message: 'phone_number Too many digits' };
    return { ok: true, digits: `44${digits}`, international: false };
  }
  if (digits.length < 8) return { ok: false, message: 'phone_number Not enough digits' };
  if (digits.length > 15) return { ok: false, message: 'phone_number Too many digits' };
  if (digits.startsWith('999') || digits.startsWith('8'))
    return { ok: false, message: 'phone_number Not a valid country prefix' };
  return { ok: true, digits, international: true };
}

const EMAIL_RE = /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\]]+\.[^\s@"(),:;<>[\\\]]{2,}$/;

/** The 07… form of a UK number, for matching simulator numbers and team members. */
function ukLocal(phone: string): string {
  const n = normalisePhone(phone);
  return n.ok && !n.international ? `0${n.digits.slice(2)}` : phone.replace(/\s/g, '');
}

type Body = Record<string, unknown>;

function checkAdditional(body: Body, allowed: string[]): string[] {
  return Object.keys(body)
    .filter((k) => !allowed.includes(k))
    .map((k) => `Additional properties are not allowed (${k} was unexpected)`);
}

function checkRequired(body: Body, required: string[]): string[] {
  return required.filter((k) => body[k] === undefined).map((k) => `${k} is a required property`);
}

function smsFragments(text: string): number {
  const len = [...text].length;
  const unicode = /[^\x00-\x7f£€]/.test(text);
  const single = unicode ? 70 : 160;
  const multi = unicode ? 67 : 153;
  return len <= single ? 1 : Math.ceil(len / multi);
}

// ------------------------------------------------------------------------------------------------ the model

export class NotifyModel {
  readonly baseUrl: string;
  service!: ServiceSettings;
  rateLimit: RateLimitSettings;
  dailyLimits: DailyLimits;
  #apiKeys: ApiKeyRecord[] = [];
  #templates = new Map<string, TemplateRecord>();
  #notifications: NotificationRecord[] = [];
  #byId = new Map<string, NotificationRecord>();
  #received: ReceivedTextRecord[] = [];
  #daily = new Map<string, number>();
  #buckets = new Map<string, { tokens: number; last: number }>();
  #seq = 0;
  #clockOffsetMs = 0;
  readonly #baseNow: () => Date;
  readonly #options: NotifyModelOptions;
  /** Tokens already verified: the SDK reuses a token for a few seconds, so skip re-checking the HMAC. */
  #verified = new Map<string, string>();
  /** Called after a notification is stored (the fake uses it for `delivery: 'immediate'`). */
  onCreated: ((id: string) => void) | undefined;
  #initial: { service: ServiceSettings; keys: ApiKeyRecord[]; templates: TemplateSeed[] } | undefined;

  constructor(options: NotifyModelOptions = {}) {
    this.#options = options;
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.#baseNow = options.now ?? (() => new Date());
    this.rateLimit = { limit: 3000, intervalMs: 60_000, ...options.rateLimit };
    this.dailyLimits = {
      email: 250_000,
      sms: 250_000,
      letter: 20_000,
      international_sms: 100,
      trial: 50,
      ...options.dailyLimits,
    };
    this.reset();
  }

  /**
   * Back to the configured initial state. Ids and secrets generated for the initial service, keys and templates are
   * fixed at construction, so API keys and template ids handed out before a reset keep working after it.
   */
  reset(): void {
    const o = this.#options;
    this.#initial ??= {
      service: {
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
        ...o.service,
      },
      keys: (
        o.apiKeys ?? [
          { type: 'live' as const, name: 'live' },
          { type: 'team' as const, name: 'team' },
          { type: 'test' as const, name: 'test' },
        ]
      ).map((k) => ({
        id: k.id ?? randomUUID(),
        name: k.name ?? `${k.type}-key`,
        type: k.type,
        secret: k.secret ?? randomUUID(),
        revoked: false,
      })),
      templates: (o.templates ?? []).map((t) => ({ ...t, id: t.id ?? randomUUID() })),
    };
    this.service = structuredClone(this.#initial.service);
    this.#apiKeys = this.#initial.keys.map((k) => ({ ...k }));
    this.#templates.clear();
    for (const t of this.#initial.templates) this.createTemplate(t);
    this.#notifications = [];
    this.#byId.clear();
    this.#received = [];
    this.#daily.clear();
    this.#buckets.clear();
    this.#verified.clear();
    this.#seq = 0;
    this.#clockOffsetMs = 0;
  }

  // ---------------------------------------------------------------- clock

  now(): Date {
    return new Date(this.#baseNow().getTime() + this.#clockOffsetMs);
  }

  advanceClock(ms: number): void {
    this.#clockOffsetMs += ms;
  }

  // ---------------------------------------------------------------- keys

  createApiKey(type: KeyType, name?: string, secret?: string, id?: string): ApiKeyRecord {
    const key: ApiKeyRecord = {
      id: id ?? randomUUID(),
      name: name ?? `${type}-key`,
      type,
      secret: secret ?? randomUUID(),
      revoked: false,
    };
    this.#apiKeys.push(key);
    return key;
  }

  /** The full `{key_name}-{service_id}-{secret}` string clients are configured with. */
  apiKeyString(key: ApiKeyRecord): string {
    return `${key.name}-${this.service.id}-${key.secret}`;
  }

  apiKeys(): ApiKeyRecord[] {
    return this.#apiKeys.map((k) => ({ ...k }));
  }

  revokeApiKey(id: string): void {
    const key = this.#apiKeys.find((k) => k.id === id);
    if (key) key.revoked = true;
    this.#verified.clear();
  }

  // ---------------------------------------------------------------- auth (exactly the server's checks and messages)

  async authenticate(
    authorization: string | null | undefined,
  ): Promise<{ key: ApiKeyRecord } | { error: FakeResponse }> {
    if (!authorization)
      return { error: authError(401, 'Unauthorized: authentication token must be provided') };
    const scheme = authorization.slice(0, 7);
    if (scheme.toLowerCase() !== 'bearer ') {
      return { error: authError(401, 'Unauthorized: authentication bearer scheme must be used') };
    }
    const token = authorization.slice(7).trim();
    let claims: { iss?: unknown; iat?: unknown };
    let alg: unknown;
    try {
      claims = decodeJwt(token);
      alg = decodeProtectedHeader(token).alg;
    } catch {
      return { error: authError(403, 'Invalid token: signature, api token is not valid') };
    }
    if (claims.iss === undefined || claims.iss === null) {
      return { error: authError(403, 'Invalid token: iss field not provided') };
    }
    if (!isUuid(claims.iss))
      return { error: authError(403, 'Invalid token: service id is not the right data type') };
    if (String(claims.iss).toLowerCase() !== this.service.id.toLowerCase()) {
      return { error: authError(403, 'Invalid token: service not found') };
    }
    const checkIat = (): FakeResponse | undefined => {
      if (typeof claims.iat !== 'number' || !Number.isFinite(claims.iat)) {
        return authError(
          403,
          'Invalid token: make sure your API token matches the example at https://docs.notifications.service.gov.uk/rest-api.html#authorisation-header',
        );
      }
      const now = Math.floor(this.now().getTime() / 1000);
      if (now > claims.iat + JWT_WINDOW_SECONDS || claims.iat > now + JWT_WINDOW_SECONDS) {
        return authError(403, 'Error: Your system clock must be accurate to within 30 seconds');
      }
      return undefined;
    };
    const cachedKeyId = this.#verified.get(token);
    if (cachedKeyId) {
      const key = this.#apiKeys.find((k) => k.id === cachedKeyId);
      if (key && !key.revoked) {
        const expired = checkIat();
        return expired ? { error: expired } : { key };
      }
    }
    for (const key of this.#apiKeys) {
      if (alg !== 'HS256') return { error: authError(403, 'Invalid token: algorithm used is not HS256') };
      try {
        await compactVerify(token, new TextEncoder().encode(key.secret), { algorithms: ['HS256'] });
      } catch {
        continue; // not signed with this key: try the next one, like the server
      }
      const expired = checkIat();
      if (expired) return { error: expired };
      if (key.revoked) return { error: authError(403, 'Invalid token: API key revoked') };
      if (this.#verified.size > 1000) this.#verified.clear();
      this.#verified.set(token, key.id);
      return { key };
    }
    return { error: authError(403, 'Invalid token: API key not found') };
  }

  // ---------------------------------------------------------------- templates

  createTemplate(seed: TemplateSeed): TemplateRecord {
    const id = seed.id ?? randomUUID();
    const record: TemplateRecord = {
      id,
      type: seed.type,
      archived: false,
      versions: [
        {
          version: 1,
          name: seed.name,
          subject: seed.type === 'sms' ? null : (seed.subject ?? ''),
          body: seed.body,
          created_at: notifyDate(this.now()),
          created_by: seed.created_by ?? 'fake.user@example.gov.uk',
          postage: seed.type === 'letter' ? (seed.postage ?? 'second') : null,
          letter_contact_block: seed.type === 'letter' ? (seed.letter_contact_block ?? null) : null,
        },
      ],
    };
    this.#templates.set(id.toLowerCase(), record);
    return record;
  }

  /** A new version of a template (what editing it in Notify does). */
  updateTemplate(
    id: string,
    changes: Partial<Pick<TemplateSeed, 'name' | 'subject' | 'body' | 'postage' | 'letter_contact_block'>>,
  ): TemplateRecord | undefined {
    const t = this.#templates.get(id.toLowerCase());
    if (!t) return undefined;
    const latest = t.versions.at(-1)!;
    t.versions.push({
      ...latest,
      version: latest.version + 1,
      name: changes.name ?? latest.name,
      subject: changes.subject ?? latest.subject,
      body: changes.body ?? latest.body,
      postage: changes.postage ?? latest.postage,
      letter_contact_block: changes.letter_contact_block ?? latest.letter_contact_block,
      created_at: notifyDate(this.now()),
    });
    return t;
  }

  archiveTemplate(id: string): void {
    const t = this.#templates.get(id.toLowerCase());
    if (t) t.archived = true;
  }

  templates(): TemplateRecord[] {
    return [...this.#templates.values()];
  }

  #serializeTemplate(t: TemplateRecord, v: TemplateVersion) {
    const personalisation: Record<string, { required: true }> = {};
    for (const p of placeholdersOf(v.subject, v.body)) personalisation[p] = { required: true };
    return {
      id: t.id,
      name: v.name,
      type: t.type,
      created_at: t.versions[0]!.created_at,
      updated_at: v.version > 1 ? v.created_at : null,
      created_by: v.created_by,
      version: v.version,
      body: v.body,
      subject: v.subject,
      postage: v.postage,
      letter_contact_block: v.letter_contact_block,
      personalisation,
    };
  }

  getTemplate(id: string, version?: string): FakeResponse {
    if (!isUuid(id)) return validation('id is not a valid UUID');
    const t = this.#templates.get(id.toLowerCase());
    if (!t) return notFound();
    let v = t.versions.at(-1)!;
    if (version !== undefined) {
      if (!/^\d+$/.test(version)) return validation(`version ${version} is not of type integer`);
      const found = t.versions.find((x) => x.version === Number(version));
      if (!found) return notFound();
      v = found;
    }
    return { status: 200, body: this.#serializeTemplate(t, v) };
  }

  listTemplates(query: Array<[string, string]>): FakeResponse {
    const errors = query
      .filter(([k]) => k !== 'type')
      .map(([k]) => `Additional properties are not allowed (${k} was unexpected)`);
    const type = query.find(([k]) => k === 'type')?.[1];
    if (type !== undefined && !['sms', 'email', 'letter'].includes(type)) {
      errors.push(`type ${type} is not one of [sms, email, letter]`);
    }
    if (errors.length) return validation(...errors);
    const templates = this.templates()
      .filter((t) => !t.archived && (type === undefined || t.type === type))
      .map((t) => this.#serializeTemplate(t, t.versions.at(-1)!));
    return { status: 200, body: { templates } };
  }

  previewTemplate(id: string, rawBody: string | undefined): FakeResponse {
    const parsed = this.#parseJson(rawBody, true);
    if ('error' in parsed) return parsed.error;
    const body = parsed.body;
    if (!isUuid(id)) return validation('id is not a valid UUID');
    const t = this.#templates.get(id.toLowerCase());
    if (!t || t.archived) return notFound();
    const personalisation = body.personalisation ?? {};
    if (typeof personalisation !== 'object' || Array.isArray(personalisation) || personalisation === null) {
      return validation('personalisation is not of type object');
    }
    const p = personalisation as Record<string, unknown>;
    const v = t.versions.at(-1)!;
    const missing = missingPersonalisation(p, v.subject, v.body);
    if (missing.length) return badRequest(`Missing personalisation: ${missing.join(', ')}`);
    const rendered = render(v.body, p, t.type);
    return {
      status: 200,
      body: {
        id: t.id,
        type: t.type,
        version: v.version,
        body: rendered,
        html: t.type === 'email' ? emailHtml(rendered) : null,
        subject: t.type === 'sms' ? null : render(v.subject, p, t.type),
        postage: v.postage,
      },
    };
  }

  // ---------------------------------------------------------------- limits

  #checkRateLimit(key: ApiKeyRecord): FakeResponse | undefined {
    const { limit, intervalMs } = this.rateLimit;
    const id = `${this.service.id}-${key.type}`;
    const now = this.now().getTime();
    const bucket = this.#buckets.get(id) ?? { tokens: limit, last: now };
    bucket.tokens = Math.min(limit, bucket.tokens + ((now - bucket.last) * limit) / intervalMs);
    bucket.last = now;
    this.#buckets.set(id, bucket);
    if (bucket.tokens < 1) {
      const label = key.type === 'live' ? 'LIVE' : key.type.toUpperCase();
      return err(
        429,
        'RateLimitError',
        `Exceeded rate limit for key type ${label} of ${limit} requests per ${intervalMs / 1000} seconds`,
      );
    }
    bucket.tokens -= 1;
    return undefined;
  }

  #dailyKey(kind: string): string {
    return `${this.now().toISOString().slice(0, 10)}:${kind}`;
  }

  #checkDailyLimit(
    key: ApiKeyRecord,
    type: NotificationType,
    international: boolean,
  ): FakeResponse | undefined {
    if (key.type === 'test') return undefined; // test keys do not count towards limits
    const kinds: Array<keyof Omit<DailyLimits, 'trial'>> = [type];
    if (international) kinds.push('international_sms');
    for (const kind of kinds) {
      const limit = this.service.trial_mode
        ? Math.min(this.dailyLimits.trial, this.dailyLimits[kind])
        : this.dailyLimits[kind];
      if ((this.#daily.get(this.#dailyKey(kind)) ?? 0) >= limit) {
        return err(429, 'TooManyRequestsError', `Exceeded send limits (${kind}: ${limit}) for today`);
      }
    }
    return undefined;
  }

  #countDaily(key: ApiKeyRecord, type: NotificationType, international: boolean) {
    if (key.type === 'test') return;
    for (const kind of international ? [type, 'international_sms'] : [type]) {
      const k = this.#dailyKey(kind);
      this.#daily.set(k, (this.#daily.get(k) ?? 0) + 1);
    }
  }

  // ---------------------------------------------------------------- sending

  #parseJson(raw: string | undefined, optional = false): { body: Body } | { error: FakeResponse } {
    if (raw === undefined || raw.trim() === '') {
      if (optional) return { body: {} };
      return { error: badRequest('Invalid JSON supplied in POST data') };
    }
    try {
      const body = JSON.parse(raw);
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        return { error: validation(`${JSON.stringify(body)} is not of type object`) };
      }
      return { body };
    } catch {
      return { error: badRequest('Invalid JSON supplied in POST data') };
    }
  }

  #templateFor(id: string, type: NotificationType): { template: TemplateRecord } | { error: FakeResponse } {
    const t = this.#templates.get(id.toLowerCase());
    if (!t) return { error: badRequest('Template not found') };
    if (t.archived) return { error: badRequest(`Template ${t.id} has been deleted`) };
    if (t.type !== type)
      return { error: badRequest(`${t.type} template is not suitable for ${type} notification`) };
    return { template: t };
  }

  #canSendTo(key: ApiKeyRecord, recipient: string, type: 'email' | 'sms'): FakeResponse | undefined {
    if (key.type === 'test') return undefined;
    const restricted = key.type === 'team' || this.service.trial_mode;
    if (!restricted) return undefined;
    const same = (a: string) =>
      type === 'email'
        ? a.trim().toLowerCase() === recipient.trim().toLowerCase()
        : ukLocal(a) === ukLocal(recipient);
    if (this.service.team_recipients.some(same)) return undefined;
    return badRequest(
      key.type === 'team'
        ? 'Can’t send to this recipient using a team-only API key'
        : // the server's text (validators.py); the published spec's example says "Cannot ... - see"
          'Can’t send to this recipient when service is in trial mode – see https://www.notifications.service.gov.uk/trial-mode',
    );
  }

  #personalisationErrors(body: Body): string[] {
    const p = body.personalisation;
    if (p === undefined || p === null) return [];
    if (typeof p !== 'object' || Array.isArray(p)) return ['personalisation is not of type object'];
    const errors: string[] = [];
    for (const [key, value] of Object.entries(p as Body)) {
      if (value && typeof value === 'object' && !Array.isArray(value) && 'file' in value) {
        errors.push(...this.#fileErrors(key, value as Body));
      }
    }
    return errors;
  }

  #fileErrors(key: string, f: Body): string[] {
    const errors: string[] = [];
    if (typeof f.file !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(f.file) || f.file.length % 4 !== 0) {
      return ['File did not pass the virus scan'];
    }
    const size = Buffer.from(f.file, 'base64').byteLength;
    if (size > 2 * 1024 * 1024) errors.push(`File is larger than 2MB (${key})`);
    if (f.filename !== undefined && f.filename !== null) {
      if (typeof f.filename !== 'string' || !f.filename.includes('.')) {
        errors.push('filename must end with a file extension. For example, filename.csv');
      } else if (f.filename.length > 100) errors.push('filename must be 100 characters or fewer');
      if (f.is_csv !== undefined && f.is_csv !== null)
        errors.push('Do not set a value for is_csv if filename is set.');
    }
    const confirm = f.confirm_email_before_download;
    if (confirm !== undefined && confirm !== null && typeof confirm !== 'boolean') {
      errors.push(
        `Unsupported value for confirm_email_before_download: ${str(confirm)}. Use a boolean true or false value.`,
      );
    }
    const retention = f.retention_period;
    if (retention !== undefined && retention !== null) {
      const m = typeof retention === 'string' ? /^(\d+) weeks?$/.exec(retention) : null;
      const n = m ? Number(m[1]) : 0;
      if (!m || n < 1 || n > 78) {
        errors.push(
          `Unsupported value for retention_period '${str(retention)}'. Supported periods are from 1 to 78 weeks.`,
        );
      }
    }
    return errors;
  }

  async send(
    type: NotificationType,
    authorization: string | null,
    rawBody: string | undefined,
  ): Promise<FakeResponse> {
    const auth = await this.authenticate(authorization);
    if ('error' in auth) return auth.error;
    const key = auth.key;
    const parsed = this.#parseJson(rawBody);
    if ('error' in parsed) return parsed.error;
    const body = parsed.body;
    if (type === 'letter' && body.content !== undefined) return this.#sendPrecompiled(key, body);

    // 1. schema (additionalProperties false, required fields, formats)
    const allowed = {
      email: [
        'email_address',
        'template_id',
        'personalisation',
        'reference',
        'email_reply_to_id',
        'one_click_unsubscribe_url',
        'sanitise_content_for',
        'scheduled_for',
      ],
      sms: ['phone_number', 'template_id', 'personalisation', 'reference', 'sms_sender_id', 'scheduled_for'],
      letter: ['template_id', 'personalisation', 'reference'],
    }[type];
    const required = {
      email: ['email_address', 'template_id'],
      sms: ['phone_number', 'template_id'],
      letter: ['template_id', 'personalisation'],
    }[type];
    const errors = [...checkRequired(body, required), ...checkAdditional(body, allowed)];
    if (body.template_id !== undefined && !isUuid(body.template_id))
      errors.push('template_id is not a valid UUID');
    if (body.reference !== undefined && body.reference !== null) {
      if (typeof body.reference !== 'string') errors.push('reference is not of type string, null');
      else if (body.reference.length > 1000) errors.push('reference is too long');
    }
    errors.push(...this.#personalisationErrors(body));
    if (type === 'email') {
      if (
        body.email_address !== undefined &&
        (typeof body.email_address !== 'string' || !EMAIL_RE.test(body.email_address.trim()))
      ) {
        errors.push('email_address Not a valid email address');
      }
      if (body.email_reply_to_id !== undefined && !isUuid(body.email_reply_to_id))
        errors.push('email_reply_to_id is not a valid UUID');
      const u = body.one_click_unsubscribe_url;
      if (
        u !== undefined &&
        u !== null &&
        (typeof u !== 'string' || !/^https:\/\/[^\s/]+\.[^\s]+$/i.test(u))
      ) {
        errors.push('one_click_unsubscribe_url is not a valid https url');
      }
      if (
        body.sanitise_content_for !== undefined &&
        body.sanitise_content_for !== null &&
        !Array.isArray(body.sanitise_content_for)
      ) {
        errors.push('sanitise_content_for is not of type array, null');
      }
    }
    let phone: ReturnType<typeof normalisePhone> | undefined;
    if (type === 'sms' && body.phone_number !== undefined) {
      phone = normalisePhone(str(body.phone_number));
      if (!phone.ok) errors.push(phone.message);
      if (body.sms_sender_id !== undefined && !isUuid(body.sms_sender_id))
        errors.push('sms_sender_id is not a valid UUID');
    }
    if (type === 'letter') {
      const p = body.personalisation;
      if (p !== undefined && (typeof p !== 'object' || p === null || Array.isArray(p))) {
        errors.push('personalisation is not of type object');
      } else if (p) {
        for (const line of ['address_line_1', 'address_line_2']) {
          if ((p as Body)[line] === undefined) errors.push(`personalisation ${line} is a required property`);
        }
      }
    }
    if (errors.length) return validation(...errors);

    // 2. permissions and key type
    if (body.scheduled_for !== undefined && body.scheduled_for !== null) {
      return badRequest('Cannot schedule notifications (this feature is invite-only)');
    }
    if (type === 'letter' && key.type === 'team')
      return err(403, 'BadRequestError', 'Cannot send letters with a team api key');
    if (!this.service.permissions.includes(type)) {
      return badRequest(`Service is not allowed to send ${type === 'sms' ? 'text messages' : `${type}s`}`);
    }
    if (type === 'letter' && this.service.trial_mode && key.type !== 'test') {
      return badRequest(
        'Cannot send letters when service is in trial mode - see https://www.notifications.service.gov.uk/trial-mode',
      );
    }
    const international = phone?.ok === true && phone.international;
    if (international && !this.service.permissions.includes('international_sms')) {
      return badRequest('Cannot send to international mobile numbers');
    }

    // 3. limits
    const limited = this.#checkRateLimit(key) ?? this.#checkDailyLimit(key, type, international);
    if (limited) return limited;

    // 4. template, personalisation, recipient
    const found = this.#templateFor(str(body.template_id), type);
    if ('error' in found) return found.error;
    const template = found.template;
    const v = template.versions.at(-1)!;
    const personalisation = (body.personalisation ?? {}) as Record<string, unknown>;
    const missing = missingPersonalisation(personalisation, v.subject, v.body);
    if (missing.length) return badRequest(`Missing personalisation: ${missing.join(', ')}`);

    if (type === 'email' && body.email_reply_to_id !== undefined) {
      if (
        !this.service.email_reply_to_ids.some(
          (x) => x.toLowerCase() === str(body.email_reply_to_id).toLowerCase(),
        )
      ) {
        return badRequest(
          `email_reply_to_id ${body.email_reply_to_id} does not exist in database for service id ${this.service.id}`,
        );
      }
    }
    if (type === 'sms' && body.sms_sender_id !== undefined) {
      if (
        !this.service.sms_sender_ids.some((x) => x.toLowerCase() === str(body.sms_sender_id).toLowerCase())
      ) {
        return badRequest(
          `sms_sender_id ${body.sms_sender_id} does not exist in database for service id ${this.service.id}`,
        );
      }
    }
    let to = '';
    let addressLines: string[] = [];
    let postcode: string | null = null;
    let postage: string | null = null;
    if (type === 'email') to = str(body.email_address).trim();
    if (type === 'sms') to = str(body.phone_number).trim();
    if (type !== 'letter') {
      const refused = this.#canSendTo(key, to, type);
      if (refused) return refused;
    } else {
      const address = this.#letterAddress(personalisation);
      if ('error' in address) return address.error;
      addressLines = address.lines;
      postcode = address.postcode;
      postage = address.international ?? v.postage ?? 'second';
      to = [...address.lines, ...(address.postcode ? [address.postcode] : [])].join('\n');
    }

    // sanitise_content_for: escape markdown link syntax and drop URLs in those values (email only).
    const sanitised: Record<string, { unsanitised: string; sanitised: string }> = {};
    if (type === 'email' && Array.isArray(body.sanitise_content_for)) {
      for (const key of body.sanitise_content_for) {
        const k = str(key);
        const value = personalisation[k];
        if (typeof value !== 'string') continue;
        const clean = value.replace(/https?:\/\/[^\s)]+/g, '').replace(/([[\]()])/g, '\\$1');
        if (clean !== value) sanitised[k] = { unsanitised: value, sanitised: clean };
      }
    }
    const effective = { ...personalisation };
    for (const [k, v2] of Object.entries(sanitised)) effective[k] = v2.sanitised;
    const renderedBody = render(v.body, effective, type);
    const subject = type === 'sms' ? null : render(v.subject, effective, type);
    if (type === 'sms') {
      const length = [...renderedBody].length;
      if (length > SMS_MAX_CHARS) {
        return badRequest(
          `Text messages cannot be longer than ${SMS_MAX_CHARS} characters. Your message is ${length} characters`,
        );
      }
    }
    if (type === 'email') {
      const size = Buffer.byteLength(renderedBody, 'utf8');
      if (size > EMAIL_MAX_BYTES) {
        return badRequest(
          `Emails cannot be longer than ${EMAIL_MAX_BYTES} bytes. Your message is ${size} bytes`,
        );
      }
    }

    const id = randomUUID();
    const reference = typeof body.reference === 'string' ? body.reference : null;
    const unsubscribe =
      typeof body.one_click_unsubscribe_url === 'string' ? body.one_click_unsubscribe_url : null;
    const smoke = SMOKE_TEST.has(type === 'sms' ? ukLocal(to) : to.toLowerCase());
    if (!smoke) {
      const record: NotificationRecord = {
        id,
        seq: ++this.#seq,
        type,
        key_type: key.type,
        api_key_id: key.id,
        template_id: template.id,
        template_version: v.version,
        to,
        reference,
        personalisation,
        subject,
        body: renderedBody,
        status: 'created',
        created_at: notifyDate(this.now()),
        sent_at: null,
        updated_at: null,
        postage,
        one_click_unsubscribe_url: unsubscribe,
        precompiled: false,
        pdf_base64: null,
        billable_units: type === 'sms' ? smsFragments(renderedBody) : type === 'letter' ? 1 : 0,
        address_lines: addressLines,
        postcode,
        international: Boolean(international),
      };
      this.#notifications.push(record);
      this.#byId.set(id, record);
      this.#countDaily(key, type, Boolean(international));
      this.onCreated?.(id);
    }

    const templateRef = {
      id: template.id,
      version: v.version,
      uri: `${this.baseUrl}/v2/template/${template.id}/version/${v.version}`,
    };
    const common = {
      id,
      reference,
      uri: `${this.baseUrl}/v2/notifications/${id}`,
      template: templateRef,
      scheduled_for: null,
    };
    if (type === 'email') {
      return {
        status: 201,
        body: {
          ...common,
          content: {
            from_email: `${this.service.email_from}@notifications.service.gov.uk`,
            body: renderedBody,
            subject,
            one_click_unsubscribe_url: unsubscribe,
          },
          sanitised_content: sanitised,
        },
      };
    }
    if (type === 'sms')
      return {
        status: 201,
        body: { ...common, content: { from_number: this.service.sms_sender, body: renderedBody } },
      };
    return { status: 201, body: { ...common, content: { body: renderedBody, subject } } };
  }

  #letterAddress(
    p: Record<string, unknown>,
  ): { lines: string[]; postcode: string | null; international: string | null } | { error: FakeResponse } {
    const lines: string[] = [];
    for (let i = 1; i <= 7; i++) {
      const v = p[`address_line_${i}`];
      if (v !== undefined && v !== null && str(v).trim() !== '') lines.push(str(v).trim());
    }
    if (lines.length < 3) return { error: validation('Address must be at least 3 lines') };
    if (lines.length > 7) return { error: validation('Address must be no more than 7 lines') };
    if (lines.some((l) => /^[@()=[\]"\\/,<>~]/.test(l))) {
      return {
        error: validation(
          'Address lines must not start with any of the following characters: @ ( ) = [ ] " \\ / , < > ~',
        ),
      };
    }
    const last = lines.at(-1)!;
    if (UK_POSTCODE.test(last.replace(/\s+/g, ' ').trim())) {
      const compact = last.replace(/\s+/g, '').toUpperCase();
      const postcode = `${compact.slice(0, -3)} ${compact.slice(-3)}`;
      return { lines: lines.slice(0, -1), postcode, international: null };
    }
    const country = last.toLowerCase();
    if (COUNTRIES.has(country)) {
      return { lines, postcode: null, international: EUROPE.has(country) ? 'europe' : 'rest-of-world' };
    }
    return { error: validation('Last line of address must be a real UK postcode or another country') };
  }

  #sendPrecompiled(key: ApiKeyRecord, body: Body): FakeResponse {
    const errors = [
      ...checkRequired(body, ['reference', 'content']),
      ...checkAdditional(body, ['reference', 'content', 'postage']),
    ];
    if (body.reference !== undefined && (typeof body.reference !== 'string' || body.reference.length === 0)) {
      errors.push('reference is not of type string');
    }
    if (body.postage !== undefined && !['first', 'second', 'economy'].includes(str(body.postage))) {
      errors.push('postage invalid. It must be either first, second or economy');
    }
    if (errors.length) return validation(...errors);
    if (key.type === 'team') return err(403, 'BadRequestError', 'Cannot send letters with a team api key');
    if (!this.service.permissions.includes('letter'))
      return badRequest('Service is not allowed to send letters');
    if (this.service.trial_mode && key.type !== 'test') {
      return badRequest(
        'Cannot send letters when service is in trial mode - see https://www.notifications.service.gov.uk/trial-mode',
      );
    }
    const content = str(body.content);
    const bytes = /^[A-Za-z0-9+/]*={0,2}$/.test(content) ? Buffer.from(content, 'base64') : Buffer.alloc(0);
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-')
      return badRequest('Letter content is not a valid PDF');
    const limited = this.#checkRateLimit(key) ?? this.#checkDailyLimit(key, 'letter', false);
    if (limited) return limited;
    const id = randomUUID();
    const postage = typeof body.postage === 'string' ? body.postage : 'second';
    const record: NotificationRecord = {
      id,
      seq: ++this.#seq,
      type: 'letter',
      key_type: key.type,
      api_key_id: key.id,
      template_id: '00000000-0000-0000-0000-000000000000',
      template_version: 1,
      to: str(body.reference),
      reference: str(body.reference),
      personalisation: {},
      subject: 'Pre-compiled PDF',
      body: '',
      status: 'pending-virus-check',
      created_at: notifyDate(this.now()),
      sent_at: null,
      updated_at: null,
      postage,
      one_click_unsubscribe_url: null,
      precompiled: true,
      pdf_base64: bytes.toString('base64'),
      billable_units: 1,
      address_lines: [],
      postcode: null,
      international: false,
    };
    this.#notifications.push(record);
    this.#byId.set(id, record);
    this.#countDaily(key, 'letter', false);
    this.onCreated?.(id);
    return { status: 201, body: { id, reference: record.reference, postage } };
  }

  // ---------------------------------------------------------------- reading notifications

  #apiStatus(n: NotificationRecord): string {
    if (n.type !== 'letter') return n.status;
    if (['created', 'sending', 'pending', 'sent'].includes(n.status)) return 'accepted';
    if (n.status === 'delivered' || n.status === 'returned-letter') return 'received';
    return n.status;
  }

  serializeNotification(n: NotificationRecord): Record<string, unknown> {
    const lines = [...n.address_lines];
    const costReady = n.type === 'email' || !['created', 'pending-virus-check'].includes(n.status);
    let cost: number | null = null;
    let costDetails: Record<string, unknown> = {};
    if (n.type === 'email') cost = 0;
    if (n.type === 'sms') {
      const multiplier = n.international ? 2 : 1;
      costDetails = {
        billable_sms_fragments: n.billable_units,
        international_rate_multiplier: multiplier,
        sms_rate: COSTS.sms,
      };
      cost = costReady ? Math.round(n.billable_units * multiplier * COSTS.sms * 10_000) / 10_000 : null;
    }
    if (n.type === 'letter') {
      const postage = (n.postage ?? 'second') as keyof typeof COSTS.letter;
      costDetails = { billable_sheets_of_paper: n.billable_units, postage };
      cost = costReady ? (COSTS.letter[postage] ?? null) : null;
    }
    if (n.key_type === 'test') cost = costReady ? 0 : null;
    const out: Record<string, unknown> = {
      id: n.id,
      reference: n.reference,
      email_address: n.type === 'email' ? n.to : null,
      phone_number: n.type === 'sms' ? n.to : null,
      line_1: n.type === 'letter' ? (lines[0] ?? null) : null,
      line_2: n.type === 'letter' ? (lines[1] ?? null) : null,
      line_3: n.type === 'letter' ? (lines[2] ?? null) : null,
      line_4: n.type === 'letter' ? (lines[3] ?? null) : null,
      line_5: n.type === 'letter' ? (lines[4] ?? null) : null,
      line_6: n.type === 'letter' ? (lines[5] ?? null) : null,
      postcode: n.postcode,
      type: n.type,
      status: this.#apiStatus(n),
      template: {
        version: n.template_version,
        id: n.template_id,
        uri: `${this.baseUrl}/v2/template/${n.template_id}/version/${n.template_version}`,
      },
      body: n.body,
      subject: n.subject,
      created_at: n.created_at,
      created_by_name: null,
      sent_at: n.sent_at,
      completed_at: FINAL.includes(n.status) ? n.updated_at : null,
      scheduled_for: null,
      postage: n.postage,
      one_click_unsubscribe_url: n.one_click_unsubscribe_url,
      is_cost_data_ready: costReady,
      cost_in_pounds: cost,
      cost_details: costDetails,
    };
    if (n.type === 'letter') {
      const created = new Date(n.created_at);
      out.estimated_delivery = notifyDate(new Date(created.getTime() + 3 * 86_400_000));
    }
    return out;
  }

  async getNotification(authorization: string | null, id: string): Promise<FakeResponse> {
    const auth = await this.authenticate(authorization);
    if ('error' in auth) return auth.error;
    if (!isUuid(id)) return validation('notification_id is not a valid UUID');
    const n = this.#byId.get(id.toLowerCase());
    if (!n) return notFound();
    return { status: 200, body: this.serializeNotification(n) };
  }

  async listNotifications(
    authorization: string | null,
    query: Array<[string, string]>,
  ): Promise<FakeResponse> {
    const auth = await this.authenticate(authorization);
    if ('error' in auth) return auth.error;
    const allowed = ['template_type', 'status', 'reference', 'older_than', 'include_jobs'];
    const errors: string[] = [];
    for (const [k] of query) {
      if (!allowed.includes(k)) errors.push(`Additional properties are not allowed (${k} was unexpected)`);
    }
    const statuses = query.filter(([k]) => k === 'status').map(([, v]) => v);
    const types = query.filter(([k]) => k === 'template_type').map(([, v]) => v);
    for (const s of statuses) {
      if (!FILTER_STATUSES.includes(s)) {
        errors.push(`status '${s}' is not one of [${FILTER_STATUSES.join(', ')}]`);
      }
    }
    for (const t of types)
      if (!['sms', 'email', 'letter'].includes(t)) errors.push(`'${t}' is not one of [sms, email, letter]`); // as in the spec's example
    const olderThan = query.find(([k]) => k === 'older_than')?.[1];
    if (olderThan !== undefined && !isUuid(olderThan)) errors.push('older_than is not a valid UUID');
    const includeJobs = query.find(([k]) => k === 'include_jobs')?.[1];
    if (includeJobs !== undefined && !/^(true|false|1|0)$/i.test(includeJobs))
      errors.push(`include_jobs ${includeJobs} is not of type boolean`);
    if (errors.length) return validation(...errors);
    const reference = query.find(([k]) => k === 'reference')?.[1];

    const wanted = new Set<string>();
    for (const s of statuses) {
      if (s === 'failed') for (const f of FAILED) wanted.add(f);
      else if (s === 'accepted') for (const f of ['created', 'sending', 'pending']) wanted.add(`letter:${f}`);
      else if (s === 'received') wanted.add('letter:delivered');
      else wanted.add(s);
    }
    const matchesStatus = (n: NotificationRecord) =>
      wanted.size === 0 || wanted.has(n.status) || (n.type === 'letter' && wanted.has(`letter:${n.status}`));
    let cutoff: NotificationRecord | undefined;
    if (olderThan !== undefined) {
      cutoff = this.#byId.get(olderThan.toLowerCase());
      // The server compares with the created_at of the older_than notification: an unknown id gives nothing.
      if (!cutoff)
        return {
          status: 200,
          body: { notifications: [], links: { current: this.#url('/v2/notifications', query) } },
        };
    }
    const page: NotificationRecord[] = [];
    // Newest first; `seq` breaks ties between notifications created in the same microsecond.
    for (let i = this.#notifications.length - 1; i >= 0 && page.length < PAGE_SIZE; i--) {
      const n = this.#notifications[i]!;
      if (cutoff && n.seq >= cutoff.seq) continue;
      // Each key type sees only notifications sent with that key type (the server filters on key_type).
      if (n.key_type !== auth.key.type) continue;
      if (types.length && !types.includes(n.type)) continue;
      if (!matchesStatus(n)) continue;
      if (reference !== undefined && n.reference !== reference) continue;
      page.push(n);
    }
    const links: Record<string, string> = { current: this.#url('/v2/notifications', query) };
    const last = page.at(-1);
    if (last) {
      links.next = this.#url('/v2/notifications', [
        ...query.filter(([k]) => k !== 'older_than'),
        ['older_than', last.id],
      ]);
    }
    return { status: 200, body: { notifications: page.map((n) => this.serializeNotification(n)), links } };
  }

  #url(path: string, query: Array<[string, string]>): string {
    const qs = new URLSearchParams(query).toString();
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  async getPdf(authorization: string | null, id: string): Promise<FakeResponse> {
    const auth = await this.authenticate(authorization);
    if ('error' in auth) return auth.error;
    if (!isUuid(id)) return validation('notification_id is not a valid UUID');
    const n = this.#byId.get(id.toLowerCase());
    if (!n) return notFound();
    if (n.type !== 'letter') return badRequest('Notification is not a letter');
    if (n.status === 'virus-scan-failed') return badRequest('File did not pass the virus scan');
    if (n.status === 'technical-failure')
      return badRequest('PDF not available for letters in technical-failure');
    if (n.status === 'pending-virus-check' || n.status === 'validation-failed') {
      return err(400, 'PDFNotReadyError', 'PDF not available yet, try again later');
    }
    const bytes = n.pdf_base64
      ? new Uint8Array(Buffer.from(n.pdf_base64, 'base64'))
      : textPdf([
          ...n.address_lines,
          ...(n.postcode ? [n.postcode] : []),
          '',
          n.subject ?? '',
          '',
          ...n.body.split(/\r?\n/),
        ]);
    return { status: 200, bytes, contentType: 'application/pdf' };
  }

  // ---------------------------------------------------------------- received texts

  addReceivedText(input: {
    user_number: string;
    content: string;
    notify_number?: string;
    created_at?: Date;
  }): ReceivedTextRecord {
    const phone = normalisePhone(input.user_number);
    const record: ReceivedTextRecord = {
      id: randomUUID(),
      seq: ++this.#seq,
      user_number: phone.ok ? phone.digits : input.user_number,
      notify_number: input.notify_number ?? this.service.inbound_number,
      content: input.content,
      created_at: notifyDate(input.created_at ?? this.now()),
    };
    this.#received.push(record);
    return record;
  }

  receivedTexts(): ReceivedTextRecord[] {
    return this.#received.map((r) => ({ ...r }));
  }

  #serializeReceived(r: ReceivedTextRecord) {
    return {
      id: r.id,
      user_number: r.user_number,
      notify_number: r.notify_number,
      created_at: r.created_at,
      service_id: this.service.id,
      content: r.content,
    };
  }

  async listReceivedTexts(
    authorization: string | null,
    query: Array<[string, string]>,
  ): Promise<FakeResponse> {
    const auth = await this.authenticate(authorization);
    if ('error' in auth) return auth.error;
    const errors = query
      .filter(([k]) => k !== 'older_than')
      .map(([k]) => `Additional properties are not allowed (${k} was unexpected)`);
    const olderThan = query.find(([k]) => k === 'older_than')?.[1];
    if (olderThan !== undefined && !isUuid(olderThan)) errors.push('older_than is not a valid UUID');
    if (errors.length) return validation(...errors);
    let cutoff: ReceivedTextRecord | undefined;
    if (olderThan !== undefined) {
      cutoff = this.#received.find((r) => r.id === olderThan.toLowerCase());
      if (!cutoff)
        return {
          status: 200,
          body: {
            received_text_messages: [],
            links: { current: this.#url('/v2/received-text-messages', query) },
          },
        };
    }
    const page: ReceivedTextRecord[] = [];
    for (let i = this.#received.length - 1; i >= 0 && page.length < PAGE_SIZE; i--) {
      const r = this.#received[i]!;
      if (cutoff && r.seq >= cutoff.seq) continue;
      page.push(r);
    }
    const links: Record<string, string> = { current: this.#url('/v2/received-text-messages', query) };
    const last = page.at(-1);
    if (last) links.next = this.#url('/v2/received-text-messages', [['older_than', last.id]]);
    return {
      status: 200,
      body: { received_text_messages: page.map((r) => this.#serializeReceived(r)), links },
    };
  }

  // ---------------------------------------------------------------- state API (tests, sandbox)

  notifications(): NotificationRecord[] {
    return this.#notifications.map((n) => ({ ...n }));
  }

  notification(id: string): NotificationRecord | undefined {
    const n = this.#byId.get(id.toLowerCase());
    return n ? { ...n } : undefined;
  }

  /** The status a notification ends in if nothing else happens (test-key simulator recipients fail). */
  simulatedOutcome(n: NotificationRecord): InternalStatus {
    if (n.key_type === 'test') {
      const key = n.type === 'sms' ? ukLocal(n.to) : n.to.toLowerCase();
      const outcome = SIMULATED_FAILURES[key];
      if (outcome) return outcome;
    }
    return 'delivered';
  }

  /**
   * Move a notification on: to `status`, or one natural step (created -> sending -> its final status;
   * pending-virus-check -> created). Returns the delivery receipt when the new status is final.
   */
  advance(
    id: string,
    status?: InternalStatus,
  ): { notification: NotificationRecord; receipt?: DeliveryStatusPayload } | undefined {
    const n = this.#byId.get(id.toLowerCase());
    if (!n) return undefined;
    let next: InternalStatus;
    if (status) next = status;
    else if (n.status === 'pending-virus-check') next = 'created';
    else if (n.status === 'created') next = 'sending';
    else if (FINAL.includes(n.status)) next = n.status;
    else next = this.simulatedOutcome(n);
    const now = notifyDate(this.now());
    if (
      next !== 'created' &&
      next !== 'pending-virus-check' &&
      n.sent_at === null &&
      next !== 'cancelled' &&
      next !== 'virus-scan-failed' &&
      next !== 'validation-failed'
    ) {
      n.sent_at = now;
    }
    n.status = next;
    n.updated_at = now;
    const receipt = FINAL.includes(next) && next !== 'cancelled' ? this.deliveryReceipt(n) : undefined;
    return receipt ? { notification: { ...n }, receipt } : { notification: { ...n } };
  }

  deliveryReceipt(n: NotificationRecord): DeliveryStatusPayload {
    return {
      id: n.id,
      reference: n.reference,
      to: n.to,
      status: n.type === 'letter' ? this.#apiStatus(n) : n.status,
      created_at: n.created_at,
      completed_at: FINAL.includes(n.status) ? n.updated_at : null,
      sent_at: n.sent_at,
      notification_type: n.type,
      template_id: n.template_id,
      template_version: n.template_version,
    };
  }

  snapshot(): ModelSnapshot {
    return structuredClone({
      version: 1 as const,
      service: this.service,
      apiKeys: this.#apiKeys,
      templates: [...this.#templates.values()],
      notifications: this.#notifications,
      receivedTexts: this.#received,
      daily: Object.fromEntries(this.#daily),
      seq: this.#seq,
      clockOffsetMs: this.#clockOffsetMs,
    });
  }

  restore(s: ModelSnapshot): void {
    const c = structuredClone(s);
    this.service = c.service;
    this.#apiKeys = c.apiKeys;
    this.#templates = new Map(c.templates.map((t) => [t.id.toLowerCase(), t]));
    this.#notifications = c.notifications;
    this.#byId = new Map(c.notifications.map((n) => [n.id.toLowerCase(), n]));
    this.#received = c.receivedTexts;
    this.#daily = new Map(Object.entries(c.daily));
    this.#seq = c.seq;
    this.#clockOffsetMs = c.clockOffsetMs;
    this.#buckets.clear();
    this.#verified.clear();
  }
}
