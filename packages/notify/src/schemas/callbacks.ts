import { z } from 'zod';

/** Delivery receipt for an email, text message or letter. */
export const DeliveryStatusCallback = z.looseObject({
  id: z.string(),
  reference: z.string().nullable(),
  to: z.string(),
  status: z.string(),
  created_at: z.string(),
  completed_at: z.string().nullable(),
  sent_at: z.string().nullable(),
  notification_type: z.enum(['email', 'sms', 'letter']),
  template_id: z.string(),
  template_version: z.number(),
});
export type DeliveryStatusCallback = z.infer<typeof DeliveryStatusCallback>;

/** A text message a user sent to the service's inbound number. */
export const ReceivedTextCallback = z.looseObject({
  id: z.string(),
  source_number: z.string(),
  destination_number: z.string(),
  message: z.string(),
  date_received: z.string(),
});
export type ReceivedTextCallback = z.infer<typeof ReceivedTextCallback>;

/** A letter returned to sender (Royal Mail could not deliver it). */
export const ReturnedLetterCallback = z.looseObject({
  notification_id: z.string(),
  reference: z.string().nullable(),
  date_sent: z.string(),
  sent_by: z.string().nullable(),
  template_name: z.string().nullable(),
  template_id: z.string().nullable(),
  template_version: z.number().nullable(),
  spreadsheet_file_name: z.string().nullable().optional(),
  spreadsheet_row_number: z.number().nullable().optional(),
  upload_letter_file_name: z.string().nullable().optional(),
});
export type ReturnedLetterCallback = z.infer<typeof ReturnedLetterCallback>;

/**
 * An email complaint (recipient marked the email as spam). Sent by the server code to the complaint callback;
 * not in the public docs.
 */
export const ComplaintCallback = z.looseObject({
  notification_id: z.string(),
  complaint_id: z.string(),
  reference: z.string().nullable(),
  to: z.string(),
  complaint_date: z.string(),
});
export type ComplaintCallback = z.infer<typeof ComplaintCallback>;
