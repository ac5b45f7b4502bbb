/**
 * notifications-api `app/v2/notifications/notification_schemas.py`, `app/schema_validation/__init__.py`
 * (messages), `app/v2/notifications/post_notifications.py` (order of checks, sanitise_content_for, files),
 * `app/notifications/validators.py` (templates, letters, message length) and `app/v2/utils.py` (JSON).
 */
import { describe, expect, it } from 'vitest';
import { EMAIL_TEMPLATE, LETTER_ADDRESS, LETTER_TEMPLATE, notifyError, serve, SMS_TEMPLATE } from './http.js';

const personalisation = { full_name: 'A', reference: 'R', vehicle_registration: 'V', documents: [] };
const email = (extra: Record<string, unknown> = {}) => ({
  template_id: EMAIL_TEMPLATE,
  email_address: 'sam@example.com',
  personalisation,
  ...extra,
});
const sms = (extra: Record<string, unknown> = {}) => ({
  template_id: SMS_TEMPLATE,
  phone_number: '07700900123',
  personalisation: { reference: 'R', amount: '1' },
  ...extra,
});
const letter = (extra: Record<string, unknown> = {}) => ({
  template_id: LETTER_TEMPLATE,
  personalisation: { ...LETTER_ADDRESS, full_name: 'A', reference: 'R' },
  ...extra,
});
const validation = (...messages: string[]) => ({
  status: 400,
  body: { status_code: 400, errors: messages.map((message) => ({ error: 'ValidationError', message })) },
});
const badRequest = (message: string, status = 400) => notifyError(status, 'BadRequestError', message);

describe('JSON and schema checks', () => {
  const t = serve();

  it('refuses a body that is not JSON', async () => {
    expect(await t.request('POST', '/v2/notifications/email', { rawBody: '{"email_address":' })).toEqual(
      badRequest('Invalid JSON supplied in POST data'),
    );
  });

  it('treats an empty JSON value as {} and lists every missing field', async () => {
    expect(await t.request('POST', '/v2/notifications/email', { rawBody: 'null' })).toEqual(
      validation('email_address is a required property', 'template_id is a required property'),
    );
  });

  it('words type errors as jsonschema does with Python values, quotes removed', async () => {
    expect(await t.post('/v2/notifications/email', email({ email_address: null, reference: 42 }))).toEqual(
      validation('reference 42 is not of type string', 'email_address None is not of type string'),
    );
    expect(await t.post('/v2/notifications/sms', sms({ personalisation: ['a', true] }))).toEqual(
      validation('personalisation [a, True] is not of type object'),
    );
  });

  it('uses the schema’s own message for UUIDs and https URLs', async () => {
    expect(
      await t.post(
        '/v2/notifications/email',
        email({ template_id: null, one_click_unsubscribe_url: 'http://x.com' }),
      ),
    ).toEqual(
      validation('template_id is not a valid UUID', 'one_click_unsubscribe_url is not a valid https url'),
    );
  });

  it('checks one_click_unsubscribe_url against RFC 3986 (rfc3987), not a browser’s URL parser', async () => {
    for (const url of [
      'https://example.com/un subscribe',
      'https://example.com/désabonner',
      'https://x.com/%zz',
    ]) {
      expect(await t.post('/v2/notifications/email', email({ one_click_unsubscribe_url: url }))).toEqual(
        validation('one_click_unsubscribe_url is not a valid https url'),
      );
    }
    const answer = await t.post('/v2/notifications/email', email({ one_click_unsubscribe_url: 'https://' }));
    expect(answer.status).toBe(201);
  });

  it('refuses unknown fields, naming them in sorted order', async () => {
    expect(await t.post('/v2/notifications/sms', sms({ zebra: 1, colour: 'red' }))).toEqual(
      validation('Additional properties are not allowed (colour, zebra were unexpected)'),
    );
  });

  it('refuses a reference longer than 1,000 characters', async () => {
    const reference = 'r'.repeat(1001);
    expect(await t.post('/v2/notifications/sms', sms({ reference }))).toEqual(
      validation(`reference ${reference} is too long`),
    );
  });

  it('accepts scheduled_for within the next 24 hours and ignores it (scheduled_for: null)', async () => {
    const sent = await t.post('/v2/notifications/sms', sms({ scheduled_for: '2026-03-02T15:00:00' }));
    expect(sent.status).toBe(201);
    expect(sent.body.scheduled_for).toBeNull();
  });

  it('reads scheduled_for as Python 3.13’s fromisoformat: nanoseconds, a basic date, any separator', async () => {
    for (const when of [
      '2026-03-02T15:00:00.123456789Z',
      '2026-03-02T15:00:00.1234567+01:00',
      '20260302T1500',
      '2026-03-02_15:00',
    ]) {
      expect((await t.post('/v2/notifications/sms', sms({ scheduled_for: when }))).status).toBe(201);
    }
    for (const when of ['2026-03-0215:00', '2026-02-30T15:00', '2026-03-02T25:00']) {
      expect((await t.post('/v2/notifications/sms', sms({ scheduled_for: when }))).status).toBe(400);
    }
  });

  it('refuses scheduled_for in the past, beyond 24 hours or not ISO 8601', async () => {
    expect(await t.post('/v2/notifications/sms', sms({ scheduled_for: '2026-03-01T15:00:00' }))).toEqual(
      validation('scheduled_for datetime can not be in the past'),
    );
    expect(await t.post('/v2/notifications/sms', sms({ scheduled_for: '2026-03-04T15:00:00' }))).toEqual(
      validation('scheduled_for datetime can only be 24 hours in the future'),
    );
    expect(await t.post('/v2/notifications/sms', sms({ scheduled_for: 'tomorrow' }))).toEqual(
      validation(
        'scheduled_for datetime format is invalid. It must be a valid ISO8601 date time format, https://en.wikipedia.org/wiki/ISO_8601',
      ),
    );
  });

  it('accepts include_jobs=true or True only', async () => {
    expect((await t.get('/v2/notifications?include_jobs=True')).status).toBe(200);
    expect(await t.get('/v2/notifications?include_jobs=false')).toEqual(
      validation('include_jobs false is not one of [true, True]'),
    );
  });
});

