/**
 * One-click unsubscribe (RFC 8058) for the `one_click_unsubscribe_url` of an email: Notify puts the URL in the
 * `List-Unsubscribe` header with `List-Unsubscribe-Post: List-Unsubscribe=One-Click`
 * (alphagov/notifications-api app/delivery/send_to_providers.py `_get_email_headers`), and the recipient's mail client
 * POSTs `List-Unsubscribe=One-Click` to it.
 *
 * The URL ends up in email headers, mail logs and your access logs, so it must not carry the address in clear (Notify's
 * own unsubscribe links only sign it). Here the recipient (and list) are sealed with AES-256-GCM, and the sealed token
 * is also signed with HMAC-SHA256, both keys derived from your secret with HKDF-SHA256, so the URL is opaque and any
 * change to it is detected (checked in constant time) before anything is decrypted.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { CouncilSdkError, ValidationError } from '@council-sdk/core';

/** The body RFC 8058 section 3.1 requires, as a form field. */
export const ONE_CLICK_BODY = 'List-Unsubscribe=One-Click';

/** Secrets shorter than this are refused: the keys are only as strong as the secret. */
export const MIN_UNSUBSCRIBE_SECRET_LENGTH = 32;

const VERSION = 'u1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD = Buffer.from('council-sdk/notify/one-click-unsubscribe/v1');

export interface CreateUnsubscribeUrlOptions {
  /** Your endpoint, `https://` (Notify refuses anything else), e.g. `https://council.example/unsubscribe`. */
  baseUrl: string;
  /**
   * Whom to unsubscribe: your own subscriber id is best, an email address works. Sealed inside the URL, never in clear.
   */
  recipient: string;
  /** Which mailing list, when you have several. Sealed too. */
  list?: string;
  /** At least 32 characters, from your secret store. Rotate by passing the old one to verify as well. */
  secret: string;
  /** For tests: the issue time. */
  now?: () => Date;
}

export interface VerifyUnsubscribeRequestInput {
  /** `req.method`. Only POST unsubscribes (link checkers and prefetchers send GET). */
  method: string;
  /** The request URL: absolute, or the path and query (`req.originalUrl`). */
  url: string;
  /**
   * The body: raw (`string`/`Uint8Array`, `application/x-www-form-urlencoded`) or parsed into an object (by
   * `express.urlencoded()`, or a multipart parser). Must be exactly `List-Unsubscribe=One-Click`.
   */
  body: unknown;
  /** The current secret, or several during a rotation (the newest first). */
  secret: string | readonly string[];
  /** Refuse links older than this. Default: no limit (Notify's own links last a year). */
  maxAgeSeconds?: number;
  /** For tests: the time now. */
  now?: () => Date;
}

export interface UnsubscribeRequest {
  recipient: string;
  list: string | undefined;
  /** When the URL was created. */
  issuedAt: Date;
}

export type UnsubscribeFailure = 'method' | 'body' | 'token' | 'expired';

/**
 * The request is not a genuine one-click unsubscribe. `reason` says why; `status` is the HTTP status to answer with
 * (405 for a method other than POST, 400 for a wrong body, 404 for a link that is not ours or was altered, as Notify
 * answers for its own links). The message never contains the token or the recipient.
 */
export class UnsubscribeRequestError extends CouncilSdkError {
  static override readonly brand: string = 'notify.UnsubscribeRequestError';
  readonly reason: UnsubscribeFailure;
  readonly status: number;
  constructor(reason: UnsubscribeFailure, message: string) {
    super(message);
    this.reason = reason;
    this.status = reason === 'method' ? 405 : reason === 'token' || reason === 'expired' ? 404 : 400;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason, status: this.status };
  }
}

interface Keys {
  seal: Buffer;
  sign: Buffer;
}

function deriveKeys(secret: string, path: string): Keys {
  if (typeof secret !== 'string' || secret.length < MIN_UNSUBSCRIBE_SECRET_LENGTH) {
    throw new ValidationError(
      [{ path, message: `must be a string of at least ${MIN_UNSUBSCRIBE_SECRET_LENGTH} characters` }],
      'Invalid unsubscribe secret',
    );
  }
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', secret, AAD, info, 32));
  return { seal: derive('seal'), sign: derive('sign') };
}

function signature(keys: Keys, token: string): Buffer {
  return createHmac('sha256', keys.sign).update(`${VERSION}.${token}`).digest();
}

/**
 * A per-recipient one-click unsubscribe URL: `baseUrl` with `?token=<sealed recipient and list>&sig=<HMAC>`. Pass it
 * as `one_click_unsubscribe_url` when sending the email.
 */
