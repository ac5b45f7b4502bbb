/**
 * Request bodies checked the way notifications-api checks them: a Draft 7 JSON schema per request
 * (`app/v2/notifications/notification_schemas.py`, `app/v2/template/template_schemas.py`,
 * `app/schema_validation/definitions.py`), with the error messages `app/schema_validation/__init__.py`
 * `build_error_message` writes: `<field> <jsonschema message>` with Python's repr of the value, quotes removed,
 * or `<field> <validationMessage>` where the schema gives one. Only the keywords these schemas use are
 * implemented; the rules are the server's, written here independently of the SDK's request schemas.
 */
import { validationError } from './errors.js';
import { pyRepr, pyStr } from './python.js';
import {
  InvalidEmailError,
  InvalidPhoneError,
  parsePhoneNumber,
  validateEmailAddress,
  validatePhoneNumber,
} from './recipients.js';

type JsonType = 'string' | 'null' | 'object' | 'array' | 'integer' | 'boolean' | 'number';

interface PropertySchema {
  type?: JsonType | JsonType[];
  maxLength?: number;
  enum?: readonly string[];
  /** A format checker: returns an error message, or undefined when the value passes. */
  format?: (value: unknown) => string | undefined;
  pattern?: RegExp;
  /** Replaces whatever message the checks give (`validationMessage`). */
  validationMessage?: string;
}

export interface ObjectSchema {
  properties: Record<string, PropertySchema>;
  required?: string[];
  additionalProperties?: boolean;
}

export { pyRepr };

function isType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

/** jsonschema's messages for one property, before the field name is put in front. */
function propertyErrors(schema: PropertySchema, value: unknown): string[] {
  const errors: string[] = [];
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => isType(value, t))) {
      errors.push(`${pyRepr(value)} is not of type ${types.map((t) => `'${t}'`).join(', ')}`);
    }
  }
  if (schema.enum && !schema.enum.includes(value as string)) {
    errors.push(`${pyRepr(value)} is not one of [${schema.enum.map((e) => `'${e}'`).join(', ')}]`);
  }
  if (typeof value === 'string') {
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength) {
      errors.push(`${pyRepr(value)} is too long`);
    }
    if (schema.pattern && !schema.pattern.test(value)) {
      errors.push(`${pyRepr(value)} does not match ${pyRepr(schema.pattern.source)}`);
    }
  }
  const formatError = schema.format?.(value);
  if (formatError !== undefined) errors.push(formatError);
  if (schema.validationMessage !== undefined) return errors.length ? [schema.validationMessage] : [];
  return errors;
}

const unquote = (message: string) => message.replace(/'/g, '');

/**
 * Validate a parsed JSON body against a schema; throws a ValidationError listing every failure (in the order
 * Draft7Validator finds them: properties, then required, then additionalProperties), duplicates removed.
 */
export function validate<T>(body: unknown, schema: ObjectSchema): T {
  if (!isType(body, 'object')) throw validationError([unquote(`${pyRepr(body)} is not of type 'object'`)]);
  const input = body as Record<string, unknown>;
  const messages: string[] = [];
  for (const [name, property] of Object.entries(schema.properties)) {
    if (!(name in input)) continue;
    for (const message of propertyErrors(property, input[name])) messages.push(unquote(`${name} ${message}`));
  }
  for (const name of schema.required ?? []) {
    if (!(name in input)) messages.push(`${name} is a required property`);
  }
  if (schema.additionalProperties === false) {
    const extras = Object.keys(input)
      .filter((k) => !(k in schema.properties))
      .sort();
    if (extras.length === 1)
      messages.push(`Additional properties are not allowed (${extras[0]} was unexpected)`);
    if (extras.length > 1) {
      messages.push(`Additional properties are not allowed (${extras.join(', ')} were unexpected)`);
    }
  }
  const unique = [...new Set(messages)];
  if (unique.length) throw validationError(unique);
  return input as T;
}

// ------------------------------------------------------------------------------------------------ formats

const UUID_FORMAT = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
/** Python's `UUID()` also takes braces and a `urn:uuid:` prefix. */
const isPythonUuid = (v: string) =>
  UUID_FORMAT.test(v.replace(/^urn:uuid:/i, '').replace(/^\{(.*)\}$/, '$1'));

/** `definitions.py` uuid */
const uuid: PropertySchema = {
  type: 'string',
  format: (v) => (typeof v === 'string' && !isPythonUuid(v) ? 'invalid' : undefined),
  validationMessage: 'is not a valid UUID',
};

/**
 * jsonschema's `uri` format, which notifications-api checks with `rfc3987.parse(value, rule="URI")` (rfc3987 is in
 * its requirements): RFC 3986's URI grammar, ASCII only. Unlike WHATWG URL parsing, a space or a non-ASCII letter
 * anywhere fails, and `https://` (an empty host) passes.
 */
const UNRESERVED = 'A-Za-z0-9\\-._~';
const SUB_DELIMS = "!$&'()*+,;=";
const PCT = '%[0-9A-Fa-f]{2}';
const PCHAR = `(?:[${UNRESERVED}${SUB_DELIMS}:@]|${PCT})`;
const RFC3986_URI = new RegExp(
  [
    '^[A-Za-z][A-Za-z0-9+.\\-]*:',
    '(?:',
    `//(?:(?:[${UNRESERVED}${SUB_DELIMS}:]|${PCT})*@)?`,
    `(?:\\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\\.[${UNRESERVED}${SUB_DELIMS}:]+)\\]|(?:[${UNRESERVED}${SUB_DELIMS}]|${PCT})*)`,
    '(?::[0-9]*)?',
    `(?:/${PCHAR}*)*`,
    `|/(?:${PCHAR}+(?:/${PCHAR}*)*)?`,
    `|${PCHAR}+(?:/${PCHAR}*)*`,
    '|',
    ')',
    `(?:\\?(?:${PCHAR}|[/?])*)?`,
    `(?:#(?:${PCHAR}|[/?])*)?$`,
  ].join(''),
);

/** `definitions.py` https_url: the `uri` format and `^https.*`, one message for either. */
const httpsUrl: PropertySchema = {
  type: 'string',
  format: (v) => (typeof v === 'string' && !RFC3986_URI.test(v) ? 'invalid' : undefined),
  pattern: /^https.*/,
  validationMessage: 'is not a valid https url',
};

const personalisation: PropertySchema = { type: 'object' };

/** `validate_schema_email_address` */
const emailAddressFormat = (v: unknown) => {
  if (typeof v !== 'string') return undefined;
  try {
    validateEmailAddress(v);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidEmailError) return error.message;
    throw error;
  }
};

