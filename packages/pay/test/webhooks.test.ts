import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CouncilSdkError,
  computeSignature,
  constructEvent,
  generateTestHeaderString,
  isKnownEventType,
  PayClient,
  type PayWebhookEvent,
  WebhookPayloadError,
  WebhookSignatureError,
  webhooks,
} from '../src/index.js';

// Computed independently with: printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'webhook_live_s3cr3t'
const BODY =
  '{"webhook_message_id":"abc","resource_id":"p1","event_type":"card_payment_succeeded","resource":{"payment_id":"p1","state":{"status":"success","finished":true},"amount":100}}';
const SECRET = 'webhook_live_s3cr3t';
const OPENSSL_SIGNATURE = 'c26e91c2e56b7b2978b25cad5cca96c0dbf3ffbe94cd9b78a1997a7f8716e5a9';

const message = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    webhook_message_id: 'wh-1',
    created_date: '2025-06-01T12:00:00.000Z',
    resource_id: 'pay-1',
    api_version: 1,
    resource_type: 'payment',
    event_type: 'card_payment_succeeded',
    resource: { payment_id: 'pay-1', amount: 1250, state: { status: 'success', finished: true } },
    ...overrides,
  });

describe('webhook signatures', () => {
  it('matches a signature computed with openssl', () => {
    expect(computeSignature(BODY, SECRET)).toBe(OPENSSL_SIGNATURE);
    expect(constructEvent(BODY, OPENSSL_SIGNATURE, SECRET).resource_id).toBe('p1');
  });

  it('signs UTF-8 bytes of non-ASCII bodies and secrets (openssl vector)', () => {
    expect(computeSignature('héllo £', 'clé')).toBe(
      '7bdc5b125ded1047df5742e7548007297672f485723561d1f9db0f968311bb5c',
    );
  });

  it('matches node:crypto HMAC over Buffer bodies too', () => {
    const body = Buffer.from(message(), 'utf8');
    const expected = createHmac('sha256', 'k').update(body).digest('hex');
    expect(constructEvent(body, expected, 'k').webhook_message_id).toBe('wh-1');
  });

  it('rejects a tampered body', () => {
    const body = message();
    const signature = computeSignature(body, SECRET);
    const tampered = body.replace('"amount":1250', '"amount":1');
    const error = (() => {
      try {
        return constructEvent(tampered, signature, SECRET);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(WebhookSignatureError);
    expect(error).toMatchObject({ reason: 'mismatch' });
  });

  it('rejects the wrong secret', () => {
    const body = message();
    expect(() => constructEvent(body, computeSignature(body, 'other'), SECRET)).toThrow(
      WebhookSignatureError,
    );
  });

  it('rejects re-encoded JSON (the signature covers the exact raw bytes)', () => {
    const body = message();
    const signature = computeSignature(body, SECRET);
    const reencoded = JSON.stringify(JSON.parse(body), null, 2);
    expect(() => constructEvent(reencoded, signature, SECRET)).toThrow(WebhookSignatureError);
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(body)).reverse()));
    expect(() => constructEvent(reordered, signature, SECRET)).toThrow(WebhookSignatureError);
  });

  it('refuses a parsed object instead of the raw body', () => {
    const body = message();
    expect(() => constructEvent(JSON.parse(body), computeSignature(body, SECRET), SECRET)).toThrow(
      expect.objectContaining({ reason: 'raw_body_required' }),
    );
  });

  it('rejects a missing signature and a missing secret', () => {
    expect(() => constructEvent(message(), undefined, SECRET)).toThrow(
      expect.objectContaining({ reason: 'missing_signature' }),
    );
    expect(() => constructEvent(message(), 'abc', [])).toThrow(
      expect.objectContaining({ reason: 'no_secret' }),
    );
    expect(() => constructEvent(message(), 'abc', '')).toThrow(
      expect.objectContaining({ reason: 'no_secret' }),
    );
  });

  it('accepts any of several secrets during a rotation', () => {
    const body = message();
    expect(constructEvent(body, computeSignature(body, 'new'), ['old', 'new']).event_type).toBe(
      'card_payment_succeeded',
    );
    expect(() => constructEvent(body, computeSignature(body, 'retired'), ['old', 'new'])).toThrow(
      WebhookSignatureError,
    );
  });

  it('never puts the secret in the error', () => {
    try {
      constructEvent(message(), 'f'.repeat(64), SECRET);
    } catch (e) {
      expect(String(e)).not.toContain(SECRET);
      expect(JSON.stringify(e)).not.toContain(SECRET);
    }
    expect.assertions(2);
  });

  it('signs test payloads like Stripe’s generateTestHeaderString', () => {
    const payload = { ...JSON.parse(message()), event_type: 'card_payment_refunded' };
    const header = generateTestHeaderString({ payload, secret: SECRET });
    expect(constructEvent(JSON.stringify(payload), header, SECRET).event_type).toBe('card_payment_refunded');
    expect(
      new PayClient({ apiKey: 'k' }).webhooks.generateTestHeaderString({ payload: 'x', secret: 's' }),
    ).toBe(computeSignature('x', 's'));
  });
});

