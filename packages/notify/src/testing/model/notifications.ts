/**
 * Sending and reading notifications, in notifications-api's order of checks
 * (`app/v2/notifications/post_notifications.py` `post_notification`, `process_sms_or_email_notification`,
 * `process_letter_notification`; `app/notifications/validators.py`; `app/v2/notifications/get_notifications.py`).
 * The wire layer has already authenticated the key, checked the rate limits and validated the body's schema.
 */
import { randomUUID } from 'node:crypto';
import { badRequest, notFound } from './errors.js';
import { decodePrecompiledContent } from './letters.js';
import { validateAddress } from './postal-address.js';
import { checkDailyLimit, countSend } from './limits.js';
import {
  InvalidPhoneError,
  formatEmailAddress,
  parsePhoneNumber,
  stripAndRemoveObscureWhitespace,
  validatePhoneNumber,
} from './recipients.js';
import { missingPersonalisation, normaliseKey, render, renderSubject } from './render.js';
import type {
  SendEmailRequest,
  SendLetterRequest,
  SendPrecompiledLetterRequest,
  SendSmsRequest,
} from './schemas.js';
import { validateFile } from './schemas.js';
import { smsFragmentCount } from './sms-text.js';
import { hasPermission } from './service.js';
import { nextSeq, type NotifyStore, urlOf } from './store.js';
import { latestVersion } from './templates.js';
import {
  type ApiKeyRecord,
  isFinal,
  type NotificationRecord,
  type NotificationType,
  notifyDate,
  type TemplateRecord,
} from './types.js';

/** notifications-utils SMS_CHAR_COUNT_LIMIT */
export const SMS_CHAR_COUNT_LIMIT = 918;
const EMAIL_MAX_BYTES = 2_000_000;
export const PAGE_SIZE = 250;
/** `app/config.py` ADMIN_BASE_URL in production. */
const ADMIN_BASE_URL = 'https://www.notifications.service.gov.uk';
const PRECOMPILED_TEMPLATE_ID = '00000000-0000-0000-0000-000000000000';

/** `app/config.py` SIMULATED_SMS_NUMBERS and SIMULATED_EMAIL_ADDRESSES: answered 201, never stored or sent. */
const SIMULATED_SMS = new Set(['447700900000', '447700900111', '447700900222']);
const SIMULATED_EMAILS = new Set([
  'simulate-delivered@notifications.service.gov.uk',
  'simulate-delivered-2@notifications.service.gov.uk',
  'simulate-delivered-3@notifications.service.gov.uk',
]);

export interface SendResult {
  /** The 201 body. */
  response: Record<string, unknown>;
  /** The stored notification (none for a simulated recipient). */
  notification?: NotificationRecord;
}

const typeText = (type: NotificationType) =>
  ({ email: 'emails', sms: 'text messages', letter: 'letters' })[type];

/** `check_service_has_permission` */
function checkPermission(store: NotifyStore, type: NotificationType): void {
  if (!hasPermission(store, type)) throw badRequest(`Service is not allowed to send ${typeText(type)}`);
}

/** `validate_template`: found, the right type, not deleted, personalised, not empty. */
function templateFor(
  store: NotifyStore,
  id: string,
  type: NotificationType,
  personalisation: Record<string, unknown>,
) {
  const template = store.templatesById.get(id.toLowerCase());
  if (!template) throw badRequest('Template not found');
  if (template.type !== type)
    throw badRequest(`${template.type} template is not suitable for ${type} notification`);
  if (template.archived) throw badRequest('Template has been deleted');
  const version = latestVersion(template);
  const missing = missingPersonalisation(personalisation, version.subject, version.body);
  if (missing.length) throw badRequest(`Missing personalisation: ${missing.join(', ')}`);
  const body = render(version.body, personalisation, type);
  if (body.trim() === '') throw badRequest('Your message is empty.');
  // check_template_can_contain_documents
  if (type !== 'email' && Object.values(personalisation).some(isFile)) {
    throw badRequest('Can only send a file by email');
  }
  return { template, version };
}

const isFile = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && 'file' in v;

