/**
 * The One Login client's parsers of what arrives from outside (JWT segments, Cache-Control, callback URLs, vectors
 * of trust) on hostile input: only typed errors, and work that grows linearly.
 */
import { expectLinearTime, HOSTILE_PATTERNS, repeatTo } from '@council-sdk/config/hostile';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { CouncilSdkError, LogoutTokenValidationError } from '../src/index';
import type { TokenCheck } from '../src/errors';
import { cacheLifetimeMs } from '../src/provider';
import { readCallbackParams } from '../src/resources/token';
import { parseVector } from '../src/schemas/vtr';
import { readHeader } from '../src/verify/jwt';

// Growth checks time several runs of each parser; on a loaded machine that takes a while.
vi.setConfig({ testTimeout: 120_000 });

const makeError = (check: TokenCheck, detail: string) => new LogoutTokenValidationError(check, detail);
const header = (t: string) => readHeader(t, makeError);

describe('JWT segments', () => {
  it('reading the header of a hostile token costs linear time', async () => {
    for (const pattern of [...HOSTILE_PATTERNS, 'eyJhIjoi', 'a.', 'eyJ9.', '..']) {
      await expectLinearTime(`readHeader(${JSON.stringify(pattern)})`, header, (n) => repeatTo(pattern, n));
      await expectLinearTime(
        `readHeader(eyJ.${JSON.stringify(pattern)}.x)`,
        header,
        (n) => `eyJhbGciOiJFUzI1NiJ9.${repeatTo(pattern, n)}.x`,
      );
    }
  });

  it('gives a header or a typed error on any string (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.array(fc.base64String(), { maxLength: 4 }).map((s) => s.join('.')),
        ),
        (token) => {
          try {
            expect(typeof header(token)).toBe('object');
          } catch (error) {
            expect(error).toBeInstanceOf(LogoutTokenValidationError);
          }
        },
      ),
    );
  });
});

describe('Cache-Control of the discovery document, JWKS and DID document', () => {
  it('costs linear time and gives a lifetime or undefined on any value', async () => {
    for (const pattern of [...HOSTILE_PATTERNS, 'max-age=', 'max-age =  ', 'no-cache,', '"1']) {
      await expectLinearTime(`cacheLifetimeMs(${JSON.stringify(pattern)})`, cacheLifetimeMs, (n) =>
        repeatTo(pattern, n),
      );
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const ms = cacheLifetimeMs(value);
        expect(ms === undefined || (Number.isInteger(ms) && ms >= 0)).toBe(true);
      }),
    );
  });
});

describe('callback URLs and vectors of trust', () => {
  it('reading callback parameters costs linear time and gives parameters or a typed error', async () => {
    for (const pattern of ['&', 'code=', '%', '%2', 'a=b&', '#', '?']) {
      await expectLinearTime(
        `readCallbackParams(${JSON.stringify(pattern)})`,
        (u: string) => readCallbackParams(u),
        (n) => `https://rp.example/cb?${repeatTo(pattern, n)}`,
      );
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (query) => {
        try {
          readCallbackParams(`https://rp.example/cb?${query}`);
        } catch (error) {
          expect(error).toBeInstanceOf(CouncilSdkError);
        }
      }),
    );
  });

  it('parsing a vector of trust costs linear time', async () => {
    for (const pattern of ['Cl.', 'Cl.Cm.', 'P2', '.']) {
      await expectLinearTime(`parseVector(${JSON.stringify(pattern)})`, parseVector, (n) =>
        repeatTo(pattern, n),
      );
    }
  });
});
