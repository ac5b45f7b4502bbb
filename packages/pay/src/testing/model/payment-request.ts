/**
 * The create-payment body as GOV.UK Pay reads it, field by field, in the order it reads them:
 * alphagov/pay-publicapi json/RequestJsonParser.java (type and presence: 400), then the bean constraints of
 * model/CreateCardPaymentRequest.java and model/PrefilledCardholderDetails.java (size: 422, ViolationExceptionMapper),
 * then the checks pay-connector makes (charge/resource/ChargesApiResource.java createNewCharge, answered through
 * publicapi's exception/mapper/CreateChargeExceptionMapper.java).
 *
 * Codes: P0101 a mandatory field is missing, null or blank; P0102 a value of the wrong type (400) or out of range
 * (422); P0104 a field that must not be sent with this request (400, no `field`); P0103 is publicapi's answer to
 * a `set_up_agreement` the connector does not know, but the connector now answers that with a 400 that publicapi
 * turns into P0102 on `agreement_id` ("Agreement does not exist"), so it is not sent.
 */
import { invalid, missing, payError } from './errors.js';

export interface BillingAddressInput {
  line1?: string;
  line2?: string;
  postcode?: string;
  city?: string;
  country?: string;
}

export interface CreatePaymentInput {
  amount: number;
  reference: string;
  description: string;
  return_url?: string;
  language?: 'en' | 'cy';
  email?: string;
  delayed_capture?: boolean;
  moto?: boolean;
  metadata?: Record<string, string | number | boolean>;
  authorisation_mode?: 'web' | 'moto_api' | 'agreement';
  agreement_id?: string;
  set_up_agreement?: string;
  agreement_payment_type?: 'instalment' | 'recurring' | 'unscheduled';
  prefilled_cardholder_details?: { cardholder_name?: string; billing_address?: BillingAddressInput };
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (node: Json, key: string) => Object.hasOwn(node, key);
/** Jackson's `isNull`/absent: both count as "not given". */
const absent = (v: unknown) => v === undefined || v === null;
/** commons-lang `isNotBlank`: not empty and not only whitespace. */
const isBlank = (s: string) => s.trim().length === 0;
/** Jackson's `isInt`: a JSON integer that fits in 32 bits. */
const isInt = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31;

/** Characters NAXSI (Pay's WAF) blocks, refused in `reference` and `description` (RequestJsonParser.NAXSI_NOT_ALLOWED_CHARACTERS). */
const NAXSI_NOT_ALLOWED = /[<>|]/;

/** A mandatory string (RequestJsonParser.validateAndGetString): missing, null or blank is P0101; another JSON type is 400 P0102. */
function mandatoryString(node: Json, field: string, missingCode = 'P0101', invalidCode = 'P0102'): string {
  const value = node[field];
  if (absent(value)) throw missing(field, missingCode);
  if (typeof value !== 'string') throw invalid(400, field, 'Must be a valid string format', invalidCode);
  if (isBlank(value)) throw missing(field, missingCode);
  return value;
}

/**
 * `reference` and `description`: a mandatory string that NAXSI would also block (validateNoIllegalCharacters, which
 * RequestJsonParser runs on these two fields only; `agreement_id` is not checked for them).
 */
function wafSafeString(node: Json, field: string, missingCode = 'P0101', invalidCode = 'P0102'): string {
  const value = mandatoryString(node, field, missingCode, invalidCode);
  if (NAXSI_NOT_ALLOWED.test(value)) throw invalid(400, field, 'Must be a valid string format', invalidCode);
  return value;
}

/** An optional string: null is "not given"; another JSON type is 400 P0102 with `detail`. */
function optionalString(node: Json, field: string, detail: string, code = 'P0102'): string | undefined {
  const value = node[field];
  if (absent(value)) return undefined;
  if (typeof value !== 'string') throw invalid(400, field, detail, code);
  return value;
}

/** A string that must be given when its key is there (null and blank included): 400 P0102 with `detail`. */
function presentString(node: Json, field: string, detail: string): string {
  const value = node[field];
  if (typeof value !== 'string' || isBlank(value)) throw invalid(400, field, detail);
  return value;
}

function booleanField(node: Json, field: string): boolean {
  const value = node[field];
  if (typeof value !== 'boolean') throw invalid(400, field, 'Must be true or false');
  return value;
}

/** An amount (payments and refunds): missing or null is P0101/P0601, a non-integer 400 P0102/P0602. */
export function amountField(node: Json, codes: { missing: string; invalid: string }): number {
  const value = node.amount;
  if (absent(value)) throw missing('amount', codes.missing);
  if (!isInt(value)) throw invalid(400, 'amount', 'Must be a valid numeric format', codes.invalid);
  return value;
}

const AUTHORISATION_MODES = ['web', 'moto_api', 'agreement'] as const;
const AGREEMENT_PAYMENT_TYPES = ['instalment', 'recurring', 'unscheduled'] as const;

/**
 * `metadata`, as RequestJsonParser.validateAndGetMetadata and pay-java-commons' ExternalMetadata
 * (api/validation/ValidExternalMetadata.java) check it. Every
 * refusal is 422 on field `metadata`; several problems are joined with ". " (the messages are the ones
 * alphagov/pay-publicapi it/validation/PaymentsResourceMetadataValidationFailuresIT.java expects).
 */
function metadataField(value: unknown): Record<string, string | number | boolean> {
  if (value === null) throw invalid(422, 'metadata', 'Value must not be null');
  if (!isObject(value)) throw invalid(422, 'metadata', 'Must be an object of JSON key-value pairs');
  const problems = new Set<string>();
  const entries = Object.entries(value);
  if (entries.length > 15) problems.add('Cannot have more than 15 key-value pairs');
  // MapKeyInsensitiveUnique (pay-java-commons api/validation/ValidExternalMetadata.java): `Ref` and `ref` clash.
  if (new Set(entries.map(([key]) => key.toLowerCase())).size !== entries.length) {
    problems.add('Must have case insensitive unique keys');
  }
  for (const [key, v] of entries) {
    if (key.length < 1 || key.length > 30) problems.add('Keys must be between 1 and 30 characters long');
    if (v === null) problems.add('Must not have null values');
    else if (!['string', 'number', 'boolean'].includes(typeof v))
      problems.add('Values must be of type String, Boolean or Number');
    else if (typeof v === 'string' && v.length > 100)
      problems.add('Values must be no greater than 100 characters long');
  }
  if (problems.size > 0) throw invalid(422, 'metadata', [...problems].join('. '));
  return value as Record<string, string | number | boolean>;
}

/**
 * `prefilled_cardholder_details`: each part optional, null is "not given", another type is 400 "Field must be a
 * string"; a part that is not an object is ignored (Jackson's `has` on it is false). The request only carries the
 * details when at least one value was given (alphagov/pay-publicapi model/CreateCardPaymentRequestBuilder.java
 * getPrefilledCardholderDetails), so `{}` or all-null values are as good as not sending them: an agreement payment
 * may send them, and the payment shows no card details.
 */
function prefilledField(node: unknown): CreatePaymentInput['prefilled_cardholder_details'] {
  if (!isObject(node)) return undefined;
  const out: NonNullable<CreatePaymentInput['prefilled_cardholder_details']> = {};
  const name = optionalString(node, 'cardholder_name', 'Field must be a string');
  if (name !== undefined) out.cardholder_name = name;
  const address = node.billing_address;
  if (isObject(address)) {
    const billing: BillingAddressInput = {};
    for (const part of ['line1', 'line2', 'city', 'postcode', 'country'] as const) {
      const value = optionalString(address, part, 'Field must be a string');
      if (value !== undefined) billing[part] = value;
    }
    if (Object.keys(billing).length > 0) out.billing_address = billing;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** RequestJsonParser.parsePaymentRequest: presence and types, in its order. */
function parse(node: Json): CreatePaymentInput {
  const out: CreatePaymentInput = {
    amount: amountField(node, { missing: 'P0101', invalid: 'P0102' }),
    reference: wafSafeString(node, 'reference'),
    description: wafSafeString(node, 'description'),
  };
  if (has(node, 'return_url')) {
    const url = optionalString(node, 'return_url', 'Must be a valid URL format');
    if (url !== undefined) out.return_url = url;
  }
  if (has(node, 'moto')) out.moto = booleanField(node, 'moto');
  // Read with Jackson's textValue(): anything but a string is taken as not sent.
  if (typeof node.set_up_agreement === 'string') out.set_up_agreement = node.set_up_agreement;
  if (has(node, 'authorisation_mode')) {
    const detail = `Must be one of ${AUTHORISATION_MODES.join(', ')}`;
    const mode = presentString(node, 'authorisation_mode', detail);
    if (!(AUTHORISATION_MODES as readonly string[]).includes(mode))
      throw invalid(422, 'authorisation_mode', detail);
    out.authorisation_mode = mode as CreatePaymentInput['authorisation_mode'];
  }
  if (has(node, 'agreement_id')) {
    if (out.authorisation_mode !== 'agreement') {
      throw payError(400, 'P0104', 'Unexpected attribute: agreement_id');
    }
    out.agreement_id = mandatoryString(node, 'agreement_id');
  }
  if (has(node, 'agreement_payment_type')) {
    const detail = `Must be one of ${AGREEMENT_PAYMENT_TYPES.join(', ')}`;
    const type = presentString(node, 'agreement_payment_type', detail);
    if (!has(node, 'set_up_agreement') && out.authorisation_mode !== 'agreement') {
      throw payError(400, 'P0104', 'Unexpected attribute: agreement_payment_type');
    }
    if (!(AGREEMENT_PAYMENT_TYPES as readonly string[]).includes(type)) {
      throw invalid(422, 'agreement_payment_type', detail);
    }
    out.agreement_payment_type = type as CreatePaymentInput['agreement_payment_type'];
  }
  if (has(node, 'language')) {
    const detail = 'Must be "en" or "cy"';
    const language = presentString(node, 'language', detail);
    if (language !== 'en' && language !== 'cy') throw invalid(422, 'language', detail);
    out.language = language;
  }
  if (has(node, 'delayed_capture')) out.delayed_capture = booleanField(node, 'delayed_capture');
  if (has(node, 'email')) {
    const email = optionalString(node, 'email', 'Field must be a string');
    if (email !== undefined) out.email = email;
  }
  if (has(node, 'prefilled_cardholder_details')) {
    const prefilled = prefilledField(node.prefilled_cardholder_details);
    if (prefilled) out.prefilled_cardholder_details = prefilled;
  }
  if (has(node, 'metadata')) out.metadata = metadataField(node.metadata);
  return out;
}

const tooLong = (field: string, max: number) =>
  invalid(422, field, `Must be less than or equal to ${max} characters length`);

/** The bean constraints on the parsed request (422, ViolationExceptionMapper). */
function checkSizes(input: CreatePaymentInput): void {
  // @Min(0)/@Max(10000000): 0 passes here and is refused by the connector (below).
  if (input.amount < 0) throw invalid(422, 'amount', 'Must be greater than or equal to 1');
  if (input.amount > 10_000_000) throw invalid(422, 'amount', 'Must be less than or equal to 10000000');
  if (input.reference.length > 255) throw tooLong('reference', 255);
  if (input.description.length > 255) throw tooLong('description', 255);
  if (input.email !== undefined && input.email.length > 254) throw tooLong('email', 254);
  if (input.return_url !== undefined && input.return_url.length > 2000) throw tooLong('return_url', 2000);
  for (const field of ['set_up_agreement', 'agreement_id'] as const) {
    const value = input[field];
    if (value !== undefined && value.length !== 26) {
      throw invalid(422, field, `Field [${field}] length must be 26`);
    }
  }
  const prefilled = input.prefilled_cardholder_details;
  if (prefilled?.cardholder_name !== undefined && prefilled.cardholder_name.length > 255) {
    throw tooLong('cardholder_name', 255);
  }
  const address = prefilled?.billing_address;
  for (const [part, max] of [
    ['line1', 255],
    ['line2', 255],
    ['city', 255],
    ['postcode', 25],
  ] as const) {
    const value = address?.[part];
    if (value !== undefined && value.length > max) throw tooLong(part, max);
  }
}

/**
 * Whether a return_url is a URL the connector accepts (charge/validation/ReturnUrlValidator.java: Apache commons
 * UrlValidator, http or https, local URLs allowed, a known top-level domain or `.internal`/`.local`).
 */
export function isValidReturnUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname;
  if (host === 'localhost' || /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[')) return true;
  return /^([a-z0-9-]+\.)+[a-z]{2,}$/i.test(host);
}

/**
 * Read a create-payment body (already parsed from JSON) the way publicapi does: a body that is not a JSON object has
 * none of the fields (so its first answer is P0101 on `amount`).
 */
export function parseCreatePayment(body: unknown): CreatePaymentInput {
  const input = parse(isObject(body) ? body : {});
  checkSizes(input);
  return input;
}

/** The `Idempotency-Key` header rules (alphagov/pay-publicapi resources/PaymentsResource.java createNewPayment): 422 P0102. */
export function checkIdempotencyKey(key: string | null | undefined): string | undefined {
  if (key === null || key === undefined) return undefined;
  if (key.length < 1 || key.length > 255) {
    throw payError(422, 'P0102', 'Header [Idempotency-Key] can have a size between 1 and 255', {
      header: 'Idempotency-Key',
    });
  }
  if (!/^[a-zA-Z0-9-]+$/.test(key)) {
    throw payError(
      422,
      'P0102',
      'Header [Idempotency-Key] can only contain alphanumeric characters and hyphens',
      {
        header: 'Idempotency-Key',
      },
    );
  }
  return key;
}
