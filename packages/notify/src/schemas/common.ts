import { z } from 'zod';

/**
 * Notify accepts any 8-4-4-4-12 hex id (the server parses with Python's `uuid.UUID`), so ids are checked with
 * `z.guid()` rather than the stricter RFC 9562 `z.uuid()`.
 */
export const NotifyId = z.guid();

export const TemplateType = z.enum(['sms', 'email', 'letter']);
export type TemplateType = z.infer<typeof TemplateType>;

/** Postage classes. The server accepts `first|second|economy` on a precompiled letter; the docs add international ones. */
export const Postage = z.enum(['first', 'second', 'economy', 'europe', 'rest-of-world']);
export type Postage = z.infer<typeof Postage>;

/** One entry of Notify's error body `{status_code, errors:[{error, message}]}`. */
export const NotifyErrorItem = z.looseObject({ error: z.string(), message: z.string() });
export type NotifyErrorItem = z.infer<typeof NotifyErrorItem>;

export const NotifyErrorBody = z.looseObject({
  status_code: z.number().int(),
  errors: z.array(NotifyErrorItem),
});
export type NotifyErrorBody = z.infer<typeof NotifyErrorBody>;

/** `links` of a list response: `next` is present only when the page was not empty. */
export const Links = z.looseObject({ current: z.string(), next: z.string().optional() });
export type Links = z.infer<typeof Links>;

/** A template reference inside a notification or send response. */
export const TemplateRef = z.looseObject({ id: z.string(), version: z.number(), uri: z.string() });
export type TemplateRef = z.infer<typeof TemplateRef>;

/** Personalisation values: strings, numbers, lists (rendered as bullets) or an uploaded file (see `prepareUpload`). */
export const Personalisation = z.record(z.string(), z.unknown());
export type Personalisation = Record<string, unknown>;
