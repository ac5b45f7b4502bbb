import { z } from 'zod';

/** Pay rejects `<`, `>` and `|` in free-text fields with "Must be a valid string format". */
const FORBIDDEN_CHARACTERS = /[<>|]/;

/** A free-text field as Pay validates it: at most `max` characters, none of `<`, `>`, `|`. */
export const payText = (max: number, min = 0) =>
  z
    .string()
    .min(min, min === 1 ? 'Must not be empty' : `Must be at least ${min} characters length`)
    .max(max, `Must be less than or equal to ${max} characters length`)
    .refine((s) => !FORBIDDEN_CHARACTERS.test(s), 'Must be a valid string format');

/** An amount in pence, as Pay accepts it: a JSON integer 1..10,000,000 (£0.01..£100,000). */
export const Pence = z
  .int('Must be a valid numeric format')
  .min(1, 'Must be greater than or equal to 1')
  .max(10_000_000, 'Must be less than or equal to 10000000');

/** A hypermedia link. */
export const Link = z.looseObject({ href: z.string().optional(), method: z.string().optional() });
export type Link = z.infer<typeof Link>;

/** A link to POST to; Pay may describe the body with `type` and `params`. */
export const PostLink = z.looseObject({
  href: z.string().optional(),
  method: z.string().optional(),
  type: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});
export type PostLink = z.infer<typeof PostLink>;

/** Paging links of a search result. */
export const SearchNavigationLinks = z.looseObject({
  self: Link.optional(),
  first_page: Link.optional(),
  last_page: Link.optional(),
  prev_page: Link.optional(),
  next_page: Link.optional(),
});
export type SearchNavigationLinks = z.infer<typeof SearchNavigationLinks>;

/** The error body Pay answers with: `{field?, header?, code, description}`. */
export const PayErrorBody = z.looseObject({
  field: z.string().optional(),
  header: z.string().optional(),
  code: z.string().optional(),
  description: z.string().optional(),
});
export type PayErrorBody = z.infer<typeof PayErrorBody>;

/** Search paging: `page` from 1, `display_size` 1..500 (Pay's default and maximum is 500). */
export const PagingQuery = {
  page: z.int('Must be a whole number').min(1, 'Must be 1 or more').optional(),
  display_size: z
    .int('Must be a whole number')
    .min(1, 'Must be 1 or more')
    .max(500, 'Must be 500 or less')
    .optional(),
};

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A search date-time, `YYYY-MM-DDThh:mm:ssZ`; a `Date` is converted (Pay wants UTC, seconds precision). */
export const SearchDateTime = z.union([
  z.string().regex(DATE_TIME, 'Must be a date-time like 2025-01-31T13:45:00Z'),
  z.date().transform((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')),
]);

/** A settlement search date, `YYYY-MM-DD`; a `Date` is converted to its UTC day. */
export const SearchDate = z.union([
  z.string().regex(DATE, 'Must be a date like 2025-01-31'),
  z.date().transform((d) => d.toISOString().slice(0, 10)),
]);

/** The envelope every search answers with (disputes call `_links` `links`). */
export const searchResults = <T extends z.ZodType>(item: T) =>
  z.looseObject({
    total: z.number().optional(),
    count: z.number().optional(),
    page: z.number().optional(),
    results: z.array(item).default([]),
    _links: SearchNavigationLinks.optional(),
  });

/**
 * An object whose `null` members Pay sends but means "not known": they are dropped before validation, so the parsed
 * value keeps the SDK's convention (absent, never null). alphagov/pay-publicapi model/CardDetails.java is
 * `@JsonInclude(ALWAYS)` (`"wallet_type": null`, `"card_type": null`...), and pay-webhooks' PaymentApiCardDetails and
 * PaymentApiAddress records carry nulls too.
 */
export const withoutNulls = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (value) =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null))
        : value,
    schema,
  );
