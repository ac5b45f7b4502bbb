/**
 * The fake Notify's records and state: plain, JSON-serialisable data (the sandbox keeps it in its state file).
 * Names follow notifications-api's models (`app/models.py`) where the API shows them.
 */
import { FINAL_NOTIFICATION_STATUSES } from '../../schemas/notifications.js';

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

export type TemplateChanges = Partial<
  Pick<TemplateSeed, 'name' | 'subject' | 'body' | 'postage' | 'letter_contact_block'>
>;

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
  /** Text messages: the international rate multiplier (`rate_multiplier`); absent in older snapshots. */
  rate_multiplier?: number;
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
  /** Trial mode (`restricted` in notifications-api): sends only to team members, no letters. */
  trial_mode: boolean;
  /** `sms`, `email`, `letter`, `international_sms`, `international_letters`, `sms_to_uk_landlines`, `inbound_sms` */
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
  /** Contact details for "send files by email"; without them a file in personalisation is refused. */
  contact_link: string | null;
}

/** The service's limits, as the columns of notifications-api's `Service` model. */
export interface NotifyLimits {
  /** API requests per 60 seconds per key type (`rate_limit`, 3,000). */
  rate_limit: number;
  email_message_limit: number;
  sms_message_limit: number;
  letter_message_limit: number;
  international_sms_message_limit: number;
}

export interface CallbackEndpoint {
  url: string;
  /** At least 10 characters (Notify's rule). */
  bearer_token: string;
}

/** The service's callback APIs (`service_callback_api` rows), by callback type. */
export interface CallbackEndpoints {
  deliveryStatus?: CallbackEndpoint;
  receivedText?: CallbackEndpoint;
  returnedLetter?: CallbackEndpoint;
  complaint?: CallbackEndpoint;
}

export interface TokenBucket {
  /** Seconds since the epoch, made up to the last whole token granted. */
  last_replenished: number;
  tokens: number;
}

/** Everything the fake knows; `snapshot().state`. */
export interface NotifyState {
  service: ServiceSettings;
  limits: NotifyLimits;
  apiKeys: ApiKeyRecord[];
  templates: TemplateRecord[];
  notifications: NotificationRecord[];
  receivedTexts: ReceivedTextRecord[];
  callbacks: CallbackEndpoints;
  /** Sends today by `YYYY-MM-DD:type` (live and team keys; test keys never count). */
  daily: Record<string, number>;
  /** Rate-limit token buckets by `{service_id}-tokens-{key_type}`. */
  buckets: Record<string, TokenBucket>;
  seq: number;
}

/** A delivery receipt: the body of the delivery-status callback. */
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

/** `%Y-%m-%dT%H:%M:%S.%fZ` (microseconds), as the server formats datetimes (`app/utils.py` DATETIME_FORMAT). */
export function notifyDate(d: Date): string {
  return `${d.toISOString().slice(0, 23)}000Z`;
}

/** The SDK's list (a shared constant): statuses a notification never leaves. */
export const FINAL_STATUSES: readonly InternalStatus[] = FINAL_NOTIFICATION_STATUSES;

export const isFinal = (status: InternalStatus) => FINAL_STATUSES.includes(status);
