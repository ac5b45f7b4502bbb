import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  isDailyLimit,
  MAX_UPLOAD_BYTES,
  prepareUpload,
  RateLimitError,
  ServerError,
  TooManyRequestsError,
  ValidationError,
} from '../src/index.js';
import { EMAIL_TEMPLATE, SMS_TEMPLATE, setup } from './helpers.js';

describe('prepareUpload', () => {
  it('base64-encodes and keeps only the options given', () => {
    expect(
      prepareUpload(Buffer.from('hello'), {
        filename: 'a.txt',
        confirm_email_before_download: false,
        retention_period: '4 weeks',
      }),
    ).toEqual({
      file: 'aGVsbG8=',
      filename: 'a.txt',
      confirm_email_before_download: false,
      retention_period: '4 weeks',
    });
    expect(prepareUpload('hello')).toEqual({ file: 'aGVsbG8=' });
  });

  it('measures the 2MB limit in bytes, not characters', () => {
    expect(() => prepareUpload(new Uint8Array(MAX_UPLOAD_BYTES))).not.toThrow();
    expect(() => prepareUpload(new Uint8Array(MAX_UPLOAD_BYTES + 1))).toThrow(ValidationError);
    // 1.5M characters of a 2-byte character is 3MB: the official client (counting characters) would let it through
    const text = 'é'.repeat(1_500_000);
    expect(text.length).toBeLessThan(MAX_UPLOAD_BYTES);
    expect(() => prepareUpload(text)).toThrow(ValidationError);
  });

  it.each([
    [{ filename: 'no-extension' }, 'filename'],
    [{ filename: `${'a'.repeat(98)}.pdf` }, 'filename'],
    [{ retention_period: '79 weeks' }, 'retention_period'],
    [{ retention_period: '0 weeks' }, 'retention_period'],
    [{ retention_period: 'a month' }, 'retention_period'],
  ])('refuses %o with a ValidationError naming %s', (options, field) => {
    let error: unknown;
    try {
      prepareUpload('x', options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]!.path).toBe(field);
  });

  it('accepts the boundaries: "1 week", "78 weeks", a 100-character filename', () => {
    expect(prepareUpload('x', { retention_period: '1 week' }).retention_period).toBe('1 week');
    expect(prepareUpload('x', { retention_period: '78 weeks' }).retention_period).toBe('78 weeks');
    expect(prepareUpload('x', { filename: `${'a'.repeat(96)}.pdf` }).filename).toHaveLength(100);
  });
});

