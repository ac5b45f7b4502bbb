/**
 * Drive the fake Notify over raw HTTP (msw intercepting `fetch`): no SDK in the way, so these tests check what
 * the fake itself answers, as a specification of Notify's behaviour.
 */
import { createFakeClock } from '@council-sdk/core/testing';
import { SignJWT } from 'jose';
import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createNotifyFake, type NotifyFakeOptions } from '../../src/testing/index.js';
import { TEMPLATES } from '../helpers.js';

export { EMAIL_TEMPLATE, LETTER_ADDRESS, LETTER_TEMPLATE, SMS_TEMPLATE } from '../helpers.js';

export const START = new Date('2026-03-02T10:00:00.000Z');

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: a JSON body the tests read field by field, as the docs show it
  body: any;
}

/**
 * A fake on a frozen clock, served to `fetch` for the file's tests, reset after each. `others` are more handlers
 * on the same msw server (a council's callback endpoint).
 */
export function serve(options: NotifyFakeOptions = {}, others: RequestHandler[] = []) {
  const clock = createFakeClock({ frozenAt: START });
  const fake = createNotifyFake({ templates: TEMPLATES, clock, ...options });
  const server = setupServer(...fake.handlers, ...others);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => fake.reset());
  afterAll(() => server.close());

  const split = (apiKey: string) => ({ serviceId: apiKey.slice(-73, -37), secret: apiKey.slice(-36) });

  /** A token as notifications-python-client makes it: HS256, `{iss: service id, iat: now}`. */
  async function token(
    key: 'live' | 'team' | 'test' | string = 'live',
    claims: Record<string, unknown> = {},
  ): Promise<string> {
    const apiKey = key === 'live' || key === 'team' || key === 'test' ? fake.apiKeys[key] : key;
    const { serviceId, secret } = split(apiKey);
    return new SignJWT({ iss: serviceId, iat: Math.floor(fake.clock.now().getTime() / 1000), ...claims })
      .setProtectedHeader({ typ: 'JWT', alg: 'HS256' })
      .sign(new TextEncoder().encode(secret));
  }

  async function request(
    method: 'GET' | 'POST',
    path: string,
    init: {
      key?: 'live' | 'team' | 'test';
      authorization?: string | null;
      body?: unknown;
      rawBody?: string;
    } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const authorization =
      init.authorization === undefined ? `Bearer ${await token(init.key ?? 'live')}` : init.authorization;
    if (authorization !== null) headers.authorization = authorization;
    const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
    const res = await fetch(`${fake.baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, body: type.includes('json') ? await res.json() : await res.arrayBuffer() };
  }

  return {
    fake,
    clock,
    token,
    request,
    post: (path: string, body: unknown, init: Parameters<typeof request>[2] = {}) =>
      request('POST', path, { ...init, body }),
    get: (path: string, init: Parameters<typeof request>[2] = {}) => request('GET', path, init),
  };
}

/** Notify's error body with one item. */
export const notifyError = (status: number, error: string, message: string) => ({
  status,
  body: { status_code: status, errors: [{ error, message }] },
});
