import type { Language, Translate } from '../locales/index.js';

// Data as the GOV.UK style guide writes it (gov.uk/guidance/style-guide/a-to-z-of-gov-uk-style): "4 December 2026",
// "3:05pm", "3pm" (no ":00"), "12pm" for midday, "12am" for midnight; always in UK time, whatever the server's
// time zone, since that is the time on the resident's clock.

const ZONE = 'Europe/London';

function parts(date: Date, lang: Language) {
  const format = new Intl.DateTimeFormat(lang === 'cy' ? 'cy' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: ZONE,
  });
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    format.formatToParts(date).find((p) => p.type === type)?.value ?? '';
  return {
    day: get('day'),
    month: get('month'),
    year: get('year'),
    hour: Number(get('hour')),
    minute: get('minute'),
  };
}

/** "4 December 2026" (Welsh: "4 Rhagfyr 2026"), in London. */
export function formatDate(value: Date | string, lang: Language): string {
  const p = parts(new Date(value), lang);
  return `${p.day} ${p.month} ${p.year}`;
}

/** "3:05pm", "3pm", "12pm" (midday), "12am" (midnight), in London. */
export function formatTime(value: Date | string, lang: Language): string {
  const p = parts(new Date(value), lang);
  const hour12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  const suffix = p.hour < 12 ? 'am' : 'pm';
  return `${hour12}${p.minute === '00' ? '' : `:${p.minute}`}${suffix}`;
}

/** "4 December 2026 at 3:05pm" (Welsh: "4 Rhagfyr 2026 am 3:05pm"). */
export function formatDateTime(value: Date | string, lang: Language): string {
  return `${formatDate(value, lang)} ${lang === 'cy' ? 'am' : 'at'} ${formatTime(value, lang)}`;
}

/**
 * A message with a number in it, in the right plural form: the catalogue has `<key>.one`, `<key>.other` (and for
 * Welsh `.zero`, `.two`, `.few`, `.many` where they differ), chosen by the language's own plural rules.
 */
export function plural(t: Translate, lang: Language, key: string, n: number): string {
  const category = new Intl.PluralRules(lang === 'cy' ? 'cy' : 'en-GB').select(n);
  const specific = t(`${key}.${category}`, { n });
  return specific === `${key}.${category}` ? t(`${key}.other`, { n }) : specific;
}

/** GOV.UK tag colours for each application status: the word says it, the colour only helps. */
const STATUS_COLOURS: Record<string, string> = {
  awaiting_payment: 'govuk-tag--yellow',
  paid: 'govuk-tag--green',
  payment_failed: 'govuk-tag--red',
  payment_cancelled: 'govuk-tag--grey',
  refunded: 'govuk-tag--purple',
  withdrawn: 'govuk-tag--grey',
  // Pay's own payment states (back office)
  created: 'govuk-tag--grey',
  started: 'govuk-tag--yellow',
  submitted: 'govuk-tag--yellow',
  capturable: 'govuk-tag--yellow',
  success: 'govuk-tag--green',
  failed: 'govuk-tag--red',
  cancelled: 'govuk-tag--grey',
  error: 'govuk-tag--red',
  // Notify statuses (back office)
  sending: 'govuk-tag--yellow',
  delivered: 'govuk-tag--green',
  'permanent-failure': 'govuk-tag--red',
  'temporary-failure': 'govuk-tag--red',
  'technical-failure': 'govuk-tag--red',
};

/** Arguments for govukTag: `{ text, classes }`. */
export function statusTag(status: string, text: string): { text: string; classes: string } {
  return { text, classes: `app-nowrap ${STATUS_COLOURS[status] ?? 'govuk-tag--grey'}` };
}

/** Tag HTML for a table cell (govukTable takes html, not macros). `text` is escaped here. */
export function statusTagHtml(status: string, text: string): string {
  const tag = statusTag(status, text);
  return `<strong class="govuk-tag ${tag.classes}">${escapeHtml(tag.text)}</strong>`;
}

/** A reference or registration that must not break across lines, as table-cell HTML. */
export function noWrapHtml(text: string): string {
  return `<span class="app-nowrap">${escapeHtml(text)}</span>`;
}

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}
