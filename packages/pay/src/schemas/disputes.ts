import { z } from 'zod';
import { Link, PagingQuery, SearchDate, SearchDateTime, SearchNavigationLinks } from './common.js';

export const DISPUTE_STATUSES = ['needs_response', 'under_review', 'lost', 'won'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/** GET /v1/disputes query. */
export const DisputeSearchQuery = z.strictObject({
  from_date: SearchDateTime.optional(),
  to_date: SearchDateTime.optional(),
  from_settled_date: SearchDate.optional(),
  to_settled_date: SearchDate.optional(),
  status: z.enum(DISPUTE_STATUSES).optional(),
  ...PagingQuery,
});
export type DisputeSearchQuery = z.input<typeof DisputeSearchQuery>;

export const Dispute = z.looseObject({
  dispute_id: z.string(),
  payment_id: z.string().optional(),
  /** pence disputed */
  amount: z.number().optional(),
  /** pence Pay charged for the dispute */
  fee: z.number().optional(),
  /** pence, negative: what the dispute takes from your payouts */
  net_amount: z.number().optional(),
  reason: z.string().optional(),
  /** needs_response | under_review | lost | won */
  status: z.string().optional(),
  created_date: z.string().optional(),
  evidence_due_date: z.string().optional(),
  settlement_summary: z.looseObject({ settled_date: z.string().optional() }).optional(),
  _links: z.looseObject({ payment: Link.optional() }).optional(),
});
export type Dispute = z.infer<typeof Dispute>;

/** Dispute search calls its paging links `links`, not `_links` (unlike every other search). */
export const DisputeSearchResults = z.looseObject({
  total: z.number().optional(),
  count: z.number().optional(),
  page: z.number().optional(),
  results: z.array(Dispute).default([]),
  links: SearchNavigationLinks.optional(),
});
export type DisputeSearchResults = z.infer<typeof DisputeSearchResults>;
