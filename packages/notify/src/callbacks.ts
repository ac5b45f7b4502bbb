import { CouncilSdkError, issuesOf, timingSafeEqualString } from '@council-sdk/core';
import type { z } from 'zod';
import {
  ComplaintCallback,
  DeliveryStatusCallback,
  ReceivedTextCallback,
  ReturnedLetterCallback,
} from './schemas/callbacks.js';

/** The callback's Authorization header did not carry the configured bearer token. */
export class CallbackAuthenticationError extends CouncilSdkError {
  static override readonly brand: string = 'notify.CallbackAuthenticationError';
}

/**
 * The callback body is not JSON or not the expected shape. `issues` name the fields; the body itself is not
 * kept (callbacks carry email addresses and phone numbers).
 */
export class CallbackPayloadError extends CouncilSdkError {
  static override readonly brand: string = 'notify.CallbackPayloadError';
  readonly issues: ReadonlyArray<{ path: string; message: string }>;
  constructor(message: string, issues: ReadonlyArray<{ path: string; message: string }> = []) {
    super(message);
    this.issues = issues;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

export type CallbackKind = 'delivery-status' | 'received-text' | 'returned-letter' | 'complaint';

export type NotifyCallbackEvent =
  | { type: 'delivery-status'; data: DeliveryStatusCallback }
  | { type: 'received-text'; data: ReceivedTextCallback }
  | { type: 'returned-letter'; data: ReturnedLetterCallback }
  | { type: 'complaint'; data: ComplaintCallback };

const SCHEMAS = {
  'delivery-status': DeliveryStatusCallback,
  'received-text': ReceivedTextCallback,
  'returned-letter': ReturnedLetterCallback,
  complaint: ComplaintCallback,
} as const satisfies Record<CallbackKind, z.ZodType>;

/** Notify requires a callback bearer token of at least 10 characters. */
export const MIN_CALLBACK_TOKEN_LENGTH = 10;

/**
 * Longest Authorization header we read. Notify's callback tokens are short; anything longer is refused unread, so a
 * request with a huge header costs no more than one with a small one.
 */
export const MAX_AUTHORIZATION_HEADER_LENGTH = 4096;

/** Largest callback body we parse (Notify's callbacks are about a kilobyte). */
export const MAX_CALLBACK_BODY_LENGTH = 32 * 1024;

const isSpace = (c: string | undefined) => c === ' ' || c === '\t';

/**
 * The credentials of `Bearer <credentials>` (scheme in any case, spaces or tabs around), or undefined. A single
 * left-to-right scan with no backtracking (a lazy regular expression here took quadratic time on long runs of
 * spaces: the audit's 16 KB header cost ~90 ms).
 */
export function readBearerCredentials(authorization: string): string | undefined {
  if (authorization.length > MAX_AUTHORIZATION_HEADER_LENGTH) return undefined;
  let start = 0;
  let end = authorization.length;
  while (start < end && isSpace(authorization[start])) start++;
  while (end > start && isSpace(authorization[end - 1])) end--;
  if (authorization.slice(start, start + 6).toLowerCase() !== 'bearer') return undefined;
  let credentials = start + 6;
  if (!isSpace(authorization[credentials])) return undefined;
  while (credentials < end && isSpace(authorization[credentials])) credentials++;
  return credentials < end ? authorization.slice(credentials, end) : undefined;
}

/**
 * Check `Authorization: Bearer <token>` against the token configured in Notify, in constant time.
 * Returns false for a missing header, another scheme, a header over 4 KB, or a different token.
 */
export function verifyCallbackToken(authorization: string | null | undefined, bearerToken: string): boolean {
  if (typeof bearerToken !== 'string' || bearerToken.length < MIN_CALLBACK_TOKEN_LENGTH) {
    throw new CallbackAuthenticationError(
      `The configured callback bearer token must be at least ${MIN_CALLBACK_TOKEN_LENGTH} characters`,
    );
  }
  const given = typeof authorization === 'string' ? readBearerCredentials(authorization) : undefined;
  // Compare even when the header is unusable, so timing does not reveal which check failed.
  return timingSafeEqualString(given ?? '', bearerToken) && given !== undefined;
}

function decode(rawBody: unknown): unknown {
  let text: string;
  if (typeof rawBody === 'string') text = rawBody;
  else if (rawBody instanceof Uint8Array) text = new TextDecoder('utf-8', { fatal: false }).decode(rawBody);
  else if (rawBody instanceof ArrayBuffer) text = new TextDecoder().decode(new Uint8Array(rawBody));
  else if (rawBody !== null && typeof rawBody === 'object')
    return rawBody; // already parsed by a framework
  else throw new CallbackPayloadError('Callback body must be a string, Buffer or parsed JSON object');
  // JSON.parse slows down on deeply nested input; a callback is never this large.
  if (text.length > MAX_CALLBACK_BODY_LENGTH) {
    throw new CallbackPayloadError(`Callback body is larger than ${MAX_CALLBACK_BODY_LENGTH / 1024} KB`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CallbackPayloadError('Callback body is not valid JSON');
  }
}

/** Which payload this is, from the fields only that kind has. */
export function detectCallbackKind(body: unknown): CallbackKind | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const has = (k: string) => Object.hasOwn(body, k);
  if (has('complaint_id')) return 'complaint';
  if (has('source_number') || has('date_received')) return 'received-text';
  if (has('notification_id') && has('date_sent')) return 'returned-letter';
  if (has('id') && has('status')) return 'delivery-status';
  return undefined;
}

/** Parse a callback body (raw string/Buffer or parsed JSON) into a typed event, without checking the token. */
export function parseCallback(rawBody: unknown, kind?: CallbackKind): NotifyCallbackEvent {
  const body = decode(rawBody);
  const type = kind ?? detectCallbackKind(body);
  if (!type || !Object.hasOwn(SCHEMAS, type)) {
    throw new CallbackPayloadError(
      'Not a Notify callback payload (delivery status, received text, returned letter or complaint)',
    );
  }
  const result = SCHEMAS[type].safeParse(body);
  if (!result.success) {
    const issues = issuesOf(result.error);
    throw new CallbackPayloadError(
      `Invalid ${type} callback: ${issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  return { type, data: result.data } as NotifyCallbackEvent;
}

export interface ConstructCallbackOptions {
  /** The Authorization header of the request. */
  authorization: string | null | undefined;
  /** The bearer token you configured for this callback in Notify (>= 10 characters). */
  bearerToken: string;
  /** Require this kind (Notify posts each kind to its own URL); detected from the fields when omitted. */
  kind?: CallbackKind;
}

/**
 * Verify and parse a Notify callback, in the shape of Pay's `webhooks.constructEvent(rawBody, signatureHeader,
 * secret)`: the `Authorization` header is checked against your bearer token (or any of several, while you rotate
 * it) in constant time first (`CallbackAuthenticationError`), then the body is parsed into a typed event
 * (`CallbackPayloadError`). `kind` requires one kind (Notify posts each kind to its own URL); detected otherwise.
 */
export function constructEvent(
  rawBody: unknown,
  authorizationHeader: string | null | undefined,
  bearerTokenOrTokens: string | readonly string[],
  kind?: CallbackKind,
): NotifyCallbackEvent {
  const tokens: readonly string[] =
    typeof bearerTokenOrTokens === 'string' ? [bearerTokenOrTokens] : (bearerTokenOrTokens ?? []);
  if (tokens.length === 0) {
    throw new CallbackAuthenticationError('No callback bearer token configured');
  }
  // Check every token (no early exit), so timing does not tell which one matched.
  let matched = false;
  for (const token of tokens) {
    if (verifyCallbackToken(authorizationHeader, token)) matched = true;
  }
  if (!matched) throw new CallbackAuthenticationError('Callback bearer token missing or incorrect');
  return parseCallback(rawBody, kind);
}

/**
 * @deprecated Use `constructEvent(rawBody, authorizationHeader, bearerToken, kind?)` (also `notify.callbacks`):
 * the same checks, in the shape of Pay's `webhooks.constructEvent`.
 */
export function constructCallbackEvent(
  rawBody: unknown,
  options: ConstructCallbackOptions,
): NotifyCallbackEvent {
  if (!options) throw new CallbackAuthenticationError('Callback bearer token missing or incorrect');
  return constructEvent(rawBody, options.authorization, options.bearerToken, options.kind);
}

/** The callback helpers, also reachable as `notify.callbacks` on a client (as Pay's are as `pay.webhooks`). */
export const callbacks = {
  constructEvent,
  verifyToken: verifyCallbackToken,
  parse: parseCallback,
  detectKind: detectCallbackKind,
};
export type Callbacks = typeof callbacks;