/**
 * `validate_schema_phone_number`: international numbers and UK landlines pass here (permissions come later), but
 * not a country Notify does not send to.
 */
const phoneNumberFormat = (v: unknown) => {
  if (typeof v !== 'string') return undefined;
  try {
    validatePhoneNumber(parsePhoneNumber(v), { international: true, ukLandline: true });
    return undefined;
  } catch (error) {
    if (error instanceof InvalidPhoneError) return error.message;
    throw error;
  }
};

/**
 * `validate_schema_date_with_hour`: Python's `datetime.fromisoformat(value).replace(tzinfo=None)`, compared with
 * UTC now: any offset is dropped, not applied. A valid time is accepted and then ignored (scheduled sending is gone).
 */
export function scheduledForFormat(now: () => Date) {
  return (v: unknown) => {
    if (typeof v !== 'string') return undefined;
    const wall = pythonIsoWallTime(v);
    if (wall === undefined) {
      return 'datetime format is invalid. It must be a valid ISO8601 date time format, https://en.wikipedia.org/wiki/ISO_8601';
    }
    if (wall < now().getTime()) return 'datetime can not be in the past';
    if (wall > now().getTime() + 24 * 3_600_000) return 'datetime can only be 24 hours in the future';
    return undefined;
  };
}

const ISO_TIME =
  /^(\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?(?:Z|[+-]\d{2}(?::?\d{2}(?::?\d{2}(?:[.,]\d+)?)?)?)?$/;

/**
 * Python 3.13's `datetime.fromisoformat(value).replace(tzinfo=None)` as milliseconds of wall time, or undefined when
 * it raises: an extended (2026-03-02) or basic (20260302) date, then any one character (not a digit after a basic
 * date) and a time; fractional seconds of any length (truncated); an offset, which is dropped.
 */
function pythonIsoWallTime(value: string): number | undefined {
  const date = /^(\d{4})-(\d{2})-(\d{2})/.exec(value) ?? /^(\d{4})(\d{2})(\d{2})/.exec(value);
  if (!date) return undefined;
  const rest = value.slice(date[0].length);
  if (rest !== '' && (rest.length < 2 || (!date[0].includes('-') && /\d/.test(rest[0]!)))) return undefined;
  const time = rest === '' ? [] : ISO_TIME.exec([...rest].slice(1).join(''));
  if (!time) return undefined;
  const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
  const [hours, minutes, seconds] = [Number(time[1] ?? 0), Number(time[2] ?? 0), Number(time[3] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  const wall = Date.UTC(
    year,
    month - 1,
    day,
    hours,
    minutes,
    seconds,
    Number((time[4] ?? '0').padEnd(3, '0').slice(0, 3)),
  );
  const check = new Date(wall);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return undefined;
  return wall;
}

/** `validate_schema_postage` */
const postageFormat = (v: unknown) =>
  typeof v === 'string' && !['first', 'second', 'economy'].includes(v)
    ? 'invalid. It must be either first, second or economy.'
    : undefined;

// ------------------------------------------------------------------------------------------------ requests

export interface SendEmailRequest {
  email_address: string;
  template_id: string;
  personalisation?: Record<string, unknown>;
  reference?: string;
  scheduled_for?: string | null;
  email_reply_to_id?: string;
  one_click_unsubscribe_url?: string;
  sanitise_content_for?: unknown[] | null;
}

export interface SendSmsRequest {
  phone_number: string;
  template_id: string;
  personalisation?: Record<string, unknown>;
  reference?: string;
  scheduled_for?: string | null;
  sms_sender_id?: string;
}

export interface SendLetterRequest {
  template_id: string;
  personalisation: Record<string, unknown>;
  reference?: string;
}

export interface SendPrecompiledLetterRequest {
  reference: string;
  /** base64 PDF */
  content: string;
  postage?: 'first' | 'second' | 'economy';
}

/** `post_email_request` */
export const postEmailRequest = (now: () => Date): ObjectSchema => ({
  properties: {
    reference: { type: 'string', maxLength: 1_000 },
    email_address: { type: 'string', format: emailAddressFormat },
    template_id: uuid,
    personalisation,
    scheduled_for: { type: ['string', 'null'], format: scheduledForFormat(now) },
    email_reply_to_id: uuid,
    one_click_unsubscribe_url: httpsUrl,
    sanitise_content_for: { type: ['array', 'null'] },
  },
  required: ['email_address', 'template_id'],
  additionalProperties: false,
});

/** `post_sms_request` */
export const postSmsRequest = (now: () => Date): ObjectSchema => ({
  properties: {
    reference: { type: 'string', maxLength: 1_000 },
    phone_number: { type: 'string', format: phoneNumberFormat },
    template_id: uuid,
    personalisation,
    scheduled_for: { type: ['string', 'null'], format: scheduledForFormat(now) },
    sms_sender_id: uuid,
  },
  required: ['phone_number', 'template_id'],
  additionalProperties: false,
});

/** `post_letter_request` */
export const postLetterRequest: ObjectSchema = {
  properties: {
    reference: { type: 'string', maxLength: 1_000 },
    template_id: uuid,
    personalisation,
  },
  required: ['template_id', 'personalisation'],
  additionalProperties: false,
};

/** `post_precompiled_letter_request` */
export const postPrecompiledLetterRequest: ObjectSchema = {
  properties: {
    reference: { type: 'string' },
    content: { type: 'string' },
    postage: { type: 'string', format: postageFormat },
  },
  required: ['reference', 'content'],
  additionalProperties: false,
};

/** `app/v2/template/template_schemas.py` post_template_preview_request */
export const postTemplatePreviewRequest: ObjectSchema = {
  properties: { id: uuid, personalisation },
  required: ['id'],
};

// ------------------------------------------------------------------------------------------------ files

/** `send_a_file_validation`, checked per file once the template and recipient have passed. */
export function validateFile(file: Record<string, unknown>): void {
  const messages: string[] = [];
  // Draft7Validator walks the schema's keywords in order: additionalProperties, properties, allOf
  const extras = Object.keys(file)
    .filter(
      (k) => !['file', 'is_csv', 'confirm_email_before_download', 'retention_period', 'filename'].includes(k),
    )
    .sort();
  if (extras.length) {
    messages.push(
      `Additional properties are not allowed (${extras.join(', ')} ${extras.length === 1 ? 'was' : 'were'} unexpected)`,
    );
  }
  if ('file' in file && typeof file.file !== 'string') {
    messages.push(unquote(`file ${pyRepr(file.file)} is not of type 'string'`));
  }
  if ('is_csv' in file && file.is_csv !== null && typeof file.is_csv !== 'boolean') {
    messages.push(
      `is_csv Unsupported value for is_csv: ${pyStr(file.is_csv)}. Use a boolean true or false value.`,
    );
  }
  const confirm = file.confirm_email_before_download;
  if ('confirm_email_before_download' in file && confirm !== null && typeof confirm !== 'boolean') {
    messages.push(
      unquote(
        `confirm_email_before_download Unsupported value for confirm_email_before_download: ${pyStr(confirm)}. Use a boolean true or false value.`,
      ),
    );
  }
  const retention = file.retention_period;
  if ('retention_period' in file && retention !== null) {
    const m = typeof retention === 'string' ? /^(\d+) weeks?$/.exec(retention.trim().toLowerCase()) : null;
    if (!m || Number(m[1]) < 1 || Number(m[1]) > 78) {
      messages.push(
        unquote(
          `retention_period Unsupported value for retention_period: ${pyStr(retention)}. Supported periods are from 1 to 78 weeks.`,
        ),
      );
    }
  }
  const filename = file.filename;
  if ('filename' in file && filename !== null && !(typeof filename === 'string' && filename.includes('.'))) {
    messages.push('filename `filename` must end with a file extension. For example, filename.csv');
  }
  if ('is_csv' in file && 'filename' in file)
    messages.push('Do not set a value for `is_csv` if `filename` is set.');
  if (messages.length) throw validationError([...new Set(messages)]);
}
