/**
 * How Notify fills a template with personalisation, as the POST responses, `GET /v2/notifications/{id}` and
 * previews show it: notifications-utils `notifications_utils/field.py` (placeholders, conditionals, values as
 * Python's `str()`, lists), `notifications_utils/template.py` (`missing_data`, SMS content and counts) and
 * `notifications_utils/sanitise_text.py` (SanitiseSMS); notifications-api `app/notifications/process_notifications.py`
 * (check_placeholders, persist_notification) and `app/notifications/validators.py` (check_is_message_too_long).
 */
import { describe, expect, it } from 'vitest';
import { notifyError, serve } from './http.js';

const badRequest = (message: string) => notifyError(400, 'BadRequestError', message);

describe('placeholders', () => {
  const t = serve();
  const emailTemplate = (body: string, subject = 'Subject') =>
    t.fake.templates.create({ name: 'T', type: 'email', subject, body }).id;
  const sendEmail = (template_id: string, personalisation: Record<string, unknown>) =>
    t.post('/v2/notifications/email', { template_id, email_address: 'sam@example.com', personalisation });

  it('needs a value for a conditional placeholder too, when sending and previewing', async () => {
    const id = emailTemplate('Dear ((name))\n\n((visitor??You asked for a visitor permit.))');
    expect(await sendEmail(id, { name: 'Sam' })).toEqual(badRequest('Missing personalisation: visitor'));
    expect(await t.post(`/v2/template/${id}/preview`, { personalisation: { name: 'Sam' } })).toEqual(
      badRequest('Missing personalisation: visitor'),
    );
    expect(await sendEmail(id, { name: 'Sam', visitor: null })).toEqual(
      badRequest('Missing personalisation: visitor'),
    );
  });

  it('shows a conditional’s text only for yes, y, true, t, 1, include or show', async () => {
    const id = emailTemplate('A((visitor??B))C');
    const body = async (visitor: unknown) => (await sendEmail(id, { visitor })).body.content.body;
    expect(await body('Yes')).toBe('ABC');
    expect(await body(true)).toBe('ABC');
    expect(await body(1)).toBe('ABC');
    expect(await body('Show')).toBe('ABC');
    expect(await body('maybe')).toBe('AC');
    expect(await body('0')).toBe('AC');
    expect(await body(false)).toBe('AC');
  });

  it('writes values as Python’s str(): True, False, 1.5, a dict in Python’s form', async () => {
    const id = emailTemplate('((a)) ((b)) ((c)) ((d))');
    const answer = await sendEmail(id, { a: true, b: false, c: 1.5, d: { x: 1, y: null } });
    expect(answer.body.content.body).toBe("True False 1.5 {'x': 1, 'y': None}");
  });

  it('writes a list as a markdown list after a blank line in an email, leaving out empty items', async () => {
    const id = emailTemplate('Bring:((documents))\n\nThanks', 'Bring ((documents))');
    const answer = await sendEmail(id, { documents: ['passport', null, ' ', ' bill\u200b '] });
    expect(answer.body.content.body).toBe('Bring:\n\n* passport\n* bill\n\nThanks');
    expect(answer.body.content.subject).toBe('Bring passport and bill');
  });

  it('types a subject as do_nice_typography does: no space before a full stop, en dashes for spaced hyphens', async () => {
    const id = emailTemplate('Body', 'Permit ((reference)) - approved .  Thanks');
    const answer = await sendEmail(id, { reference: 'P-1' });
    expect(answer.body.content.subject).toBe('Permit P-1 \u2013 approved. Thanks');
  });

  it('HTML-escapes a subject, text and values, keeping &amp; and decoding other character references', async () => {
    const id = emailTemplate('Body', 'Permit for ((name)) & family <urgent>');
    const answer = await sendEmail(id, { name: 'Smith &amp; Sons &copy; &#38;' });
    expect(answer.body.content.subject).toBe(
      'Permit for Smith &amp; Sons © &amp; &amp; family &lt;urgent&gt;',
    );
    expect(answer.body.content.body).toBe('Body');
  });

  it('strips the whitespace around an email body', async () => {
    const id = emailTemplate('((greeting))\n\nBody\n\n((sign_off))');
    const answer = await sendEmail(id, { greeting: '  ', sign_off: '\n' });
    expect(answer.body.content.body).toBe('Body');
  });
});

describe('text messages', () => {
  const t = serve();
  const smsTemplate = (body: string) => t.fake.templates.create({ name: 'T', type: 'sms', body }).id;
  const sendSms = (
    template_id: string,
    personalisation: Record<string, unknown>,
    phone_number = '07700900123',
  ) => t.post('/v2/notifications/sms', { template_id, phone_number, personalisation });

  it('writes a list as "a, b and c"', async () => {
    const id = smsTemplate('Bring ((documents)).');
    const answer = await sendSms(id, { documents: ['passport', 'bill', 'licence'] });
    expect(answer.body.content.body).toBe('Bring passport, bill and licence.');
  });

  it('keeps GSM and Welsh characters, downgrades the rest, and writes ? for what has no downgrade', async () => {
    const id = smsTemplate('((text))');
    const answer = await sendSms(id, { text: '“Hi” – it’s … ŵ é ñ ł ç 😀 Ω' });
    expect(answer.body.content.body).toBe('"Hi" - it\'s ... ŵ é ñ l c ? Ω');
    const stored = await t.get(`/v2/notifications/${answer.body.id}`);
    expect(stored.body.body).toBe(answer.body.content.body);
  });

  it('normalises whitespace: none before a comma or full stop, single spaces, at most one blank line', async () => {
    const id = smsTemplate('Hello ((name)) , see\t you  soon .\n\n\n\n((extra))');
    const answer = await sendSms(id, { name: ' Sam ', extra: '\u00a0bye\u200b ' });
    expect(answer.body.content.body).toBe('Hello Sam, see you soon.\n\nbye');
  });

  it('counts the message once downgraded: an ellipsis counts as three characters', async () => {
    const id = smsTemplate('((text))');
    expect((await sendSms(id, { text: `${'a'.repeat(915)}…` })).status).toBe(201);
    expect(await sendSms(id, { text: `${'a'.repeat(916)}…` })).toEqual(
      badRequest(
        'Your message is too long. Text messages cannot be longer than 918 characters. Your message is 919 characters long.',
      ),
    );
  });

  it('keeps the phone number as given, less obscure whitespace', async () => {
    const id = smsTemplate('Hi');
    const answer = await sendSms(id, {}, ' 07700\u00a0900123\u200b ');
    expect(answer.status).toBe(201);
    const stored = await t.get(`/v2/notifications/${answer.body.id}`);
    expect(stored.body.phone_number).toBe('07700900123');
  });

  it('bills the extended GSM characters twice, and a Welsh letter outside GSM makes every fragment 67', async () => {
    const id = smsTemplate('((text))');
    const fragments = async (text: string) => {
      const answer = await sendSms(id, { text });
      await t.fake.advance(answer.body.id, 'delivered');
      return (await t.get(`/v2/notifications/${answer.body.id}`)).body.cost_details.billable_sms_fragments;
    };
    expect(await fragments('a'.repeat(160))).toBe(1);
    expect(await fragments(`${'a'.repeat(155)}{{{`)).toBe(2);
    expect(await fragments(`${'a'.repeat(69)}ŵ`)).toBe(1);
    expect(await fragments(`${'a'.repeat(70)}ŵ`)).toBe(2);
  });
});
