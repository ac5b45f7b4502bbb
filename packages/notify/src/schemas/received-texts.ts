import { z } from 'zod';
import { Links, NotifyId } from './common.js';

export const ListReceivedTextsQuery = z.strictObject({ older_than: NotifyId.optional() });
export type ListReceivedTextsQuery = z.input<typeof ListReceivedTextsQuery>;

export const ReceivedText = z.looseObject({
  id: z.string(),
  user_number: z.string(),
  notify_number: z.string(),
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ` */
  created_at: z.string(),
  service_id: z.string(),
  content: z.string(),
});
export type ReceivedText = z.infer<typeof ReceivedText>;

export const ReceivedTextList = z.looseObject({
  received_text_messages: z.array(ReceivedText),
  links: Links,
});
export type ReceivedTextList = z.infer<typeof ReceivedTextList>;
