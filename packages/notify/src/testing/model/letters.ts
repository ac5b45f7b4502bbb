/**
 * Letters: precompiled PDFs and the PDF endpoint (the address rules are in postal-address.ts)
 * (`app/v2/notifications/get_notifications.py` `get_pdf_for_notification`).
 */
import { badRequest, notFound, notifyError } from './errors.js';
import { textPdf } from './render.js';
import type { NotifyStore } from './store.js';
import type { NotificationRecord } from './types.js';

/**
 * `process_precompiled_letter_notifications`: Python's `base64.b64decode` (characters outside the alphabet are
 * dropped; wrong padding fails). Whether it is a PDF is found out later, by the sanitise step.
 */
export function decodePrecompiledContent(content: string): Buffer {
  const cleaned = content.replace(/[^A-Za-z0-9+/=]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(cleaned) || cleaned.length % 4 !== 0) {
    throw badRequest('Cannot decode letter content (invalid base64 encoding)');
  }
  return Buffer.from(cleaned, 'base64');
}

/** What the letter sanitiser (template-preview's precompiled checks) makes of the file: a PDF passes. */
export const isPdf = (base64: string | null) =>
  base64 !== null && Buffer.from(base64, 'base64').subarray(0, 5).toString('latin1') === '%PDF-';

/** GET /v2/notifications/{id}/pdf */
export function letterPdf(store: NotifyStore, id: string): Uint8Array {
  const n = store.byId.get(id.toLowerCase());
  if (!n) throw notFound();
  if (n.type !== 'letter') throw badRequest('Notification is not a letter');
  if (n.status === 'virus-scan-failed') throw badRequest('File did not pass the virus scan');
  if (n.status === 'technical-failure') {
    throw badRequest(`PDF not available for letters in status ${n.status}`);
  }
  // a letter that failed validation is read from the invalid-PDF bucket, as uploaded
  // (`app/letters/utils.py` get_bucket_name_and_prefix_for_notification, move_scan_to_invalid_pdf_bucket)
  if (n.status === 'pending-virus-check') {
    throw notifyError(400, 'PDFNotReadyError', 'PDF not available yet, try again later');
  }
  return n.pdf_base64 ? new Uint8Array(Buffer.from(n.pdf_base64, 'base64')) : renderLetter(n);
}

function renderLetter(n: NotificationRecord): Uint8Array {
  return textPdf([
    ...n.address_lines,
    ...(n.postcode ? [n.postcode] : []),
    '',
    n.subject ?? '',
    '',
    ...n.body.split(/\r?\n/),
  ]);
}
