/**
 * Letters: the postal address rules (notifications-api `app/notifications/validators.py` `validate_address`,
 * notifications-utils `recipient_validation/postal_address.py`), precompiled PDFs and the PDF endpoint
 * (`app/v2/notifications/get_notifications.py` `get_pdf_for_notification`).
 */
import { badRequest, notFound, notifyError, validationError } from './errors.js';
import { textPdf } from './render.js';
import type { NotifyStore } from './store.js';
import type { NotificationRecord } from './types.js';

/** PostalAddress.MIN_LINES / MAX_LINES */
const MIN_LINES = 3;
const MAX_LINES = 7;

// A sample of countries (notifications-utils keeps the full list in `countries/`), enough to tell a foreign
// last line from a bad postcode, with their postage zone.
const EUROPE = new Set(
  'france germany spain italy ireland portugal netherlands belgium poland sweden norway denmark finland austria switzerland greece'.split(
    ' ',
  ),
);
const COUNTRIES = new Set([
  ...EUROPE,
  ...[
    'usa',
    'united states',
    'united states of america',
    'canada',
    'australia',
    'new zealand',
    'india',
    'japan',
    'china',
    'brazil',
    'south africa',
    'nigeria',
    'kenya',
  ],
]);
const UK_COUNTRY_NAMES = new Set(['united kingdom', 'uk', 'great britain', 'england', 'scotland', 'wales']);
const UK_POSTCODE = /^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$/i;
/** `postal_address.py` INVALID_CHARACTERS_REGEX: lines must not start with these. */
const INVALID_FIRST_CHARACTER = /^[@()=[\]"\\/,<>~]/;

export interface ValidAddress {
  /** The lines before the postcode (UK) or the whole address (international). */
  lines: string[];
  postcode: string | null;
  /** `europe` or `rest-of-world` for an international address. */
  internationalPostage: 'europe' | 'rest-of-world' | null;
}

/** `validate_address`: each check and message in the server's order. */
export function validateAddress(
  personalisation: Record<string, unknown>,
  allowInternationalLetters: boolean,
): ValidAddress {
  // PostalAddress.from_personalisation: exactly these snake_case keys (a plain dict, no case folding), with
  // `postcode` as the seventh line unless `address_line_7` is given; blank lines and trailing " ," dropped
  const keys = [1, 2, 3, 4, 5, 6].map((i) => `address_line_${i}`);
  keys.push('address_line_7' in personalisation ? 'address_line_7' : 'postcode');
  const lines = keys
    .map((k) => personalisation[k])
    .map((v) => (v === undefined || v === null || v === '' || v === false || v === 0 ? '' : String(v)))
    .flatMap((v) => v.split(/\r?\n/))
    .map((line) =>
      line
        .replace(/\s+/g, ' ')
        .trim()
        .replace(/[ ,]+$/, ''),
    )
    .filter((line) => line !== '');
  if (lines.length < MIN_LINES) throw validationError([`Address must be at least ${MIN_LINES} lines`]);
  if (lines.length > MAX_LINES) throw validationError([`Address must be no more than ${MAX_LINES} lines`]);
  if (!/[a-z0-9]/i.test(lines[0]!) || !/[a-z0-9]/i.test(lines[1]!)) {
    throw validationError([
      'The first 2 lines of the address must both include at least one alphanumeric character',
    ]);
  }
  let last = lines.at(-1)!;
  // a UK country name as the last line is dropped (PostalAddress normalises it away)
  if (UK_COUNTRY_NAMES.has(last.toLowerCase()) && lines.length > MIN_LINES) {
    lines.pop();
    last = lines.at(-1)!;
  }
  const postcode = UK_POSTCODE.test(last.replace(/\s+/g, ' ').trim());
  const country = COUNTRIES.has(last.toLowerCase());
  if (!postcode && !(country && allowInternationalLetters)) {
    throw validationError([
      allowInternationalLetters
        ? 'Last line of address must be a real UK postcode or another country'
        : 'Must be a real UK postcode',
    ]);
  }
  if (lines.some((l) => INVALID_FIRST_CHARACTER.test(l))) {
    throw validationError([
      'Address lines must not start with any of the following characters: @ ( ) = [ ] ” \\ / , < >',
    ]);
  }
  // has_no_fixed_abode_address
  if (lines.some((l) => l.toLowerCase() === 'nfa') || /no fixed (abode|address)/i.test(lines.join('\n'))) {
    throw validationError(['Must be a real address']);
  }
  if (postcode) {
    const compact = last.replace(/\s+/g, '').toUpperCase();
    return {
      lines: lines.slice(0, -1),
      postcode: `${compact.slice(0, -3)} ${compact.slice(-3)}`,
      internationalPostage: null,
    };
  }
  return {
    lines,
    postcode: null,
    internationalPostage: EUROPE.has(last.toLowerCase()) ? 'europe' : 'rest-of-world',
  };
}

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
