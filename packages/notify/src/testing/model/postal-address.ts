/**
 * A letter's address as notifications-utils reads it (`notifications_utils/recipient_validation/postal_address.py`
 * PostalAddress, `notifications_utils/countries/__init__.py` Country) and notifications-api checks it
 * (`app/notifications/validators.py` validate_address): lines normalised, a BFPO number taken out, trailing UK
 * country names dropped, the last line a real UK postcode or a known country (whose zone sets the postage).
 */
import { validationError } from './errors.js';
import { COUNTRIES, UK_POSTCODE_ZONES } from './countries.js';
import { pyStr } from './python.js';
import { OBSCURE_WHITESPACE } from './recipients.js';
import { normaliseWhitespace, sanitiseAscii } from './sms-text.js';

type PostageZone = 'united-kingdom' | 'europe' | 'rest-of-world';

interface Country {
  canonical: string;
  zone: PostageZone;
}

const BY_NAME = new Map<string, Country>(
  COUNTRIES.flatMap(([canonical, zone, names]) =>
    names.map((name): [string, Country] => [name, { canonical, zone }]),
  ),
);

/** countries `_normalise_country_name` */
function countryKey(name: string): string {
  const lowered = [...name.replace(/[&+]/g, 'and')]
    .filter((c) => !" _-'’,.()".includes(c))
    .map((c) => c.toLowerCase())
    .join('');
  const ascii = sanitiseAscii(lowered);
  return ascii.includes('?') ? lowered : ascii;
}

/** `Country(name)`, or undefined (CountryNotFoundError); a name with a digit is never a country. */
export function findCountry(name: string): Country | undefined {
  for (const candidate of [name, `the ${name}`, `yr ${name}`, `y ${name}`]) {
    if (/\d/.test(candidate)) return undefined;
    const country = BY_NAME.get(countryKey(candidate));
    if (country) return country;
  }
  return undefined;
}

/** Python's `str.splitlines` boundaries. */
const LINE_BREAK = /\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/;
const pySplitLines = (text: string) => {
  if (text === '') return [];
  const lines = text.split(LINE_BREAK);
  if (lines.at(-1) === '') lines.pop();
  return lines;
};
const rstripSpaceComma = (line: string) => line.replace(/[ ,]+$/, '');

const POSTCODE = new RegExp(`^(?:${UK_POSTCODE_ZONES.join('|')})[0-9][0-9A-Z]?[0-9][ABD-HJLNP-UW-Z]{2}$`);

const POSTCODE_WHITESPACE = new Set([...' \t\n\r\x0b\x0c', ...OBSCURE_WHITESPACE]);

