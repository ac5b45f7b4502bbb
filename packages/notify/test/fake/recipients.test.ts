/**
 * notifications-utils `recipient_validation/email_address.py`, `phone_number.py` and `errors.py`; notifications-api
 * `app/schema_validation/__init__.py` (the formats) and `app/notifications/validators.py`
 * (validate_and_format_recipient, service_can_send_to_recipient).
 */
import { describe, expect, it } from 'vitest';
import { EMAIL_TEMPLATE, notifyError, serve, SMS_TEMPLATE } from './http.js';

const emailBody = (email_address: unknown) => ({
  template_id: EMAIL_TEMPLATE,
  email_address,
  personalisation: { full_name: 'A', reference: 'R', vehicle_registration: 'V', documents: [] },
});
const smsBody = (phone_number: unknown) => ({
  template_id: SMS_TEMPLATE,
  phone_number,
  personalisation: { reference: 'R', amount: '1' },
});
const invalid = (message: string) => notifyError(400, 'ValidationError', message);

describe('email addresses', () => {
  const t = serve();

  it.each([
    ['consecutive dots in the local part', 'sam..jones@example.com'],
    ['consecutive dots in the domain', 'sam@example..com'],
    ['an underscore in the domain', 'sam@my_council.gov.uk'],
    ['a leading hyphen in a domain label', 'sam@-council.gov.uk'],
    ['a trailing hyphen in a domain label', 'sam@council-.gov.uk'],
    ['a digit in the top-level domain', 'sam@example.c0m'],
    ['a one-letter top-level domain', 'sam@example.c'],
    ['no dot in the domain', 'sam@localhost'],
    ['a double quote', '"sam"@example.com'],
    ['a space inside', 'sam jones@example.com'],
    ['a local part over 320 characters in all', `${'a'.repeat(310)}@example.com`],
  ])('refuses %s: "email_address Not a valid email address"', async (_why, address) => {
    expect(await t.post('/v2/notifications/email', emailBody(address))).toEqual(
      invalid('email_address Not a valid email address'),
    );
  });

  it.each([
    ['an apostrophe', "o'brien@example.com"],
    ['plus addressing', 'sam+permits@example.com'],
    ['a unicode domain (IDNA)', 'sam@exämple.com'],
    ['a punycode top-level domain', 'sam@example.xn--p1ai'],
    ['surrounding whitespace and a zero-width space', ' sam@exa\u200bmple.com '],
  ])('accepts %s', async (_why, address) => {
    expect((await t.post('/v2/notifications/email', emailBody(address))).status).toBe(201);
  });
});

