import { type PayClient, constructEvent } from '@council-sdk/pay';
import type { PayFake } from '@council-sdk/pay/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { clientsFor, postForm, sandboxWithReceiver } from './helpers.js';

const stack = sandboxWithReceiver();
let pay: PayClient;
const fake = () => stack.sandbox.fakes.pay as PayFake;

beforeAll(async () => {
  pay = clientsFor(stack.sandbox).pay;
});

const card = (number: string) => ({
  cardNo: number,
  expiryMonth: '12',
  expiryYear: String((new Date().getUTCFullYear() + 2) % 100),
  cardholderName: 'Sam Jones',
  cvc: '123',
  addressLine1: '1 High Street',
  addressCity: 'London',
  addressPostcode: 'SW1A 1AA',
  email: 'sam@example.com',
});

async function createPayment(amount = 2500) {
  return pay.payments.create({
    amount,
    description: 'Resident parking permit',
    reference: 'PERMIT-123',
    return_url: `${stack.app.url}/payments/return`,
  });
}

function nextUrl(payment: { _links?: { next_url?: { href?: string } } }): string {
  const href = payment._links?.next_url?.href;
  if (!href) throw new Error('the payment has no next_url');
  return href;
}

/** next_url -> the sandbox's card page -> submit a card; returns the page's final answer. */
async function payWith(nextUrl: string, number: string) {
  const page = await fetch(nextUrl);
  expect(page.status).toBe(200);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)" novalidate>/.exec(html)?.[1];
  expect(action).toBeDefined();
  return postForm(new URL(action!, stack.sandbox.url).toString(), card(number));
}

