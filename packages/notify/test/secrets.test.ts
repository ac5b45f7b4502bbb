import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotifyClient } from '../src/index.js';
import { SMS_TEMPLATE, setup } from './helpers.js';

const s = setup();
beforeAll(() => s.server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => s.server.close());

function leaks(value: unknown, apiKey: string): string[] {
  const secret = apiKey.slice(-36);
  const views = [
    String(value),
    (value as Error)?.message ?? '',
    (value as Error)?.stack ?? '',
    JSON.stringify(value) ?? '',
    inspect(value, { depth: 10, showHidden: true }),
  ];
  return views.filter((v) => v.includes(secret) || v.includes(apiKey) || /eyJ[A-Za-z0-9_-]+\.eyJ/.test(v));
}

describe('the API key and the JWTs signed with it never leak', () => {
  it('not from the client', () => {
    const client = s.client();
    expect(leaks(client, s.fake.apiKeys.live)).toEqual([]);
    expect(JSON.stringify(client)).toContain(s.fake.serviceId);
  });

  it('not from API errors (4xx, 5xx, 429) nor connection errors', async () => {
    const apiKey = s.fake.apiKeys.live;
    const client = s.client('live', { maxRetries: 0 });
    const send = () =>
      client.sms.send({
        template_id: SMS_TEMPLATE,
        phone_number: '07700900123',
        personalisation: { reference: 'R', amount: '1' },
      });
    const errors: unknown[] = [];
    errors.push(
      await client.sms
        .send({ template_id: SMS_TEMPLATE, phone_number: '07700900123' })
        .catch((e: unknown) => e),
    );
    for (const status of [500, 429, 403]) {
      s.fake.inject({ type: 'status', status, times: 1 });
      errors.push(await send().catch((e: unknown) => e));
    }
    // a server that echoes the Authorization header back in its error body
    s.fake.inject({
      type: 'status',
      status: 400,
      times: 1,
      body: { status_code: 400, errors: [{ error: 'X', message: `echo ${apiKey}` }] },
    });
    errors.push(await send().catch((e: unknown) => e));
    s.fake.inject({ type: 'drop', when: 'after', times: 1 });
    errors.push(await send().catch((e: unknown) => e));
    expect(errors.every((e) => e instanceof Error)).toBe(true);
    for (const e of errors) expect(leaks(e, apiKey)).toEqual([]);
  });

  it('not from a malformed key error nor a bad baseUrl error', () => {
    const bad = `name-${s.fake.serviceId}-not-a-uuid-but-a-secret-value-xyz`;
    let error: unknown;
    try {
      new NotifyClient({ apiKey: bad });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    for (const view of [String(error), JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(view).not.toContain('not-a-uuid-but-a-secret-value');
    }
    let urlError: unknown;
    try {
      new NotifyClient({ apiKey: s.fake.apiKeys.live, baseUrl: 'not a url' });
    } catch (e) {
      urlError = e;
    }
    expect(leaks(urlError, s.fake.apiKeys.live)).toEqual([]);
  });

  it('not from log lines', async () => {
    const lines: string[] = [];
    const log = (message: string, fields: unknown) => lines.push(`${message} ${JSON.stringify(fields)}`);
    const client = s.client('live', { logger: { debug: log, info: log, warn: log, error: log } });
    s.fake.inject({ type: 'status', status: 503, times: 1 });
    await client.templates.list().toArray();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(leaks(line, s.fake.apiKeys.live)).toEqual([]);
  });
});
