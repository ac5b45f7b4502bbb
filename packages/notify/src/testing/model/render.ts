/**
 * Template rendering rules of Notify (notifications-utils), reduced to what the API exposes:
 * `((name))` placeholders, `((name??optional text))` conditionals, case/space/underscore/hyphen-insensitive keys,
 * lists as bullet points (email, letter) or "a, b and c" (text messages).
 */

import { pyStr } from './python.js';
import { stripAndRemoveObscureWhitespace } from './recipients.js';
import { normaliseWhitespace, smsBody } from './sms-text.js';

/** field.py `Field.placeholder_pattern`: `((` anything but brackets `))`. */
const PLACEHOLDER = /\(\(([^()]+)\)\)/g;

/** insensitive_dict.py: keys match ignoring case, spaces, underscores and hyphens (only those three). */
export function normaliseKey(key: string): string {
  return key.replace(/[ _-]/g, '').toLowerCase();
}

/** field.py `Placeholder.name`: the text before `??`, as written (not trimmed). */
const placeholderName = (inner: string) => inner.split('??')[0]!;

/**
 * Placeholder names in order of first appearance (as written in the template), conditionals included
 * (`Field.placeholders`, an InsensitiveSet).
 */
export function placeholdersOf(...texts: Array<string | null | undefined>): string[] {
  const seen = new Map<string, string>();
  for (const text of texts) {
    if (!text) continue;
    for (const m of text.matchAll(PLACEHOLDER)) {
      const name = placeholderName(m[1] ?? '');
      if (!seen.has(normaliseKey(name))) seen.set(normaliseKey(name), name);
    }
  }
  return [...seen.values()];
}

function lookup(personalisation: Record<string, unknown>, name: string): unknown {
  const wanted = normaliseKey(name);
  let found: unknown;
  // InsensitiveDict: a later key that normalises the same replaces an earlier one
  for (const [k, v] of Object.entries(personalisation)) if (normaliseKey(k) === wanted) found = v;
  return found;
}

/**
 * template.py `Template.missing_data`: every placeholder, a conditional one too, whose value is absent or null
 * ("Missing personalisation: a, b").
 */
export function missingPersonalisation(
  personalisation: Record<string, unknown>,
  ...texts: Array<string | null | undefined>
): string[] {
  return placeholdersOf(...texts).filter((name) => lookup(personalisation, name) == null);
}

/**
 * field.py `Field.get_replacement`: Python's `str()` of the value; a list drops empty items and becomes a markdown
 * list (email, letter: `markdown_lists=True`) or "a, b and c" (text messages).
 */
function replacement(value: unknown, kind: 'email' | 'sms' | 'letter', markdownLists: boolean): string {
  if (Array.isArray(value)) {
    const items = value
      .filter((v) => v != null)
      .map((v) => stripAndRemoveObscureWhitespace(pyStr(v)))
      .filter((v) => v !== '');
    if (items.length === 0) return '';
    if (markdownLists) return `\n\n${items.map((i) => `* ${i}`).join('\n')}`;
    return items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
  }
  if (kind === 'email' && value && typeof value === 'object' && 'file' in (value as object)) {
    // A file sent by email becomes a download link (process_document_uploads).
    return 'https://documents.service.gov.uk/d/fake-document';
  }
  return pyStr(value);
}

/** field.py `str2bool`: a conditional shows its text only for these answers. */
const str2bool = (value: string) =>
  value !== '' && ['yes', 'y', 'true', 't', '1', 'include', 'show'].includes(value.toLowerCase());

/** Fill the placeholders (`Field.replaced`); a placeholder without a value stays as written. */
function fill(
  text: string,
  personalisation: Record<string, unknown>,
  kind: 'email' | 'sms' | 'letter',
  markdownLists: boolean,
  sanitise: (text: string) => string = (t) => t,
) {
  // Field.replaced: the template text is sanitised first, then each value as it goes in
  return sanitise(text).replace(PLACEHOLDER, (whole, inner: string) => {
    const value = lookup(personalisation, placeholderName(inner));
    if (value == null) return whole;
    const filled = sanitise(replacement(value, kind, markdownLists));
    if (!inner.includes('??')) return filled;
    return str2bool(filled) ? inner.split('??').slice(1).join('??') : '';
  });
}

