/** Core's parsers of what a server sends (Retry-After) and its scrubber of what ends up in errors, on hostile input. */
import { expectLinearTime, HOSTILE_PATTERNS, repeatTo } from '@council-sdk/config/hostile';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { parseRetryAfter, redact } from '../src';

// Growth checks time several runs of each parser; on a loaded machine that takes a while.
vi.setConfig({ testTimeout: 120_000 });

describe('redact on hostile text (a server can put anything in an error body)', () => {
  it('costs linear time on every hostile pattern, including JWT-like and PEM-like runs', async () => {
    for (const pattern of [...HOSTILE_PATTERNS, 'eyJeyJ', 'eyJab.cd', '-----BEGIN KEY-----x', 'Basic  ']) {
      await expectLinearTime(
        `redact(${JSON.stringify(pattern)})`,
        (t: string) => redact(t, ['secret-value']),
        (n) => repeatTo(pattern, n),
      );
    }
  });

  it('still removes JWTs, PEM blocks and credentials (property: whatever surrounds them)', () => {
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (before, after) => {
        const out = redact(`${before} ${jwt} ${pem} Bearer abc.def ${after}`);
        expect(out).not.toContain(jwt);
        expect(out).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
        expect(out).not.toContain('abc.def');
      }),
    );
  });

  it('keeps ordinary text', () => {
    expect(redact('payment P0050 failed: eyJ is not a token here')).toBe(
      'payment P0050 failed: eyJ is not a token here',
    );
    expect(redact('-----BEGIN A----- without an end')).toBe('-----BEGIN A----- without an end');
  });
});

describe('Retry-After', () => {
  it('costs linear time and answers a number of ms or undefined on any value', async () => {
    for (const pattern of ['1', '1.', ' ', 'Wed, 21 Oct ']) {
      await expectLinearTime(
        `parseRetryAfter(${JSON.stringify(pattern)})`,
        (v: string) => parseRetryAfter(v),
        (n) => repeatTo(pattern, n),
      );
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const ms = parseRetryAfter(value);
        expect(ms === undefined || (Number.isFinite(ms) && ms >= 0)).toBe(true);
      }),
    );
  });
});
