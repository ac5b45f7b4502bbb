import { z } from 'zod';
import { Links, NotifyId, Personalisation, Postage, TemplateRef, TemplateType } from './common.js';

/** Max length of `reference` (server schema). */
export const MAX_REFERENCE_LENGTH = 1000;

const reference = z.string().max(MAX_REFERENCE_LENGTH);

// ---------------------------------------------------------------- requests (strict: the server sets additionalProperties false)

export const SendEmailRequest = z.strictObject({
  template_id: NotifyId,
  /** 5..250 characters (spec) */
  email_address: z.string().min(5).max(250),
  personalisation: Personalisation.optional(),
  /** Your own id for the message, up to 1,000 characters; must not contain personal data. */
  reference: reference.optional(),
  /** An email reply-to address id from the service's settings. */
  email_reply_to_id: NotifyId.optional(),
  /** Must be an https URL (the server refuses anything else). */
  one_click_unsubscribe_url: z.url({ protocol: /^https$/ }).optional(),
  /** Personalisation keys whose values Notify should escape (markdown / links). */
  sanitise_content_for: z.array(z.string()).nullable().optional(),
});
export type SendEmailRequest = z.input<typeof SendEmailRequest>;

export const SendSmsRequest = z.strictObject({
  template_id: NotifyId,
  /** UK or international number, 7..15 characters (spec; spaces and punctuation are normalised by Notify) */
  phone_number: z.string().min(1),
  personalisation: Personalisation.optional(),
  reference: reference.optional(),
  /** A text message sender id from the service's settings. */
  sms_sender_id: NotifyId.optional(),
});
export type SendSmsRequest = z.input<typeof SendSmsRequest>;

const ADDRESS_KEYS = [
  'address_line_1',
  'address_line_2',
  'address_line_3',
  'address_line_4',
  'address_line_5',
  'address_line_6',
  'address_line_7',
] as const;

/** Number of non-empty `address_line_N` values in a personalisation object. */
export function addressLineCount(personalisation: Record<string, unknown>): number {
  let n = 0;
  for (const key of ADDRESS_KEYS) {
    const v = personalisation[key];
    if (v !== undefined && v !== null && String(v).trim() !== '') n++;
  }
  return n;
}

export const LetterPersonalisation = Personalisation.superRefine((p, ctx) => {
  // Notify: "Address must be at least 3 lines" — address_line_1..7, the last a postcode or a country.
  if (addressLineCount(p) < 3) {
    ctx.addIssue({
      code: 'custom',
      message: 'Address must be at least 3 lines (address_line_1..address_line_7)',
    });
  }
  for (const key of ['address_line_1', 'address_line_2', 'address_line_3'] as const) {
    const v = p[key];
    if (v !== undefined && v !== null && typeof v !== 'string' && typeof v !== 'number') {
      ctx.addIssue({ code: 'custom', path: [key], message: 'must be a string' });
    }
  }
});

export const SendLetterRequest = z.strictObject({
  template_id: NotifyId,
  /** Must contain the address in `address_line_1`..`address_line_7` (at least 3 lines). */
  personalisation: LetterPersonalisation,
  reference: reference.optional(),
});
export type SendLetterRequest = z.input<typeof SendLetterRequest>;

/** Postage accepted on a precompiled letter by the server (`postage invalid. It must be either first, second or economy`). */
export const PrecompiledPostage = z.enum(['first', 'second', 'economy']);

export const SendPrecompiledLetterWire = z.strictObject({
  reference: reference.min(1),
  /** base64 PDF */
  content: z.base64(),
  postage: PrecompiledPostage.optional(),
});

/** Values the `status` filter accepts (`failed` = every failure status; `accepted` = created or sending and `received` = delivered, whatever the type). */
export const NotificationStatusFilter = z.enum([
  'cancelled',
  'created',
  'sending',
  'sent',
  'delivered',
  'pending',
  'failed',
  'technical-failure',
  'temporary-failure',
  'permanent-failure',
  'pending-virus-check',
  'validation-failed',
  'virus-scan-failed',
  'returned-letter',
  'accepted',
  'received',
]);

export const ListNotificationsQuery = z.strictObject({
  /** One or several of sms, email, letter. */
  template_type: z.union([TemplateType, z.array(TemplateType)]).optional(),
  /** One or several statuses (Notify accepts the parameter repeated). */
  status: z.union([NotificationStatusFilter, z.array(NotificationStatusFilter)]).optional(),
  reference: z.string().optional(),
  /** Start after (older than) this notification id. */
  older_than: NotifyId.optional(),
  /** Include notifications sent from CSV uploads in the Notify web app. */
  include_jobs: z.boolean().optional(),
});
export type ListNotificationsQuery = z.input<typeof ListNotificationsQuery>;

// ---------------------------------------------------------------- responses (lenient)

/**
 * One sanitised personalisation value (alphagov/notifications-api app/v2/notifications/post_notifications.py
 * `_get_sanitised_content`): what you sent, and what Notify put in the email instead.
 */
export const SanitisedValue = z.looseObject({
  unsanitised: z.unknown(),
  sanitised: z.unknown(),
});
export type SanitisedValue = z.infer<typeof SanitisedValue>;

/** Personalisation keys Notify sanitised (only those that changed; `{}` when none did). */
export const SanitisedContent = z.record(z.string(), SanitisedValue);
export type SanitisedContent = z.infer<typeof SanitisedContent>;

