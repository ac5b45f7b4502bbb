/**
 * The test cards of a GOV.UK Pay sandbox account, paid on the hosted card page over HTTP: alphagov/pay-connector
 * gateway/sandbox/SandboxCardNumbers.java and SandboxPaymentProvider.java, with brands and types from
 * alphagov/pay-tech-docs source/testing_govuk_pay ("Mock card numbers for Worldpay"). No Stripe-only cards.
 */
import { describe, expect, it } from 'vitest';
import { TEST_CARDS } from '../../src/testing/index.js';
import { type Harness, payFake, payOnHostedPage, START, webPayment } from './harness.js';

async function payWith(h: Harness, cardNo: string, body = webPayment()) {
  const p = await h.payment(body);
  const res = await payOnHostedPage(p, cardNo);
  return { p, res, after: await h.get(p.payment_id) };
}

describe('the sandbox card table', () => {
  for (const card of TEST_CARDS.filter((c) => c.outcome === 'success')) {
    it(`${card.number} (${card.brand}) is authorised and captured`, async () => {
      const h = await payFake();
      const { res, after } = await payWith(h, card.number);
      expect(res.status).toBe(303);
      expect(after.state).toEqual({ status: 'success', finished: true });
      expect(after.card_details).toMatchObject({
        card_brand: card.brand,
        first_digits_card_number: card.number.slice(0, 6),
        last_digits_card_number: card.number.slice(-4),
      });
      if (card.type) expect(after.card_details.card_type).toBe(card.type);
      expect(after.authorisation_summary).toEqual({ three_d_secure: { required: false } });
    });
  }

  it('writes every card_details member, null when unknown (wallet_type null; card_type null where the table has none)', async () => {
    const h = await payFake();
    const { after } = await payWith(h, '4000000000000010');
    expect(after.card_details).toEqual({
      last_digits_card_number: '0010',
      first_digits_card_number: '400000',
      cardholder_name: 'Jo Resident',
      expiry_date: expect.stringMatching(/^\d{2}\/\d{2}$/),
      billing_address: null,
      card_brand: 'Visa',
      card_type: null,
      wallet_type: null,
    });
  });

  it('includes cards Pay’s sandbox accepts that are not Visa, Mastercard or Amex (JCB, Discover, Diners Club, corporate Visa)', () => {
    const numbers = TEST_CARDS.map((c) => c.number);
    for (const n of ['3566002020360505', '6011000990139424', '36148900647913', '4111111111111111']) {
      expect(numbers).toContain(n);
    }
  });

  it('has no cards that only work on Stripe test accounts (3D Secure, disputes, recurring)', () => {
    const numbers = TEST_CARDS.map((c) => c.number);
    for (const n of [
      '4000002500003155',
      '4000000000000259',
      '4000000000002685',
      '4000002760003184',
      '4000000000009995',
      '4000008260000000',
    ]) {
      expect(numbers).not.toContain(n);
    }
  });

  for (const number of ['4000000000000002', '4000000000000069', '4000000000000127']) {
    it(`${number} is declined (failed, P0010)`, async () => {
      const h = await payFake();
      const { after } = await payWith(h, number);
      expect(after.state).toEqual({
        status: 'failed',
        finished: true,
        code: 'P0010',
        message: 'Payment method rejected',
      });
    });
  }

  it('4000000000000119 is a provider error (error, P0050)', async () => {
    const h = await payFake();
    const { after } = await payWith(h, '4000000000000119');
    expect(after.state).toEqual({
      status: 'error',
      finished: true,
      code: 'P0050',
      message: 'Payment provider returned an error',
    });
  });

  it('sends any other valid number to the sandbox provider, which answers with an error (P0050)', async () => {
    const h = await payFake();
    const { res, after } = await payWith(h, '4000000000000028');
    expect(res.status).toBe(303);
    expect(after.state).toMatchObject({ status: 'error', code: 'P0050' });
  });

  it('keeps a number that fails the Luhn check on the card page, and a Maestro card (not accepted)', async () => {
    const h = await payFake();
    for (const [number, message] of [
      ['4444333322221112', 'Enter a valid card number'],
      ['6759649826438453', 'Maestro cards are not accepted'],
    ] as const) {
      const { res, after } = await payWith(h, number);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(message);
      expect(after.state.status).toBe('started');
    }
  });
});

