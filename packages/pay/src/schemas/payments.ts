import { z } from 'zod';
import {
  Link,
  Pence,
  PagingQuery,
  PostLink,
  SearchDate,
  SearchDateTime,
  payText,
  searchResults,
  withoutNulls,
} from './common.js';

// ---------------------------------------------------------------------------------------------------------------
// Requests (strict: a typo in a field name is a ValidationError before anything is sent)
// ---------------------------------------------------------------------------------------------------------------

/**
 * Metadata is a flat map on the wire (the OpenAPI file wraps it in `{metadata: {...}}`; the server does not).
 * At most 15 keys of 1-30 characters, unique ignoring case; values a string (<= 100), number or boolean, never null.
 */
export const Metadata = z
  .record(
    z.string().min(1, 'Keys must be 1 to 30 characters').max(30, 'Keys must be 1 to 30 characters'),
    z.union([z.string().max(100, 'Values must be at most 100 characters'), z.number(), z.boolean()], {
      error: 'Values must be a string, number or boolean',
    }),
  )
  .superRefine((metadata, ctx) => {
    const keys = Object.keys(metadata);
    if (keys.length > 15) ctx.addIssue({ code: 'custom', message: 'Must have at most 15 keys' });
    const lower = new Set(keys.map((k) => k.toLowerCase()));
    if (lower.size !== keys.length)
      ctx.addIssue({ code: 'custom', message: 'Keys must be unique ignoring case' });
  });
export type Metadata = z.infer<typeof Metadata>;

const optionalText255 = payText(255).optional();

export const BillingAddress = z.strictObject({
  line1: optionalText255,
  line2: optionalText255,
  postcode: payText(25).optional(),
  city: optionalText255,
  /** ISO-3166-1 alpha-2, e.g. `GB`. */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'Must be a 2-letter ISO-3166-1 country code')
    .optional(),
});
export type BillingAddress = z.infer<typeof BillingAddress>;

export const PrefilledCardholderDetails = z.strictObject({
  cardholder_name: optionalText255,
  billing_address: BillingAddress.optional(),
});
export type PrefilledCardholderDetails = z.infer<typeof PrefilledCardholderDetails>;

export const AUTHORISATION_MODES = ['web', 'moto_api', 'agreement'] as const;
export type AuthorisationMode = (typeof AUTHORISATION_MODES)[number];

const URL_IN_TEXT = /(https?:\/\/|www\.)/i;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The fields of a create-payment body; shared by the client's strict schema and the fake's lenient one. */
export const createPaymentShape = {
  /** pence, 1..10,000,000 */
  amount: Pence,
  /** Shown to the paying user; <= 255 characters, no `<>|`. */
  description: payText(255),
  /** Your reference; not unique; <= 255 characters, no `<>|`, no URLs. */
  reference: payText(255).refine((s) => !URL_IN_TEXT.test(s), 'Must not contain a URL'),
  /** Where the user is sent when the journey ends. Required for `web`; must be absent for `moto_api` and `agreement`. */
  return_url: z
    .string()
    .min(1, 'Must not be empty')
    .max(2000, 'Must be less than or equal to 2000 characters length')
    .refine(isHttpUrl, 'Must be a valid URL format')
    .optional(),
  language: z.enum(['en', 'cy'], 'Must be en or cy').optional(),
  email: z.string().max(254, 'Must be less than or equal to 254 characters length').optional(),
  prefilled_cardholder_details: PrefilledCardholderDetails.optional(),
  delayed_capture: z.boolean('Must be true or false').optional(),
  moto: z.boolean('Must be true or false').optional(),
  metadata: Metadata.optional(),
  authorisation_mode: z.enum(AUTHORISATION_MODES, 'Must be web, moto_api or agreement').optional(),
  /** An active agreement's id (26 characters); only with `authorisation_mode: 'agreement'`. */
  agreement_id: z.string().length(26, 'Must be 26 characters').optional(),
  /** Set up this agreement (26 characters) with this payment. */
  set_up_agreement: z.string().length(26, 'Must be 26 characters').optional(),
  agreement_payment_type: z
    .enum(['instalment', 'recurring', 'unscheduled'], 'Must be instalment, recurring or unscheduled')
    .optional(),
};

