/**
 * Recipient validation exactly as notifications-utils does it:
 * - `notifications_utils/recipient_validation/email_address.py` (`validate_email_address`),
 * - `notifications_utils/recipient_validation/phone_number.py` (`PhoneNumber`), on libphonenumber's metadata
 *   (the Python `phonenumbers` package there, `libphonenumber-js` here),
 * - `notifications_utils/recipient_validation/errors.py` for the error codes and (legacy v2 API) messages.
 */
import { RATE_MULTIPLIERS } from './international-rates.js';
import { sanitiseAscii } from './sms-text.js';
import { domainToASCII } from 'node:url';
import {
  type PhoneNumber as LibPhoneNumber,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max';

export class InvalidEmailError extends Error {
  constructor() {
    super('Not a valid email address');
  }
}

export type InvalidPhoneCode =
  | 'INVALID_NUMBER'
  | 'TOO_LONG'
  | 'TOO_SHORT'
  | 'NOT_A_UK_MOBILE'
  | 'UNKNOWN_CHARACTER'
  | 'UNSUPPORTED_COUNTRY_CODE';

/** `InvalidPhoneError.LEGACY_V2_API_ERROR_MESSAGES`: what the v2 API says. */
const LEGACY_MESSAGES: Record<InvalidPhoneCode, string> = {
  INVALID_NUMBER: 'Number is not valid – double check the phone number you entered',
  TOO_LONG: 'Too many digits',
  TOO_SHORT: 'Not enough digits',
  NOT_A_UK_MOBILE: 'Not a UK mobile number',
  UNKNOWN_CHARACTER: 'Must not contain letters or symbols',
  UNSUPPORTED_COUNTRY_CODE: 'Not a valid country prefix',
};

export class InvalidPhoneError extends Error {
  constructor(readonly code: InvalidPhoneCode) {
    super(LEGACY_MESSAGES[code]);
  }
}

// ------------------------------------------------------------------------------------------------ email

/** `formatters.py` OBSCURE_ZERO_WIDTH_WHITESPACE + OBSCURE_FULL_WIDTH_WHITESPACE, removed wherever they are. */
export const OBSCURE_WHITESPACE = [
  '\u180e',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u2028',
  '\u2029',
  '\u00a0',
  '\u202f',
];

/** `strip_and_remove_obscure_whitespace`: drop the obscure kinds everywhere, then strip ASCII whitespace. */
export function stripAndRemoveObscureWhitespace(value: string): string {
  let out = value;
  for (const ch of OBSCURE_WHITESPACE) out = out.split(ch).join('');
  return out.replace(/^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g, '');
}

const HOSTNAME_PART = /^(xn|[a-z0-9]+)(-?-[a-z0-9]+)*$/i;
const TLD_PART = /^([a-z]{2,63}|xn--([a-z0-9]+-)*[a-z0-9]+)$/i;
const EMAIL_REGEX = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@([^.@][^@\s]+)$/;

/** `validate_email_address`: the address, stripped; throws InvalidEmailError. */
export function validateEmailAddress(raw: string): string {
  const email = stripAndRemoveObscureWhitespace(raw);
  const match = EMAIL_REGEX.exec(email);
  if (!match) throw new InvalidEmailError();
  if (email.length > 320) throw new InvalidEmailError();
  // no consecutive dots in either part
  if (email.includes('..')) throw new InvalidEmailError();
  // the idna encoding of the hostname (unicode domains become xn-- labels)
  const hostname = /^[\x00-\x7f]*$/.test(match[1]!) ? match[1]! : domainToASCII(match[1]!);
  if (!hostname) throw new InvalidEmailError();
  const parts = hostname.split('.');
  if (hostname.length > 253 || parts.length < 2) throw new InvalidEmailError();
  // each label: letters and digits, inner hyphens only (no underscore, no leading or trailing hyphen)
  for (const part of parts) {
    if (!part || part.length > 63 || !HOSTNAME_PART.test(part)) throw new InvalidEmailError();
  }
  // the top-level domain: letters only (or punycode), so no digit
  if (!TLD_PART.test(parts.at(-1)!)) throw new InvalidEmailError();
  return email;
}

/** `format_email_address`: how Notify compares addresses (team members, simulated recipients). */
export const formatEmailAddress = (email: string) => stripAndRemoveObscureWhitespace(email.toLowerCase());

// ------------------------------------------------------------------------------------------------ phone

const LANDLINE_TYPES = new Set(['FIXED_LINE', 'FIXED_LINE_OR_MOBILE', 'UAN']);
const ALLOWED_TYPES = new Set(['FIXED_LINE', 'MOBILE', 'FIXED_LINE_OR_MOBILE', 'UAN', 'PERSONAL_NUMBER']);

export interface ParsedPhoneNumber {
  /** `get_normalised_format`: E.164 digits without the `+` (`447700900123`). */
  normalised: string;
  countryCode: string;
  /** `is_uk_phone_number`: +44, crown dependencies included. */
  uk: boolean;
  /** `is_international_number`: not a GB number and not an Ofcom TV number (Jersey, Guernsey and Man are). */
  international: boolean;
  /** A UK landline (FIXED_LINE, FIXED_LINE_OR_MOBILE or UAN). */
  landline: boolean;
  /** `prefix`: the key into the billing rates (`44`, `33`, `1242` for the Bahamas, `1` for the rest of +1). */
  prefix: string;
  /** `get_international_phone_info().rate_multiplier`: 1 unless international. */
  rateMultiplier: number;
}

/** `PhoneNumber._is_tv_number`: Ofcom's drama numbers (07700 900xxx) fail libphonenumber but are allowed. */
const isTvNumber = (n: LibPhoneNumber) => /^7700\d/.test(n.nationalNumber);

const PHONE_CHARACTERS = new Set([...' \t\n\r\x0b\x0c()+-0123456789', ...OBSCURE_WHITESPACE]);

function parseOnce(text: string): LibPhoneNumber {
  // `_raise_if_phone_number_contains_invalid_characters`: formatters.py ALL_WHITESPACE (ASCII whitespace, the
  // zero-width kinds, no-break spaces), brackets, hyphens, plus signs and digits; any other space is unknown
  if ([...text].some((c) => !PHONE_CHARACTERS.has(c))) throw new InvalidPhoneError('UNKNOWN_CHARACTER');
  if (text === '') throw new InvalidPhoneError('TOO_SHORT');
  let reason = validatePhoneNumberLength(text, 'GB');
  let number: LibPhoneNumber | undefined;
  try {
    number = parsePhoneNumberWithError(text, 'GB');
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (message === 'TOO_SHORT' || message === 'TOO_LONG') reason ??= message;
    else throw new InvalidPhoneError('INVALID_NUMBER');
  }
  if (reason !== undefined || !number) {
    // `_validate_forced_international_number`: spreadsheets drop a leading +, so try the number as international
    const forced = tryParse(`+${text}`);
    if (forced?.isPossible()) number = forced;
    else {
      throw new InvalidPhoneError(
        reason === 'TOO_LONG' ? 'TOO_LONG' : reason === 'TOO_SHORT' ? 'TOO_SHORT' : 'INVALID_NUMBER',
      );
    }
  }
  const type = number.getType();
  const allowedType = type !== undefined && ALLOWED_TYPES.has(type);
  if (!(number.isValid() && allowedType) && !isTvNumber(number))
    throw new InvalidPhoneError('INVALID_NUMBER');
  return number;
}

function tryParse(text: string): LibPhoneNumber | undefined {
  try {
    return parsePhoneNumberWithError(text);
  } catch {
    return undefined;
  }
}

/** `PhoneNumber(raw)`: parse as a GB number, or failing that after `_thoroughly_normalise_number`. */
export function parsePhoneNumber(raw: string): ParsedPhoneNumber {
  let number: LibPhoneNumber;
  try {
    number = parseOnce(raw);
  } catch (error) {
    if (!(error instanceof InvalidPhoneError)) throw error;
    // "0+447700900100", "000007700900100", "+07700900100": drop every + and leading zeros, then SanitiseASCII
    // (zero-width spaces go, no-break spaces become spaces, anything else not ASCII becomes an unknown "?")
    const normalised = sanitiseAscii(raw.replace(/\+/g, '').replace(/^0+/, ''));
    number = parseOnce(normalised);
  }
  const uk = number.countryCallingCode === '44';
  const areaPrefix = number.number.slice(1, 5);
  const prefix =
    number.countryCallingCode === '1' && areaPrefix in RATE_MULTIPLIERS
      ? areaPrefix
      : number.countryCallingCode;
  // crown dependencies (+44, not GB) are international here, billed at the +44 rate
  const international = number.country !== 'GB' && !isTvNumber(number);
  return {
    normalised: `${number.countryCallingCode}${number.nationalNumber}`,
    countryCode: number.countryCallingCode,
    uk,
    international,
    landline: uk && LANDLINE_TYPES.has(number.getType() ?? ''),
    prefix,
    rateMultiplier: international ? (RATE_MULTIPLIERS[prefix] ?? 1) : 1,
  };
}

/** `PhoneNumber.validate`: against the service's permissions. */
export function validatePhoneNumber(
  phone: ParsedPhoneNumber,
  allow: { international: boolean; ukLandline: boolean },
): void {
  if (!allow.international && !phone.uk) throw new InvalidPhoneError('NOT_A_UK_MOBILE');
  if (!allow.ukLandline && phone.landline) throw new InvalidPhoneError('NOT_A_UK_MOBILE');
  // `_raise_if_unsupported_country`: a country code missing from the billing rates
  if (!(phone.countryCode in RATE_MULTIPLIERS)) throw new InvalidPhoneError('UNSUPPORTED_COUNTRY_CODE');
}