describe('Pay through the sandbox', () => {
  it('creates a payment with the PayClient; next_url is the sandbox card page', async () => {
    const payment = await createPayment();
    expect(payment.state.status).toBe('created');
    expect(nextUrl(payment).startsWith(`${stack.sandbox.url}/pay/secure/`)).toBe(true);
    const page = await fetch(nextUrl(payment));
    const html = await page.text();
    expect(html).toContain('Enter card details');
    expect(html).toContain('£25.00');
    expect(html).toContain('govuk-template');
  });

  it('a successful test card succeeds, returns to return_url and sends a signed webhook', async () => {
    const payment = await createPayment();
    const res = await payWith(nextUrl(payment), '4444333322221111');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${stack.app.url}/payments/return`);
    const after = await pay.payments.get(payment.payment_id);
    expect(after.state.status).toBe('success');
    expect(after.card_details?.last_digits_card_number).toBe('1111');

    const webhook = await stack.app.waitFor((r) => r.path === '/webhooks/pay');
    const event = constructEvent(
      webhook.body,
      webhook.headers['pay-signature'] as string,
      stack.sandbox.env['PAY_WEBHOOK_SECRET']!,
    );
    expect(event.event_type).toBe('card_payment_succeeded');
    expect(event.resource_id).toBe(payment.payment_id);
  });

  it('a declined test card fails the payment with P0010', async () => {
    const payment = await createPayment();
    const res = await payWith(nextUrl(payment), '4000000000000002');
    expect(res.status).toBe(303);
    const after = await pay.payments.get(payment.payment_id);
    expect(after.state).toMatchObject({ status: 'failed', code: 'P0010' });
  });

  it('shows GOV.UK errors for a mistyped card number (Luhn check), and changes nothing', async () => {
    const payment = await createPayment();
    const res = await payWith(nextUrl(payment), '4111111111111112');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('govuk-error-summary');
    expect(html).toContain('Enter a valid card number');
    expect((await pay.payments.get(payment.payment_id)).state.status).toBe('started');
  });

  it("next_url_post takes the token in a form post, even from the service's own (cross-site) page", async () => {
    const payment = await createPayment();
    const links = payment._links as Record<string, { href: string; params?: Record<string, string> }>;
    const post = links['next_url_post']!;
    const res = await fetch(post.href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      body: new URLSearchParams(post.params ?? {}),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Enter card details');
  });

  it('with pay.confirmationPage, shows the card back and charges nothing until it is confirmed', async () => {
    const confirming = await startSandbox({
      port: 0,
      appBaseUrl: stack.app.url,
      config: { pay: { confirmationPage: true } },
    });
    try {
      const client = clientsFor(confirming).pay;
      const payment = await client.payments.create({
        amount: 2500,
        description: 'Resident parking permit',
        reference: 'PERMIT-124',
        return_url: `${stack.app.url}/payments/return`,
      });
      const html = await (await fetch(nextUrl(payment))).text();
      const action = /<form method="post" action="([^"]+)" novalidate>/.exec(html)![1]!;
      const details = await postForm(new URL(action, confirming.url).toString(), card('4444333322221111'));
      expect(details.status).toBe(200);
      const page = await details.text();
      expect(page).toContain('Confirm your payment');
      expect(page).toContain('●●●●●●●●●●●●1111');
      expect(page).not.toContain('4444333322221111');
      expect((await client.payments.get(payment.payment_id)).state.status).toBe('started');
      const confirm = /<form method="post" action="([^"]+\/confirm)"/.exec(page)![1]!;
      const done = await postForm(new URL(confirm, confirming.url).toString(), {});
      expect(done.headers.get('location')).toBe(`${stack.app.url}/payments/return`);
      expect((await client.payments.get(payment.payment_id)).state.status).toBe('success');
    } finally {
      await confirming.close();
    }
  });

  it('shows a Welsh payment’s card page in Welsh (<html lang="cy">, Pay’s own words)', async () => {
    const payment = await pay.payments.create({
      amount: 2500,
      description: 'Trwydded barcio',
      reference: 'PERMIT-CY',
      return_url: `${stack.app.url}/payments/return`,
      language: 'cy',
    });
    const html = await (await fetch(nextUrl(payment))).text();
    expect(html).toContain('<html lang="cy"');
    expect(html).toContain('Rhowch fanylion y cerdyn');
    expect(html).not.toContain('Enter card details');
  });

  it('next_url works once', async () => {
    const payment = await createPayment();
    expect((await fetch(nextUrl(payment))).status).toBe(200);
    const again = await fetch(nextUrl(payment));
    expect(again.status).toBe(404);
    expect(await again.text()).toContain('This link has expired');
  });

  it('cancel on the card page fails the payment with P0030 and returns to the service', async () => {
    const payment = await createPayment();
    const html = await (await fetch(nextUrl(payment))).text();
    const action = /<form method="post" action="([^"]+\/cancel)"/.exec(html)?.[1];
    const res = await postForm(new URL(action!, stack.sandbox.url).toString(), {});
    expect(res.headers.get('location')).toBe(`${stack.app.url}/payments/return`);
    expect((await pay.payments.get(payment.payment_id)).state).toMatchObject({
      status: 'failed',
      code: 'P0030',
    });
  });

  it('the dashboard buttons expire, refund and dispute, and list the webhook deliveries', async () => {
    const open = await createPayment(1000);
    const paid = await createPayment(4000);
    await payWith(nextUrl(paid), '4242424242424242');

    expect((await postForm(`${stack.sandbox.url}/dashboard/pay/${open.payment_id}/expire`, {})).status).toBe(
      303,
    );
    expect((await pay.payments.get(open.payment_id)).state).toMatchObject({
      status: 'failed',
      code: 'P0020',
    });

    expect(
      (await postForm(`${stack.sandbox.url}/dashboard/pay/${paid.payment_id}/refund`, { amount: '1500' }))
        .status,
    ).toBe(303);
    const refunds = await pay.refunds.listForPayment(paid.payment_id).toArray();
    expect(JSON.stringify(refunds)).toContain('1500');

    await postForm(`${stack.sandbox.url}/dashboard/pay/${paid.payment_id}/dispute`, {});
    expect(
      fake()
        .disputes.list()
        .map((d) => d.payment_id),
    ).toEqual([paid.payment_id]);

    const page = await (await fetch(`${stack.sandbox.url}/dashboard/pay`)).text();
    expect(page).toContain('card_payment_succeeded');
    expect(page).toContain('card_payment_expired');
    expect(page).toContain('card_payment_refunded');
    expect(page).toContain('HTTP 200');
  });

  it('"Send again" re-sends a webhook with the same message id and signature', async () => {
    const payment = await createPayment();
    await payWith(nextUrl(payment), '4444333322221111');
    const first = await stack.app.waitFor((r) => r.path === '/webhooks/pay');
    const id = JSON.parse(first.body).webhook_message_id as string;
    const res = await postForm(`${stack.sandbox.url}/dashboard/pay/webhooks/${id}/resend`, {});
    expect(new URL(res.headers.get('location')!, stack.sandbox.url).searchParams.get('flash')).toContain(
      'HTTP 200',
    );
    const copies = stack.app.received.filter(
      (r) => r.path === '/webhooks/pay' && JSON.parse(r.body).webhook_message_id === id,
    );
    expect(copies).toHaveLength(2);
    expect(copies[1]!.body).toBe(first.body);
    expect(copies[1]!.headers['pay-signature']).toBe(first.headers['pay-signature']);
  });

  it('captures a delayed-capture payment from the dashboard', async () => {
    const payment = await pay.payments.create({
      amount: 500,
      description: 'Delayed',
      reference: 'DELAYED-1',
      return_url: `${stack.app.url}/payments/return`,
      delayed_capture: true,
    });
    await payWith(nextUrl(payment), '4444333322221111');
    expect((await pay.payments.get(payment.payment_id)).state.status).toBe('capturable');
    await postForm(`${stack.sandbox.url}/dashboard/pay/${payment.payment_id}/capture`, {});
    expect((await pay.payments.get(payment.payment_id)).state.status).toBe('success');
  });

  it('rejects a wrong API key the way Pay does (401, not JSON)', async () => {
    const res = await fetch(`${stack.sandbox.env['PAY_BASE_URL']}/v1/payments`, {
      headers: { authorization: 'Bearer api_test_wrong', accept: 'application/json' },
    });
    expect(res.status).toBe(401);
  });
});

describe("Pay's rate limits", () => {
  /** `n` creates at once over raw HTTP; the statuses Pay answered. */
  async function burst(target: Sandbox, n: number): Promise<number[]> {
    const body = JSON.stringify({
      amount: 100,
      description: 'x',
      reference: 'x',
      return_url: `${stack.app.url}/r`,
    });
    return Promise.all(
      Array.from({ length: n }, async () => {
        const res = await fetch(`${target.env['PAY_BASE_URL']}/v1/payments`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${target.env['PAY_API_KEY']}`,
            'content-type': 'application/json',
          },
          body,
        });
        return res.status;
      }),
    );
  }

  it('are on by default, as on a real Pay account: the 16th create in a second is 429', async () => {
    await fake().advance(1000); // an empty window, whatever earlier tests did
    // The fake's clock stands still, so all 16 fall in one second however slowly this machine sends them.
    fake().clock.freeze();
    try {
      const statuses = await burst(stack.sandbox, 16);
      expect(statuses.filter((s) => s === 201)).toHaveLength(15);
      expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    } finally {
      fake().clock.unfreeze();
    }
  });

  it('are off with pay.rateLimits: false (load-testing a service)', async () => {
    const unlimited = await startSandbox({
      port: 0,
      appBaseUrl: stack.app.url,
      config: { pay: { rateLimits: false } },
    });
    try {
      expect(new Set(await burst(unlimited, 40))).toEqual(new Set([201]));
    } finally {
      await unlimited.close();
    }
  });
});