type CreatePaymentShape = { [K in keyof typeof createPaymentShape]?: unknown };

/** The mode rules Pay enforces across fields (issue path names the offending field). */
export function createPaymentRules(body: CreatePaymentShape, ctx: z.RefinementCtx): void {
  const mode = body.authorisation_mode ?? 'web';
  const present = (k: keyof CreatePaymentShape) => body[k] !== undefined;
  if (mode === 'web') {
    if (!present('return_url'))
      ctx.addIssue({ code: 'custom', path: ['return_url'], message: 'Required for web payments' });
    if (present('agreement_id'))
      ctx.addIssue({
        code: 'custom',
        path: ['agreement_id'],
        message: 'Only allowed with authorisation_mode agreement',
      });
  } else if (mode === 'moto_api') {
    if (present('return_url'))
      ctx.addIssue({
        code: 'custom',
        path: ['return_url'],
        message: 'Must not be sent with authorisation_mode moto_api',
      });
    if (present('agreement_id'))
      ctx.addIssue({
        code: 'custom',
        path: ['agreement_id'],
        message: 'Only allowed with authorisation_mode agreement',
      });
  } else if (mode === 'agreement') {
    if (!present('agreement_id'))
      ctx.addIssue({
        code: 'custom',
        path: ['agreement_id'],
        message: 'Required with authorisation_mode agreement',
      });
    for (const k of ['return_url', 'email', 'prefilled_cardholder_details'] as const) {
      if (present(k))
        ctx.addIssue({
          code: 'custom',
          path: [k],
          message: 'Must not be sent with authorisation_mode agreement',
        });
    }
  }
}

/** POST /v1/payments body. */
export const CreatePaymentRequest = z.strictObject(createPaymentShape).superRefine(createPaymentRules);
export type CreatePaymentRequest = z.input<typeof CreatePaymentRequest>;

/** GET /v1/payments query. `capturable` is not a searchable state (the server rejects it, whatever the spec says). */
export const PaymentSearchQuery = z.strictObject({
  reference: z.string().optional(),
  email: z.string().optional(),
  state: z.enum(['created', 'started', 'submitted', 'success', 'failed', 'cancelled', 'error']).optional(),
  /** A brand slug: `visa`, `master-card`, `american-express`, `diners-club`, `discover`, `jcb`, `unionpay`, `maestro`. */
  card_brand: z
    .string()
    .regex(/^[a-z-]+$/, 'Must be a card brand slug like visa or master-card')
    .optional(),
  from_date: SearchDateTime.optional(),
  to_date: SearchDateTime.optional(),
  from_settled_date: SearchDate.optional(),
  to_settled_date: SearchDate.optional(),
  cardholder_name: z.string().optional(),
  first_digits_card_number: z
    .string()
    .regex(/^\d{6}$/, 'Must be the first 6 digits')
    .optional(),
  last_digits_card_number: z
    .string()
    .regex(/^\d{4}$/, 'Must be the last 4 digits')
    .optional(),
  agreement_id: z.string().optional(),
  ...PagingQuery,
});
export type PaymentSearchQuery = z.input<typeof PaymentSearchQuery>;

// ---------------------------------------------------------------------------------------------------------------
// Responses (lenient: Pay omits nulls and adds fields without a version bump)
// ---------------------------------------------------------------------------------------------------------------

export const PAYMENT_STATUSES = [
  'created',
  'started',
  'submitted',
  'capturable',
  'success',
  'failed',
  'cancelled',
  'error',
] as const;
/** Every status Pay documents. Unfinished: created, started, submitted, capturable. */
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const FINISHED_STATUSES: readonly PaymentStatus[] = ['success', 'failed', 'cancelled', 'error'];

export const PaymentState = z.looseObject({
  /** A {@link PaymentStatus}; kept a string because Pay may add statuses. */
  status: z.string(),
  finished: z.boolean().optional(),
  /** On failure: P0010 rejected, P0020 expired, P0030 cancelled by user, P0040 cancelled by service, P0050 provider error. */
  code: z.string().optional(),
  message: z.string().optional(),
  can_retry: z.boolean().optional(),
});
export type PaymentState = z.infer<typeof PaymentState>;