/** `service_can_send_to_recipient`: team keys and trial services send only to the team and guest list. */
function checkCanSendTo(
  store: NotifyStore,
  key: ApiKeyRecord,
  recipient: string,
  type: 'email' | 'sms',
): void {
  const service = store.state.service;
  if (key.type === 'test' || (key.type === 'live' && !service.trial_mode)) return;
  const same = (member: string) => normaliseRecipient(member, type) === normaliseRecipient(recipient, type);
  if (service.team_recipients.some(same)) return;
  throw badRequest(
    key.type === 'team'
      ? 'Can’t send to this recipient using a team-only API key'
      : 'Can’t send to this recipient when service is in trial mode – see https://www.notifications.service.gov.uk/trial-mode',
  );
}

function normaliseRecipient(value: string, type: 'email' | 'sms'): string {
  if (type === 'email') return formatEmailAddress(value);
  try {
    return parsePhoneNumber(value).normalised;
  } catch {
    return value.replace(/\s/g, '');
  }
}

// ------------------------------------------------------------------------------------------------ sanitising

// Python's `\w` and `\b` are Unicode-aware; JavaScript's are ASCII-only, so spell them out.
const W = '[\\p{L}\\p{N}_]';
const BOUNDARY = `(?:(?<=${W})(?!${W})|(?<!${W})(?=${W}))`;
/** notifications-utils `formatters.py` `url`, case-insensitive. */
const URL_IN_TEXT = new RegExp(
  `${BOUNDARY}(?<![@.])(https?:\\/\\/)?(?:[\\p{L}\\p{N}_-]+\\.)+(?:[a-z]{2,63})(?!@)${BOUNDARY}(?:[/?#][^<\\s]*)?`,
  'giu',
);

/**
 * `sanitise_personalisation_item`: a URL is removed, unless it is only letters, digits, dots and hyphens (an
 * accidental link such as "example.com"), which is broken up with a space after each dot; then every markdown
 * character is escaped with a backslash.
 */
