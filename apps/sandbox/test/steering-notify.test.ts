import type { NotifyClient } from '@council-sdk/notify';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientsFor, sandboxWithReceiver } from './helpers.js';
import { fieldsOf, steering } from './steering.js';

// manual delivery: these tests move statuses themselves, over HTTP
const stack = sandboxWithReceiver({ notify: { delivery: 'manual' } });
let notify: NotifyClient;
let call: ReturnType<typeof steering>;

beforeAll(async () => {
  notify = clientsFor(stack.sandbox).notify;
  call = steering(stack.sandbox);
});

const sendSms = (phone_number: string, reference = 'PP-1') =>
  notify.sms.send({
    template_id: stack.sandbox.env['NOTIFY_TEMPLATE_PERMIT_SMS']!,
    phone_number,
    personalisation: { reference, amount: '£80.00' },
  });
const sendEmail = (email_address: string) =>
  notify.emails.send({
    template_id: stack.sandbox.env['NOTIFY_TEMPLATE_FORMS_ACK_EMAIL']!,
    email_address,
    personalisation: { reference: 'ABCD2345', form_name: 'Report a missed bin collection' },
  });

describe('/__steer/notify: settings and limits', () => {
  it('puts the service in trial mode, after which a live key cannot text someone outside the team', async () => {
    const on = await call('POST', '/__steer/notify/settings', { body: { trial_mode: true } });
    expect(on.status).toBe(200);
    expect(on.body.trial_mode).toBe(true);
    await expect(sendSms('07700900999')).rejects.toThrow();
    expect((await call('GET', '/__steer/notify/settings')).body.trial_mode).toBe(true);
  });

  it('refuses a setting of the wrong type, or an unknown one, naming the field, and changes nothing', async () => {
    const wrong = await call('POST', '/__steer/notify/settings', { body: { trial_mode: 'yes' } });
    expect(wrong.status).toBe(400);
    expect(fieldsOf(wrong)).toEqual(['trial_mode']);
    const typo = await call('POST', '/__steer/notify/settings', { body: { trail_mode: true } });
    expect(typo.status).toBe(400);
    expect(fieldsOf(typo)).toEqual(['trail_mode']);
    expect((await call('GET', '/__steer/notify/settings')).body.trial_mode).toBe(false);
  });

  it('takes away the letter permission; an unknown permission is refused, naming its place in the list', async () => {
    const revoked = await call('POST', '/__steer/notify/settings', {
      body: { permissions: ['email', 'sms'] },
    });
    expect(revoked.body.permissions).toEqual(['email', 'sms']);
    const bad = await call('POST', '/__steer/notify/settings', {
      body: { permissions: ['email', 'letters'] },
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['permissions.1']);
    expect((await call('GET', '/__steer/notify/settings')).body.permissions).toEqual(['email', 'sms']);
  });

  it('sets a daily limit of zero texts: the next text is refused as Notify refuses it (429)', async () => {
    const set = await call('POST', '/__steer/notify/limits', { body: { sms_message_limit: 0 } });
    expect(set.body.sms_message_limit).toBe(0);
    await expect(sendSms('07700900123')).rejects.toMatchObject({ status: 429 });
  });

  it('refuses a negative limit, naming the field, and keeps the old one', async () => {
    const before = (await call('GET', '/__steer/notify/limits')).body;
    const bad = await call('POST', '/__steer/notify/limits', { body: { sms_message_limit: -1 } });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['sms_message_limit']);
    expect((await call('GET', '/__steer/notify/limits')).body).toEqual(before);
  });
});

describe('/__steer/notify: the inbox', () => {
  it('lists messages for one recipient, and the newest one with /inbox/last', async () => {
    await sendSms('07700900123', 'first');
    await sendEmail('sam@example.com');
    await sendSms('07700900123', 'second');
    const texts = await call('GET', '/__steer/notify/inbox', { query: { to: '07700900123' } });
    expect(texts.body.map((m: { body: string }) => m.body)).toEqual([
      'Parking permit application first received. Amount paid: £80.00.',
      'Parking permit application second received. Amount paid: £80.00.',
    ]);
    const emails = await call('GET', '/__steer/notify/inbox', { query: { type: 'email' } });
    expect(emails.body.map((m: { to: string }) => m.to)).toEqual(['sam@example.com']);
    const last = await call('GET', '/__steer/notify/inbox/last', { query: { to: '07700900123' } });
    expect(last.body.body).toContain('second');
  });

  it('answers 404 when a recipient has no message, and 400 for an unknown type filter', async () => {
    expect(
      (await call('GET', '/__steer/notify/inbox/last', { query: { to: 'nobody@example.com' } })).status,
    ).toBe(404);
    const bad = await call('GET', '/__steer/notify/inbox', { query: { type: 'fax' } });
    expect(bad.status).toBe(400);
    expect(bad.body.where).toBe('query');
    expect(fieldsOf(bad)).toEqual(['type']);
  });
});

