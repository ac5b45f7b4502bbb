/**
 * A whole payment over real HTTP: the fake's handlers served by @mswjs/http-middleware on 127.0.0.1, the SDK
 * talking to it with axios, and the hosted card page driven with fetch like a browser would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayClient } from '../src/index.js';
import type { PayFake } from '../src/testing/index.js';
import { serveFake } from './http-server.js';

const RETURN_URL = 'https://council.example.gov.uk/permits/return?ref=PERMIT-7';

let fake: PayFake;
let pay: PayClient;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ fake, close } = await serveFake());
  pay = new PayClient({ apiKey: fake.apiKey, baseUrl: fake.baseUrl });
});
afterAll(() => close());

const formAction = (html: string, index = 0) => {
  const actions = [...html.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) =>
    m[1]?.replaceAll('&#38;', '&'),
  );
  const action = actions[index];
  if (!action) throw new Error('no form on the page');
  return action;
};

const post = (url: string, fields: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

const card = (cardNo: string, extra: Record<string, string> = {}) => ({
  cardNo,
  expiryMonth: '12',
  expiryYear: String(new Date().getUTCFullYear() + 2).slice(-2),
  cardholderName: 'Jo Resident',
  cvc: '123',
  addressLine1: '1 High Street',
  addressCity: 'Anytown',
  addressPostcode: 'AB1 2CD',
  ...extra,
});

async function start(amount = 4200) {
  const payment = await pay.payments.create({
    amount,
    description: 'Resident parking permit',
    reference: 'PERMIT-7',
    return_url: RETURN_URL,
  });
  const page = await fetch(payment._links?.next_url?.href as string);
  return { payment, page, html: await page.text() };
}

describe('payment journey over HTTP', () => {
  it('create -> hosted page -> success -> refund', async () => {
    const { payment, page, html } = await start();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('£42.00');
    expect(formAction(html)).toBe(`${fake.baseUrl}/card_details/${payment.payment_id}`);
    expect((await pay.payments.get(payment.payment_id)).state.status).toBe('started');

    const submitted = await post(formAction(html), card('4444333322221111'));
    expect(submitted.status).toBe(303);
    expect(submitted.headers.get('location')).toBe(RETURN_URL);

    const paid = await pay.payments.get(payment.payment_id);
    expect(paid.state).toEqual({ status: 'success', finished: true });
    expect(paid.card_details).toMatchObject({
      card_brand: 'Visa',
      last_digits_card_number: '1111',
      cardholder_name: 'Jo Resident',
    });

    const refund = await pay.refunds.create(payment.payment_id, {
      amount: paid.refund_summary?.amount_available as number,
      refund_amount_available: paid.refund_summary?.amount_available as number,
    });
    expect(refund.status).toBe('success');
    expect((await pay.refunds.listForPayment(payment.payment_id).toArray()).map((r) => r.status)).toEqual([
      'success',
    ]);
    expect((await pay.payments.get(payment.payment_id)).refund_summary?.status).toBe('full');
  });

  it('serves next_url once: a second visit gets an expired-link page', async () => {
    const { payment } = await start();
    const again = await fetch(payment._links?.next_url?.href as string);
    expect(again.status).toBe(404);
    expect(await again.text()).toContain('This link has expired');
  });

  it('resumes with the fresh next_url from getting the payment again', async () => {
    const { payment } = await start();
    const resumed = await pay.payments.get(payment.payment_id);
    const page = await fetch(resumed._links?.next_url?.href as string);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Enter card details');
  });

  it('also starts the journey by POSTing next_url_post with its params', async () => {
    const payment = await pay.payments.create({
      amount: 100,
      description: 'd',
      reference: 'r',
      return_url: RETURN_URL,
    });
    const link = payment._links?.next_url_post;
    expect(link?.type).toBe('application/x-www-form-urlencoded');
    const page = await post(link?.href as string, link?.params as Record<string, string>);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Enter card details');
    expect((await pay.payments.get(payment.payment_id)).state.status).toBe('started');
  });

  it('re-shows the form with errors for a bad security code, changing nothing', async () => {
    const { payment, html } = await start();
    const res = await post(formAction(html), card('4444333322221111', { cvc: '12' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Enter a valid card security code');
    expect((await pay.payments.get(payment.payment_id)).state.status).toBe('started');
  });

  it('declines the declined test card (failed, P0010) and still returns to the service', async () => {
    const { payment, html } = await start();
    const res = await post(formAction(html), card('4000000000000002'));
    expect(res.headers.get('location')).toBe(RETURN_URL);
    expect((await pay.payments.get(payment.payment_id)).state).toMatchObject({
      status: 'failed',
      code: 'P0010',
    });
  });

  it('answers the general-error card with error (P0050)', async () => {
    const { payment, html } = await start();
    await post(formAction(html), card('4000000000000119'));
    expect((await pay.payments.get(payment.payment_id)).state).toMatchObject({
      status: 'error',
      code: 'P0050',
    });
  });

  it('sends a card the sandbox does not know to the provider, which answers with an error (P0050)', async () => {
    const { payment, html } = await start();
    const res = await post(formAction(html), card('4000000000000028'));
    expect(res.headers.get('location')).toBe(RETURN_URL);
    expect((await pay.payments.get(payment.payment_id)).state).toMatchObject({
      status: 'error',
      code: 'P0050',
    });
  });

  it('fails the payment when the user cancels on the card page (P0030)', async () => {
    const { payment, html } = await start();
    const res = await post(formAction(html, 1), {});
    expect(res.headers.get('location')).toBe(RETURN_URL);
    expect((await pay.payments.get(payment.payment_id)).state).toMatchObject({
      status: 'failed',
      code: 'P0030',
    });
  });
});
