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

async function staff() {
  const b = new Browser(app.url);
  const res = await b.post(
    '/back-office/sign-in',
    { username: 'staff', password: 'correct horse battery staple' },
    { csrfFrom: '/back-office/sign-in' },
  );
  expect(res.status).toBe(303);
  return b;
}

async function paidApplication() {
  const { browser } = await signInWithIdentity(app);
  await applyAndStartPayment(app, browser);
  const p = app.services.pay.latest();
  app.services.pay.finish(p.payment_id, 'success');
  await browser.follow(`/payment/${p.reference}/return`);
  await app.runJobs();
  return p;
}

describe('back office', () => {
  it('is closed to anyone not signed in as staff, including signed-in residents', async () => {
    expect((await new Browser(app.url).get('/back-office')).headers.get('location')).toBe(
      '/back-office/sign-in',
    );
    const { browser } = await signInWithIdentity(app);
    expect((await browser.get('/back-office/submissions')).headers.get('location')).toBe(
      '/back-office/sign-in',
    );
  });

  it('refuses wrong credentials with an error summary (401)', async () => {
    const b = new Browser(app.url);
    for (const [username, password] of [
      ['staff', 'wrong'],
      ['other', 'correct horse battery staple'],
      ['', ''],
    ]) {
      const res = await b.post(
        '/back-office/sign-in',
        { username: username!, password: password! },
        { csrfFrom: '/back-office/sign-in' },
      );
      expect(res.status).toBe(401);
      expect(await res.text()).toContain('Enter a correct username and password');
    }
    expect((await b.get('/back-office')).status).toBe(303);
  });

  it('refuses further attempts after 5 failures, even with the right password (429)', async () => {
    const b = new Browser(app.url);
    for (let i = 0; i < 5; i++) {
      const res = await b.post(
        '/back-office/sign-in',
        { username: 'staff', password: `guess-${i}` },
        { csrfFrom: '/back-office/sign-in' },
      );
      expect(res.status).toBe(401);
    }
    const res = await b.post(
      '/back-office/sign-in',
      { username: 'staff', password: 'correct horse battery staple' },
      { csrfFrom: '/back-office/sign-in' },
    );
    expect(res.status).toBe(429);
    expect(await res.text()).toContain('Too many attempts');
  });

  it('answers 404 everywhere when no back-office credential is configured', async () => {
    const closed = await startTestApp({ BACK_OFFICE_USERNAME: '', BACK_OFFICE_PASSWORD: '' });
    try {
      const b = new Browser(closed.url);
      expect((await b.get('/back-office')).status).toBe(404);
      expect((await b.get('/back-office/sign-in')).status).toBe(404);
      const res = await b.post('/back-office/sign-in', { username: '', password: '' }, { csrf: null });
      expect([403, 404]).toContain(res.status);
    } finally {
      await closed.close();
    }
  });

  it('lists applications with payment and notification status', async () => {
    const p = await paidApplication();
    const b = await staff();
    const html = await (await b.get('/back-office')).text();
    expect(html).toContain(p.reference);
    expect(html).toContain('Kenneth Decerqueira');
    expect(html).toMatch(/email: created/);
  });

  it('refunds the amount Pay says is available, once', async () => {
    const p = await paidApplication();
    const b = await staff();
    const page = `/back-office/applications/${p.reference}`;
    expect(await (await b.get(page)).text()).toContain('Refund this payment');
    const res = await b.post(`/back-office/payments/${p.payment_id}/refund`, {}, { csrfFrom: page });
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.headers.get('location')!)).toContain('Refund of £55.00 requested');
    expect(app.services.pay.refunds).toEqual([
      { paymentId: p.payment_id, amount: 5500, refund_amount_available: 5500 },
    ]);
    expect((await app.store.applications.get(p.reference))!.status).toBe('refunded');
    const after = await (await b.get(page)).text();
    expect(after).not.toContain('Refund this payment');
    // A second attempt (stale page) is refused by the rule "nothing left to refund".
    const again = await b.post(`/back-office/payments/${p.payment_id}/refund`, {}, { csrfFrom: page });
    expect(decodeURIComponent(again.headers.get('location')!)).toContain('Refund not possible');
    expect(app.services.pay.refunds).toHaveLength(1);
  });

  it('ingests Forms submissions once, matches payments by reference and acknowledges by email', async () => {
    app.services.forms.delivered.push(
      {
        key: 'form_submissions/missed-bin/20261124T100000Z_8E3YY3RX/form_submission.json',
        form_id: 'missed-bin',
        form_name: 'Report a missed bin collection',
        submission_reference: '8E3YY3RX',
        submitted_at: '2026-11-24T10:00:00.000Z',
        answers: [
          { question_text: 'Which bin was missed?', answer_text: 'Garden waste' },
          { question_text: 'Email address', answer_text: 'resident@example.com' },
        ],
      },
      {
        key: 'form_submissions/missed-bin/20261124T110000Z_7K4MM5PQ/form_submission.json',
        form_id: 'missed-bin',
        form_name: 'Report a missed bin collection',
        submission_reference: '7K4MM5PQ',
        submitted_at: '2026-11-24T11:00:00.000Z',
        answers: [{ question_text: 'Which bin was missed?', answer_text: ['Recycling', 'Food'] }],
      },
    );
    // The first submission was paid for through a GOV.UK Pay payment link with its reference.
    const paid = await app.services.pay.createPayment(
      {
        amount: 1500,
        reference: '8E3YY3RX',
        description: 'Bin',
        return_url: 'https://x.example',
        language: 'en',
      },
      'k1',
    );
    app.services.pay.finish(paid.payment_id, 'success');

    const b = await staff();
    const res = await b.post('/back-office/submissions/ingest', {}, { csrfFrom: '/back-office/submissions' });
    expect(decodeURIComponent(res.headers.get('location')!)).toContain('2 new submission(s)');
    const html = await (await b.get('/back-office/submissions')).text();
    expect(html).toContain('8E3YY3RX');
    expect(html).toContain('success (£15.00)');
    expect(html).toContain('Recycling, Food');
    expect(html).toContain('No payment');
    await app.runJobs();
    const acks = app.services.notify.sent.filter((s) => s.template_id === 'tpl-forms-ack');
    expect(acks).toEqual([
      expect.objectContaining({
        to: 'resident@example.com',
        personalisation: { reference: '8E3YY3RX', form_name: 'Report a missed bin collection' },
      }),
    ]);

    // Running again reads from the stored checkpoint: nothing new, nothing sent twice.
    const again = await b.post(
      '/back-office/submissions/ingest',
      {},
      { csrfFrom: '/back-office/submissions' },
    );
    expect(decodeURIComponent(again.headers.get('location')!)).toContain('0 new submission(s)');
    await app.runJobs();
    expect(app.services.forms.passes).toEqual([
      { processed: [] },
      { processed: [expect.any(String), expect.any(String)] },
    ]);
    expect(app.services.notify.sent.filter((s) => s.template_id === 'tpl-forms-ack')).toHaveLength(1);
  });

  it('is idempotent when the same submission is delivered again (crash before the checkpoint was saved)', async () => {
    const s = {
      key: 'k',
      form_id: 'missed-bin',
      form_name: 'Report a missed bin collection',
      submission_reference: '8E3YY3RX',
      submitted_at: '2026-11-24T10:00:00.000Z',
      answers: [{ question_text: 'Email', answer_text: 'resident@example.com' }],
    };
    app.services.forms.delivered.push(s);
    expect(await app.council.context.formsInbox.ingest()).toBe(1);
    await app.store.db.deleteFrom('checkpoints').execute();
    expect(await app.council.context.formsInbox.ingest()).toBe(0);
    await app.runJobs();
    expect(await app.store.formSubmissions.list()).toHaveLength(1);
    expect(app.services.notify.sent).toHaveLength(1);
  });

  it('ingests a submission once when two passes run at once (two instances, one database)', async () => {
    app.services.forms.delivered.push({
      key: 'k2',
      form_id: 'missed-bin',
      form_name: 'Report a missed bin collection',
      submission_reference: '9H5NN6RS',
      submitted_at: '2026-11-24T12:00:00.000Z',
      answers: [{ question_text: 'Email', answer_text: 'resident@example.com' }],
    });
    // A second inbox on the same database stands for another instance; the in-process sharing of a pass in
    // progress does not apply across them.
    const other = new (
      app.council.context.formsInbox
        .constructor as typeof import('../../src/domain/forms-inbox.js').FormsInbox
    )(app.store, app.council.jobs, app.services, app.config, app.council.context.log);
    const [a, b] = await Promise.all([app.council.context.formsInbox.ingest(), other.ingest()]);
    expect(a + b).toBe(1);
    await app.runJobs();
    expect(app.services.notify.sent.filter((s) => s.reference === '9H5NN6RS')).toHaveLength(1);
  });

  it('shows messages Notify would not take after every retry (dead letters)', async () => {
    app.services.notify.failNext = 100;
    const p = await paidApplication();
    const b = await staff();
    const html = await (await b.get('/back-office/dead-letters')).text();
    expect(html).toContain('Messages not sent');
    expect(html).toContain(p.reference);
    expect(html).toContain('Permit confirmation (email)');
    expect(html).toContain('Internal server error');
    // The text message was not held up by the failing email.
    expect(app.services.notify.sent.map((s) => s.channel)).toEqual(['sms']);
  });
});