describe('sanitise_content_for', () => {
  const t = serve();

  it('removes links, breaks up accidental ones, escapes markdown, and reports what changed', async () => {
    t.fake.templates.create({
      id: 'c0c0c0c0-0000-4000-8000-000000000001',
      name: 'free text',
      type: 'email',
      subject: 'Hi',
      body: '((comment))',
    });
    const sent = await t.post('/v2/notifications/email', {
      template_id: 'c0c0c0c0-0000-4000-8000-000000000001',
      email_address: 'sam@example.com',
      personalisation: {
        comment: 'see https://evil.example/x or example.com *now*',
        other: 'https://kept.example',
      },
      sanitise_content_for: ['Comment'],
    });
    expect(sent.status).toBe(201);
    expect(sent.body.sanitised_content).toEqual({
      comment: {
        unsanitised: 'see https://evil.example/x or example.com *now*',
        sanitised: 'see  or example\\. com \\*now\\*',
      },
    });
    expect(sent.body.content.body).toBe('see  or example\\. com \\*now\\*');
  });

  it('sends sanitised_content {} when nothing changed', async () => {
    expect((await t.post('/v2/notifications/email', email())).body.sanitised_content).toEqual({});
  });
});

describe('templates', () => {
  const t = serve();

  it('refuses a template of another type, and a deleted template', async () => {
    expect(await t.post('/v2/notifications/sms', sms({ template_id: EMAIL_TEMPLATE }))).toEqual(
      badRequest('email template is not suitable for sms notification'),
    );
    t.fake.templates.archive(SMS_TEMPLATE);
    expect(await t.post('/v2/notifications/sms', sms())).toEqual(badRequest('Template has been deleted'));
  });

  it('refuses an unknown template with 400 (not 404)', async () => {
    expect(
      await t.post('/v2/notifications/sms', sms({ template_id: '11111111-1111-4111-8111-111111111111' })),
    ).toEqual(badRequest('Template not found'));
  });

  it('refuses a text message over 918 characters and an empty message', async () => {
    expect(
      await t.post(
        '/v2/notifications/sms',
        sms({ personalisation: { reference: 'x'.repeat(900), amount: '1' } }),
      ),
    ).toEqual(
      badRequest(
        'Your message is too long. Text messages cannot be longer than 918 characters. Your message is 938 characters long.',
      ),
    );
    t.fake.templates.create({
      id: 'c0c0c0c0-0000-4000-8000-000000000002',
      name: 'blank',
      type: 'sms',
      body: '((text))',
    });
    expect(
      await t.post(
        '/v2/notifications/sms',
        sms({ template_id: 'c0c0c0c0-0000-4000-8000-000000000002', personalisation: { text: ' ' } }),
      ),
    ).toEqual(badRequest('Your message is empty.'));
  });
});

