import { describe, expect, it } from 'vitest';
import { PayClient, TimeoutError, ValidationError } from '../src/index.js';
import { useFakePay } from './setup.js';

describe('moto.authorise', () => {
  const t = useFakePay();
  const card = {
    card_number: '4444333322221111',
    cvc: '123',
    expiry_date: '12/39',
    cardholder_name: 'J Citizen',
  };

  async function motoPayment() {
    const p = await t.pay.payments.create({
      amount: 2500,
      description: 'Phone payment',
      reference: 'TEL-9',
      authorisation_mode: 'moto_api',
      moto: true,
    });
    return { id: p.payment_id, token: p._links?.auth_url_post?.params?.one_time_token as string };
  }

  it('authorises a moto_api payment with the one-time token (204, no API key sent)', async () => {
    const { id, token } = await motoPayment();
    t.requests.length = 0;
    await t.pay.moto.authorise({ ...card, one_time_token: token });
    const auth = t.requests.find((r) => new URL(r.url).pathname === '/v1/auth');
    expect(auth?.headers.get('authorization')).toBeNull();
    expect((await t.pay.payments.get(id)).state.status).toBe('success');
  });

  it('answers 402 P0010 for a declined card', async () => {
    const { id, token } = await motoPayment();
    await expect(
      t.pay.moto.authorise({ ...card, card_number: '4000000000000002', one_time_token: token }),
    ).rejects.toMatchObject({
      status: 402,
      code: 'P0010',
    });
    expect((await t.pay.payments.get(id)).state).toMatchObject({ status: 'failed', code: 'P0010' });
  });

  it('answers 500 P0050 for the general-error card', async () => {
    const { token } = await motoPayment();
    await expect(
      t.pay.moto.authorise({ ...card, card_number: '4000000000000119', one_time_token: token }),
    ).rejects.toMatchObject({
      status: 500,
      code: 'P0050',
    });
  });

  it('refuses a used token (P1212) and an unknown one (P1211)', async () => {
    const { token } = await motoPayment();
    await t.pay.moto.authorise({ ...card, one_time_token: token });
    await expect(t.pay.moto.authorise({ ...card, one_time_token: token })).rejects.toMatchObject({
      status: 400,
      code: 'P1212',
    });
    await expect(t.pay.moto.authorise({ ...card, one_time_token: 'nope' })).rejects.toMatchObject({
      status: 400,
      code: 'P1211',
    });
  });

  it('validates card fields before sending', async () => {
    await expect(
      t.pay.moto.authorise({ ...card, expiry_date: '13/30', one_time_token: 't' }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      t.pay.moto.authorise({ ...card, card_number: '4444', one_time_token: 't' }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('never uses a timeout under 15 s, even when the client’s is shorter', async () => {
    const { token } = await motoPayment();
    const impatient = new PayClient({
      apiKey: t.fake.apiKey,
      baseUrl: t.fake.baseUrl,
      timeoutMs: 200,
      maxRetries: 0,
    });
    t.fake.faults.inject({ type: 'latency', ms: 600, times: 2 });
    // The same slow answer times out an ordinary call but not the authorisation.
    await expect(impatient.payments.get('q'.repeat(26))).rejects.toBeInstanceOf(TimeoutError);
    await expect(impatient.moto.authorise({ ...card, one_time_token: token })).resolves.toBeUndefined();
  });
});
