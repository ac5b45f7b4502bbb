import { z } from 'zod';
import { payText } from './common.js';

/** POST /v1/auth body: card details for a `moto_api` payment. */
export const AuthoriseRequest = z.strictObject({
  /** The payment's `one_time_token` (single use). */
  one_time_token: z.string().min(1, 'Must not be empty'),
  /** 12-19 digits. */
  card_number: z.string().regex(/^\d{12,19}$/, 'Must be 12 to 19 digits'),
  /** 3 or 4 digits. */
  cvc: z.string().regex(/^\d{3,4}$/, 'Must be 3 or 4 digits'),
  /** `MM/YY` */
  expiry_date: z.string().regex(/^(0[1-9]|1[0-2])\/\d{2}$/, 'Must be MM/YY'),
  cardholder_name: payText(255, 1),
});
export type AuthoriseRequest = z.input<typeof AuthoriseRequest>;