describe('typed events', () => {
  const sign = (body: string) => constructEvent(body, computeSignature(body, SECRET), SECRET);

  it('narrows by event_type', () => {
    const event: PayWebhookEvent = sign(message({ event_type: 'card_payment_refunded' }));
    switch (event.event_type) {
      case 'card_payment_refunded':
        expect(event.resource.payment_id).toBe('pay-1');
        break;
      default:
        throw new Error('not narrowed');
    }
  });

  it('keeps unknown event types and unknown statuses instead of rejecting them', () => {
    const event = sign(
      message({
        event_type: 'card_payment_teleported',
        resource: { payment_id: 'x', state: { status: 'beamed' } },
      }),
    );
    expect(event.event_type).toBe('card_payment_teleported');
    expect(isKnownEventType(event.event_type)).toBe(false);
    expect(event.resource.state.status).toBe('beamed');
  });

  it('keeps fields Pay adds later', () => {
    const event = sign(message({ brand_new_field: 1 }));
    expect((event as Record<string, unknown>).brand_new_field).toBe(1);
  });

  it('throws WebhookPayloadError for a correctly signed body that is not a webhook message', () => {
    expect(() => sign('not json')).toThrow(WebhookPayloadError);
    expect(() => sign('{"event_type":"card_payment_succeeded"}')).toThrow(WebhookPayloadError);
    const bytes = Buffer.from([0xff, 0xfe, 0x7b]);
    expect(() => constructEvent(bytes, computeSignature(bytes, SECRET), SECRET)).toThrow(WebhookPayloadError);
  });

  it('is exposed as webhooks and on the client', () => {
    expect(new PayClient({ apiKey: 'k' }).webhooks.constructEvent).toBe(webhooks.constructEvent);
  });
});

describe('property: the webhook parser only throws typed errors', () => {
  const typed = (e: unknown) => e instanceof WebhookSignatureError || e instanceof WebhookPayloadError;

  it('for arbitrary bodies, headers and secrets', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.uint8Array(), fc.anything()),
        fc.oneof(fc.string(), fc.constant(undefined), fc.constant(null), fc.array(fc.string())),
        fc.oneof(fc.string(), fc.array(fc.string()), fc.anything()),
        (body, header, secret) => {
          try {
            constructEvent(body as never, header as never, secret as never);
          } catch (e) {
            expect(typed(e)).toBe(true);
            expect(e).toBeInstanceOf(CouncilSdkError);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('for correctly signed arbitrary payloads: an event or WebhookPayloadError', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.json(), fc.string(), fc.uint8Array()),
        fc.string({ minLength: 1 }),
        (body, secret) => {
          const signature = computeSignature(body, secret);
          try {
            const event = constructEvent(body, signature, secret);
            expect(typeof event.event_type).toBe('string');
            expect(typeof event.resource.payment_id).toBe('string');
          } catch (e) {
            expect(e).toBeInstanceOf(WebhookPayloadError);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('for signed messages with arbitrary resources and event types', () => {
    fc.assert(
      fc.property(fc.string(), fc.anything(), fc.jsonValue(), (eventType, resource, extra) => {
        const body = JSON.stringify({
          webhook_message_id: 'w',
          resource_id: 'r',
          event_type: eventType,
          resource,
          extra,
        });
        try {
          constructEvent(body, computeSignature(body, 's'), 's');
        } catch (e) {
          expect(e).toBeInstanceOf(WebhookPayloadError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('for one-character mutations of a signed body: always a signature error', () => {
    const body = message();
    const signature = computeSignature(body, SECRET);
    fc.assert(
      fc.property(fc.nat(body.length - 1), fc.string({ minLength: 1, maxLength: 1 }), (index, ch) => {
        fc.pre(body[index] !== ch);
        const mutated = body.slice(0, index) + ch + body.slice(index + 1);
        expect(() => constructEvent(mutated, signature, SECRET)).toThrow(WebhookSignatureError);
      }),
      { numRuns: 500 },
    );
  });
});
