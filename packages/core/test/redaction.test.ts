import { inspect } from 'node:util';
import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  HttpClient,
  parseResponse,
  redact,
  redactValue,
  ResponseValidationError,
  secretEncodings,
} from '../src';
import { BASE, useMswServer } from './helpers';

const server = useMswServer();
const SECRET = 'cl!ent secret/with+odd=chars~0123';

const encodings: Record<string, (s: string) => string> = {
  raw: (s) => s,
  encodeURIComponent: (s) => encodeURIComponent(s),
  'form-urlencoded': (s) => new URLSearchParams({ x: s }).toString().slice(2),
  'lower-case percent-encoding': (s) =>
    encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
  base64: (s) => Buffer.from(s).toString('base64'),
  base64url: (s) => Buffer.from(s).toString('base64url'),
  'base64 inside Basic id:secret': (s) => Buffer.from(`council-app:${s}`).toString('base64'),
  'base64 after one byte': (s) => Buffer.from(`x${s}`).toString('base64'),
  'base64url after two bytes': (s) => Buffer.from(`xy${s}yz`).toString('base64url'),
};

describe('redact knows every encoding of a secret', () => {
  for (const [name, encode] of Object.entries(encodings)) {
    it(`removes the ${name} secret from text`, () => {
      const encoded = encode(SECRET);
      const out = redact(`the server said: ${encoded}!`, [SECRET]);
      expect(out).not.toContain(encoded);
      expect(out).toContain('[REDACTED]');
      expect(out.startsWith('the server said: ')).toBe(true);
    });
  }

  it('removes any secret of 6+ characters in any of these encodings, wherever it sits (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 6, maxLength: 64, unit: 'binary' }),
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 20 }),
        fc.constantFrom(...Object.values(encodings)),
        (secret, before, after, encode) => {
          const out = redact(`${before}${encode(secret)}${after}`, [secret]);
          expect(out).not.toContain(encode(secret));
        },
      ),
    );
  });

  it('leaves text without the secret alone', () => {
    expect(redact('nothing to see here', [SECRET])).toBe('nothing to see here');
    expect(secretEncodings('abc')).toEqual([]);
  });

  it('redactValue scrubs keys as well as values', () => {
    const out = JSON.stringify(redactValue({ [`k-${encodeURIComponent(SECRET)}`]: [SECRET] }, [SECRET]));
    expect(out).not.toContain(encodeURIComponent(SECRET));
    expect(out).not.toContain(SECRET);
  });
});

describe('errors about response bodies carry no values by default', () => {
  const Person = z.looseObject({
    sub: z.string(),
    passport: z.array(z.looseObject({ documentNumber: z.string() })),
  });
  const body = {
    sub: 42,
    passport: [{ documentNumber: '549364783', expiryDate: '2030-01-01' }],
    verified: true,
  };

  it('parseResponse keeps the shape of the body, not its values', () => {
    const error = (() => {
      try {
        parseResponse(Person, body, 'GET /userinfo');
      } catch (e) {
        return e as ResponseValidationError;
      }
    })();
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error?.issues.map((i) => i.path)).toEqual(['sub']);
    expect(error?.body).toEqual({
      sub: '[number]',
      passport: [{ documentNumber: '[string]', expiryDate: '[string]' }],
      verified: true,
    });
    for (const view of [
      JSON.stringify(error),
      inspect(error, { depth: 20, showHidden: true }),
      String(error),
    ]) {
      expect(view).not.toContain('549364783');
      expect(view).not.toContain('2030-01-01');
    }
  });

  it('keepBody keeps the body, with every encoding of every secret removed', () => {
    const error = (() => {
      try {
        parseResponse(
          Person,
          { sub: 1, echo: Buffer.from(SECRET).toString('base64'), e2: encodeURIComponent(SECRET) },
          'x',
          {
            secrets: [SECRET],
            keepBody: true,
          },
        );
      } catch (e) {
        return e as ResponseValidationError;
      }
    })();
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).body).toMatchObject({ sub: 1 });
    const text = JSON.stringify(error);
    expect(text).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(text).not.toContain(encodeURIComponent(SECRET));
  });

  it('HttpClient#parse redacts with the client secrets (responseBodiesInErrors: true)', async () => {
    server.use(
      http.get(`${BASE}/thing`, () => HttpResponse.json({ sub: 5, echo: encodeURIComponent(SECRET) })),
    );
    const client = new HttpClient({
      service: 't',
      version: '0',
      baseUrl: BASE,
      secrets: [SECRET],
      responseBodiesInErrors: true,
    });
    const res = await client.request({ method: 'GET', path: '/thing' });
    const error = (() => {
      try {
        client.parse(Person, res.data, 'GET /thing');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(JSON.stringify(error)).toContain('[REDACTED]');
    expect(inspect(error, { depth: 20 })).not.toContain(encodeURIComponent(SECRET));
  });

  it('an API error echoing a URL-encoded secret is redacted', async () => {
    server.use(
      http.post(`${BASE}/token`, () =>
        HttpResponse.json(
          { error: 'invalid_client', error_description: `bad client_secret=${encodeURIComponent(SECRET)}` },
          { status: 400 },
        ),
      ),
    );
    const client = new HttpClient({
      service: 't',
      version: '0',
      baseUrl: BASE,
      secrets: [SECRET],
      maxRetries: 0,
    });
    const error = await client
      .request({ method: 'POST', path: '/token', form: { client_secret: SECRET } })
      .catch((e) => e);
    for (const view of [
      JSON.stringify(error),
      inspect(error, { depth: 20, showHidden: true }),
      String(error),
    ]) {
      expect(view).not.toContain(encodeURIComponent(SECRET));
      expect(view).not.toContain(new URLSearchParams({ s: SECRET }).toString().slice(2));
    }
  });
});
