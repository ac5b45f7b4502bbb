import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpClient, insecureUrlProblem, isLoopbackHost, pathSegment, ValidationError } from '../src';

describe('pathSegment: an id can never climb out of its path segment', () => {
  const dotSegments = ['.', '..', '%2e', '%2E', '%2e%2e', '%2E%2e', '.%2e', '%2e.', '%252e%252e', '%25252e.'];
  for (const id of dotSegments) {
    it(`refuses ${JSON.stringify(id)} with a ValidationError naming the field`, () => {
      const error = (() => {
        try {
          pathSegment(id, 'paymentId');
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([{ path: 'paymentId', message: expect.any(String) }]);
    });
  }

  it('refuses empty and non-string ids', () => {
    for (const id of ['', '   ', undefined, null, 42, {}]) {
      expect(() => pathSegment(id, 'id')).toThrow(ValidationError);
    }
  });

  it('encodes everything else so the result is exactly one segment that decodes back to the id', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, unit: 'grapheme' }), (id) => {
        let segment: string;
        try {
          segment = pathSegment(id, 'id');
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          return;
        }
        expect(segment).not.toMatch(/[/?#]/);
        expect(decodeURIComponent(segment)).toBe(id);
        const resolved = new URL(`https://h.example/base/${segment}/x`).pathname;
        expect(resolved.startsWith('/base/')).toBe(true);
        expect(resolved.endsWith('/x')).toBe(true);
      }),
    );
  });

  it('keeps ordinary ids as they are', () => {
    expect(pathSegment('hu20sqlact5260q2nanm0q8u93', 'paymentId')).toBe('hu20sqlact5260q2nanm0q8u93');
    expect(pathSegment('a/b', 'id')).toBe('a%2Fb');
    expect(pathSegment('...', 'id')).toBe('...');
  });
});

describe('credentials only over https, or http to this machine', () => {
  it('knows the loopback host names', () => {
    for (const h of ['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1']) {
      expect(isLoopbackHost(h)).toBe(true);
    }
    for (const h of [
      'example.com',
      '127.0.0.1.example.com',
      'localhost.example.com',
      '128.0.0.1',
      '10.0.0.1',
      '[::2]',
      '127.0.0.256',
    ]) {
      expect(isLoopbackHost(h)).toBe(false);
    }
  });

  it('accepts https anywhere and http on loopback only', () => {
    expect(insecureUrlProblem('https://api.example.gov.uk')).toBeUndefined();
    expect(insecureUrlProblem('http://127.0.0.1:4000/pay')).toBeUndefined();
    expect(insecureUrlProblem('http://localhost:4000')).toBeUndefined();
    expect(insecureUrlProblem('http://[::1]:4000')).toBeUndefined();
    expect(insecureUrlProblem('http://api.example.gov.uk')).toMatch(/https/);
    expect(insecureUrlProblem('ftp://127.0.0.1')).toMatch(/https/);
    expect(insecureUrlProblem('not a url')).toMatch(/absolute/);
  });

  it('HttpClient refuses a plain-http base URL on another host before sending anything', () => {
    expect(
      () => new HttpClient({ service: 'x', version: '0', baseUrl: 'http://api.example.gov.uk' }),
    ).toThrow(ValidationError);
    expect(() => new HttpClient({ service: 'x', version: '0', baseUrl: 'http://127.0.0.1:9' })).not.toThrow();
  });
});