describe('/__steer/notify: moving messages on', () => {
  it('delivers a message and sends its delivery-status callback to the app', async () => {
    const sent = await sendSms('07700900123');
    const moved = await call('POST', '/__steer/notify/notifications/:id/status', {
      params: { id: sent.id },
      body: { status: 'delivered' },
    });
    expect(moved.body.status).toBe('delivered');
    expect((await notify.notifications.get(sent.id)).status).toBe('delivered');
    const callback = await stack.app.waitFor((r) => r.path === '/callbacks/notify/status');
    expect(JSON.parse(callback.body)).toMatchObject({ id: sent.id, status: 'delivered' });
    const log = await call('GET', '/__steer/notify/callbacks');
    expect(log.body).toEqual([expect.objectContaining({ kind: 'delivery-status', status: 200, attempt: 1 })]);
  });

  it('moves a message one natural step without a status', async () => {
    const sent = await sendSms('07700900123');
    const step = await call('POST', '/__steer/notify/notifications/:id/status', { params: { id: sent.id } });
    expect(step.body.status).toBe('sending');
  });

  it('refuses an unknown status (naming the field) and an unknown notification, leaving it as it was', async () => {
    const sent = await sendSms('07700900123');
    const bad = await call('POST', '/__steer/notify/notifications/:id/status', {
      params: { id: sent.id },
      body: { status: 'done' },
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['status']);
    expect((await notify.notifications.get(sent.id)).status).toBe('created');
    const missing = await call('POST', '/__steer/notify/notifications/:id/status', {
      params: { id: '00000000-0000-4000-8000-000000000000' },
      body: { status: 'delivered' },
    });
    expect(missing.status).toBe(404);
  });

  it('delivers everything at once', async () => {
    await sendSms('07700900123');
    await sendEmail('sam@example.com');
    expect((await call('POST', '/__steer/notify/notifications/deliver-all')).body).toEqual({ moved: 2 });
    const inbox = await call('GET', '/__steer/notify/inbox');
    expect(inbox.body.map((m: { status: string }) => m.status)).toEqual(['delivered', 'delivered']);
  });

  it('refuses to return an email as if it were a letter (409), or to complain about a text', async () => {
    const email = await sendEmail('sam@example.com');
    const sms = await sendSms('07700900123');
    const letter = await call('POST', '/__steer/notify/letters/:id/return', { params: { id: email.id } });
    expect(letter.status).toBe(409);
    expect(letter.body.message).toContain('is not a letter');
    const complaint = await call('POST', '/__steer/notify/emails/:id/complaint', { params: { id: sms.id } });
    expect(complaint.status).toBe(409);
  });

  it('records a complaint about an email', async () => {
    const email = await sendEmail('sam@example.com');
    const complaint = await call('POST', '/__steer/notify/emails/:id/complaint', {
      params: { id: email.id },
    });
    expect(complaint.body).toEqual({ complained: email.id });
  });
});

describe('/__steer/notify: received texts and the clock', () => {
  it('receives a text from a resident', async () => {
    const got = await call('POST', '/__steer/notify/received-texts', {
      body: { user_number: '07700900123', content: 'STOP' },
    });
    expect(got.status).toBe(201);
    expect(got.body.content).toBe('STOP');
    const list = await call('GET', '/__steer/notify/received-texts');
    expect(list.body.map((t: { content: string }) => t.content)).toEqual(['STOP']);
  });

  it('refuses a received text without content, naming the field', async () => {
    const bad = await call('POST', '/__steer/notify/received-texts', {
      body: { user_number: '07700900123' },
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['content']);
    expect((await call('GET', '/__steer/notify/received-texts')).body).toEqual([]);
  });

  it('moves the clock on, and refuses a negative step', async () => {
    const before = Date.parse((await call('GET', '/__steer/notify/clock')).body.now);
    const after = await call('POST', '/__steer/notify/clock/advance', { body: { ms: 3_600_000 } });
    expect(Date.parse(after.body.now) - before).toBeGreaterThanOrEqual(3_600_000);
    const bad = await call('POST', '/__steer/notify/clock/advance', { body: { ms: -1 } });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['ms']);
  });
});
