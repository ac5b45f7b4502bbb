/**
 * What a text message's body becomes before Notify counts or shows it: notifications-utils
 * `notifications_utils/sanitise_text.py` (SanitiseSMS: GSM and Welsh characters kept, the rest downgraded or
 * replaced by `?`) and `notifications_utils/template.py` (BaseSMSTemplate: `unsanitised_content`, `content_count`,
 * `fragment_count`). The POST response, `GET /v2/notifications/{id}` and the length check all see this text.
 */

const EXTENDED_GSM = new Set('^{}\\[~]|€');
const GSM = new Set([
  ...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?',
  ...'¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ...EXTENDED_GSM,
]);
const WELSH_DIACRITICS = new Set('àèìòùẁỳÀÈÌÒÙẀỲáéíóúẃýÁÉÍÓÚẂÝäëïöüẅÿÄËÏÖÜẄŸâêîôûŵŷÂÊÎÔÛŴŶ');
const ALLOWED = new Set([...GSM, ...WELSH_DIACRITICS]);
/** Welsh letters outside GSM-7: any of them makes the whole message UCS-2 (70/67 characters a fragment). */
const WELSH_NON_GSM = new Set([...WELSH_DIACRITICS].filter((c) => !GSM.has(c)));

/** SanitiseText.REPLACEMENT_CHARACTERS: characters without a canonical decomposition that have a downgrade. */
const REPLACEMENTS: Record<string, string> = {
  '\u2011': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201a': "'",
  '\u201e': '"',
  '\u180e': '',
  '\u200b': '',
  '\u200c': '',
  '\u200d': '',
  '\u2060': '',
  '\ufeff': '',
  '\u2028': '',
  '\u2029': '',
  '\u00a0': ' ',
  '\u202f': ' ',
  '\t': ' ',
  Ł: 'L',
  ł: 'l',
};

/**
 * The first character of a character's one-level canonical decomposition (Python's `unicodedata.decomposition`),
 * or undefined when it has none. `normalize('NFD')` decomposes fully, so the base is recomposed from all but the
 * last mark ("ǻ" is "å" + acute, and "å" is a GSM character); a singleton ("Å" the angstrom sign) is its NFC form.
 */
function decompositionHead(c: string): string | undefined {
  const nfd = [...c.normalize('NFD')];
  if (nfd.length === 1) {
    const nfc = c.normalize('NFC');
    return nfc !== c ? [...nfc][0] : undefined;
  }
  return nfd.slice(0, -1).join('').normalize('NFC');
}

/** SanitiseText.encode_char, for a class's ALLOWED_CHARACTERS. */
function encodeChar(c: string, allowed: ReadonlySet<string>): string {
  if (allowed.has(c)) return c;
  const head = decompositionHead(c);
  if (head !== undefined) return allowed.has(head) ? head : '?';
  return REPLACEMENTS[c] ?? '?';
}

const encode = (text: string, allowed: ReadonlySet<string>) => {
  let out = '';
  for (const c of text) out += encodeChar(c, allowed);
  return out;
};

/** SanitiseSMS.encode, one code point at a time. */
export const sanitiseSms = (text: string) => encode(text, ALLOWED);

/** SanitiseASCII: printable ASCII (32 to 126) kept, the rest downgraded or `?`. */
const PRINTABLE_ASCII = new Set(Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)));
export const sanitiseAscii = (text: string) => encode(text, PRINTABLE_ASCII);

/** Python's `str.splitlines` boundaries. */
const LINE_BREAK = /\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/;
/** Python's `str.split()` with no argument: runs of Unicode whitespace. */
const PY_WHITESPACE = /[\s\x1c-\x1f\x85]+/;
/** formatters.py OBSCURE_ZERO_WIDTH_WHITESPACE (listed, not a character class: one of them is a joiner). */
const ZERO_WIDTH = ['\u180e', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u2028', '\u2029'];

/** formatters.py `normalise_whitespace`: no-break spaces become spaces, zero-width ones go, runs become one space. */
export function normaliseWhitespace(line: string): string {
  let text = line.replace(/[\u00a0\u202f]/g, ' ');
  for (const c of ZERO_WIDTH) text = text.split(c).join('');
  return text
    .split(PY_WHITESPACE)
    .filter((part) => part !== '')
    .join(' ');
}

/**
 * A text message's body from its filled-in template: `unsanitised_content` (no space before a comma or full stop,
 * whitespace normalised line by line, at most one blank line in a row, stripped), then SanitiseSMS.
 */
export function smsBody(filled: string): string {
  const lines = filled.replace(/(?<![ \t])[ \t]+([,.])/g, '$1').split(LINE_BREAK);
  // Python's splitlines() does not give an empty last line for a trailing line break
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  const text = lines
    .map(normaliseWhitespace)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/g, '');
  return sanitiseSms(text);
}

/**
 * BaseSMSTemplate.fragment_count, from the body (`content_count` is its length in UTF-16 units; the body is
 * already sanitised, so the Welsh letters that force UCS-2 are still in it).
 */
export function smsFragmentCount(body: string): number {
  const count = body.length;
  if ([...body].some((c) => WELSH_NON_GSM.has(c))) return count <= 70 ? 1 : Math.ceil(count / 67);
  const characters = count + [...body].filter((c) => EXTENDED_GSM.has(c)).length;
  return characters <= 160 ? 1 : Math.ceil(characters / 153);
}