describe('files', () => {
  const t = serve();
  const file = (extra: Record<string, unknown> = {}) => ({
    file: Buffer.from('a,b').toString('base64'),
    ...extra,
  });

  it('refuses a file in a text message', async () => {
    expect(
      await t.post('/v2/notifications/sms', sms({ personalisation: { reference: file(), amount: '1' } })),
    ).toEqual(badRequest('Can only send a file by email'));
  });

  it('checks each file against send_a_file_validation', async () => {
    expect(
      await t.post(
        '/v2/notifications/email',
        email({
          personalisation: {
            ...personalisation,
            documents: file({ filename: 'report', retention_period: '2 months', colour: 1 }),
          },
        }),
      ),
    ).toEqual(
      validation(
        'Additional properties are not allowed (colour was unexpected)',
        'retention_period Unsupported value for retention_period: 2 months. Supported periods are from 1 to 78 weeks.',
        'filename `filename` must end with a file extension. For example, filename.csv',
      ),
    );
  });

  it('refuses a file that is not base64 or over 2MB (document-download-api)', async () => {
    expect(
      await t.post(
        '/v2/notifications/email',
        email({ personalisation: { ...personalisation, documents: { file: 'abc' } } }),
      ),
    ).toEqual(badRequest('Document is not base64 encoded'));
    const big = Buffer.alloc(2 * 1024 * 1024 + 1).toString('base64');
    expect(
      await t.post(
        '/v2/notifications/email',
        email({ personalisation: { ...personalisation, documents: { file: big } } }),
      ),
    ).toEqual(badRequest('Uploaded file exceeds file size limit'));
  });

  it('needs the service’s contact details before sending files', async () => {
    t.fake.settings.update({ contact_link: null });
    const answer = await t.post(
      '/v2/notifications/email',
      email({ personalisation: { ...personalisation, documents: file() } }),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toBe(
      `Send files by email has not been set up - add contact details for your service at https://www.notifications.service.gov.uk/services/${t.fake.serviceId}/service-settings/send-files-by-email`,
    );
  });
});

describe('letters', () => {
  const t = serve();

  it('refuses letters from a team key, and from a live key in trial mode, with 403', async () => {
    expect(await t.post('/v2/notifications/letter', letter(), { key: 'team' })).toEqual(
      badRequest('Cannot send letters with a team api key', 403),
    );
    t.fake.settings.setTrialMode(true);
    expect(await t.post('/v2/notifications/letter', letter())).toEqual(
      badRequest('Cannot send letters when service is in trial mode', 403),
    );
    expect((await t.post('/v2/notifications/letter', letter(), { key: 'test' })).status).toBe(201);
  });

  it('sends abroad only with the international_letters permission', async () => {
    const abroad = letter({
      personalisation: {
        address_line_1: 'A',
        address_line_2: '1 Rue',
        address_line_3: 'France',
        full_name: 'A',
        reference: 'R',
      },
    });
    expect(await t.post('/v2/notifications/letter', abroad)).toEqual(
      validation('Must be a real UK postcode'),
    );
    t.fake.settings.grant('international_letters');
    const sent = await t.post('/v2/notifications/letter', abroad);
    expect(sent.status).toBe(201);
    expect((await t.get(`/v2/notifications/${sent.body.id}`)).body.postage).toBe('europe');
    const nowhere = letter({
      personalisation: {
        address_line_1: 'A',
        address_line_2: 'B',
        address_line_3: 'Atlantis',
        full_name: 'A',
        reference: 'R',
      },
    });
    expect(await t.post('/v2/notifications/letter', nowhere)).toEqual(
      validation('Last line of address must be a real UK postcode or another country'),
    );
  });

  it('reads address_line_1..6 and postcode only, in snake_case; refuses no fixed abode', async () => {
    const withPostcode = letter({
      personalisation: {
        address_line_1: 'A Resident',
        address_line_2: '1 High St',
        postcode: 'SW1A 1AA',
        full_name: 'A',
        reference: 'R',
      },
    });
    const sent = await t.post('/v2/notifications/letter', withPostcode);
    expect(sent.status).toBe(201);
    expect((await t.get(`/v2/notifications/${sent.body.id}`)).body.postcode).toBe('SW1A 1AA');
    const titleCase = letter({
      personalisation: {
        'Address Line 1': 'A',
        'Address Line 2': 'B',
        'Address Line 3': 'SW1A 1AA',
        full_name: 'A',
        reference: 'R',
      },
    });
    expect(await t.post('/v2/notifications/letter', titleCase)).toEqual(
      validation('Address must be at least 3 lines'),
    );
    const nfa = letter({
      personalisation: {
        address_line_1: 'A Resident',
        address_line_2: 'No fixed abode',
        address_line_3: 'SW1A 1AA',
        full_name: 'A',
        reference: 'R',
      },
    });
    expect(await t.post('/v2/notifications/letter', nfa)).toEqual(validation('Must be a real address'));
  });

  it('needs at least 3 address lines', async () => {
    const short = letter({
      personalisation: { address_line_1: 'A', address_line_2: 'SW1A 1AA', full_name: 'A', reference: 'R' },
    });
    expect(await t.post('/v2/notifications/letter', short)).toEqual(
      validation('Address must be at least 3 lines'),
    );
  });
});

describe('precompiled letters', () => {
  const t = serve();

  it('refuses content that is not base64, and accepts any decodable content for the checks to come', async () => {
    expect(await t.post('/v2/notifications/letter', { reference: 'x', content: 'abc' })).toEqual(
      badRequest('Cannot decode letter content (invalid base64 encoding)'),
    );
    const pdf = await t.post('/v2/notifications/letter', {
      reference: 'pdf',
      content: Buffer.from('%PDF-1.4 letter').toString('base64'),
    });
    expect(pdf.body).toEqual({ id: pdf.body.id, reference: 'pdf', postage: 'second' });
    const text = await t.post('/v2/notifications/letter', {
      reference: 'txt',
      content: Buffer.from('hello').toString('base64'),
    });
    expect((await t.get(`/v2/notifications/${text.body.id}`)).body.status).toBe('pending-virus-check');
    await t.fake.advance(pdf.body.id);
    await t.fake.advance(text.body.id);
    expect((await t.get(`/v2/notifications/${pdf.body.id}`)).body.status).toBe('accepted');
    expect((await t.get(`/v2/notifications/${text.body.id}`)).body.status).toBe('validation-failed');
  });

  it('answers the PDF not ready while the virus check runs, and the file as uploaded once it failed validation', async () => {
    const text = await t.post('/v2/notifications/letter', {
      reference: 'txt',
      content: Buffer.from('hello').toString('base64'),
    });
    expect(await t.get(`/v2/notifications/${text.body.id}/pdf`)).toEqual(
      notifyError(400, 'PDFNotReadyError', 'PDF not available yet, try again later'),
    );
    await t.fake.advance(text.body.id);
    const pdf = await t.get(`/v2/notifications/${text.body.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(Buffer.from(pdf.body).toString()).toBe('hello');
  });

  it('refuses a postage other than first, second or economy', async () => {
    expect(
      await t.post('/v2/notifications/letter', { reference: 'x', content: 'JVBERi0=', postage: 'europe' }),
    ).toEqual(validation('postage invalid. It must be either first, second or economy.'));
  });
});

describe('service permissions and senders', () => {
  const t = serve();

  it('refuses a type the service may not send, after the schema check', async () => {
    t.fake.settings.revoke('email');
    expect(await t.post('/v2/notifications/email', email())).toEqual(
      badRequest('Service is not allowed to send emails'),
    );
    expect(await t.post('/v2/notifications/email', email({ email_address: 'nope' }))).toEqual(
      validation('email_address Not a valid email address'),
    );
    t.fake.settings.revoke('sms');
    expect(await t.post('/v2/notifications/sms', sms())).toEqual(
      badRequest('Service is not allowed to send text messages'),
    );
  });

  it('refuses a reply-to or sender id the service does not have', async () => {
    const id = '22222222-2222-4222-8222-222222222222';
    expect(await t.post('/v2/notifications/email', email({ email_reply_to_id: id }))).toEqual(
      badRequest(`email_reply_to_id ${id} does not exist in database for service id ${t.fake.serviceId}`),
    );
    expect(await t.post('/v2/notifications/sms', sms({ sms_sender_id: id }))).toEqual(
      badRequest(`sms_sender_id ${id} does not exist in database for service id ${t.fake.serviceId}`),
    );
  });
});