describe('limits and errors through the client', () => {
  // rate_limit 6 a minute: a bucket of ceil(6 / 3) + 1 = 3 tokens (2 requests, as one must be left), one back every 10 s
  const s = setup({ limits: { rate_limit: 6 } });
  beforeAll(() => s.server.listen({ onUnhandledRequest: 'error' }));
  // The limits are time windows on the fake's clock (a 3-per-minute bucket refilling one every 20 s, a day that
  // ends at midnight UTC) judged against the SDK's clock (token iat, TooManyRequestsError.resetsAt). Both read
  // Date, frozen here mid-day, so only `fake.clock.advance()` moves time: a slow machine cannot refill the bucket
  // between two sends, nor midnight fall between a send and the check. Timers stay real for msw and fetch.
  const NOON = new Date('2026-03-02T12:00:00.000Z');
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date'], now: NOON }));
  afterEach(() => {
    vi.useRealTimers();
    s.fake.reset();
  });
  afterAll(() => s.server.close());
  const send = (client = s.client('live', { maxRetries: 0 })) =>
    client.sms.send({
      template_id: SMS_TEMPLATE,
      phone_number: '07700900123',
      personalisation: { reference: 'R', amount: '1' },
    });

  it('a file in personalisation is sent and accepted by the fake', async () => {
    await s.client().emails.send({
      template_id: EMAIL_TEMPLATE,
      email_address: 'a@example.com',
      personalisation: {
        full_name: 'A',
        reference: 'R',
        vehicle_registration: 'V',
        documents: prepareUpload('a,b', { filename: 'x.csv' }),
      },
    });
    expect(s.fake.lastMessage()?.body).toContain('https://documents.service.gov.uk/d/');
  });

  it('the per-minute limit is a RateLimitError (token bucket: refills with time)', async () => {
    await send();
    await send();
    const error = await send().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).not.toBeInstanceOf(TooManyRequestsError);
    expect(error).toMatchObject({
      status: 429,
      code: 'RateLimitError',
      // notifications-api says the key type as it stores it: "normal" for a live key
      message: 'Exceeded rate limit for key type LIVE of 6 requests per 60 seconds',
    });
    await s.fake.clock.advance(20_000); // two tokens back (the refused request took the last one)
    await expect(send(s.client('live', { maxRetries: 0, tokenReuseMs: 0 }))).resolves.toBeDefined();
  });

  it('each key type has its own bucket', async () => {
    await send();
    await send();
    await expect(send()).rejects.toBeInstanceOf(RateLimitError);
    await expect(send(s.client('test', { maxRetries: 0 }))).resolves.toMatchObject({
      content: { from_number: 'GOVUK' },
    });
  });

  it('the daily limit is a TooManyRequestsError (a RateLimitError too)', async () => {
    s.fake.limits.set({ sms_message_limit: 1 });
    await send();
    const error = await send().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({
      code: 'TooManyRequestsError',
      message: 'Exceeded send limits (sms: 1) for today',
    });
    expect((error as TooManyRequestsError).resetsAt.toISOString()).toBe('2026-03-03T00:00:00.000Z');
    s.fake.limits.set({ sms_message_limit: 250_000 });
  });

  it('does not retry a daily limit, even with retries enabled: it cannot clear before midnight', async () => {
    s.fake.limits.set({ sms_message_limit: 1 });
    await send();
    const retries: string[] = [];
    const client = s.client('live', {
      maxRetries: 3,
      hooks: { onRetry: (info) => retries.push(info.reason) },
    });
    await expect(send(client)).rejects.toBeInstanceOf(TooManyRequestsError);
    expect(retries).toEqual([]);
    s.fake.limits.set({ sms_message_limit: 250_000 });
  });

  it('core retries a 429 on a POST (nothing was sent) and succeeds', async () => {
    s.fake.inject({ type: 'status', status: 429, times: 2 });
    await expect(send(s.client('live', { maxRetries: 2 }))).resolves.toBeDefined();
    expect(s.fake.inbox()).toHaveLength(1);
  });

  it('a 500 on a POST is not retried (it may have been processed) and is a ServerError', async () => {
    s.fake.inject({ type: 'status', status: 500, times: 1 });
    const error = await send(s.client('live', { maxRetries: 2 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ errors: [{ error: 'Exception', message: 'Internal server error' }] });
  });

  it('a 503 on a GET is retried', async () => {
    s.fake.inject({ type: 'status', status: 503, times: 2 });
    await expect(s.client('live', { maxRetries: 2 }).templates.list().toArray()).resolves.toHaveLength(3);
  });

  it('isDailyLimit tells the two 429s apart, even with the spec’s mixed-up example', () => {
    const rate = {
      status: 429,
      code: 'RateLimitError',
      errors: [
        {
          error: 'RateLimitError',
          message: 'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds',
        },
      ],
    };
    const daily = {
      status: 429,
      code: 'TooManyRequestsError',
      errors: [{ error: 'TooManyRequestsError', message: 'Exceeded send limits (email: 250000) for today' }],
    };
    const specExample = {
      status: 429,
      code: 'TooManyRequestsError',
      errors: [
        {
          error: 'TooManyRequestsError',
          message: 'Exceeded rate limit for key type TEAM/TEST/LIVE of 3000 requests per 60 seconds',
        },
      ],
    };
    expect([isDailyLimit(rate), isDailyLimit(daily), isDailyLimit(specExample)]).toEqual([
      false,
      true,
      false,
    ]);
  });
});
