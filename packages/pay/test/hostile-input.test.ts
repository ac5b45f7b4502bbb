/** Pay-Signature and webhook bodies on hostile input: typed errors only, linear work, long headers refused unread. */
import { expectLinearTime, HOSTILE_PATTERNS, repeatTo } from '@council-sdk/config/hostile';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { computeSignature, constructEvent, verifySignature, WebhookSignatureError } from '../src/webhooks.js';
import { CouncilSdkError } from '../src/index.js';

// Growth checks time several runs of each parser; on a loaded machine that takes a while.
vi.setConfig({ testTimeout: 120_000 });

const SECRET = 'webhook-signing-secret-0123456789';
const BODY = JSON.stringify({ webhook_message_id: 'm1', event_type: 'card_payment_succeeded' });

describe('the Pay-Signature header', () => {
  it('costs linear time on every hostile pattern (4 KB vs 64 KB headers)', async () => {
    for (const pattern of HOSTILE_PATTERNS) {
      await expectLinearTime(
        `verifySignature(${JSON.stringify(pattern)})`,
        (h: string) => verifySignature(BODY, h, SECRET),
        (n) => repeatTo(pattern, n),
      );
    }
  });

  it('refuses a header longer than any signature without reading it', () => {
    const good = computeSignature(BODY, SECRET);
    const error = (() => {
      try {
        verifySignature(BODY, `${good}${' '.repeat(2048)}`, SECRET);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(WebhookSignatureError);
    expect((error as WebhookSignatureError).reason).toBe('mismatch');
  });

  it('accepts exactly the right signature, in either case, with surrounding spaces (property)', () => {
    const good = computeSignature(BODY, SECRET);
    expect(() => verifySignature(BODY, ` ${good.toUpperCase()} `, SECRET)).not.toThrow();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (header) => {
        try {
          verifySignature(BODY, header, SECRET);
          expect(header.trim().toLowerCase()).toBe(good);
        } catch (error) {
          expect(error).toBeInstanceOf(WebhookSignatureError);
        }
      }),
    );
  });
});

describe('webhook bodies', () => {
  it('a correctly signed hostile body gives a typed error or an event, in linear time', async () => {
    for (const pattern of ['[', '{"a":', '"', ' ', '\\u00']) {
      await expectLinearTime(
        `constructEvent(${JSON.stringify(pattern)})`,
        (b: string) => constructEvent(b, computeSignature(b, SECRET), SECRET),
        (n) => repeatTo(pattern, n),
        { size: 2048 },
      );
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 1000 }), (body) => {
        try {
          constructEvent(body, computeSignature(body, SECRET), SECRET);
        } catch (error) {
          expect(error).toBeInstanceOf(CouncilSdkError);
        }
      }),
    );
  });
});
