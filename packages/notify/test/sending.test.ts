import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, PermissionDeniedError, ValidationError } from '../src/index.js';
import { EMAIL_TEMPLATE, LETTER_ADDRESS, LETTER_TEMPLATE, SMS_TEMPLATE, setup } from './helpers.js';

const s = setup({ service: { team_recipients: ['team.member@council.gov.uk', '07700900999'] } });
let requests = 0;
beforeAll(() => {
  s.server.listen({ onUnhandledRequest: 'error' });
  s.server.events.on('request:start', () => {
    requests++;
  });
});
afterEach(() => {
  s.fake.reset();
  requests = 0;
});
afterAll(() => s.server.close());

const emailPersonalisation = {
  full_name: 'Amala',
  reference: 'P-1',
  vehicle_registration: 'AB12 CDE',
  documents: ['passport', 'bill'],
};
const notify = () => s.client();

describe('emails.send', () => {
  it('sends, renders subject and body with personalisation (lists as bullets, conditionals)', async () => {
    // a conditional placeholder needs its value too: Notify refuses the send without it
    const conditional = s.fake.templates.create({
      name: 'Parking permit email, visitor',
      type: 'email',
      subject: 'Parking permit application ((reference))',
      body: 'Please bring:\r\n((documents))\r\n\r\n((extra??You asked for a visitor permit.))',
    });
    const res = await notify().emails.send({
      template_id: conditional.id,
      email_address: 'amala@example.com',
      personalisation: { ...emailPersonalisation, extra: 'yes' },
      reference: 'your reference',
      email_reply_to_id: s.fake.settings.get().email_reply_to_ids[0]!,
      one_click_unsubscribe_url: 'https://example.com/unsubscribe?x=1',
    });
    expect(res).toMatchObject({
      reference: 'your reference',
      template: { id: conditional.id, version: 1 },
      content: {
        subject: 'Parking permit application P-1',
        one_click_unsubscribe_url: 'https://example.com/unsubscribe?x=1',
      },
      scheduled_for: null,
    });
    expect(res.content.body).toContain('* passport\n* bill');
    expect(res.content.body).toContain('You asked for a visitor permit.');
    expect(res.uri).toBe(`${s.fake.baseUrl}/v2/notifications/${res.id}`);
    expect(s.fake.inbox()).toHaveLength(1);
  });

  it('sanitise_content_for escapes links in those values (the spec’s example)', async () => {
    const evil = 'Amala, now [click this evil link](https://evil.link)';
    const res = await notify().emails.send({
      template_id: EMAIL_TEMPLATE,
      email_address: 'amala@example.com',
      personalisation: { ...emailPersonalisation, full_name: evil },
      sanitise_content_for: ['full_name'],
    });
    const clean = 'Amala, now \\[click this evil link\\]\\(\\)';
    expect(res.sanitised_content).toEqual({ full_name: { unsanitised: evil, sanitised: clean } });
    expect(res.content.body).toContain(`Dear ${clean}`);
  });

  it('refuses an http (not https) unsubscribe URL before sending', async () => {
    await expect(
      notify().emails.send({
        template_id: EMAIL_TEMPLATE,
        email_address: 'a@example.com',
        one_click_unsubscribe_url: 'http://example.com/u',
      }),
    ).rejects.toMatchObject({ issues: [{ path: 'one_click_unsubscribe_url' }] });
    expect(requests).toBe(0);
  });

  it('refuses unknown fields and bad ids before sending, naming every field', async () => {
    const error = await notify()
      .emails.send({ template_id: 'abc', email_address: 'a@example.com', colour: 'red' } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues.map((i) => i.path)).toContain('template_id');
    expect(JSON.stringify(issues)).toContain('colour');
    expect(requests).toBe(0);
  });

  it('Missing personalisation -> 400 BadRequestError with Notify’s errors[] kept', async () => {
    const error = await notify()
      .emails.send({
        template_id: EMAIL_TEMPLATE,
        email_address: 'a@example.com',
        personalisation: { full_name: 'A' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({
      status: 400,
      code: 'BadRequestError',
      message: 'Missing personalisation: reference, vehicle_registration, documents',
      errors: [
        {
          error: 'BadRequestError',
          message: 'Missing personalisation: reference, vehicle_registration, documents',
        },
      ],
    });
  });

  it('Template not found is a 400 on send (not 404)', async () => {
    const error = await notify()
      .emails.send({ template_id: '11111111-1111-4111-8111-111111111111', email_address: 'a@example.com' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as Error).message).toBe('Template not found');
  });

  it('a template of another type is refused', async () => {
    const error = await notify()
      .emails.send({ template_id: SMS_TEMPLATE, email_address: 'a@example.com' })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe('sms template is not suitable for email notification');
  });

  it('an unknown email_reply_to_id is refused by the service', async () => {
    const id = '22222222-2222-4222-8222-222222222222';
    const error = await notify()
      .emails.send({
        template_id: EMAIL_TEMPLATE,
        email_address: 'a@example.com',
        personalisation: emailPersonalisation,
        email_reply_to_id: id,
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `email_reply_to_id ${id} does not exist in database for service id ${s.fake.serviceId}`,
    );
  });

  it('the fake refuses an invalid address with Notify’s message', async () => {
    const error = await notify()
      .emails.send({
        template_id: EMAIL_TEMPLATE,
        email_address: 'not an email',
        personalisation: emailPersonalisation,
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 400,
      errors: [{ error: 'ValidationError', message: 'email_address Not a valid email address' }],
    });
  });

  it('a team key sends only to team members and the guest list', async () => {
    const team = s.client('team');
    await team.emails.send({
      template_id: EMAIL_TEMPLATE,
      email_address: 'Team.Member@council.gov.uk',
      personalisation: emailPersonalisation,
    });
    const error = await team.emails
      .send({
        template_id: EMAIL_TEMPLATE,
        email_address: 'someone@example.com',
        personalisation: emailPersonalisation,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as Error).message).toBe('Can’t send to this recipient using a team-only API key');
  });

  it('trial mode restricts a live key to the team too', async () => {
    s.fake.settings.setTrialMode(true);
    const error = await notify()
      .emails.send({
        template_id: EMAIL_TEMPLATE,
        email_address: 'someone@example.com',
        personalisation: emailPersonalisation,
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'Can’t send to this recipient when service is in trial mode – see https://www.notifications.service.gov.uk/trial-mode',
    );
  });

  it('smoke-test addresses are accepted but never stored', async () => {
    const res = await notify().emails.send({
      template_id: EMAIL_TEMPLATE,
      email_address: 'simulate-delivered@notifications.service.gov.uk',
      personalisation: emailPersonalisation,
    });
    expect(res.id).toMatch(/^[0-9a-f-]{36}$/);
    await expect(notify().notifications.get(res.id)).rejects.toMatchObject({ status: 404 });
  });
});

describe('sms.send', () => {
  it('sends with the service’s sender and a chosen sms_sender_id', async () => {
    const res = await notify().sms.send({
      template_id: SMS_TEMPLATE,
      phone_number: '+44 7700 900123',
      personalisation: { reference: 'R1', amount: '£25.00' },
      sms_sender_id: s.fake.settings.get().sms_sender_ids[0]!,
      reference: 'sms-ref',
    });
    expect(res.content).toEqual({
      from_number: 'GOVUK',
      body: 'Application R1 received. Amount paid: £25.00.',
    });
    expect(s.fake.lastMessage()?.to).toBe('+44 7700 900123');
  });

  it.each([
    ['07123', 'phone_number Not enough digits'],
    ['07700900123456', 'phone_number Too many digits'],
    ['07700 9OO123', 'phone_number Must not contain letters or symbols'],
  ])('refuses %s with "%s"', async (phone, message) => {
    const error = await notify()
      .sms.send({
        template_id: SMS_TEMPLATE,
        phone_number: phone,
        personalisation: { reference: 'R', amount: '1' },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, errors: [{ error: 'ValidationError', message }] });
  });

  it('refuses a UK landline without the sms_to_uk_landlines permission (InvalidPhoneError)', async () => {
    const error = await notify()
      .sms.send({
        template_id: SMS_TEMPLATE,
        phone_number: '02079460000',
        personalisation: { reference: 'R', amount: '1' },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 400,
      errors: [{ error: 'InvalidPhoneError', message: 'Not a UK mobile number' }],
    });
  });

  it('international numbers need the service permission', async () => {
    const error = await notify()
      .sms.send({
        template_id: SMS_TEMPLATE,
        phone_number: '+33 6 12 34 56 78',
        personalisation: { reference: 'R', amount: '1' },
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe('Cannot send to international mobile numbers');
    s.fake.settings.grant('international_sms');
    await expect(
      notify().sms.send({
        template_id: SMS_TEMPLATE,
        phone_number: '+33 6 12 34 56 78',
        personalisation: { reference: 'R', amount: '1' },
      }),
    ).resolves.toMatchObject({ content: { from_number: 'GOVUK' } });
  });

  it('refuses a message longer than 918 characters', async () => {
    const error = await notify()
      .sms.send({
        template_id: SMS_TEMPLATE,
        phone_number: '07700900123',
        personalisation: { reference: 'x'.repeat(900), amount: '1' },
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^Your message is too long\. Text messages cannot be longer than 918 characters\. Your message is \d+ characters long\.$/,
    );
  });
});

describe('letters', () => {
  it('send: line_1.. and postcode come back as sent in the personalisation (a postcode on line 4 stays there)', async () => {
    const res = await notify().letters.send({
      template_id: LETTER_TEMPLATE,
      personalisation: { ...LETTER_ADDRESS, full_name: 'Amala', reference: 'L-1' },
      reference: 'letter-ref',
    });
    expect(res.content).toEqual({
      subject: 'Your permit L-1',
      body: 'Dear Amala\r\n\r\nYour permit is enclosed.',
    });
    const n = await notify().notifications.get(res.id);
    expect(n).toMatchObject({
      type: 'letter',
      status: 'accepted',
      line_1: 'A Resident',
      line_3: 'Anytown',
      line_4: 'SW1A 1AA',
      postcode: null,
      postage: 'second',
    });
    expect(n.estimated_delivery).toMatch(/Z$/);
  });

  it('refuses fewer than 3 address lines before sending', async () => {
    const error = await notify()
      .letters.send({
        template_id: LETTER_TEMPLATE,
        personalisation: { address_line_1: 'A', address_line_2: 'B' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(requests).toBe(0);
  });

  it('the fake refuses a last line that is neither a postcode nor a country', async () => {
    const error = await notify()
      .letters.send({
        template_id: LETTER_TEMPLATE,
        personalisation: {
          address_line_1: 'A',
          address_line_2: 'B',
          address_line_3: 'Nowhere land',
          full_name: 'A',
          reference: 'R',
        },
      })
      .catch((e: unknown) => e);
    // without the international_letters permission Notify does not mention countries
    expect((error as Error).message).toBe('Must be a real UK postcode');
  });

  it('a team key cannot send letters (403 BadRequestError)', async () => {
    const error = await s
      .client('team')
      .letters.send({
        template_id: LETTER_TEMPLATE,
        personalisation: { ...LETTER_ADDRESS, full_name: 'A', reference: 'R' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({
      status: 403,
      code: 'BadRequestError',
      message: 'Cannot send letters with a team api key',
    });
  });

  it('sendPrecompiled: base64 PDF, postage; PDF not ready until the virus check passes', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%fake letter\n');
    const res = await notify().letters.sendPrecompiled({ reference: 'pre-1', pdf, postage: 'first' });
    expect(res).toMatchObject({ reference: 'pre-1', postage: 'first' });
    const early = await notify()
      .letters.getPdf(res.id)
      .catch((e: unknown) => e);
    expect(early).toBeInstanceOf(BadRequestError);
    expect(early).toMatchObject({
      code: 'PDFNotReadyError',
      message: 'PDF not available yet, try again later',
    });
    await s.fake.advance(res.id);
    expect(Buffer.from(await notify().letters.getPdf(res.id)).equals(pdf)).toBe(true);
    expect((await notify().notifications.get(res.id)).status).toBe('accepted');
  });

  it('sendPrecompiled refuses a bad postage or an empty/oversized PDF before sending', async () => {
    await expect(
      notify().letters.sendPrecompiled({
        reference: 'x',
        pdf: Buffer.from('%PDF'),
        postage: 'europe' as never,
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      notify().letters.sendPrecompiled({ reference: 'x', pdf: new Uint8Array(0) }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      notify().letters.sendPrecompiled({ reference: 'x', pdf: new Uint8Array(5 * 1024 * 1024 + 1) }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(requests).toBe(0);
  });

  it('the fake accepts content that is not a PDF, which then fails its checks (validation-failed)', async () => {
    // Notify only decodes the base64 when it accepts the letter; the sanitise step rejects it afterwards
    const sent = await notify().letters.sendPrecompiled({ reference: 'x', pdf: Buffer.from('hello') });
    await s.fake.advance(sent.id);
    expect((await notify().notifications.get(sent.id)).status).toBe('validation-failed');
  });

  it('getPdf of a template letter is a PDF; of an email it is refused', async () => {
    const letter = await notify().letters.send({
      template_id: LETTER_TEMPLATE,
      personalisation: { ...LETTER_ADDRESS, full_name: 'A', reference: 'R' },
    });
    const bytes = await notify().letters.getPdf(letter.id);
    expect(Buffer.from(bytes).subarray(0, 5).toString()).toBe('%PDF-');
    const email = await notify().emails.send({
      template_id: EMAIL_TEMPLATE,
      email_address: 'a@example.com',
      personalisation: emailPersonalisation,
    });
    const error = await notify()
      .letters.getPdf(email.id)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, message: 'Notification is not a letter' });
  });
});
