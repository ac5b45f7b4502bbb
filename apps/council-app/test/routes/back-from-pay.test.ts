import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyAndStartPayment, signInWithIdentity, startTestApp, type TestApp } from '../helpers/harness.js';

// Issue #22 items 2 and 3: back from Pay with the answers kept, resuming or cancelling an unpaid application, and a
// warning before paying for a second permit for the same vehicle.

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await app.close();
});

describe('back from Pay', () => {
  it('shows check answers again with the answers kept, and continues with the same payment', async () => {
    const { browser } = await signInWithIdentity(app);
    await applyAndStartPayment(app, browser, 'AB12 CDE', '6');
    const check = await browser.get('/apply/check');
    expect(check.status).toBe(200);
    const html = await check.text();
    expect(html).toContain('AB12CDE');
    expect(html).toContain('You have started paying for this application');
    const again = await browser.post('/apply/pay', {}, { csrfFrom: '/apply/check' });
    expect(again.headers.get('location')).toMatch(/^https:\/\/pay\.example\/card\//);
    expect(app.services.pay.payments.size).toBe(1);
    expect(await app.store.applications.list()).toHaveLength(1);
  });

  it('replaces the unpaid application when the resident changes an answer', async () => {
    const { browser } = await signInWithIdentity(app);
    await applyAndStartPayment(app, browser, 'AB12 CDE', '6');
    const first = app.services.pay.latest();
    await browser.post('/apply/permit-length', { permitLength: '12' });
    await browser.post('/apply/pay', {}, { csrfFrom: '/apply/check' });
    const apps = await app.store.applications.list();
    expect(apps.map((a) => a.status).sort()).toEqual(['awaiting_payment', 'withdrawn']);
    expect((await app.services.pay.getPayment(first.payment_id)).state.status).toBe('cancelled');
    expect(app.services.pay.latest().amount).toBe(10000);
  });

  it('lets the resident cancel an unpaid application: its payment is cancelled at Pay too', async () => {
    const { browser } = await signInWithIdentity(app);
    await applyAndStartPayment(app, browser);
    const p = app.services.pay.latest();
    const outcome = await (await browser.get(`/payment/${p.reference}/return`)).text();
    expect(outcome).toContain('Cancel this application');
    const res = await browser.post(
      `/payment/${p.reference}/cancel`,
      {},
      { csrfFrom: `/payment/${p.reference}/return` },
    );
    expect(res.headers.get('location')).toBe('/applications');
    const list = await (await browser.get('/applications')).text();
    expect(list).toContain(`Application ${p.reference} cancelled. You have not been charged.`);
    expect(list).toContain('Cancelled');
    expect((await app.store.applications.get(p.reference))!.status).toBe('withdrawn');
    expect((await app.services.pay.getPayment(p.payment_id)).state.status).toBe('cancelled');
    // The answers are gone with it: a new application starts from the first question.
    expect((await browser.get('/apply/check')).headers.get('location')).toBe('/apply/vehicle');
  });

  it('does not cancel an application that was paid meanwhile', async () => {
    const { browser } = await signInWithIdentity(app);
    await applyAndStartPayment(app, browser);
    const p = app.services.pay.latest();
    const token = await browser.csrf(`/payment/${p.reference}/return`);
    app.services.pay.finish(p.payment_id, 'success');
    const res = await browser.post(`/payment/${p.reference}/cancel`, {}, { csrf: token });
    expect(res.headers.get('location')).toBe(`/apply/confirmation/${p.reference}`);
    expect((await app.store.applications.get(p.reference))!.status).toBe('paid');
  });
});

describe('a second permit for the same vehicle', () => {
  it('is warned about before paying', async () => {
    const { browser } = await signInWithIdentity(app);
    await applyAndStartPayment(app, browser, 'AB12 CDE');
    const p = app.services.pay.latest();
    app.services.pay.finish(p.payment_id, 'success');
    await browser.get(`/payment/${p.reference}/return`);
    await browser.get(`/apply/confirmation/${p.reference}`);

    await browser.post('/apply/vehicle', { vehicleRegistration: 'ab12cde' });
    await browser.post('/apply/permit-length', { permitLength: '3' });
    const html = await (await browser.get('/apply/check')).text();
    expect(html).toContain('govuk-warning-text');
    expect(html).toContain(`You already have a permit for AB12CDE (reference ${p.reference}`);

    await browser.post('/apply/vehicle', { vehicleRegistration: 'ZZ99 ZZZ' });
    expect(await (await browser.get('/apply/check')).text()).not.toContain('You already have a permit');
  });
});
