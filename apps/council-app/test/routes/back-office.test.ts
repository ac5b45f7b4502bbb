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
  it('is in English even when the browser chose Welsh on the resident side, refused forms included', async () => {
    const b = new Browser(app.url);
    await b.get('/?lang=cy');
    expect(b.cookies.get('council-lang')).toBe('cy');
    const page = await (await b.get('/back-office/sign-in?lang=cy')).text();
    expect(page).toContain('<html lang="en"');
    expect(page).not.toContain('hreflang="cy"');
    expect(b.cookies.get('council-lang')).toBe('cy');
    const refused = await b.post(
      '/back-office/sign-in',
      { username: 'staff', password: 'x' },
      { csrf: 'expired' },
    );
    expect(refused.status).toBe(403);
    const html = await refused.text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('Sorry, there is a problem with this page');
    // The resident side keeps the resident's choice.
    expect(await (await b.get('/')).text()).toContain('<html lang="cy"');
  });

  it('is closed to anyone not signed in as staff, including signed-in residents', async () => {
    expect((await new Browser(app.url).get('/back-office')).headers.get('location')).toBe(
      '/back-office/sign-in',
    );
    const { browser } = await signInWithIdentity(app);
    expect((await browser.get('/back-office/submissions')).headers.get('location')).toBe(
      '/back-office/sign-in?returnTo=%2Fback-office%2Fsubmissions',
    );
  });

  it('returns to the page that was asked for after sign-in, only if it is a back-office page', async () => {
    const b = new Browser(app.url);
    const asked = await b.get('/back-office/applications/PP-ABCDEFGH?tab=payments');
    const signIn = asked.headers.get('location')!;
    expect(signIn).toBe(
      '/back-office/sign-in?returnTo=%2Fback-office%2Fapplications%2FPP-ABCDEFGH%3Ftab%3Dpayments',
    );
    const res = await b.post(
      '/back-office/sign-in',
      {
        username: 'staff',
        password: 'correct horse battery staple',
        returnTo: '/back-office/applications/PP-ABCDEFGH?tab=payments',
      },
      { csrfFrom: signIn },
    );
    expect(res.headers.get('location')).toBe('/back-office/applications/PP-ABCDEFGH?tab=payments');

    for (const hostile of [
      '//evil.example/phish',
      'https://evil.example/',
      '/\\evil.example',
      '/applications',
      '/back-officex',
    ]) {
      const other = new Browser(app.url);
      const r = await other.post(
        '/back-office/sign-in',
        { username: 'staff', password: 'correct horse battery staple', returnTo: hostile },
        { csrfFrom: '/back-office/sign-in' },
      );
      expect(r.headers.get('location'), hostile).toBe('/back-office');
    }
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
    // Statuses are tags with words; references never wrap.
    expect(html).toContain('<strong class="govuk-tag app-nowrap govuk-tag--green">Paid</strong>');
    expect(html).toContain(
      `<a class="govuk-link app-nowrap" href="/back-office/applications/${p.reference}">`,
    );
    expect(html).toMatch(/email: <strong class="govuk-tag app-nowrap govuk-tag--grey">Created<\/strong>/);
  });

  it('shows banners from the session only, once, never text from the address', async () => {
    const b = await staff();
    const spoof = await (
      await b.get('/back-office/submissions?message=Call%2001234%20to%20claim%20a%20refund')
    ).text();
    expect(spoof).not.toContain('Call 01234');
    expect(spoof).not.toContain('govuk-notification-banner');
    await b.post('/back-office/submissions/ingest', {}, { csrfFrom: '/back-office/submissions' });
    const first = await (await b.get('/back-office/submissions')).text();
    expect(first).toContain('govuk-notification-banner--success');
    expect(first).toContain('0 new submissions');
    const second = await (await b.get('/back-office/submissions')).text();
    expect(second).not.toContain('govuk-notification-banner');
  });

  it('refunds in two steps: confirm the amount, then a banner and a message to the resident', async () => {
    const p = await paidApplication();
    const b = await staff();
    const page = `/back-office/applications/${p.reference}`;
    const confirm = `/back-office/payments/${p.payment_id}/refund`;
    expect(await (await b.get(page)).text()).toContain(`href="${confirm}"`);
    const form = await (await b.get(confirm)).text();
    expect(form).toContain('Can be refunded');
    expect(form).toContain('value="55.00"');
    expect(form).toContain('We will email the resident at');
    expect(app.services.pay.refunds).toEqual([]); // nothing happens before confirming

    const res = await b.post(confirm, { amount: '55.00' }, { csrfFrom: confirm });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(page);
    // The banner comes from the session, once: the redirect carries no text.
    const after = await (await b.get(page)).text();
    expect(after).toContain('Refund of £55.00 requested. We are emailing the resident at');
    expect(after).not.toContain('Refund this payment');
    expect(app.services.pay.refunds).toEqual([
      { paymentId: p.payment_id, amount: 5500, refund_amount_available: 5500 },
    ]);
    expect((await app.store.applications.get(p.reference))!.status).toBe('refunded');
    // The notice was queued with the refund (an outbox): nothing is sent until a worker runs it, and only once.
    const notices = () => app.services.notify.sent.filter((s) => s.template_id === 'tpl-refund-email');
    expect(notices()).toEqual([]);
    await app.runJobs();
    await app.runJobs();
    expect(notices()).toEqual([
      expect.objectContaining({
        personalisation: expect.objectContaining({ amount: '£55.00', reference: p.reference }),
      }),
    ]);
    // A second attempt (stale page) is refused by the rule "nothing left to refund".
    const again = await b.post(confirm, { amount: '55.00' }, { csrfFrom: page });
    expect(await (await b.get(again.headers.get('location')!)).text()).toContain('Nothing left to refund');
    expect(app.services.pay.refunds).toHaveLength(1);
  });

  it('refunds part of a payment, within what is available, and says what is wrong otherwise', async () => {
    const p = await paidApplication();
    const b = await staff();
    const confirm = `/back-office/payments/${p.payment_id}/refund`;
    for (const [body, message] of [
      [{}, 'Enter the amount to refund in pounds and pence'],
      [{ amount: '' }, 'Enter the amount to refund in pounds and pence'],
      [{ amount: '12.345' }, 'Enter the amount to refund in pounds and pence'],
      [{ amount: '55.01' }, 'Enter an amount more than £0 and no more than £55.00'],
      [{ amount: '0' }, 'Enter an amount more than £0 and no more than £55.00'],
    ] as const) {
      const res = await b.post(confirm, body, { csrfFrom: confirm });
      expect(res.status, JSON.stringify(body)).toBe(400);
      const html = await res.text();
      expect(html).toContain('govuk-error-summary');
      expect(html).toContain(message);
    }
    expect(app.services.pay.refunds).toEqual([]);

    await b.post(confirm, { amount: '£20.50' }, { csrfFrom: confirm });
    expect(app.services.pay.refunds).toEqual([
      { paymentId: p.payment_id, amount: 2050, refund_amount_available: 5500 },
    ]);
    expect((await app.store.applications.get(p.reference))!.status).toBe('paid');
    // What is left can still be refunded.
    expect(await (await b.get(confirm)).text()).toContain('value="34.50"');
  });

  it('acknowledges a Welsh Forms submission with the Welsh template', async () => {
    await app.close();
    app = await startTestApp({ NOTIFY_TEMPLATE_FORMS_ACK_EMAIL_CY: 'tpl-forms-ack-cy' });
    app.services.forms.delivered.push({
      key: 'form_submissions/missed-bin/20261124T100000Z_9W4LL5CY/form_submission.json',
      form_id: 'missed-bin',
      form_name: 'Rhoi gwybod am gasgliad bin a fethwyd',
      submission_reference: '9W4LL5CY',
      submitted_at: '2026-11-24T10:00:00.000Z',
      language: 'cy',
      answers: [{ question_text: 'Cyfeiriad e-bost', answer_text: 'preswylydd@example.com' }],
    });
    expect(await app.council.context.formsInbox.ingest()).toBe(1);
    // The acknowledgement is a queued job (outbox): run the queue.
    await app.runJobs();
    expect(app.services.notify.sent.map((s) => s.template_id)).toEqual(['tpl-forms-ack-cy']);
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
    expect(res.status, await res.clone().text()).toBe(303);
    expect(res.headers.get('location')).toBe('/back-office/submissions');
    const html = await (await b.get('/back-office/submissions')).text();
    expect(html).toContain('2 new submissions');
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
    expect(await (await b.get(again.headers.get('location')!)).text()).toContain('0 new submissions');
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

  it('sends a refund notice that failed once on retry, once, and never mistakes the confirmation for it', async () => {
    const p = await paidApplication();
    const b = await staff();
    const confirm = `/back-office/payments/${p.payment_id}/refund`;
    app.services.notify.failNext = 1;
    expect((await b.post(confirm, { amount: '20.00' }, { csrfFrom: confirm })).status).toBe(303);
    // The retry asks Notify for the message by its own reference first: the confirmation email has the
    // application's reference, so the notice has one of its own.
    await app.runJobs();
    const notices = app.services.notify.sent.filter((s) => s.template_id === 'tpl-refund-email');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.reference).toMatch(new RegExp(`^${p.reference}-refund-`));
    expect(app.services.notify.sent.filter((s) => s.reference === p.reference)).toHaveLength(2); // email, sms
    // The second refund of the same application gets its own notice.
    expect((await b.post(confirm, { amount: '10.00' }, { csrfFrom: confirm })).status).toBe(303);
    await app.runJobs();
    const rows = (await app.store.notifications.listFor(p.reference)).filter(
      (n) => n.template_id === 'tpl-refund-email',
    );
    expect(rows.map((n) => n.about)).toEqual([
      expect.stringMatching(/^refund:/),
      expect.stringMatching(/^refund:/),
    ]);
    expect(new Set(rows.map((n) => n.about)).size).toBe(2);
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
