import { createNotifyFake } from '@council-sdk/notify/testing';
import { generateTestHeaderString } from '@council-sdk/pay';
import { createPayFake } from '@council-sdk/pay/testing';
import { buildSubmission, createS3Fake, exampleAnswers, exampleForms } from '@council-sdk/forms/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CouncilApp, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { createFormsService } from '../../src/services/forms.js';
import { createNotifyService } from '../../src/services/notify.js';
import { createPayService } from '../../src/services/pay.js';
import { openTestDatabase } from '../helpers/database.js';
import { KENNETH, OneLoginDouble } from '../helpers/doubles.js';
import { applyAndStartPayment, freePort, signInWithIdentity, TEST_ENV } from '../helpers/harness.js';

// The app's real service modules (src/services/*.ts, over the council-sdk clients) against the SDKs' own fakes,
// in process through msw. One Login stays a double here; the browser tests use the real One Login fake.

const NOTIFY_BASE = 'https://notify.fake.test';
const PAY_BASE = 'https://pay.fake.test';
const S3_BASE = 'https://s3.fake.test';
const FORM_ID = exampleForms.missedBinCollection.en.form_id as string;

const notifyFake = createNotifyFake({
  baseUrl: NOTIFY_BASE,
  templates: [
    {
      id: 'f0a3b4c5-0000-4000-8000-000000000001',
      name: 'Permit email',
      type: 'email',
      subject: 'Parking permit application ((reference))',
      body: 'Dear ((full_name)), ((reference)) ((vehicle_registration)) ((permit_length)) ((amount))',
    },
    {
      id: 'f0a3b4c5-0000-4000-8000-000000000002',
      name: 'Permit SMS',
      type: 'sms',
      body: 'Parking permit application ((reference)) received. Amount paid: ((amount)).',
    },
    {
      id: 'f0a3b4c5-0000-4000-8000-000000000003',
      name: 'Forms ack',
      type: 'email',
      subject: 'We have received your report ((reference))',
      body: '((reference)) ((form_name))',
    },
  ],
});
const payFake = createPayFake({ baseUrl: PAY_BASE, rateLimit: false });
const s3Fake = createS3Fake({ baseUrl: S3_BASE, bucket: 'council-forms' });
const server = setupServer(...notifyFake.handlers, ...payFake.handlers, ...s3Fake.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => server.close());

let url: string;
let close: () => Promise<void>;
let ctx: CouncilApp['context'];
let council: CouncilApp;
let oneLogin: OneLoginDouble;

beforeEach(async () => {
  notifyFake.reset();
  payFake.reset();
  s3Fake.reset();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const s3 = s3Fake.clientConfig();
  const config = loadConfig({
    ...TEST_ENV,
    APP_BASE_URL: url,
    NOTIFY_BASE_URL: NOTIFY_BASE,
    NOTIFY_API_KEY: notifyFake.apiKeys.live,
    NOTIFY_TEMPLATE_PERMIT_EMAIL: 'f0a3b4c5-0000-4000-8000-000000000001',
    NOTIFY_TEMPLATE_PERMIT_SMS: 'f0a3b4c5-0000-4000-8000-000000000002',
    NOTIFY_TEMPLATE_FORMS_ACK_EMAIL: 'f0a3b4c5-0000-4000-8000-000000000003',
    PAY_BASE_URL: PAY_BASE,
    PAY_API_KEY: payFake.apiKey,
    PAY_WEBHOOK_SECRET: payFake.webhooks.secret,
    S3_ENDPOINT: s3.endpoint,
    S3_REGION: s3.region,
    S3_BUCKET: 'council-forms',
    AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    FORMS_MISSED_BIN_FORM_ID: FORM_ID,
  });
  oneLogin = new OneLoginDouble(url);
  // Not 07700 900111: Notify's smoke-test numbers are accepted but never stored, so they never reach an inbox.
  oneLogin.persona = { ...KENNETH, phone_number: '+447700900123' };
  const database = await openTestDatabase();
  council = await createApp(config, {
    database,
    log: silentLogger,
    services: {
      pay: createPayService(config),
      notify: createNotifyService(config),
      forms: createFormsService(config),
      oneLogin,
    },
  });
  ctx = council.context;
  payFake.webhooks.configure({ url: `${url}/webhooks/pay`, timeScale: 0.001 });
  const listener = council.app.listen(port, '127.0.0.1');
  await new Promise<void>((r) => listener.once('listening', () => r()));
  close = async () => {
    listener.closeAllConnections();
    await new Promise<void>((r) => listener.close(() => r()));
    await council.close();
    await database.close();
  };
});
afterEach(async () => {
  await payFake.webhooks.idle();
  await close();
});

const app = () => ({ url }) as never;

async function startPayment() {
  const { browser } = await signInWithIdentity({ url } as never);
  const nextUrl = await applyAndStartPayment(app(), browser);
  const payment = payFake.payments.list().at(-1)!;
  return { browser, nextUrl, payment };
}