/**
 * A template's text with its personalisation (`content_with_placeholders_filled_in`): stripped; a text
 * message's body is also normalised and reduced to the characters a phone shows (sms-text.ts).
 */
export function render(
  text: string | null | undefined,
  personalisation: Record<string, unknown>,
  kind: 'email' | 'sms' | 'letter',
): string {
  if (!text) return '';
  const filled = fill(text, personalisation, kind, kind !== 'sms');
  return kind === 'sms' ? smsBody(filled) : filled.replace(/^\s+|\s+$/g, '');
}

/** Named character references decoded before escaping; others stay as written (and their `&` is escaped). */
const NAMED_REFERENCES: Record<string, string> = {
  'lt;': '<',
  'gt;': '>',
  'quot;': '"',
  'apos;': "'",
  'pound;': '£',
  'euro;': '€',
  'copy;': '©',
  'hellip;': '…',
  'ndash;': '–',
  'mdash;': '—',
  'lsquo;': '‘',
  'rsquo;': '’',
  'ldquo;': '“',
  'rdquo;': '”',
};

/**
 * formatters.py `escape_html`: `&nbsp;` and `&amp;` kept as written; other character references decoded
 * (`unescape_strict`: numeric ones, and named ones ending in `;`); then `&`, `<` and `>` escaped (quotes not).
 */
export function escapeHtmlAsNotify(value: string): string {
  if (!value) return value;
  const kept = ['\u0000nbsp\u0000', '\u0000amp\u0000'];
  let text = value.replaceAll('&nbsp;', kept[0]!).replaceAll('&amp;', kept[1]!);
  text = text.replace(/&(#[0-9]+;|#[xX][0-9a-fA-F]+;|[^\t\n\f <&#;]{1,32};)/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code =
        ref[1] === 'x' || ref[1] === 'X'
          ? Number.parseInt(ref.slice(2), 16)
          : Number.parseInt(ref.slice(1), 10);
      if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return '\ufffd';
      return String.fromCodePoint(code);
    }
    return NAMED_REFERENCES[ref] ?? whole;
  });
  text = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return text.replaceAll(kept[0]!, '&nbsp;').replaceAll(kept[1]!, '&amp;');
}

/**
 * The subject line of an email or letter (`BaseEmailTemplate.subject`, `LetterPrintTemplate.subject`): lists as
 * "a, b and c"; then `do_nice_typography`'s steps that need no HTML parsing (no space before a comma or full stop,
 * a spaced hyphen or dash becomes a spaced en dash) and `normalise_whitespace`. Text and values are HTML-escaped
 * (`html="escape"`). Not modelled: smartypants' curly quotes.
 */
export function renderSubject(
  text: string | null | undefined,
  personalisation: Record<string, unknown>,
  kind: 'email' | 'letter',
): string {
  if (!text) return '';
  const filled = fill(text, personalisation, kind, false, escapeHtmlAsNotify)
    .replace(/(?<![ \t])[ \t]+([,.])/g, '$1')
    .replace(/(?<![\s\x1c-\x1f\x85])[\s\x1c-\x1f\x85]+[-\u2013\u2014]{1,3}[\s\x1c-\x1f\x85]+/g, ' \u2013 ');
  return normaliseWhitespace(filled);
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A plain HTML rendering of an email body for previews (paragraphs and bullet lists). */
export function emailHtml(body: string): string {
  const blocks = body.replace(/\r\n/g, '\n').split(/\n{2,}/);
  return blocks
    .map((block) => {
      const lines = block.split('\n').filter((l) => l.trim() !== '');
      if (lines.length > 0 && lines.every((l) => /^\s*[*-]\s+/.test(l))) {
        return `<ul>${lines.map((l) => `<li>${escapeHtml(l.replace(/^\s*[*-]\s+/, ''))}</li>`).join('')}</ul>`;
      }
      return `<p>${lines.map(escapeHtml).join('<br>')}</p>`;
    })
    .join('\n');
}

/** A small, valid one-page PDF showing `lines` (letters rendered from templates). */
export function textPdf(lines: string[]): Uint8Array {
  const esc = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').replace(/([\\()])/g, '\\$1');
  const content = [
    'BT',
    '/F1 11 Tf',
    '14 TL',
    '72 770 Td',
    ...lines.slice(0, 50).map((l) => `(${esc(l)}) Tj T*`),
    'ET',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((obj, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}
