/**
 * Every header and token parser of the Notify SDK on hostile input: only typed answers, and work that grows
 * linearly with the input (a backtracking parser lets anyone stall the callback endpoint with long headers).
 */
import { expectLinearTime, HOSTILE_PATTERNS, repeatTo } from '@council-sdk/config/hostile';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  CallbackAuthenticationError,
  MAX_AUTHORIZATION_HEADER_LENGTH,
  parseCallback,
  verifyCallbackToken,
} from '../src/callbacks.js';
import { CouncilSdkError, parseApiKey } from '../src/index.js';

// Growth checks time several runs of each parser; on a loaded machine that takes a while.
vi.setConfig({ testTimeout: 120_000 });

const TOKEN = 'callback-bearer-token-0123456789';

describe('the callback Authorization header', () => {
  const verify = (h: string) => verifyCallbackToken(h, TOKEN);

  it('a long run of spaces inside the credentials costs linear time, not quadratic (the audit’s CPU burn)', async () => {
    const header = (n: number) => `Bearer x${repeatTo(' ', n)}x`;
    // Below the length cap, where the header is actually scanned...
    await expectLinearTime('Bearer x<spaces>x (200 B -> 3.2 KB)', verify, header, { size: 200 });
    // ...and far above it, where it is refused unread.
    await expectLinearTime('Bearer x<spaces>x (4 KB -> 64 KB)', verify, header);
  });

  it('every hostile pattern costs linear time, below and above the length cap', async () => {
    for (const pattern of HOSTILE_PATTERNS) {
      for (const size of [256, 8_192]) {
        await expectLinearTime(
          `verifyCallbackToken(${JSON.stringify(pattern)} x ${size})`,
          verify,
          (n) => `Bearer ${repeatTo(pattern, n)}`,
          { size },
        );
      }
    }
  });

  it('refuses a header longer than the cap without comparing it', () => {
    const long = `Bearer ${TOKEN}${' '.repeat(MAX_AUTHORIZATION_HEADER_LENGTH)}`;
    expect(verifyCallbackToken(long, TOKEN)).toBe(false);
  });

  it('accepts exactly "Bearer <token>" with optional surrounding whitespace, any case of the scheme', () => {
    for (const h of [`Bearer ${TOKEN}`, `bearer ${TOKEN}`, `  BEARER \t${TOKEN}  `, `Bearer  ${TOKEN}\t`]) {
      expect(verifyCallbackToken(h, TOKEN)).toBe(true);
    }
    for (const h of [
      TOKEN,
      `Bearer`,
      `Bearer `,
      `Basic ${TOKEN}`,
      `Bearer ${TOKEN} x`,
      `Bearer${TOKEN}`,
      `Bearer x${TOKEN}`,
    ]) {
      expect(verifyCallbackToken(h, TOKEN)).toBe(false);
    }
  });

  it('on any string: a boolean, true only for the configured token (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.constantFrom('', ' ', '\t', '  '),
        (rest, pad) => {
          const header = `${pad}Bearer ${rest}${pad}`;
          const ok = verifyCallbackToken(header, TOKEN);
          expect(typeof ok).toBe('boolean');
          if (ok) expect(rest.trim()).toBe(TOKEN);
        },
      ),
    );
    fc.assert(
      fc.property(fc.anything({ maxDepth: 2 }), (value) => {
        expect(verifyCallbackToken(value as string, TOKEN)).toBe(false);
      }),
    );
  });

  it('refuses a configured token shorter than 10 characters with a typed error', () => {
    expect(() => verifyCallbackToken('Bearer short', 'short')).toThrow(CallbackAuthenticationError);
  });
});

describe('callback bodies and API keys', () => {
  it('parseCallback on hostile JSON-ish text: typed errors only, linear time', async () => {
    for (const pattern of ['[', '{"a":', '"', '\\u00', ' ']) {
      await expectLinearTime(
        `parseCallback(${JSON.stringify(pattern)})`,
        (b: string) => parseCallback(b),
        (n) => repeatTo(pattern, n),
      );
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
        try {
          parseCallback(text);
        } catch (error) {
          expect(error).toBeInstanceOf(CouncilSdkError);
        }
      }),
    );
  });

  it('parseApiKey on hostile keys: typed errors only, linear time', async () => {
    for (const pattern of ['-', 'a-', '0', 'test_key-']) {
      await expectLinearTime(
        `parseApiKey(${JSON.stringify(pattern)})`,
        (k: string) => parseApiKey(k),
        (n) => repeatTo(pattern, n),
      );
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (key) => {
        try {
          parseApiKey(key);
        } catch (error) {
          expect(error).toBeInstanceOf(CouncilSdkError);
        }
      }),
    );
  });
});

describe('the API key never travels in clear text (#14 item 10)', () => {
  const apiKey = 'test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
  it('refuses an http:// base URL on a non-loopback host', async () => {
    const { NotifyClient, ValidationError } = await import('../src/index.js');
    expect(() => new NotifyClient({ apiKey, baseUrl: 'http://notify.example.gov.uk' })).toThrow(
      ValidationError,
    );
    expect(() => new NotifyClient({ apiKey, baseUrl: 'http://127.0.0.1:4000/notify' })).not.toThrow();
  });
});
