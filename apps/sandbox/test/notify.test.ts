import { type NotifyClient, verifyCallbackToken } from '@council-sdk/notify';
import type { NotifyFake } from '@council-sdk/notify/testing';
import { DEFAULT_PERSONAS } from '@council-sdk/one-login/testing';
// The official client (CommonJS): what a council migrating to council-sdk already uses.
import { NotifyClient as OfficialNotifyClient } from 'notifications-node-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_IDS, startSandbox } from '../src/index.js';
import { clientsFor, postForm, sandboxWithReceiver, startReceiver } from './helpers.js';

// manual delivery: these tests read statuses before and after moving them by hand
const stack = sandboxWithReceiver({ notify: { delivery: 'manual' } });
let notify: NotifyClient;
const fake = () => stack.sandbox.fakes.notify as NotifyFake;

const permit = {
  full_name: 'Sam Jones',
  reference: 'PP-2026-0001',
  vehicle_registration: 'AB12 CDE',
  permit_length: '12 months',
  amount: '£80.00',
};

beforeAll(async () => {
  notify = clientsFor(stack.sandbox).notify;
});

describe('Notify through the sandbox', () => {
  it('sends the permit email with the seeded template, rendered with its personalisation', async () => {
    const sent = await notify.emails.send({
      template_id: stack.sandbox.env['NOTIFY_TEMPLATE_PERMIT_EMAIL']!,
      email_address: 'sam@example.com',
      personalisation: permit,
      reference: 'permit-1',
    });
    expect(sent.content.subject).toBe('Parking permit application PP-2026-0001');
    expect(sent.content.body).toContain('Dear Sam Jones,');
    const got = await notify.notifications.get(sent.id);
    expect(got.status).toBe('created');
    expect(got.email_address).toBe('sam@example.com');
  });

  it('sends the permit text message', async () => {
    const sent = await notify.sms.send({
      template_id: stack.sandbox.env['NOTIFY_TEMPLATE_PERMIT_SMS']!,
      phone_number: '07700900123',
      personalisation: { reference: 'PP-1', amount: '£80.00' },
    });
    expect(sent.content.body).toBe('Parking permit application PP-1 received. Amount paid: £80.00.');
  });

  it("a text to any One Login persona's phone number reaches the inbox (no persona uses Notify's smoke-test numbers)", async () => {
    for (const persona of DEFAULT_PERSONAS.filter((p) => p.phone_number)) {
      await notify.sms.send({
        template_id: stack.sandbox.env['NOTIFY_TEMPLATE_PERMIT_SMS']!,
        phone_number: persona.phone_number!,
        personalisation: { reference: 'PP-1', amount: '£80.00' },
      });
      expect(
        fake()
          .inbox({ type: 'sms' })
          .map((m) => m.to),
      ).toContain(persona.phone_number);
    }
  });

  it('"Unsubscribe" on the inbox makes the mail client\'s one-click POST to the email\'s URL and says how it went', async () => {
    // Notify takes only https unsubscribe URLs; nothing listens on this one, so the attempt fails and says so.
    const url = 'https://127.0.0.1:1/unsubscribe?token=abc';
    const sent = await notify.emails.send({
      template_id: stack.sandbox.env['NOTIFY_TEMPLATE_PERMIT_EMAIL']!,
      email_address: 'sam@example.com',
      personalisation: permit,
      one_click_unsubscribe_url: url,
    });
    const res = await postForm(`${stack.sandbox.url}/dashboard/notify/${sent.id}/unsubscribe`, {});
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.headers.get('location') ?? '').replaceAll('+', ' ')).toContain(
      `Unsubscribe request sent to ${url}: failed`,
    );
    expect(fake().deliveries.attempts({ kind: 'one-click-unsubscribe' })).toMatchObject([
      { url, delivered: false },
    ]);
  });

  it("answers a request without a valid token with Notify's 403 AuthError body", async () => {
    const res = await fetch(`${stack.sandbox.env['NOTIFY_BASE_URL']}/v2/notifications/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-jwt' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { status_code: number; errors: { error: string }[] };
    expect(body.status_code).toBe(403);
    expect(body.errors[0]!.error).toBe('AuthError');
  });

  it('works with the official notifications-node-client', async () => {
    const official = new OfficialNotifyClient(
      stack.sandbox.env['NOTIFY_BASE_URL']!,
      stack.sandbox.env['NOTIFY_API_KEY']!,
    );
    const res = await official.sendEmail(DEFAULT_IDS.templateFormsAckEmail, 'resident@example.com', {
      personalisation: { reference: 'ABCD2345', form_name: 'Report a missed bin collection' },
      reference: 'ack-1',
    });
    expect(res.status).toBe(201);
    expect(res.data.content.subject).toBe('We have received your report ABCD2345');
    const byId = await official.getNotificationById(res.data.id);
    expect(byId.data.reference).toBe('ack-1');
    const template = await official.getTemplateById(DEFAULT_IDS.templatePermitSms);
    expect(template.data.type).toBe('sms');
    const list = await official.getNotifications('email');
    expect(list.data.notifications.map((n: { id: string }) => n.id)).toContain(res.data.id);
  });

  it('shows every message in the inbox, and "Delivered" fires the delivery-status callback', async () => {
    const sent = await notify.emails.send({
      template_id: stack.sandbox.env['NOTIFY_TEMPLATE_PERMIT_EMAIL']!,
      email_address: 'sam@example.com',
      personalisation: permit,
    });
    const inbox = await (await fetch(`${stack.sandbox.url}/dashboard/notify`)).text();
    expect(inbox).toContain('Parking permit application PP-2026-0001');
    expect(inbox).toContain('AB12 CDE');
    expect(inbox).toContain(`data-id="${sent.id}"`);

    const res = await postForm(`${stack.sandbox.url}/dashboard/notify/${sent.id}/status`, {
      status: 'delivered',
    });
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get('location')!, stack.sandbox.url).searchParams.get('flash')).toContain(
      'HTTP 200',
    );
    const callback = await stack.app.waitFor((r) => r.path === '/callbacks/notify/status');
    expect(
      verifyCallbackToken(callback.headers.authorization, stack.sandbox.env['NOTIFY_CALLBACK_TOKEN']!),
    ).toBe(true);
    expect(JSON.parse(callback.body)).toMatchObject({
      id: sent.id,
      status: 'delivered',
      notification_type: 'email',
    });
    expect((await notify.notifications.get(sent.id)).status).toBe('delivered');
  });

  it('a text "received" on the inbox page is listed by receivedTexts.list', async () => {
    const res = await postForm(`${stack.sandbox.url}/dashboard/notify/received-texts`, {
      user_number: '07700900555',
      content: 'STOP permit reminders',
    });
    expect(res.status).toBe(303);
    const texts = await notify.receivedTexts.list().toArray();
    expect(texts.map((t) => t.content)).toContain('STOP permit reminders');
    const page = await (await fetch(`${stack.sandbox.url}/dashboard/notify`)).text();
    expect(page).toContain('STOP permit reminders');
  });

  it('"Permanent failure" moves the message and reports it in the callback', async () => {
    const sent = await notify.sms.send({
      template_id: stack.sandbox.env['NOTIFY_TEMPLATE_PERMIT_SMS']!,
      phone_number: '07700900123',
      personalisation: { reference: 'PP-2', amount: '£1.00' },
    });
    await postForm(`${stack.sandbox.url}/dashboard/notify/${sent.id}/status`, {
      status: 'permanent-failure',
    });
    const callback = await stack.app.waitFor((r) => r.path === '/callbacks/notify/status');
    expect(JSON.parse(callback.body)).toMatchObject({ id: sent.id, status: 'permanent-failure' });
    expect(fake().notification(sent.id)?.status).toBe('permanent-failure');
  });
});

describe('Notify with immediate delivery (config notify.delivery)', () => {
  it('delivers at once and sends the callback without anyone pressing a button', async () => {
    const receiver = await startReceiver();
    const immediate = await startSandbox({
      port: 0,
      appBaseUrl: receiver.url,
      config: { notify: { delivery: 'immediate' } },
    });
    try {
      const client = clientsFor(immediate).notify;
      const sent = await client.sms.send({
        template_id: immediate.env['NOTIFY_TEMPLATE_PERMIT_SMS']!,
        phone_number: '07700900123',
        personalisation: { reference: 'PP-3', amount: '£2.00' },
      });
      const callback = await receiver.waitFor((r) => r.path === '/callbacks/notify/status');
      expect(JSON.parse(callback.body)).toMatchObject({ id: sent.id, status: 'delivered' });
    } finally {
      await immediate.close();
      await receiver.close();
    }
  });
});

describe('Notify out of the box (simulated delivery, the default)', () => {
  it('a live-key message reaches delivered by itself on the clock, with its callback, as on Notify', async () => {
    const receiver = await startReceiver();
    const sandbox = await startSandbox({ port: 0, appBaseUrl: receiver.url });
    try {
      const notifyFake = sandbox.fakes.notify as NotifyFake;
      notifyFake.clock.freeze();
      const client = clientsFor(sandbox).notify;
      const sent = await client.sms.send({
        template_id: sandbox.env['NOTIFY_TEMPLATE_PERMIT_SMS']!,
        phone_number: '07700900123',
        personalisation: { reference: 'PP-4', amount: '£2.00' },
      });
      expect(notifyFake.notification(sent.id)?.status).toBe('created');
      await notifyFake.clock.advance(10_000);
      expect(notifyFake.notification(sent.id)?.status).toBe('delivered');
      const callback = await receiver.waitFor((r) => r.path === '/callbacks/notify/status');
      expect(JSON.parse(callback.body)).toMatchObject({ id: sent.id, status: 'delivered' });
    } finally {
      await sandbox.close();
      await receiver.close();
    }
  });
});
