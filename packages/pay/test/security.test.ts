/** The API key never appears in errors, JSON or util.inspect output. */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  PayClient,
  ServerError,
  ValidationError,
} from '../src/index.js';
import { useFakePay, webPayment } from './setup.js';

const KEY = 'api_test_s3cretkeyvalue0123456789abcdefghijklmnopqrstuv';

function assertClean(value: unknown) {
  expect(String(value)).not.toContain(KEY);
  expect(JSON.stringify(value) ?? '').not.toContain(KEY);
  expect(inspect(value, { depth: 10, showHidden: true })).not.toContain(KEY);
  if (value instanceof Error) expect(value.stack ?? '').not.toContain(KEY);
}

describe('secret handling', () => {
  const t = useFakePay({ accounts: [{ id: 'acct', mode: 'test', apiKeys: [KEY] }] });

  it('keeps the key out of the client’s JSON and inspect output', () => {
    const pay = new PayClient({ apiKey: KEY, baseUrl: t.fake.baseUrl });
    assertClean(pay);
    assertClean(pay.payments);
    expect(JSON.stringify(pay)).toContain(t.fake.baseUrl);
  });

  it('sends the key as a bearer token', async () => {
    const pay = new PayClient({ apiKey: KEY, baseUrl: t.fake.baseUrl, maxRetries: 0 });
    await pay.payments.create(webPayment());
    expect(t.requests.at(-1)?.headers.get('authorization')).toBe(`Bearer ${KEY}`);
  });

  it('keeps the key out of a 401 error', async () => {
    const pay = new PayClient({ apiKey: `${KEY}-wrong`, baseUrl: t.fake.baseUrl, maxRetries: 0 });
    const error = await pay.payments.get('x'.repeat(26)).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    assertClean(error);
  });

  it('keeps the key out of API errors even when the service echoes it', async () => {
    t.fake.faults.inject({
      type: 'status',
      status: 500,
      body: { code: 'P0999', description: `boom ${KEY}` },
    });
    const pay = new PayClient({ apiKey: KEY, baseUrl: t.fake.baseUrl, maxRetries: 0 });
    const error = await pay.payments.get('x'.repeat(26)).catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('P0999');
    assertClean(error);
  });

  it('keeps the key out of connection errors', async () => {
    t.fake.faults.inject({ type: 'drop', when: 'before', times: 1 });
    const pay = new PayClient({ apiKey: KEY, baseUrl: t.fake.baseUrl, maxRetries: 0 });
    const error = await pay.payments.get('x'.repeat(26)).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    assertClean(error);
  });

  it('keeps the key out of validation errors', async () => {
    const pay = new PayClient({ apiKey: KEY, baseUrl: t.fake.baseUrl });
    const error = await pay.payments.create({ ...webPayment(), reference: KEY.repeat(10) }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    assertClean(error);
  });

  it('keeps the card number and one-time token out of MOTO errors', async () => {
    const pay = new PayClient({ apiKey: KEY, baseUrl: t.fake.baseUrl, maxRetries: 0 });
    const p = await pay.payments.create({
      amount: 100,
      description: 'd',
      reference: 'r',
      authorisation_mode: 'moto_api',
    });
    const token = p._links?.auth_url_post?.params?.one_time_token as string;
    t.fake.faults.inject({
      type: 'status',
      status: 500,
      body: { code: 'P0050', description: `failed ${token} 4000000000000002` },
    });
    const error = await pay.moto
      .authorise({
        one_time_token: token,
        card_number: '4000000000000002',
        cvc: '123',
        expiry_date: '01/40',
        cardholder_name: 'X',
      })
      .catch((e) => e);
    expect(JSON.stringify(error)).not.toContain(token);
    expect(String(error)).not.toContain('4000000000000002');
  });

  it('refuses a missing API key with a ValidationError', () => {
    expect(() => new PayClient({ apiKey: '' })).toThrow(ValidationError);
  });
});
