/**
 * Pay webhooks: `Pay-Signature` is the lower-case hex HMAC-SHA256 of the exact raw request body, keyed with the
 * webhook's signing secret. Verify on the raw bytes (re-serialised JSON will not match), in constant time.
 */
import { createHmac } from 'node:crypto';
import { CouncilSdkError, type ErrorIssue, issuesOf, timingSafeEqualString } from '@council-sdk/core';
import {
  type PayWebhookEvent,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
  WebhookMessage,
} from './schemas/webhooks.js';

/** The header Pay signs webhooks with. */
export const SIGNATURE_HEADER = 'pay-signature';

/** Longest Pay-Signature header read (a signature is 64 hex characters; room for spaces around it). */
export const MAX_SIGNATURE_HEADER_LENGTH = 256;

export type WebhookSignatureFailure = 'raw_body_required' | 'no_secret' | 'missing_signature' | 'mismatch';

/** The webhook is not provably from Pay: reject it (answer 400 or 401, do not process it). */
export class WebhookSignatureError extends CouncilSdkError {
  static override readonly brand: string = 'pay.WebhookSignatureError';
  readonly reason: WebhookSignatureFailure;
  constructor(reason: WebhookSignatureFailure, message: string) {
    super(message);
    this.reason = reason;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason };
  }
}

/** The signature was right but the body is not a Pay webhook message (not JSON, or missing its fields). */
export class WebhookPayloadError extends CouncilSdkError {
  static override readonly brand: string = 'pay.WebhookPayloadError';
  readonly issues: readonly ErrorIssue[];
  constructor(message: string, issues: readonly ErrorIssue[] = []) {
    super(message);
    this.issues = issues;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

export type RawBody = string | Uint8Array;

function isRawBody(value: unknown): value is RawBody {
  return typeof value === 'string' || value instanceof Uint8Array;
}

/** The signature Pay would send for this body: lower-case hex HMAC-SHA256. */
export function computeSignature(rawBody: RawBody, secret: string): string {
  const hmac = createHmac('sha256', Buffer.from(secret, 'utf8'));
  hmac.update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody);
  return hmac.digest('hex');
}

function secretList(secretOrSecrets: string | readonly string[]): string[] {
  const list =
    typeof secretOrSecrets === 'string'
      ? [secretOrSecrets]
      : Array.isArray(secretOrSecrets)
        ? secretOrSecrets
        : [];
  return list.filter((s): s is string => typeof s === 'string' && s.length > 0);
}

/**
 * Check `Pay-Signature` against the raw body with each secret (several during a rotation). Throws
 * `WebhookSignatureError` unless one matches.
 */
export function verifySignature(
  rawBody: RawBody,
  signatureHeader: string | readonly string[] | null | undefined,
  secretOrSecrets: string | readonly string[],
): void {
  if (!isRawBody(rawBody)) {
    throw new WebhookSignatureError(
      'raw_body_required',
      'Pass the raw request body (a string or Buffer) exactly as received; a parsed or re-serialised body cannot be verified',
    );
  }
  const secrets = secretList(secretOrSecrets);
  if (secrets.length === 0)
    throw new WebhookSignatureError('no_secret', 'No webhook signing secret was given');
  const header = Array.isArray(signatureHeader) ? signatureHeader[0] : signatureHeader;
  if (typeof header !== 'string' || header.trim() === '') {
    throw new WebhookSignatureError('missing_signature', 'The Pay-Signature header is missing');
  }
  // A signature is 64 hex characters; a longer header is refused unread (its length is no secret).
  if (header.length > MAX_SIGNATURE_HEADER_LENGTH) {
    throw new WebhookSignatureError('mismatch', 'The Pay-Signature header does not match the body');
  }
  const given = header.trim().toLowerCase();
  let matched = false;
  // Check every secret (no early exit), so timing does not reveal which secret matched.
  for (const secret of secrets) {
    if (timingSafeEqualString(computeSignature(rawBody, secret), given)) matched = true;
  }
  if (!matched) {
    throw new WebhookSignatureError('mismatch', 'The Pay-Signature header does not match the body');
  }
}

/** Is this one of the event types Pay documents? */
export function isKnownEventType(eventType: string): eventType is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(eventType);
}

/**
 * Verify a webhook and return its typed event. Throws `WebhookSignatureError` if the signature does not match any
 * secret, `WebhookPayloadError` if a correctly signed body is not a webhook message. Event types Pay adds later are
 * returned, not rejected.
 */
export function constructEvent(
  rawBody: RawBody,
  signatureHeader: string | readonly string[] | null | undefined,
  secretOrSecrets: string | readonly string[],
): PayWebhookEvent {
  verifySignature(rawBody, signatureHeader, secretOrSecrets);
  let text: string;
  try {
    text = typeof rawBody === 'string' ? rawBody : new TextDecoder('utf-8', { fatal: true }).decode(rawBody);
  } catch {
    throw new WebhookPayloadError('The webhook body is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WebhookPayloadError('The webhook body is not JSON');
  }
  const parsed = WebhookMessage.safeParse(json);
  if (!parsed.success)
    throw new WebhookPayloadError('The webhook body is not a Pay webhook message', issuesOf(parsed.error));
  return parsed.data as PayWebhookEvent;
}

/**
 * For tests: the `Pay-Signature` value Pay would send for `payload` (like Stripe's `generateTestHeaderString`).
 * An object payload is serialised with `JSON.stringify`; send exactly that string as the body.
 */
export function generateTestHeaderString(options: {
  payload: string | Uint8Array | object;
  secret: string;
}): string {
  const body = isRawBody(options.payload) ? options.payload : JSON.stringify(options.payload);
  return computeSignature(body, options.secret);
}

/** The webhook helpers, also reachable as `pay.webhooks` on a client. */
export const webhooks = {
  constructEvent,
  verifySignature,
  computeSignature,
  generateTestHeaderString,
  isKnownEventType,
  SIGNATURE_HEADER,
};
export type Webhooks = typeof webhooks;