export function sanitisePersonalisationItem(value: string): string {
  const unlinked = value.replace(URL_IN_TEXT, (link) =>
    /^[a-zA-Z0-9.-]+$/.test(link) ? link.replace(/\./g, '. ') : '',
  );
  return unlinked.replace(/([`*_()\\{}[\]<>#+\-.!|])/gm, '\\$1');
}

function sanitise(personalisation: Record<string, unknown>, keys: unknown[] | null | undefined) {
  const wanted = new Set((keys ?? []).map((k) => normaliseKey(String(k))));
  const sanitised: Record<string, unknown> = {};
  const changes: Record<string, { unsanitised: unknown; sanitised: unknown }> = {};
  for (const [key, value] of Object.entries(personalisation)) {
    const clean =
      wanted.has(normaliseKey(key)) && typeof value === 'string' ? sanitisePersonalisationItem(value) : value;
    sanitised[key] = clean;
    if (clean !== value) changes[key] = { unsanitised: value, sanitised: clean };
  }
  return { sanitised, changes };
}

// ------------------------------------------------------------------------------------------------ sending

function store(storeRef: NotifyStore, record: Omit<NotificationRecord, 'seq'>): NotificationRecord {
  const n: NotificationRecord = { ...record, seq: nextSeq(storeRef) };
  storeRef.state.notifications.push(n);
  storeRef.byId.set(n.id.toLowerCase(), n);
  return n;
}

function baseRecord(
  key: ApiKeyRecord,
  template: TemplateRecord,
  version: number,
  now: Date,
): Pick<
  NotificationRecord,
  | 'id'
  | 'key_type'
  | 'api_key_id'
  | 'template_id'
  | 'template_version'
  | 'status'
  | 'created_at'
  | 'sent_at'
  | 'updated_at'
  | 'one_click_unsubscribe_url'
  | 'precompiled'
  | 'pdf_base64'
  | 'address_lines'
  | 'postcode'
  | 'international'
  | 'postage'
> {
  return {
    id: randomUUID(),
    key_type: key.type,
    api_key_id: key.id,
    template_id: template.id,
    template_version: version,
    status: 'created',
    created_at: notifyDate(now),
    sent_at: null,
    updated_at: null,
    one_click_unsubscribe_url: null,
    precompiled: false,
    pdf_base64: null,
    address_lines: [],
    postcode: null,
    international: false,
    postage: null,
  };
}

function templateRef(s: NotifyStore, template: TemplateRecord, version: number) {
  return { id: template.id, version, uri: urlOf(s, `/v2/template/${template.id}/version/${version}`) };
}

/** POST /v2/notifications/email, after the schema check. */
export function sendEmail(s: NotifyStore, key: ApiKeyRecord, req: SendEmailRequest): SendResult {
  checkPermission(s, 'email');
  const unsanitised = req.personalisation ?? {};
  const { sanitised: personalisation, changes } = sanitise(unsanitised, req.sanitise_content_for);
  const { template, version } = templateFor(s, req.template_id, 'email', personalisation);
  if (
    req.email_reply_to_id !== undefined &&
    !s.state.service.email_reply_to_ids.some(sameId(req.email_reply_to_id))
  ) {
    throw badRequest(
      `email_reply_to_id ${req.email_reply_to_id} does not exist in database for service id ${s.state.service.id}`,
    );
  }
  checkCanSendTo(s, key, req.email_address, 'email');
  // persist_notification keeps the address as given, less obscure whitespace
  const to = stripAndRemoveObscureWhitespace(req.email_address);
  const simulated = SIMULATED_EMAILS.has(formatEmailAddress(to));
  // process_document_uploads: each file is checked, then needs the service's contact details
  const files = Object.entries(personalisation).filter(([, v]) => isFile(v));
  for (const [, file] of files) validateFile(file as Record<string, unknown>);
  if (files.length && !s.state.service.contact_link) {
    throw badRequest(
      `Send files by email has not been set up - add contact details for your service at ${ADMIN_BASE_URL}/services/${s.state.service.id}/service-settings/send-files-by-email`,
    );
  }
  // document-download-api (`app/upload/views.py`): its 400s and 413s come back as the API's 400 BadRequestError
  if (!simulated) for (const [, file] of files) checkUpload((file as { file?: unknown }).file);
  const body = render(version.body, personalisation, 'email');
  const subject = renderSubject(version.subject, personalisation, 'email');
  const size = Buffer.byteLength(body, 'utf8');
  if (size > EMAIL_MAX_BYTES) {
    throw badRequest(
      `Your message is too long. Emails cannot be longer than ${EMAIL_MAX_BYTES} bytes. Your message is ${size} bytes.`,
    );
  }
  const unsubscribe = req.one_click_unsubscribe_url ?? null;
  const base = baseRecord(key, template, version.version, s.now());
  const response = {
    id: base.id,
    reference: req.reference ?? null,
    uri: urlOf(s, `/v2/notifications/${base.id}`),
    template: templateRef(s, template, version.version),
    scheduled_for: null,
    content: {
      from_email: `${s.state.service.email_from}@notifications.service.gov.uk`,
      body,
      subject,
      one_click_unsubscribe_url: unsubscribe,
    },
    sanitised_content: changes,
  };
  if (simulated) return { response };
  const notification = store(s, {
    ...base,
    type: 'email',
    to,
    reference: req.reference ?? null,
    personalisation: unsanitised,
    subject,
    body,
    one_click_unsubscribe_url: unsubscribe,
    billable_units: 0,
  });
  countSend(s, key.type, 'email', false);
  return { response, notification };
}

/** POST /v2/notifications/sms, after the schema check. */
export function sendSms(s: NotifyStore, key: ApiKeyRecord, req: SendSmsRequest): SendResult {
  checkPermission(s, 'sms');
  const personalisation = req.personalisation ?? {};
  const { template, version } = templateFor(s, req.template_id, 'sms', personalisation);
  if (req.sms_sender_id !== undefined && !s.state.service.sms_sender_ids.some(sameId(req.sms_sender_id))) {
    throw badRequest(
      `sms_sender_id ${req.sms_sender_id} does not exist in database for service id ${s.state.service.id}`,
    );
  }
  checkCanSendTo(s, key, req.phone_number, 'sms');
  // validate_and_return_extended_phone_number_info
  const phone = parsePhoneNumber(req.phone_number);
  try {
    validatePhoneNumber(phone, {
      international: hasPermission(s, 'international_sms'),
      ukLandline: hasPermission(s, 'sms_to_uk_landlines'),
    });
  } catch (error) {
    if (error instanceof InvalidPhoneError && error.code === 'NOT_A_UK_MOBILE' && !phone.uk) {
      throw badRequest('Cannot send to international mobile numbers');
    }
    throw error;
  }
  if (!phone.uk) checkDailyLimit(s, key.type, 'international_sms');
  const body = render(version.body, personalisation, 'sms');
  // `check_is_message_too_long`: the sanitised body's length in UTF-16 units (`content_count`), without the
  // service-name prefix
  const length = body.length;
  if (length > SMS_CHAR_COUNT_LIMIT) {
    throw badRequest(
      `Your message is too long. Text messages cannot be longer than ${SMS_CHAR_COUNT_LIMIT} characters. Your message is ${length} characters long.`,
    );
  }
  const base = baseRecord(key, template, version.version, s.now());
  const response = {
    id: base.id,
    reference: req.reference ?? null,
    uri: urlOf(s, `/v2/notifications/${base.id}`),
    template: templateRef(s, template, version.version),
    scheduled_for: null,
    content: { from_number: s.state.service.sms_sender, body },
  };
  if (SIMULATED_SMS.has(phone.normalised)) return { response };
  const notification = store(s, {
    ...base,
    type: 'sms',
    // persist_notification: the number as given, less obscure whitespace
    to: stripAndRemoveObscureWhitespace(req.phone_number),
    reference: req.reference ?? null,
    personalisation,
    subject: null,
    body,
    billable_units: smsFragmentCount(body),
    // persist_notification: `international` and `rate_multiplier` from get_international_phone_info (a crown
    // dependency is international, at the +44 rate, though it needs no permission and is not counted abroad)
    international: phone.international,
    rate_multiplier: phone.rateMultiplier,
  });
  countSend(s, key.type, 'sms', !phone.uk);
  return { response, notification };
}

/** `process_letter_notification`'s key and trial checks (403s). */
function checkCanSendLetters(s: NotifyStore, key: ApiKeyRecord): void {
  if (key.type === 'team') throw badRequest('Cannot send letters with a team api key', 403);
  if (s.state.service.trial_mode && key.type !== 'test') {
    throw badRequest('Cannot send letters when service is in trial mode', 403);
  }
}

/** POST /v2/notifications/letter (a template), after the schema check. */
export function sendLetter(s: NotifyStore, key: ApiKeyRecord, req: SendLetterRequest): SendResult {
  checkPermission(s, 'letter');
  const personalisation = req.personalisation;
  const { template, version } = templateFor(s, req.template_id, 'letter', personalisation);
  checkCanSendLetters(s, key);
  const { address, internationalPostage } = validateAddress(
    personalisation,
    hasPermission(s, 'international_letters'),
  );
  const body = render(version.body, personalisation, 'letter');
  const subject = renderSubject(version.subject, personalisation, 'letter');
  const base = baseRecord(key, template, version.version, s.now());
  const notification = store(s, {
    ...base,
    // a test-key letter starts in `sending` and is never printed (TEST_LETTERS_FAKE_DELIVERY)
    status: key.type === 'test' ? 'sending' : 'created',
    type: 'letter',
    // create_letter_notification: the recipient is the normalised address (`PostalAddress.normalised`)
    to: address.lines.join('\n'),
    reference: req.reference ?? null,
    personalisation,
    subject,
    body,
    postage: internationalPostage ?? version.postage ?? 'second',
    billable_units: 1,
    // the lines printed on the letter, postcode (or BFPO, or country) last
    address_lines: address.lines,
    postcode: null,
    international: internationalPostage !== null,
  });
  countSend(s, key.type, 'letter', false);
  return {
    response: {
      id: notification.id,
      reference: notification.reference,
      uri: urlOf(s, `/v2/notifications/${notification.id}`),
      template: templateRef(s, template, version.version),
      scheduled_for: null,
      content: { body, subject },
    },
    notification,
  };
}

/** POST /v2/notifications/letter with `content`, after the schema check. */
export function sendPrecompiledLetter(
  s: NotifyStore,
  key: ApiKeyRecord,
  req: SendPrecompiledLetterRequest,
): SendResult {
  checkPermission(s, 'letter');
  checkCanSendLetters(s, key);
  const bytes = decodePrecompiledContent(req.content);
  const postage = req.postage ?? 'second';
  const now = s.now();
  const notification = store(s, {
    id: randomUUID(),
    type: 'letter',
    key_type: key.type,
    api_key_id: key.id,
    template_id: PRECOMPILED_TEMPLATE_ID,
    template_version: 1,
    // "Provided as PDF" until the address is read from the validated PDF
    to: 'Provided as PDF',
    reference: req.reference,
    personalisation: { address_line_1: 'Provided as PDF' },
    subject: 'Pre-compiled PDF',
    body: '',
    status: 'pending-virus-check',
    created_at: notifyDate(now),
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
  });
  countSend(s, key.type, 'letter', false);
  return { response: { id: notification.id, reference: notification.reference, postage }, notification };
}

/** document-download-api MAX_DECODED_FILE_SIZE */
const MAX_DECODED_FILE_SIZE = 2 * 1024 * 1024;

/** Python's `b64decode` (non-strict: characters outside the alphabet are dropped, the padding must be right). */
function checkUpload(content: unknown): void {
  const cleaned = String(content ?? '').replace(/[^A-Za-z0-9+/=]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(cleaned) || cleaned.length % 4 !== 0) {
    throw badRequest('Document is not base64 encoded');
  }
  if (Buffer.from(cleaned, 'base64').byteLength > MAX_DECODED_FILE_SIZE) {
    throw badRequest('Uploaded file exceeds file size limit');
  }
}

const sameId = (id: string) => (x: string) => x.toLowerCase() === id.toLowerCase();

// ------------------------------------------------------------------------------------------------ reading

const SMS_RATE = 0.0227;
const LETTER_COSTS: Record<string, number> = {
  first: 1.35,
  second: 0.85,
  economy: 0.59,
  europe: 1.55,
  'rest-of-world': 1.55,
};

/** How the API reports a letter's status (`Notification.formatted_status` / `get_letter_status`). */
export function apiStatus(n: NotificationRecord): string {
  if (n.type !== 'letter') return n.status;
  // get_letter_status: only created and sending read as accepted; anything else but delivered is itself
  if (['created', 'sending'].includes(n.status)) return 'accepted';
  if (n.status === 'delivered' || n.status === 'returned-letter') return 'received';
  return n.status;
}

/** `InsensitiveDict(personalisation).get(key)`: the value as sent, or null. */
function lookupKey(personalisation: Record<string, unknown>, key: string): unknown {
  let value: unknown = null;
  for (const [k, v] of Object.entries(personalisation)) if (normaliseKey(k) === normaliseKey(key)) value = v;
  return value;
}

/** `Notification.serialize_with_cost_data` */
export function serializeNotification(s: NotifyStore, n: NotificationRecord): Record<string, unknown> {
  const costReady = n.type === 'email' || !['created', 'pending-virus-check'].includes(n.status);
  let cost: number | null = null;
  let costDetails: Record<string, unknown> = {};
  if (n.type === 'email') cost = 0;
  if (n.type === 'sms') {
    const multiplier = n.rate_multiplier ?? (n.international ? 2 : 1);
    costDetails = {
      billable_sms_fragments: n.billable_units,
      international_rate_multiplier: multiplier,
      sms_rate: SMS_RATE,
    };
    cost = costReady ? Math.round(n.billable_units * multiplier * SMS_RATE * 10_000) / 10_000 : null;
  }
  if (n.type === 'letter') {
    const postage = n.postage ?? 'second';
    costDetails = { billable_sheets_of_paper: n.billable_units, postage };
    cost = costReady ? (LETTER_COSTS[postage] ?? null) : null;
  }
  if (n.key_type === 'test') cost = costReady ? 0 : null;
  // cost_details is {} until the cost is known (`_add_cost_data_for_sms` / `_add_cost_data_for_letter`)
  if (!costReady) costDetails = {};
  // serialize: a letter's line_1..line_6 and postcode are its personalisation's values as sent (keys matched
  // insensitively), not the normalised address
  const line = (key: string) => (n.type === 'letter' ? lookupKey(n.personalisation, key) : null);
  const out: Record<string, unknown> = {
    id: n.id,
    reference: n.reference,
    email_address: n.type === 'email' ? n.to : null,
    phone_number: n.type === 'sms' ? n.to : null,
    line_1: line('address_line_1'),
    line_2: line('address_line_2'),
    line_3: line('address_line_3'),
    line_4: line('address_line_4'),
    line_5: line('address_line_5'),
    line_6: line('address_line_6'),
    postcode: line('postcode'),
    type: n.type,
    status: apiStatus(n),
    template: {
      version: n.template_version,
      id: n.template_id,
      uri: urlOf(s, `/v2/template/${n.template_id}/version/${n.template_version}`),
    },
    body: n.body,
    subject: n.subject,
    created_at: n.created_at,
    created_by_name: null,
    sent_at: n.sent_at,
    completed_at: isFinal(n.status) ? n.updated_at : null,
    scheduled_for: null,
    postage: n.postage,
    one_click_unsubscribe_url: n.one_click_unsubscribe_url,
    is_cost_data_ready: costReady,
    cost_in_pounds: cost,
    cost_details: costDetails,
  };
  if (n.type === 'letter') {
    out.estimated_delivery = notifyDate(new Date(new Date(n.created_at).getTime() + 3 * 86_400_000));
  }
  return out;
}

/** GET /v2/notifications/{id}: any key of the service reads any of its notifications. */
export function getNotification(s: NotifyStore, id: string) {
  const n = s.byId.get(id.toLowerCase());
  if (!n) throw notFound();
  return serializeNotification(s, n);
}

export interface ListNotificationsQuery {
  template_type?: NotificationType[];
  status?: string[];
  reference?: string;
  older_than?: string;
  include_jobs?: boolean;
  /** The validated query as `url_for` writes it into `links`, in the order of its keys. */
  data: Array<[string, string]>;
}

const FAILED = [
  'technical-failure',
  'temporary-failure',
  'permanent-failure',
  'validation-failed',
  'virus-scan-failed',
  'returned-letter',
];

/** GET /v2/notifications: newest first, 250 a page, only notifications sent with the caller's key type. */
export function listNotifications(s: NotifyStore, key: ApiKeyRecord, query: ListNotificationsQuery) {
  // Notification.substitute_status: `failed` is every failure, `accepted` is created or sending and `received` is
  // delivered, whatever the type (they are the letter words, but the filter is on the status column)
  const wanted = new Set<string>();
  for (const st of query.status ?? []) {
    if (st === 'failed') for (const f of FAILED) wanted.add(f);
    else if (st === 'accepted') for (const f of ['created', 'sending']) wanted.add(f);
    else if (st === 'received') wanted.add('delivered');
    else wanted.add(st);
  }
  const matchesStatus = (n: NotificationRecord) => wanted.size === 0 || wanted.has(n.status);
  const links: Record<string, string> = { current: urlOf(s, '/v2/notifications', query.data) };
  let cutoff: NotificationRecord | undefined;
  if (query.older_than !== undefined) {
    cutoff = s.byId.get(query.older_than.toLowerCase());
    // the server compares with the created_at of the older_than notification: an unknown id gives nothing
    if (!cutoff) return { notifications: [], links };
  }
  const page: NotificationRecord[] = [];
  const all = s.state.notifications;
  for (let i = all.length - 1; i >= 0 && page.length < PAGE_SIZE; i--) {
    const n = all[i]!;
    if (cutoff && n.seq >= cutoff.seq) continue;
    if (n.key_type !== key.type) continue;
    if (query.template_type?.length && !query.template_type.includes(n.type)) continue;
    if (!matchesStatus(n)) continue;
    if (query.reference !== undefined && n.reference !== query.reference) continue;
    page.push(n);
  }
  const last = page.at(-1);
  if (last) {
    // `dict(data, older_than=...)`: an older_than already there keeps its place, otherwise it comes last
    const next: Array<[string, string]> = query.data.map(([k, v]) => [k, k === 'older_than' ? last.id : v]);
    if (!next.some(([k]) => k === 'older_than')) next.push(['older_than', last.id]);
    links.next = urlOf(s, '/v2/notifications', next);
  }
  return { notifications: page.map((n) => serializeNotification(s, n)), links };
}
