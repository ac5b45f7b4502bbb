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
 * Check `Authorization: Bearer <token>` against the token configured in Notify, in constant time.
 * Returns false for a missing header, another scheme, or a different token.
 */
export function verifyCallbackToken(authorization: string | null | undefined, bearerToken: string): boolean {
  if (typeof bearerToken !== 'string' || bearerToken.length < MIN_CALLBACK_TOKEN_LENGTH) {
    throw new CallbackAuthenticationError(
      `The configured callback bearer token must be at least ${MIN_CALLBACK_TOKEN_LENGTH} characters`,
    );
  }
  if (typeof authorization !== 'string') return false;
  const match = /^\s*Bearer\s+(.+?)\s*$/i.exec(authorization);
  // Compare even when the scheme is wrong, so timing does not reveal which check failed.
  return timingSafeEqualString(match?.[1] ?? '', bearerToken) && match !== null;
}

function decode(rawBody: unknown): unknown {
  let text: string;
  if (typeof rawBody === 'string') text = rawBody;
  else if (rawBody instanceof Uint8Array) text = new TextDecoder('utf-8', { fatal: false }).decode(rawBody);
  else if (rawBody instanceof ArrayBuffer) text = new TextDecoder().decode(new Uint8Array(rawBody));
  else if (rawBody !== null && typeof rawBody === 'object')
    return rawBody; // already parsed by a framework
  else throw new CallbackPayloadError('Callback body must be a string, Buffer or parsed JSON object');
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
 * Verify and parse a Notify callback: the bearer token is compared in constant time first
 * (`CallbackAuthenticationError`), then the body is parsed (`CallbackPayloadError`).
 */
export function constructCallbackEvent(
  rawBody: unknown,
  options: ConstructCallbackOptions,
): NotifyCallbackEvent {
  if (!options || !verifyCallbackToken(options.authorization, options.bearerToken)) {
    throw new CallbackAuthenticationError('Callback bearer token missing or incorrect');
  }
  return parseCallback(rawBody, options.kind);
}