describe('phone numbers', () => {
  const t = serve();

  it.each([
    ['letters', '07700 9OO123', 'phone_number Must not contain letters or symbols'],
    ['too few digits', '07123', 'phone_number Not enough digits'],
    ['too many digits', '07700900123456', 'phone_number Too many digits'],
    [
      'a number no one can have (freephone is not a mobile or landline)',
      '0800 123 4567',
      'phone_number Number is not valid – double check the phone number you entered',
    ],
    // ALL_WHITESPACE is ASCII whitespace, the zero-width kinds and two no-break spaces: an em space is a symbol
    ['an em space', '07700\u2003900123', 'phone_number Must not contain letters or symbols'],
  ])('refuses %s', async (_why, phone, message) => {
    expect(await t.post('/v2/notifications/sms', smsBody(phone))).toEqual(invalid(message));
  });

  it.each([
    ['spaces and a +44', '+44 7700 900123'],
    ['0044', '0044 7700 900123'],
    ['a stray leading 0 and a +', '0+447700900123'],
    ['Ofcom drama numbers (invalid for libphonenumber)', '07700 900456'],
    ['a no-break space and a zero-width space', '07700\u00a0900123\u200b'],
    ['a stray + and a zero-width space (SanitiseASCII drops it)', '+07700\u200b900123'],
  ])('accepts a UK mobile with %s', async (_why, phone) => {
    expect((await t.post('/v2/notifications/sms', smsBody(phone))).status).toBe(201);
  });

  it('refuses a UK landline without the sms_to_uk_landlines permission, as an InvalidPhoneError', async () => {
    expect(await t.post('/v2/notifications/sms', smsBody('020 7946 0000'))).toEqual(
      notifyError(400, 'InvalidPhoneError', 'Not a UK mobile number'),
    );
    t.fake.settings.grant('sms_to_uk_landlines');
    expect((await t.post('/v2/notifications/sms', smsBody('020 7946 0000'))).status).toBe(201);
  });

  it('refuses an international number without the international_sms permission', async () => {
    expect(await t.post('/v2/notifications/sms', smsBody('+33 6 12 34 56 78'))).toEqual(
      notifyError(400, 'BadRequestError', 'Cannot send to international mobile numbers'),
    );
    t.fake.settings.grant('international_sms');
    const sent = await t.post('/v2/notifications/sms', smsBody('+33 6 12 34 56 78'));
    expect(sent.status).toBe(201);
    await t.fake.advance(sent.body.id, 'sending'); // the cost is known once it is on its way
    const read = await t.get(`/v2/notifications/${sent.body.id}`);
    expect(read.body.cost_details.international_rate_multiplier).toBeGreaterThan(1);
  });

  it('treats crown dependencies (+44 Isle of Man, Jersey) as UK numbers that need no permission', async () => {
    expect((await t.post('/v2/notifications/sms', smsBody('07624 123456'))).status).toBe(201);
  });

  it('refuses a country Notify does not send to (no billing rate), whatever the permissions', async () => {
    t.fake.settings.grant('international_sms');
    expect(await t.post('/v2/notifications/sms', smsBody('+290 51234'))).toEqual(
      invalid('phone_number Not a valid country prefix'),
    );
  });

  it('bills an international text at its country’s rate multiplier; a crown dependency is international at +44’s', async () => {
    t.fake.settings.grant('international_sms');
    const multiplier = async (phone: string) => {
      const sent = await t.post('/v2/notifications/sms', smsBody(phone));
      // update_notification_to_sending: an international text is `sent`, not `sending`
      await t.fake.advance(sent.body.id);
      const read = (await t.get(`/v2/notifications/${sent.body.id}`)).body;
      return [read.status, read.cost_details.international_rate_multiplier];
    };
    expect(await multiplier('+49 1512 3456789')).toEqual(['sent', 5]);
    expect(await multiplier('+1 242 359 1234')).toEqual(['sent', 3]);
    expect(await multiplier('+1 202 555 0123')).toEqual(['sent', 1]);
    expect(await multiplier('+44 7797 123456')).toEqual(['sent', 2]);
    expect(await multiplier('07700 900123')).toEqual(['sending', 1]);
  });
});

describe('who a key may send to', () => {
  const t = serve();

  it('a team key sends only to team members and the guest list', async () => {
    expect(await t.post('/v2/notifications/sms', smsBody('07700900123'), { key: 'team' })).toEqual(
      notifyError(400, 'BadRequestError', 'Can’t send to this recipient using a team-only API key'),
    );
    // compared in their normalised form: +44 7700 900123 is 07700900123
    t.fake.settings.addTeamRecipient('+44 7700 900123');
    expect((await t.post('/v2/notifications/sms', smsBody('07700900123'), { key: 'team' })).status).toBe(201);
  });

  it('a live key on a service in trial mode too, with the trial-mode message', async () => {
    t.fake.settings.setTrialMode(true);
    expect(await t.post('/v2/notifications/email', emailBody('someone@example.com'))).toEqual(
      notifyError(
        400,
        'BadRequestError',
        'Can’t send to this recipient when service is in trial mode – see https://www.notifications.service.gov.uk/trial-mode',
      ),
    );
    expect(
      (await t.post('/v2/notifications/email', emailBody('someone@example.com'), { key: 'test' })).status,
    ).toBe(201);
  });

  it('answers 201 for the smoke-test recipients but never stores them', async () => {
    const sent = await t.post('/v2/notifications/sms', smsBody('07700 900 111'));
    expect(sent.status).toBe(201);
    expect((await t.get(`/v2/notifications/${sent.body.id}`)).status).toBe(404);
    expect(t.fake.inbox()).toEqual([]);
  });
});