describe('recurring payments', () => {
  async function agreementSetUpWith(h: Harness, cardNo: string) {
    const agreement = await (
      await h.call('/v1/agreements', { json: { reference: 'CT-1', description: 'Council tax' } })
    ).json();
    const { after } = await payWith(h, cardNo, webPayment({ set_up_agreement: agreement.agreement_id }));
    return { agreementId: agreement.agreement_id as string, setUp: after };
  }

  const recurring = (h: Harness, agreementId: string) =>
    h.payment({
      amount: 500,
      description: 'Instalment',
      reference: 'CT-1-2',
      authorisation_mode: 'agreement',
      agreement_id: agreementId,
    });

  it('takes later payments with the card that set the agreement up (4000056655665556)', async () => {
    const h = await payFake();
    const { agreementId } = await agreementSetUpWith(h, '4000056655665556');
    const agreement = await (await h.call(`/v1/agreements/${agreementId}`)).json();
    expect(agreement).toMatchObject({ status: 'active', payment_instrument: { type: 'card' } });
    const p = await recurring(h, agreementId);
    expect(p.state.status).toBe('created');
    expect(p._links.next_url).toBeUndefined();
    expect((await h.get(p.payment_id)).state).toEqual({ status: 'success', finished: true });
  });

  it('5105105105105100 sets the agreement up, then every recurring payment is declined (can_retry false) and the agreement becomes inactive', async () => {
    const h = await payFake();
    const { agreementId, setUp } = await agreementSetUpWith(h, '5105105105105100');
    expect(setUp.state.status).toBe('success');
    const p = await recurring(h, agreementId);
    expect((await h.get(p.payment_id)).state).toEqual({
      status: 'failed',
      finished: true,
      code: 'P0010',
      message: 'Payment method rejected',
      can_retry: false,
    });
    expect((await (await h.call(`/v1/agreements/${agreementId}`)).json()).status).toBe('inactive');
    const next = await h.create({
      amount: 500,
      description: 'd',
      reference: 'r',
      authorisation_mode: 'agreement',
      agreement_id: agreementId,
    });
    expect(next.status).toBe(400);
    expect((await next.json()).description).toBe(
      'Invalid attribute value: agreement_id. Agreement must be active',
    );
  });

  it('leaves the agreement unset when the set-up payment is declined', async () => {
    const h = await payFake();
    const { agreementId, setUp } = await agreementSetUpWith(h, '4000000000000002');
    expect(setUp.state.status).toBe('failed');
    expect((await (await h.call(`/v1/agreements/${agreementId}`)).json()).status).toBe('created');
  });
});

describe('MOTO uses the same card table', () => {
  async function motoWith(h: Harness, cardNumber: string) {
    const p = await h.payment({
      amount: 300,
      description: 'Phone',
      reference: 'TEL',
      authorisation_mode: 'moto_api',
    });
    const res = await h.call('/v1/auth', {
      key: null,
      json: {
        one_time_token: p._links.auth_url_post.params.one_time_token,
        card_number: cardNumber,
        cvc: '123',
        expiry_date: `12/${String(START.getUTCFullYear() + 2).slice(-2)}`,
        cardholder_name: 'J Citizen',
      },
    });
    return { res, after: await h.get(p.payment_id) };
  }

  it('authorises a good card (204), declines a declined card (402 P0010) and answers an error card with 500 P0050', async () => {
    const h = await payFake();
    const good = await motoWith(h, '4444333322221111');
    expect(good.res.status).toBe(204);
    expect(good.after.state.status).toBe('success');
    const declined = await motoWith(h, '4000000000000002');
    expect(declined.res.status).toBe(402);
    expect(await declined.res.json()).toEqual({ code: 'P0010', description: 'The payment was rejected' });
    const error = await motoWith(h, '4000000000000119');
    expect(error.res.status).toBe(500);
    expect(await error.res.json()).toEqual({
      code: 'P0050',
      description: 'There was an error authorising the payment',
    });
  });
});