/** `format_postcode_or_none` */
function formatPostcode(line: string): string | null {
  // `normalise_postcode`: every kind of whitespace (formatters.py ALL_WHITESPACE) removed, upper case
  const compact = [...line]
    .filter((c) => !POSTCODE_WHITESPACE.has(c))
    .join('')
    .toUpperCase();
  if (!POSTCODE.test(compact)) return null;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

const BFPO = /^\s*bfpo\s*(?:c\/o)?(?:\s*(\d+))?\s*$/;

export interface PostalAddress {
  /** `normalised_lines` */
  lines: string[];
  postcode: string | null;
  zone: PostageZone;
  bfpo: number | null;
}

/** `PostalAddress.from_personalisation`: `address_line_1..6` and `postcode`, or `address_line_7` when present. */
export function postalAddressFrom(personalisation: Record<string, unknown>): PostalAddress {
  const keys = [1, 2, 3, 4, 5, 6].map((i) => `address_line_${i}`);
  keys.push('address_line_7' in personalisation ? 'address_line_7' : 'postcode');
  // `str(personalisation_dict.get(key) or "")`: Python's falsy values are empty
  const text = keys
    .map((k) => personalisation[k])
    .map((v) => (isPyFalsy(v) ? '' : pyStr(v)))
    .join('\n');
  let lines = pySplitLines(text)
    .map(normaliseWhitespace)
    .filter((line) => rstripSpaceComma(line) !== '')
    .map((line) => rstripSpaceComma(line).replace(/(?<![ \t])[ \t]+([,.])/g, '$1'));
  if (lines.length === 0) lines = [''];

  // _parse_and_extract_bfpo: the first "BFPO 123" line gives the number; every BFPO line is then taken out
  let bfpo: number | null = null;
  const matches = lines.map((line) => BFPO.exec(line.toLowerCase()));
  const numbered = matches.find((m) => m?.[1] !== undefined);
  if (numbered) {
    bfpo = Number(numbered[1]);
    lines = lines.filter((_, i) => !matches[i]);
  }

  // trailing_uk_countries: walking back from the end, every UK country name until another country (lines that are
  // no country at all are stepped over); that many lines go when the last line is a country
  let ukCountries = 0;
  for (const line of [...lines].reverse()) {
    const country = findCountry(line);
    if (country === undefined) continue;
    if (country.zone !== 'united-kingdom') break;
    ukCountries++;
  }
  const last = findCountry(lines.at(-1)!);
  const zone = last?.zone ?? 'united-kingdom';
  const withoutCountry = last ? lines.slice(0, -(ukCountries || 1)) : lines;
  const international = zone !== 'united-kingdom';
  const postcode =
    international || withoutCountry.length === 0 ? null : formatPostcode(withoutCountry.at(-1)!);

  let normalised: string[];
  const canonical = last?.canonical ?? '';
  if (bfpo !== null) {
    if (international) normalised = [...withoutCountry, `BFPO ${bfpo}`, canonical];
    else if (postcode) normalised = [...withoutCountry.slice(0, -1), postcode, `BFPO ${bfpo}`];
    else normalised = [...withoutCountry, `BFPO ${bfpo}`];
  } else if (international) normalised = [...withoutCountry, canonical];
  else if (postcode) normalised = [...withoutCountry.slice(0, -1), postcode];
  else normalised = withoutCountry;
  return { lines: normalised, postcode, zone, bfpo };
}

function isPyFalsy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v as object).length === 0;
}

const INVALID_FIRST_CHARACTERS = '@()=[]"\\/,<>~';

/**
 * `validate_address`: each check and message in the server's order; the postage for an international address,
 * otherwise null.
 */
export function validateAddress(
  personalisation: Record<string, unknown>,
  allowInternationalLetters: boolean,
): { address: PostalAddress; internationalPostage: 'europe' | 'rest-of-world' | null } {
  const address = postalAddressFrom(personalisation);
  const { lines, postcode, zone, bfpo } = address;
  const international = zone !== 'united-kingdom';
  const lineCount = pySplitLines(lines.join('\n')).length;
  if (lineCount < 3) throw validationError(['Address must be at least 3 lines']);
  if (lineCount > 7) throw validationError(['Address must be no more than 7 lines']);
  if (lines.length < 2 || !lines.slice(0, 2).every((line) => /[a-zA-Z0-9]/.test(line))) {
    throw validationError([
      'The first 2 lines of the address must both include at least one alphanumeric character',
    ]);
  }
  const invalidBfpoCountry = international && bfpo !== null;
  if (invalidBfpoCountry) throw validationError(['The last line of a BFPO address must not be a country.']);
  const validLastLine =
    (allowInternationalLetters && international && bfpo === null) ||
    postcode !== null ||
    (bfpo !== null && !invalidBfpoCountry);
  if (!validLastLine) {
    throw validationError([
      allowInternationalLetters
        ? 'Last line of address must be a real UK postcode or another country'
        : 'Must be a real UK postcode',
    ]);
  }
  if (lines.some((line) => line !== '' && INVALID_FIRST_CHARACTERS.includes(line[0]!))) {
    throw validationError([
      'Address lines must not start with any of the following characters: @ ( ) = [ ] ” \\ / , < >',
    ]);
  }
  if (
    lines.some((line) => line.toLowerCase() === 'nfa') ||
    /no fixed (abode|address)/i.test(lines.join('\n'))
  ) {
    throw validationError(['Must be a real address']);
  }
  return { address, internationalPostage: international ? zone : null };
}
