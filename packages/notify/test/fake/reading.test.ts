/**
 * Reading lists over raw HTTP: notifications-api `app/v2/notifications/get_notifications.py` (get_notifications and
 * its `_build_links`), `app/v2/inbound_sms/get_inbound_sms.py`, `app/v2/templates/get_templates.py` and
 * `app/dao/templates_dao.py` (dao_get_all_templates_for_service); links are written by Flask's `url_for`
 * (werkzeug `_urlencode`).
 */
import { describe, expect, it } from 'vitest';
import { LETTER_ADDRESS, LETTER_TEMPLATE, serve, SMS_TEMPLATE } from './http.js';

describe('GET /v2/notifications links', () => {
  const t = serve();
  const send = (reference: string) =>
    t.post('/v2/notifications/sms', {
      template_id: SMS_TEMPLATE,
      phone_number: '07700900123',
      reference,
      personalisation: { reference: 'R', amount: '1' },
    });

  it('writes the validated query: statuses together, one older_than and reference, as url_for encodes them', async () => {
    const first = await send('a b/c');
    await send('a b/c');
    const list = await t.get(
      `/v2/notifications?status=created&reference=a+b%2Fc&template_type=sms&status=sending&reference=other`,
    );
    expect(list.body.notifications).toHaveLength(2);
    const base = `${t.fake.baseUrl}/v2/notifications`;
    expect(list.body.links.current).toBe(
      `${base}?status=created&status=sending&reference=a+b/c&template_type=sms`,
    );
    expect(list.body.links.next).toBe(
      `${base}?status=created&status=sending&reference=a+b/c&template_type=sms&older_than=${first.body.id}`,
    );
  });

  it('keeps older_than where it was in the query when it writes the next link', async () => {
    const first = await send('r');
    const second = await send('r');
    const third = await send('r');
    const list = await t.get(`/v2/notifications?older_than=${third.body.id}&template_type=sms`);
    expect(list.body.notifications.map((n: { id: string }) => n.id)).toEqual([second.body.id, first.body.id]);
    expect(list.body.links.next).toBe(
      `${t.fake.baseUrl}/v2/notifications?older_than=${first.body.id}&template_type=sms`,
    );
  });

  it('filters accepted as created or sending and received as delivered, for every type', async () => {
    const sms = await send('r');
    const letter = await t.post('/v2/notifications/letter', {
      template_id: LETTER_TEMPLATE,
      personalisation: { ...LETTER_ADDRESS, full_name: 'A', reference: 'R' },
    });
    const ids = async (status: string) =>
      (await t.get(`/v2/notifications?status=${status}`)).body.notifications.map((n: { id: string }) => n.id);
    expect(await ids('accepted')).toEqual([letter.body.id, sms.body.id]);
    await t.fake.advance(sms.body.id, 'delivered');
    await t.fake.advance(letter.body.id, 'delivered');
    expect(await ids('received')).toEqual([letter.body.id, sms.body.id]);
  });

  it('reports a letter as accepted only while created or sending (get_letter_status)', async () => {
    const letter = await t.post('/v2/notifications/letter', {
      template_id: LETTER_TEMPLATE,
      personalisation: { ...LETTER_ADDRESS, full_name: 'A', reference: 'R' },
    });
    expect((await t.get(`/v2/notifications/${letter.body.id}`)).body.status).toBe('accepted');
    await t.fake.advance(letter.body.id, 'sent');
    expect((await t.get(`/v2/notifications/${letter.body.id}`)).body.status).toBe('sent');
  });

  it('names every unexpected query parameter in one message, after the other checks', async () => {
    expect(await t.get('/v2/notifications?zebra=1&status=lost&apple=2&zebra=3')).toEqual({
      status: 400,
      body: {
        status_code: 400,
        errors: [
          {
            error: 'ValidationError',
            message:
              'status lost is not one of [cancelled, created, sending, sent, delivered, pending, failed, technical-failure, temporary-failure, permanent-failure, pending-virus-check, validation-failed, virus-scan-failed, returned-letter, accepted, received]',
          },
          {
            error: 'ValidationError',
            message: 'Additional properties are not allowed (apple, zebra were unexpected)',
          },
        ],
      },
    });
  });
});

describe('GET /v2/received-text-messages', () => {
  const t = serve();

  it('answers current as the bare URL whatever the query, and next with older_than only', async () => {
    const older = await t.fake.receivedTexts.add({ user_number: '447700900111', content: 'one' });
    const newer = await t.fake.receivedTexts.add({ user_number: '447700900111', content: 'two' });
    const page = await t.get(`/v2/received-text-messages?older_than=${newer.id}`);
    expect(page.body.received_text_messages.map((r: { id: string }) => r.id)).toEqual([older.id]);
    expect(page.body.links).toEqual({
      current: `${t.fake.baseUrl}/v2/received-text-messages`,
      next: `${t.fake.baseUrl}/v2/received-text-messages?older_than=${older.id}`,
    });
  });

  it('checks older_than first, then names every unexpected parameter in one message', async () => {
    expect(await t.get('/v2/received-text-messages?b=1&older_than=x&a=2')).toEqual({
      status: 400,
      body: {
        status_code: 400,
        errors: [
          { error: 'ValidationError', message: 'older_than is not a valid UUID' },
          {
            error: 'ValidationError',
            message: 'Additional properties are not allowed (a, b were unexpected)',
          },
        ],
      },
    });
  });
});

describe('GET /v2/templates', () => {
  const t = serve();

  it('lists templates by name, then type', async () => {
    t.fake.templates.create({ name: 'apple', type: 'sms', body: 'x' });
    t.fake.templates.create({ name: 'Apple', type: 'email', subject: 's', body: 'x' });
    t.fake.templates.create({ name: 'Banana', type: 'sms', body: 'x' });
    t.fake.templates.create({ name: 'Banana', type: 'letter', subject: 's', body: 'x' });
    const list = await t.get('/v2/templates');
    const names = list.body.templates.map((x: { name: string; type: string }) => `${x.name}/${x.type}`);
    expect(names.slice(0, 4)).toEqual(['apple/sms', 'Apple/email', 'Banana/letter', 'Banana/sms']);
  });

  it('checks the type first, then names every unexpected parameter in one message', async () => {
    expect(await t.get('/v2/templates?y=1&type=pigeon&x=2')).toEqual({
      status: 400,
      body: {
        status_code: 400,
        errors: [
          { error: 'ValidationError', message: 'type pigeon is not one of [sms, email, letter]' },
          {
            error: 'ValidationError',
            message: 'Additional properties are not allowed (x, y were unexpected)',
          },
        ],
      },
    });
  });
});