describe('against the SDK fakes (Pay, Notify, S3)', () => {
  it('pays with a success card, confirms, and the email and text are in the Notify inbox', async () => {
    const { browser, nextUrl, payment } = await startPayment();
    expect(nextUrl.startsWith(PAY_BASE)).toBe(true);
    expect(payment.amount).toBe(5500);
    payFake.completePayment(payment.payment_id, { card: { card_number: '4444333322221111' } });
    const { url: landed, res } = await browser.follow(`/payment/${payment.reference}/return`);
    expect(landed).toContain('/apply/confirmation/');
    expect(await res.text()).toContain(payment.reference);
    await council.runJobs();
    const email = notifyFake.lastMessage('kenneth@example.com')!;
    expect(email.subject).toBe(`Parking permit application ${payment.reference}`);
    expect(email.body).toContain('Kenneth Decerqueira');
    expect(email.body).toContain('£55.00');
    expect(notifyFake.inbox({ type: 'sms' })).toHaveLength(1);
  });

  // GOV.UK Pay keeps Idempotency-Keys for agreement payments only (alphagov/pay-connector
  // ChargesApiResource.createNewCharge), so the SDK's retry of a web payment whose answer was lost makes a second one.
  it('records only the payment it got back when the connection drops after Pay created one; the other stays unpaid', async () => {
    payFake.faults.inject({
      type: 'drop',
      when: 'after',
      times: 1,
      match: { method: 'POST', path: /\/v1\/payments$/ },
    });
    const { nextUrl, payment } = await startPayment();
    expect(nextUrl.startsWith(PAY_BASE)).toBe(true);
    const atPay = payFake.payments.list();
    expect(atPay).toHaveLength(2);
    expect((await council.store.payments.listFor(payment.reference)).map((p) => p.payment_id)).toEqual([
      payment.payment_id,
    ]);
    const orphan = atPay.find((p) => p.payment_id !== payment.payment_id)!;
    expect(orphan.status).toBe('created');
  });

  it('records a declined card as a failed payment and takes no money', async () => {
    const { browser, payment } = await startPayment();
    payFake.completePayment(payment.payment_id, { card: { card_number: '4000000000000002' } });
    const html = await (await browser.get(`/payment/${payment.reference}/return`)).text();
    expect(html).toContain('Your payment was not successful');
    expect((await council.store.applications.get(payment.reference))!.status).toBe('payment_failed');
    expect(notifyFake.inbox()).toHaveLength(0);
  });

  it('completes the application from the card_payment_succeeded webhook when the resident never returns', async () => {
    const { payment } = await startPayment();
    payFake.completePayment(payment.payment_id, { card: { card_number: '4242424242424242' } });
    await payFake.webhooks.flush();
    await payFake.webhooks.idle();
    const delivered = payFake.webhooks.deliveries().filter((d) => d.status === 200);
    expect(delivered.length).toBeGreaterThan(0);
    expect((await council.store.applications.get(payment.reference))!.status).toBe('paid');
    await council.runJobs();
    expect(notifyFake.inbox({ type: 'email' })).toHaveLength(1);

    // Pay delivers at least once: the same message again changes nothing.
    const before = await council.store.applications.get(payment.reference);
    for (const m of payFake.webhooks.messages()) await payFake.webhooks.resend(m.webhook_message_id);
    await payFake.webhooks.idle();
    expect(await council.store.applications.get(payment.reference)).toEqual(before);
    await council.runJobs();
    expect(notifyFake.inbox({ type: 'email' })).toHaveLength(1);
  });

  it('refunds with refund_amount_available from Pay', async () => {
    const { browser, payment } = await startPayment();
    payFake.completePayment(payment.payment_id, { card: { card_number: '4444333322221111' } });
    await browser.follow(`/payment/${payment.reference}/return`);
    const refund = await ctx.permits.refund(payment.payment_id);
    expect(refund.amount).toBe(5500);
    expect(payFake.refunds.list()).toEqual([
      expect.objectContaining({ payment_id: payment.payment_id, amount: 5500 }),
    ]);
    expect((await council.store.applications.get(payment.reference))!.status).toBe('refunded');
  });

  it('finds nothing to refund on a declined payment, though Pay shows its whole amount as amount_available', async () => {
    const { browser, payment } = await startPayment();
    payFake.completePayment(payment.payment_id, { card: { card_number: '4000000000000002' } });
    await browser.follow(`/payment/${payment.reference}/return`);
    expect(payFake.payments.json(payment.payment_id)?.refund_summary).toEqual({
      status: 'unavailable',
      amount_available: 5500,
      amount_submitted: 0,
    });
    expect(await ctx.permits.refundAvailable(payment.payment_id)).toBe(0);
    await expect(ctx.permits.refund(payment.payment_id)).rejects.toThrow();
    expect(payFake.refunds.list()).toEqual([]);
  });

  it('learns of a refund made in the Pay admin tool from the card_payment_refunded webhook', async () => {
    const { browser, payment } = await startPayment();
    payFake.completePayment(payment.payment_id, { card: { card_number: '4444333322221111' } });
    await browser.follow(`/payment/${payment.reference}/return`);
    payFake.payments.refund(payment.payment_id, 5500);
    await payFake.webhooks.flush();
    await payFake.webhooks.idle();
    expect(payFake.webhooks.messages().map((m) => m.event_type)).toContain('card_payment_refunded');
    expect((await council.store.payments.get(payment.payment_id))!.refunded_amount).toBe(5500);
    expect((await council.store.applications.get(payment.reference))!.status).toBe('refunded');
  });

  it('records Notify delivery-status callbacks sent by the fake', async () => {
    notifyFake.callbacks.configure({
      deliveryStatus: { url: `${url}/callbacks/notify/status`, bearer_token: TEST_ENV.NOTIFY_CALLBACK_TOKEN },
    });
    const { browser, payment } = await startPayment();
    payFake.completePayment(payment.payment_id, { card: { card_number: '4444333322221111' } });
    await browser.follow(`/payment/${payment.reference}/return`);
    await council.runJobs();
    await notifyFake.deliverAll();
    await notifyFake.callbacks.settle();
    const statuses = (await council.store.notifications.listFor(payment.reference)).map((n) => n.status);
    expect(statuses).toEqual(['delivered', 'delivered']);
  });

  it('ingests a missed-bin submission from the bucket once and acknowledges it by email', async () => {
    const built = buildSubmission(exampleForms.missedBinCollection.en, exampleAnswers.missedBinCollection);
    s3Fake.deliver(built);
    expect(await ctx.formsInbox.ingest()).toBe(1);
    expect(await ctx.formsInbox.ingest()).toBe(0);
    await council.runJobs();
    const [row] = await council.store.formSubmissions.list();
    expect(row).toMatchObject({
      submission_reference: built.reference,
      contact_email: 'sam.jones@example.com',
    });
    const ack = notifyFake.lastMessage('sam.jones@example.com')!;
    expect(ack.subject).toBe(`We have received your report ${built.reference}`);
  });

  it('answers 401 to a forged Pay webhook and 400 to a signed body that is not a webhook', async () => {
    const body = JSON.stringify({ hello: 'world' });
    const post = (signature: string) =>
      fetch(`${url}/webhooks/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'pay-signature': signature },
        body,
      });
    expect((await post('0'.repeat(64))).status).toBe(401);
    expect(
      (await post(generateTestHeaderString({ payload: body, secret: payFake.webhooks.secret }))).status,
    ).toBe(400);
  });

  it('answers 401 to a Notify callback without the token and 400 to a malformed one with it', async () => {
    const post = (authorization: string, body: string) =>
      fetch(`${url}/callbacks/notify/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body,
      });
    const receipt = JSON.stringify({ id: 'x', status: 'delivered' });
    expect((await post('Bearer not-the-token-at-all', receipt)).status).toBe(401);
    expect(
      (await post(`Bearer ${TEST_ENV.NOTIFY_CALLBACK_TOKEN}`, JSON.stringify({ nonsense: true }))).status,
    ).toBe(400);
  });

  it('keeps API keys out of logs and pages when a service refuses the key', async () => {
    const lines: string[] = [];
    const capture = (level: string) => (message: string, fields?: Record<string, unknown>) =>
      lines.push(
        JSON.stringify({
          level,
          message,
          fields,
          ...(fields?.err instanceof Error ? { err: String(fields.err) } : {}),
        }),
      );
    const port = await freePort();
    const badKey = 'api_test_this-key-is-revoked-and-secret-0123456789';
    const config = loadConfig({
      ...TEST_ENV,
      APP_BASE_URL: `http://127.0.0.1:${port}`,
      PAY_BASE_URL: PAY_BASE,
      PAY_API_KEY: badKey,
    });
    const database = await openTestDatabase();
    const oneLoginForBad = new OneLoginDouble(`http://127.0.0.1:${port}`);
    const council = await createApp(config, {
      database,
      log: { info: capture('info'), warn: capture('warn'), error: capture('error') },
      services: {
        pay: createPayService(config),
        notify: createNotifyService(config),
        forms: createFormsService(config),
        oneLogin: oneLoginForBad,
      },
    });
    const listener = council.app.listen(port, '127.0.0.1');
    await new Promise<void>((r) => listener.once('listening', () => r()));
    try {
      const { browser } = await signInWithIdentity({ url: `http://127.0.0.1:${port}` } as never);
      await browser.post('/apply/vehicle', { vehicleRegistration: 'AB12CDE' });
      await browser.post('/apply/permit-length', { permitLength: '3' });
      const res = await browser.post('/apply/pay', {}, { csrfFrom: '/apply/check' });
      expect(res.status).toBe(500);
      const page = await res.text();
      expect(page).toContain('Sorry, there is a problem with the service');
      expect(lines.some((l) => l.includes('AuthenticationError'))).toBe(true);
      for (const text of [...lines, page]) expect(text).not.toContain(badKey);
    } finally {
      listener.closeAllConnections();
      await new Promise<void>((r) => listener.close(() => r()));
      await council.close();
      await database.close();
    }
  });
});
