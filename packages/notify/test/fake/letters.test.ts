/**
 * Letter addresses over raw HTTP: notifications-utils `recipient_validation/postal_address.py` (PostalAddress) and
 * `countries/` (Country, postage zones, UK postcode areas); notifications-api `app/notifications/validators.py`
 * (validate_address) and `app/models.py` (Notification.serialize: the address lines as sent).
 */
import { describe, expect, it } from 'vitest';
import { LETTER_TEMPLATE, notifyError, serve } from './http.js';

const validation = (message: string) => notifyError(400, 'ValidationError', message);
const letter = (address: Record<string, unknown>) => ({
  template_id: LETTER_TEMPLATE,
  personalisation: { ...address, full_name: 'A', reference: 'R' },
});

describe('letter addresses', () => {
  const t = serve();
  const send = (address: Record<string, unknown>) => t.post('/v2/notifications/letter', letter(address));

  it('knows every country of the register, by its other names too, with its postage zone', async () => {
    t.fake.settings.grant('international_letters');
    const postage = async (country: string) => {
      const sent = await send({ address_line_1: 'A', address_line_2: '1 Calle', address_line_3: country });
      expect(sent.status).toBe(201);
      return (await t.get(`/v2/notifications/${sent.body.id}`)).body.postage;
    };
    expect(await postage('Mexico')).toBe('rest-of-world');
    expect(await postage('République française')).toBe('europe');
    expect(await postage('Holland')).toBe('europe');
    expect(await postage('Bahamas')).toBe('rest-of-world'); // found as "the Bahamas"
    expect(await postage('Yr Ariannin')).toBe('rest-of-world');
  });

  it('checks a postcode against the UK postcode areas', async () => {
    expect(await send({ address_line_1: 'A', address_line_2: '1 Road', address_line_3: 'QQ1 1AA' })).toEqual(
      validation('Must be a real UK postcode'),
    );
    expect(
      (await send({ address_line_1: 'A', address_line_2: '1 Road', address_line_3: 'sw1a1aa' })).status,
    ).toBe(201);
  });

  it('takes a BFPO number instead of a postcode, but not with a country', async () => {
    expect(
      (await send({ address_line_1: 'Sgt A', address_line_2: 'Unit 1', address_line_3: 'BFPO 123' })).status,
    ).toBe(201);
    t.fake.settings.grant('international_letters');
    expect(
      await send({
        address_line_1: 'Sgt A',
        address_line_2: 'Unit 1',
        address_line_3: 'BFPO 123',
        address_line_4: 'Germany',
      }),
    ).toEqual(validation('The last line of a BFPO address must not be a country.'));
  });

  it('reads a trailing UK country name as no country at all', async () => {
    const sent = await send({
      address_line_1: 'A',
      address_line_2: '1 Road',
      address_line_3: 'SW1A 1AA',
      address_line_4: 'Cymru',
    });
    expect(sent.status).toBe(201);
    expect((await t.get(`/v2/notifications/${sent.body.id}`)).body.postage).toBe('second');
  });

  it('answers line_1.. and postcode as they were sent, not normalised', async () => {
    const sent = await send({
      address_line_1: '  A  Resident ',
      address_line_2: '1 High Street',
      address_line_3: 'Anytown',
      postcode: 'sw1a1aa',
    });
    const read = (await t.get(`/v2/notifications/${sent.body.id}`)).body;
    expect(read).toMatchObject({
      line_1: '  A  Resident ',
      line_3: 'Anytown',
      line_4: null,
      postcode: 'sw1a1aa',
    });
  });
});
