import { z } from 'zod';
import { PagingQuery, payText, searchResults } from './common.js';
import { CardDetails } from './payments.js';

/** POST /v1/agreements body. */
export const CreateAgreementRequest = z.strictObject({
  /** Your reference, 1-255 characters. */
  reference: payText(255, 1),
  /** Shown to the user when they set the agreement up, 1-255 characters. */
  description: payText(255, 1),
  /** Identifies your user (not personal data), 1-255 characters; not unique. */
  user_identifier: payText(255, 1).optional(),
});
export type CreateAgreementRequest = z.input<typeof CreateAgreementRequest>;

export const AGREEMENT_STATUSES = ['created', 'active', 'cancelled', 'inactive'] as const;
/** Lower case on the wire (the spec's upper-case enum is wrong). */
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const Agreement = z.looseObject({
  agreement_id: z.string(),
  reference: z.string().optional(),
  description: z.string().optional(),
  /** created | active | cancelled | inactive */
  status: z.string().optional(),
  user_identifier: z.string().optional(),
  created_date: z.string().optional(),
  cancelled_date: z.string().optional(),
  payment_instrument: z
    .looseObject({
      type: z.string().optional(),
      created_date: z.string().optional(),
      card_details: CardDetails.optional(),
    })
    .optional(),
});
export type Agreement = z.infer<typeof Agreement>;

/** GET /v1/agreements query. */
export const AgreementSearchQuery = z.strictObject({
  reference: z.string().optional(),
  status: z.enum(AGREEMENT_STATUSES).optional(),
  ...PagingQuery,
});
export type AgreementSearchQuery = z.input<typeof AgreementSearchQuery>;

export const AgreementSearchResults = searchResults(Agreement);
export type AgreementSearchResults = z.infer<typeof AgreementSearchResults>;