export function createUnsubscribeUrl(options: CreateUnsubscribeUrlOptions): string {
  const issues: { path: string; message: string }[] = [];
  let url: URL | undefined;
  try {
    url = new URL(options?.baseUrl);
  } catch {
    issues.push({ path: 'baseUrl', message: 'must be an absolute https URL' });
  }
  if (url && url.protocol !== 'https:')
    issues.push({ path: 'baseUrl', message: 'must be https (Notify refuses other URLs)' });
  if (url?.searchParams.has('token') || url?.searchParams.has('sig')) {
    issues.push({ path: 'baseUrl', message: 'must not already have token or sig parameters' });
  }
  if (
    typeof options?.recipient !== 'string' ||
    options.recipient.length === 0 ||
    options.recipient.length > 320
  ) {
    issues.push({ path: 'recipient', message: 'must be a string of 1 to 320 characters' });
  }
  if (options?.list !== undefined && (typeof options.list !== 'string' || options.list.length > 100)) {
    issues.push({ path: 'list', message: 'must be a string of up to 100 characters' });
  }
  if (issues.length) throw new ValidationError(issues, 'Invalid unsubscribe URL options');
  const keys = deriveKeys(options.secret, 'secret');

  const issuedAt = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  const payload = JSON.stringify({
    r: options.recipient,
    ...(options.list !== undefined ? { l: options.list } : {}),
    t: issuedAt,
  });
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keys.seal, iv);
  cipher.setAAD(AAD);
  const sealed = Buffer.concat([iv, cipher.update(payload, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const token = sealed.toString('base64url');
  const target = url as URL;
  target.searchParams.set('token', token);
  target.searchParams.set('sig', signature(keys, token).toString('base64url'));
  return target.toString();
}

/** The one-click body, whichever way it arrived. */
function isOneClickBody(body: unknown): boolean {
  let fields: URLSearchParams | Record<string, unknown>;
  if (typeof body === 'string') fields = new URLSearchParams(body);
  else if (body instanceof Uint8Array) fields = new URLSearchParams(Buffer.from(body).toString('utf8'));
  else if (body !== null && typeof body === 'object') fields = body as Record<string, unknown>;
  else return false;
  if (fields instanceof URLSearchParams) {
    const values = fields.getAll('List-Unsubscribe');
    return values.length === 1 && values[0] === 'One-Click';
  }
  const value = fields['List-Unsubscribe'];
  return value === 'One-Click' || (Array.isArray(value) && value.length === 1 && value[0] === 'One-Click');
}

function open(token: string, keys: Keys): { r: unknown; l?: unknown; t: unknown } | undefined {
  const sealed = Buffer.from(token, 'base64url');
  if (sealed.length <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keys.seal, sealed.subarray(0, IV_BYTES));
    decipher.setAAD(AAD);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return JSON.parse(plain.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Check a one-click unsubscribe request and say whom to unsubscribe. Accepts only a POST whose body is
 * `List-Unsubscribe=One-Click`, to a URL made by `createUnsubscribeUrl` with one of `secret` and not altered since.
 * Throws `UnsubscribeRequestError` otherwise (see its `status`).
 */
export function verifyUnsubscribeRequest(input: VerifyUnsubscribeRequestInput): UnsubscribeRequest {
  const secrets = typeof input?.secret === 'string' ? [input.secret] : [...(input?.secret ?? [])];
  if (secrets.length === 0) {
    throw new ValidationError([{ path: 'secret', message: 'is required' }], 'Invalid unsubscribe secret');
  }
  const keySets = secrets.map((s, i) => deriveKeys(s, secrets.length === 1 ? 'secret' : `secret[${i}]`));

  if (typeof input.method !== 'string' || input.method.toUpperCase() !== 'POST') {
    throw new UnsubscribeRequestError('method', 'One-click unsubscribe needs a POST (RFC 8058)');
  }
  if (!isOneClickBody(input.body)) {
    throw new UnsubscribeRequestError(
      'body',
      `One-click unsubscribe needs the body ${ONE_CLICK_BODY} (RFC 8058)`,
    );
  }
  let query: URLSearchParams;
  try {
    query = new URL(input.url, 'https://unsubscribe.invalid').searchParams;
  } catch {
    throw new UnsubscribeRequestError('token', 'This is not a valid unsubscribe link');
  }
  const tokens = query.getAll('token');
  const sigs = query.getAll('sig');
  const invalid = () => new UnsubscribeRequestError('token', 'This is not a valid unsubscribe link');
  if (tokens.length !== 1 || sigs.length !== 1) throw invalid();
  const token = tokens[0] as string;
  const given = Buffer.from(sigs[0] as string, 'base64url');

  for (const keys of keySets) {
    const expected = signature(keys, token);
    // Constant time, and a wrong length is simply a mismatch.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) continue;
    const payload = open(token, keys);
    if (
      !payload ||
      typeof payload.r !== 'string' ||
      typeof payload.t !== 'number' ||
      (payload.l !== undefined && typeof payload.l !== 'string')
    ) {
      throw invalid();
    }
    const issuedAt = new Date(payload.t * 1000);
    const now = (input.now?.() ?? new Date()).getTime();
    if (input.maxAgeSeconds !== undefined && now - issuedAt.getTime() > input.maxAgeSeconds * 1000) {
      throw new UnsubscribeRequestError('expired', 'This unsubscribe link has expired');
    }
    return { recipient: payload.r, list: payload.l as string | undefined, issuedAt };
  }
  throw invalid();
}