export const RefundSummary = z.looseObject({
  /** pending | available | unavailable | full */
  status: z.string().optional(),
  /** pence still refundable */
  amount_available: z.number().optional(),
  /** pence already refunded or submitted */
  amount_submitted: z.number().optional(),
});
export type RefundSummary = z.infer<typeof RefundSummary>;

export const SettlementSummary = z.looseObject({
  capture_submit_time: z.string().optional(),
  captured_date: z.string().optional(),
  settled_date: z.string().optional(),
});

export const Address = withoutNulls(
  z.looseObject({
    line1: z.string().optional(),
    line2: z.string().optional(),
    postcode: z.string().optional(),
    city: z.string().optional(),
    country: z.string().optional(),
  }),
);

/** Pay sends every member, `null` when unknown (dropped here: see `withoutNulls`). */
export const CardDetails = withoutNulls(
  z.looseObject({
    /** Display name, e.g. `Visa` (search takes slugs). */
    card_brand: z.string().optional(),
    /** `debit`, `credit` or the string `"null"`. */
    card_type: z.string().optional(),
    cardholder_name: z.string().optional(),
    /** `MM/YY` */
    expiry_date: z.string().optional(),
    first_digits_card_number: z.string().optional(),
    last_digits_card_number: z.string().optional(),
    billing_address: Address.optional(),
    wallet_type: z.string().optional(),
  }),
);
export type CardDetails = z.infer<typeof CardDetails>;

export const PaymentLinks = z.looseObject({
  self: Link.optional(),
  next_url: Link.optional(),
  next_url_post: PostLink.optional(),
  auth_url_post: PostLink.optional(),
  events: Link.optional(),
  refunds: Link.optional(),
  cancel: PostLink.optional(),
  capture: PostLink.optional(),
});

/** A payment, as create, get, search and webhooks answer it. Every field optional: Pay omits nulls. */
export const Payment = z.looseObject({
  payment_id: z.string(),
  /** pence */
  amount: z.number().optional(),
  description: z.string().optional(),
  reference: z.string().optional(),
  language: z.string().optional(),
  email: z.string().optional(),
  return_url: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  created_date: z.string().optional(),
  delayed_capture: z.boolean().optional(),
  moto: z.boolean().optional(),
  agreement_id: z.string().optional(),
  agreement_payment_type: z.string().optional(),
  payment_provider: z.string().optional(),
  provider_id: z.string().optional(),
  fee: z.number().optional(),
  net_amount: z.number().optional(),
  corporate_card_surcharge: z.number().optional(),
  total_amount: z.number().optional(),
  state: PaymentState,
  refund_summary: RefundSummary.optional(),
  settlement_summary: SettlementSummary.optional(),
  card_details: CardDetails.optional(),
  /** `web`, `moto_api`, `agreement` (the spec omits it) or `external`. */
  authorisation_mode: z.string().optional(),
  authorisation_summary: z
    .looseObject({ three_d_secure: z.looseObject({ required: z.boolean().optional() }).optional() })
    .optional(),
  exemption: z.record(z.string(), z.unknown()).optional(),
  /** Present for `moto_api` payments: send it to `moto.authorise`. */
  one_time_token: z.string().optional(),
  _links: PaymentLinks.optional(),
});
export type Payment = z.infer<typeof Payment>;

export const PaymentEvent = z.looseObject({
  payment_id: z.string().optional(),
  state: PaymentState,
  updated: z.string().optional(),
  _links: z.looseObject({ payment_url: Link.optional() }).optional(),
});
export type PaymentEvent = z.infer<typeof PaymentEvent>;

export const PaymentEvents = z.looseObject({
  payment_id: z.string().optional(),
  events: z.array(PaymentEvent).default([]),
  _links: z.looseObject({ self: Link.optional() }).optional(),
});
export type PaymentEvents = z.infer<typeof PaymentEvents>;

export const PaymentSearchResults = searchResults(Payment);
export type PaymentSearchResults = z.infer<typeof PaymentSearchResults>;
