import { inspect } from 'node:util';
import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import { SignJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  CouncilSdkError,
  HttpClient,
  NotFoundError,
  PermissionDeniedError,
  PreconditionFailedError,
  RateLimitError,
  ServerError,
  UnprocessableEntityError,
} from '../src';
import { BASE, fastRetry, useMswServer } from './helpers';

const server = useMswServer();

describe('status to error class', () => {
  const cases: Array<[number, Function]> = [
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [412, PreconditionFailedError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, ServerError],
    [503, ServerError],
  ];
  for (const [status, ErrorClass] of cases) {
    it(`maps ${status} to ${ErrorClass.name} with status, code, message, method and path`, async () => {
      server.use(
        http.post(`${BASE}/v1/things`, () =>
          HttpResponse.json(
            { code: 'E123', message: `nope ${status}` },
            { status, headers: { 'x-request-id': 'req-9' } },
          ),
        ),
      );
      const c = new HttpClient({ service: 't', version: '1', baseUrl: BASE, maxRetries: 0 });
      const error = await c
        .request({ method: 'POST', path: '/v1/things?secret=abc', body: {} })
        .catch((e) => e);
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toBeInstanceOf(CouncilSdkError);
      expect(error).toBeInstanceOf(Error);
      expect(error.status).toBe(status);
      expect(error.code).toBe('E123');
      expect(error.message).toBe(`nope ${status}`);
      expect(error.requestId).toBe('req-9');
      expect(error.method).toBe('POST');
      expect(error.path).toBe('/v1/things');
      expect(error.name).toBe(ErrorClass.name);
    });
  }

  it('does not confuse siblings: a NotFoundError is not a ConflictError', async () => {
    server.use(http.get(`${BASE}/x`, () => HttpResponse.json({}, { status: 404 })));
    const c = new HttpClient({ service: 't', version: '1', baseUrl: BASE });
    const error = await c.request({ method: 'GET', path: '/x' }).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).not.toBeInstanceOf(ConflictError);
    expect(error).not.toBeInstanceOf(ConnectionError);
  });

  it('lets a service choose the class from its own error code', async () => {
    server.use(
      http.post(`${BASE}/refunds`, () =>
        HttpResponse.json(
          { code: 'P0604', description: 'Refund amount available mismatch' },
          { status: 412 },
        ),
      ),
    );
    const c = new HttpClient({
      service: 't',
      version: '1',
      baseUrl: BASE,
      describeError: (_s, body) => ({
        code: (body as { code: string }).code,
        message: (body as { description: string }).description,
      }),
      errorClass: (init) => (init.code === 'P0604' ? ConflictError : undefined),
    });
    const error = await c.request({ method: 'POST', path: '/refunds', body: {} }).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe('Refund amount available mismatch');
  });
});

describe('secrets never leak', () => {
  const secretArb = fc.string({
    minLength: 12,
    maxLength: 40,
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'),
  });

  it('keeps API keys, Authorization headers and JWTs out of String, JSON, inspect and logs', async () => {
    await fc.assert(
      fc.asyncProperty(
        secretArb,
        fc.constantFrom(400, 401, 403, 500),
        fc.boolean(),
        async (apiKey, status, dropConnection) => {
          const jwt = await new SignJWT({ iss: apiKey })
            .setProtectedHeader({ alg: 'HS256' })
            .sign(new TextEncoder().encode(apiKey));
          server.use(
            http.post(`${BASE}/echo`, ({ request }) => {
              if (dropConnection) return HttpResponse.error();
              // A hostile or careless service that echoes our credentials back.
              return HttpResponse.json(
                {
                  message: `bad key ${apiKey}; header ${request.headers.get('authorization')}`,
                  token: jwt,
                  errors: [{ message: apiKey }],
                },
                { status },
              );
            }),
          );
          const lines: string[] = [];
          const log = (m: string, f?: unknown) => lines.push(`${m} ${JSON.stringify(f)}`);
          const c = new HttpClient({
            service: 't',
            version: '1',
            baseUrl: BASE,
            retry: fastRetry,
            auth: () => ({ Authorization: `Bearer ${jwt}` }),
            secrets: [apiKey],
            logger: { debug: log, info: log, warn: log, error: log },
          });
          const error = await c
            .request({ method: 'POST', path: `/echo?key=${apiKey}`, body: { apiKey } })
            .catch((e) => e);
          expect(error).toBeInstanceOf(CouncilSdkError);
          const views = [
            String(error),
            JSON.stringify(error),
            inspect(error, { depth: 10, showHidden: true }),
            error.stack ?? '',
            ...lines,
          ];
          for (const view of views) {
            expect(view).not.toContain(apiKey);
            expect(view).not.toContain(jwt);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('never keeps the raw axios error (which holds request headers) as the cause', async () => {
    server.use(http.get(`${BASE}/drop`, () => HttpResponse.error()));
    const c = new HttpClient({
      service: 't',
      version: '1',
      baseUrl: BASE,
      maxRetries: 0,
      auth: () => ({ Authorization: 'Bearer s3cr3t-value-123' }),
    });
    const error = await c.request({ method: 'GET', path: '/drop' }).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error.cause as { config?: unknown } | undefined)?.config).toBeUndefined();
    expect(inspect(error, { depth: 20, showHidden: true })).not.toContain('s3cr3t-value-123');
  });

  it('does not show its configuration when the client itself is logged', () => {
    const c = new HttpClient({
      service: 't',
      version: '1',
      baseUrl: BASE,
      auth: () => ({ Authorization: 'Bearer abcdefgh1234' }),
      secrets: ['abcdefgh1234'],
    });
    expect(JSON.stringify(c)).not.toContain('abcdefgh1234');
    expect(inspect(c, { depth: 10 })).not.toContain('abcdefgh1234');
  });
});

describe('instanceof across duplicate installs', () => {
  it('recognises an error made by another copy of the package by its brand', async () => {
    // A second, independent copy of the module graph, as a duplicated install would load.
    vi.resetModules();
    const copy = await import('../src/errors');
    expect(copy.NotFoundError).not.toBe(NotFoundError);
    const foreign = new copy.NotFoundError({ status: 404, message: 'x', method: 'GET', path: '/' });
    expect(foreign).toBeInstanceOf(NotFoundError);
    expect(foreign).toBeInstanceOf(ApiError);
    expect(foreign).not.toBeInstanceOf(ConflictError);
    expect({ status: 404 }).not.toBeInstanceOf(ApiError);
  });
});
