import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyAndStartPayment,
  Browser,
  signInWithIdentity,
  startTestApp,
  type TestApp,
} from '../helpers/harness.js';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await app.close();
});

describe('the resident journey (route level, service doubles)', () => {
  it('shows the start page in English and Welsh', async () => {
    const b = new Browser(app.url);
    const en = await (await b.get('/')).text();
    expect(en).toContain('Apply for a resident parking permit');
    expect(en).toContain('<html lang="en"');
    const cy = await (await b.get('/?lang=cy')).text();
    expect(cy).toContain('Gwneud cais am drwydded barcio i breswylwyr');
    expect(cy).toContain('<html lang="cy"');
    // The choice is remembered in the session.
    expect(await (await b.get('/')).text()).toContain('lang="cy"');
  });

  it('signs in, proves identity, applies, pays and confirms by email and text', async () => {
    const { browser, url } = await signInWithIdentity(app);
    expect(url).toMatch(/\/apply\/vehicle$/);
    const nextUrl = await applyAndStartPayment(app, browser);
    expect(nextUrl).toMatch(/^https:\/\/pay\.example\/card\//);
    const payment = app.services.pay.latest();
    expect(payment.amount).toBe(5500);
    expect(payment.body).toMatchObject({
      return_url: expect.stringContaining('/payment/PP-'),
      language: 'en',
    });

    app.services.pay.finish(payment.payment_id, 'success');
    const { res, url: landed } = await browser.follow(`/payment/${payment.reference}/return`);
    expect(landed).toMatch(/\/apply\/confirmation\/PP-/);
    const html = await res.text();
    expect(html).toContain('Application complete');
    expect(html).toContain(payment.reference);

    await app.runJobs();
    const app1 = (await app.store.applications.get(payment.reference))!;
    expect(app1).toMatchObject({
      status: 'paid',
      vehicle_registration: 'AB12CDE',
      full_name: 'Kenneth Decerqueira',
    });
    expect(app.services.notify.sent.map((s) => s.channel).sort()).toEqual(['email', 'sms']);
    const email = app.services.notify.sent.find((s) => s.channel === 'email')!;
    expect(email).toMatchObject({
      template_id: 'tpl-permit-email',
      to: 'kenneth@example.com',
      reference: payment.reference,
      personalisation: {
        full_name: 'Kenneth Decerqueira',
        reference: payment.reference,
        vehicle_registration: 'AB12CDE',
        permit_length: '6 months',
        amount: '£55.00',
      },
    });

    // Coming back again (refresh) sends nothing more.
    await browser.follow(`/payment/${payment.reference}/return`);
    await app.runJobs();
    expect(app.services.notify.sent).toHaveLength(2);

    const list = await (await browser.get('/applications')).text();
    expect(list).toContain(payment.reference);
    expect(list).toContain('Paid');
  });

  it('does not mark an application paid while Pay says the payment is unfinished, and offers to resume', async () => {
    const { browser } = await signInWithIdentity(app);
    await applyAndStartPayment(app, browser);
    const payment = app.services.pay.latest();
    app.services.pay.finish(payment.payment_id, 'started');
    const res = await browser.get(`/payment/${payment.reference}/return`);
    const html = await res.text();
    expect(html).toContain('Your payment is not finished');
    expect((await app.store.applications.get(payment.reference))!.status).toBe('awaiting_payment');
    await app.runJobs();
    expect(app.services.notify.sent).toHaveLength(0);
    const resume = await browser.post(
      `/payment/${payment.reference}/resume`,
      {},
      { csrfFrom: `/payment/${payment.reference}/return` },
    );
    expect(resume.status).toBe(303);
    expect(resume.headers.get('location')).toMatch(
      new RegExp(`^https://pay.example/card/${payment.payment_id}/`),
    );
  });

  it('handles a declined card and lets the resident try again with a new payment', async () => {
    const { browser } = await signInWithIdentity(app);
    await applyAndStartPayment(app, browser);
    const first = app.services.pay.latest();
    app.services.pay.finish(first.payment_id, 'failed', 'P0010');
    const html = await (await browser.get(`/payment/${first.reference}/return`)).text();
    expect(html).toContain('Your payment was not successful');
    expect((await app.store.applications.get(first.reference))!.status).toBe('payment_failed');

    const retry = await browser.post(
      `/payment/${first.reference}/retry`,
      {},
      { csrfFrom: `/payment/${first.reference}/return` },
    );
    expect(retry.status).toBe(303);
    const second = app.services.pay.latest();
    expect(second.payment_id).not.toBe(first.payment_id);
    expect((await app.store.applications.get(first.reference))!.status).toBe('awaiting_payment');
    app.services.pay.finish(second.payment_id, 'success');
    const { url } = await browser.follow(`/payment/${first.reference}/return`);
    expect(url).toMatch(/\/apply\/confirmation\//);
  });

  it('shows "you cancelled" when the resident cancels on the Pay pages (P0030)', async () => {
    const { browser } = await signInWithIdentity(app);
    await applyAndStartPayment(app, browser);
    const p = app.services.pay.latest();
    app.services.pay.finish(p.payment_id, 'failed', 'P0030');
    const html = await (await browser.get(`/payment/${p.reference}/return`)).text();
    expect(html).toContain('You cancelled your payment');
    expect((await app.store.applications.get(p.reference))!.status).toBe('payment_cancelled');
  });

  it('reuses the same application and Pay idempotency key when "Continue to payment" is pressed twice', async () => {
    const { browser } = await signInWithIdentity(app);
    await browser.post('/apply/vehicle', { vehicleRegistration: 'AB12CDE' });
    await browser.post('/apply/permit-length', { permitLength: '3' });
    const token = await browser.csrf('/apply/check');
    const first = await browser.post('/apply/pay', {}, { csrf: token });
    expect(first.status).toBe(303);
    const second = await browser.post('/apply/pay', {}, { csrf: token });
    expect(second.status).toBe(303);
    expect(app.services.pay.payments.size).toBe(1);
  });

  it("will not show another resident's application", async () => {
    const { browser } = await signInWithIdentity(app);
    await applyAndStartPayment(app, browser);
    const p = app.services.pay.latest();
    app.services.oneLogin.persona = {
      ...app.services.oneLogin.persona,
      sub: 'urn:fdc:gov.uk:2022:someone-else',
    };
    const other = (await signInWithIdentity(app)).browser;
    expect((await other.get(`/payment/${p.reference}/return`)).status).toBe(404);
    expect((await other.get(`/apply/confirmation/${p.reference}`)).status).toBe(404);
  });

  it('sends the resident who cannot prove their identity to an alternative route, with the return codes', async () => {
    app.services.oneLogin.persona = {
      sub: 'urn:fdc:gov.uk:2022:no-id',
      email: 'x@example.com',
      returnCodes: ['B', 'X'],
    };
    const { url, res } = await signInWithIdentity(app);
    expect(url).toMatch(/\/identity\/failed$/);
    const html = await res.text();
    expect(html).toContain('We could not confirm your identity online');
    expect(html).toContain('B, X');
    expect(html).toContain('01234 567890');
  });

  it('treats access_denied on the identity request as a failed identity check', async () => {
    app.services.oneLogin.persona = { sub: 'urn:fdc:gov.uk:2022:denied', accessDenied: true };
    const { url } = await signInWithIdentity(app);
    expect(url).toMatch(/\/identity\/failed$/);
  });

  it('brings a resident whose session expired while paying back to their payment after signing in again', async () => {
    const { browser } = await signInWithIdentity(app);
    await applyAndStartPayment(app, browser);
    const p = app.services.pay.latest();
    app.services.pay.finish(p.payment_id, 'success');
    browser.cookies.clear(); // the session has gone
    const { url } = await browser.follow(`/payment/${p.reference}/return`);
    expect(url).toMatch(new RegExp(`/apply/confirmation/${p.reference}$`));
  });

  it('keeps the questions behind sign-in and identity', async () => {
    const b = new Browser(app.url);
    const res = await b.get('/apply/vehicle');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/auth\/sign-in(\?|$)/);
  });
});