export const SendSmsResponse = z.looseObject({
  id: z.string(),
  reference: z.string().nullable().optional(),
  uri: z.string(),
  template: TemplateRef,
  scheduled_for: z.string().nullable().optional(),
  content: z.looseObject({ body: z.string(), from_number: z.string().nullable().optional() }),
});
export type SendSmsResponse = z.infer<typeof SendSmsResponse>;

export const SendEmailResponse = z.looseObject({
  id: z.string(),
  reference: z.string().nullable().optional(),
  uri: z.string(),
  template: TemplateRef,
  scheduled_for: z.string().nullable().optional(),
  content: z.looseObject({
    body: z.string(),
    subject: z.string(),
    from_email: z.string(),
    one_click_unsubscribe_url: z.string().nullable().optional(),
  }),
  /** `{}` when nothing was sanitised, else `{key: {unsanitised, sanitised}}` for each value that changed. */
  sanitised_content: SanitisedContent.nullable().optional(),
});
export type SendEmailResponse = z.infer<typeof SendEmailResponse>;

export const SendLetterResponse = z.looseObject({
  id: z.string(),
  reference: z.string().nullable().optional(),
  uri: z.string(),
  template: TemplateRef,
  scheduled_for: z.string().nullable().optional(),
  content: z.looseObject({ body: z.string(), subject: z.string() }),
});
export type SendLetterResponse = z.infer<typeof SendLetterResponse>;

export const SendPrecompiledLetterResponse = z.looseObject({
  id: z.string(),
  reference: z.string().nullable().optional(),
  postage: z.string().nullable().optional(),
});
export type SendPrecompiledLetterResponse = z.infer<typeof SendPrecompiledLetterResponse>;

/**
 * Statuses after which a notification never changes again (notifications-api `app/models.py`: the completed and
 * failed statuses, plus `cancelled`, the letter failures and `returned-letter`). The one list the SDK, the fake and
 * the sandbox share.
 */
export const FINAL_NOTIFICATION_STATUSES = [
  'delivered',
  'permanent-failure',
  'temporary-failure',
  'technical-failure',
  'virus-scan-failed',
  'validation-failed',
  'cancelled',
  'returned-letter',
] as const;

/** Has the notification reached a status it will not leave? */
export function isFinalStatus(status: string): boolean {
  return (FINAL_NOTIFICATION_STATUSES as readonly string[]).includes(status);
}

/** Statuses as the API reports them (letters are reported as accepted/received). */
export type NotificationStatus =
  | 'created'
  | 'sending'
  | 'pending'
  | 'sent'
  | 'delivered'
  | 'permanent-failure'
  | 'temporary-failure'
  | 'technical-failure'
  | 'accepted'
  | 'received'
  | 'cancelled'
  | 'pending-virus-check'
  | 'virus-scan-failed'
  | 'validation-failed'
  | (string & {});

const nullableString = z.string().nullable().optional();

/**
 * The cost of one notification (alphagov/notifications-api app/models.py `serialize_with_cost_data`): text messages
 * carry the first three fields, letters the last two, emails none (`{}`, costing 0). `{}` too while the cost is not
 * known yet (`is_cost_data_ready: false`). One object with every field optional, as the official clients type it.
 */
export const CostDetails = z.looseObject({
  /** Text messages: fragments billed (a long message is several). */
  billable_sms_fragments: z.number().optional(),
  /** Text messages: 1 for UK numbers, more for international ones. */
  international_rate_multiplier: z.number().optional(),
  /** Text messages: pounds per fragment at the time of sending. */
  sms_rate: z.number().optional(),
  /** Letters: sheets of paper billed (0 for a letter that was never sent). */
  billable_sheets_of_paper: z.number().optional(),
  /** Letters: the postage charged. */
  postage: Postage.or(z.string()).optional(),
});
export type CostDetails = z.infer<typeof CostDetails>;

export const Notification = z.looseObject({
  id: z.string(),
  reference: nullableString,
  email_address: nullableString,
  phone_number: nullableString,
  line_1: nullableString,
  line_2: nullableString,
  line_3: nullableString,
  line_4: nullableString,
  line_5: nullableString,
  line_6: nullableString,
  postcode: nullableString,
  type: TemplateType,
  status: z.string() as z.ZodType<NotificationStatus>,
  template: TemplateRef,
  body: z.string(),
  subject: nullableString,
  created_at: z.string(),
  created_by_name: nullableString,
  sent_at: nullableString,
  completed_at: nullableString,
  scheduled_for: nullableString,
  postage: Postage.or(z.string()).nullable().optional(),
  one_click_unsubscribe_url: nullableString,
  /** letters only */
  estimated_delivery: nullableString,
  /** False while the cost is not known yet (a text message or letter not yet sent); `cost_in_pounds` is then null. */
  is_cost_data_ready: z.boolean().optional(),
  /**
   * Pounds, not counting your free allowance: `billable_sms_fragments × international_rate_multiplier × sms_rate` for
   * a text message, the letter's price for a letter, 0 for an email. null until the cost is known.
   */
  cost_in_pounds: z.number().nullable().optional(),
  cost_details: CostDetails.nullable().optional(),
});
export type Notification = z.infer<typeof Notification>;

export const NotificationList = z.looseObject({
  notifications: z.array(Notification),
  links: Links,
});
export type NotificationList = z.infer<typeof NotificationList>;
