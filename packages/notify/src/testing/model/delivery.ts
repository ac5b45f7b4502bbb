/**
 * What happens to a notification after it is accepted: status changes, the delivery receipt posted to the
 * service's callback, and the statuses Notify simulates for test keys (`app/delivery/send_to_providers.py`,
 * `app/celery/research_mode_tasks.py`, `app/celery/service_callback_tasks.py`).
 */
import { notFound } from './errors.js';
import { isPdf } from './letters.js';
import type { NotifyStore } from './store.js';
import {
  type DeliveryStatusPayload,
  type InternalStatus,
  isFinal,
  type NotificationRecord,
  notifyDate,
} from './types.js';

/**
 * research_mode_tasks.py: test-key text messages whose number, as stored (`to`, stripped), ends 7700900003
 * (temporary failure) or 7700900002 (permanent failure), so "07700 900003" with its space is delivered; emails
 * whose stored address is exactly temp-fail@ or perm-fail@simulator.notify (`to == perm_fail_email`, case and
 * all); anything else is delivered.
 */
export function simulatedOutcome(n: NotificationRecord): InternalStatus {
  if (n.key_type !== 'test') return 'delivered';
  if (n.type === 'sms') {
    const to = n.to.trim();
    if (to.endsWith('7700900003')) return 'temporary-failure';
    if (to.endsWith('7700900002')) return 'permanent-failure';
  }
  if (n.type === 'email') {
    if (n.to === 'temp-fail@simulator.notify') return 'temporary-failure';
    if (n.to === 'perm-fail@simulator.notify') return 'permanent-failure';
  }
  return 'delivered';
}

/** The next natural status: created -> sending (sent, for international texts) -> its outcome. */
export function nextStatus(n: NotificationRecord): InternalStatus {
  // a precompiled letter that is not a PDF fails its checks (`app/celery/letters_pdf_tasks.py` sanitise_letter)
  if (n.status === 'pending-virus-check') return isPdf(n.pdf_base64) ? 'created' : 'validation-failed';
  if (n.status === 'created') return n.international && n.type === 'sms' ? 'sent' : 'sending';
  if (isFinal(n.status)) return n.status;
  return simulatedOutcome(n);
}

export interface StatusChange {
  notification: NotificationRecord;
  /** Present when the new status is final (the delivery-status callback's body). */
  receipt?: DeliveryStatusPayload;
}

/** Move a notification to `status`, or one natural step. */
export function moveStatus(store: NotifyStore, id: string, status?: InternalStatus): StatusChange {
  const n = store.byId.get(id.toLowerCase());
  if (!n) throw notFound();
  const next = status ?? nextStatus(n);
  const now = notifyDate(store.now());
  // update_notification_to_sending sets sent_at when it is handed to a provider
  const handedOver = ![
    'created',
    'pending-virus-check',
    'cancelled',
    'virus-scan-failed',
    'validation-failed',
  ].includes(next);
  if (handedOver && n.sent_at === null) n.sent_at = now;
  n.status = next;
  n.updated_at = now;
  const copy = structuredClone(n);
  // delivery-status callbacks are queued from the email and text-message receipts (process_ses_receipts_tasks,
  // process_sms_client_response_tasks) and the nightly timeout of those two types only: never for a letter
  return isFinal(next) && next !== 'cancelled' && n.type !== 'letter'
    ? { notification: copy, receipt: deliveryReceipt(n) }
    : { notification: copy };
}

/** `send_delivery_status_to_service`'s body. */
export function deliveryReceipt(n: NotificationRecord): DeliveryStatusPayload {
  return {
    id: n.id,
    reference: n.reference,
    to: n.to,
    status: n.status,
    created_at: n.created_at,
    completed_at: n.updated_at,
    sent_at: n.sent_at,
    notification_type: n.type,
    template_id: n.template_id,
    template_version: n.template_version,
  };
}
