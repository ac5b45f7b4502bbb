/**
 * notifications-api `app/delivery/send_to_providers.py` and `app/celery/research_mode_tasks.py` (test keys are
 * simulated: no provider, a status after a few seconds), `app/v2/notifications/post_notifications.py`
 * (test-key letters), and `app/celery/service_callback_tasks.py` (callbacks and their retries).
 */
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { EMAIL_TEMPLATE, LETTER_ADDRESS, LETTER_TEMPLATE, serve, SMS_TEMPLATE } from './http.js';

const TOKEN = 'callback-token-0001';
const received: Array<{ authorization: string | null; body: Record<string, unknown> }> = [];
let answer = 204;
const receiver = http.post('https://council.example/notify/status', async ({ request }) => {
  received.push({
    authorization: request.headers.get('authorization'),
    body: (await request.json()) as Record<string, unknown>,
  });
  return new HttpResponse(null, { status: answer });
});

const email = (email_address: string) => ({
  template_id: EMAIL_TEMPLATE,
  email_address,
  personalisation: { full_name: 'A', reference: 'R', vehicle_registration: 'V', documents: [] },
  reference: `ref-${email_address}`,
});
const sms = (phone_number: string) => ({
  template_id: SMS_TEMPLATE,
  phone_number,
  personalisation: { reference: 'R', amount: '1' },
});

describe('simulated delivery for test keys', () => {
  const t = serve(
    { callbacks: { deliveryStatus: { url: 'https://council.example/notify/status', bearer_token: TOKEN } } },
    [receiver],
  );
  const reset = () => {
    received.length = 0;
    answer = 204;
  };

  const status = async (id: string) => (await t.get(`/v2/notifications/${id}`, { key: 'test' })).body.status;

  it('moves a test-key email to sending, then delivered, by itself, with its callback', async () => {
    reset();
    const { body } = await t.post('/v2/notifications/email', email('sam@example.com'), { key: 'test' });
    expect(await status(body.id)).toBe('created');
    await t.clock.advance(1_000);
    expect(await status(body.id)).toBe('sending');
    await t.clock.advance(2_000);
    await t.fake.settle();
    expect(await status(body.id)).toBe('delivered');
    expect(received).toHaveLength(1);
    expect(received[0]!.authorization).toBe(`Bearer ${TOKEN}`);
    expect(received[0]!.body).toMatchObject({
      id: body.id,
      reference: 'ref-sam@example.com',
      to: 'sam@example.com',
      status: 'delivered',
      notification_type: 'email',
      template_id: EMAIL_TEMPLATE,
      template_version: 1,
    });
  });

  it('fails the simulator recipients: temp-fail@ / perm-fail@simulator.notify, 07700900003 / 07700900002', async () => {
    reset();
    const ids = [
      (await t.post('/v2/notifications/email', email('temp-fail@simulator.notify'), { key: 'test' })).body.id,
      (await t.post('/v2/notifications/email', email('perm-fail@simulator.notify'), { key: 'test' })).body.id,
      (await t.post('/v2/notifications/sms', sms('07700900003'), { key: 'test' })).body.id,
      (await t.post('/v2/notifications/sms', sms('+447700900002'), { key: 'test' })).body.id,
    ];
    await t.clock.advance(10_000);
    await t.fake.settle();
    expect(await Promise.all(ids.map(status))).toEqual([
      'temporary-failure',
      'permanent-failure',
      'temporary-failure',
      'permanent-failure',
    ]);
    expect(received.map((r) => r.body.status)).toEqual([
      'temporary-failure',
      'permanent-failure',
      'temporary-failure',
      'permanent-failure',
    ]);
  });

  it('matches the simulator recipients as stored: a number with a space in its last digits, or a capital, is delivered', async () => {
    reset();
    const ids = [
      (await t.post('/v2/notifications/sms', sms('07700 900003'), { key: 'test' })).body.id,
      (await t.post('/v2/notifications/email', email('Perm-Fail@simulator.notify'), { key: 'test' })).body.id,
      (await t.post('/v2/notifications/email', email(' temp-fail@simulator.notify '), { key: 'test' })).body
        .id,
    ];
    await t.clock.advance(10_000);
    await t.fake.settle();
    expect(await Promise.all(ids.map(status))).toEqual(['delivered', 'delivered', 'temporary-failure']);
  });

  it('leaves live-key notifications to the test (created until advance())', async () => {
    reset();
    const { body } = await t.post('/v2/notifications/sms', sms('07700900123'));
    await t.clock.advance(60_000);
    expect((await t.get(`/v2/notifications/${body.id}`)).body.status).toBe('created');
    await t.fake.advance(body.id, 'delivered');
    expect(received.map((r) => r.body.status)).toEqual(['delivered']);
  });

  it('starts a test-key letter as accepted (sending) and reports it received', async () => {
    reset();
    const { body } = await t.post(
      '/v2/notifications/letter',
      {
        template_id: LETTER_TEMPLATE,
        personalisation: { ...LETTER_ADDRESS, full_name: 'A', reference: 'R' },
      },
      { key: 'test' },
    );
    expect(t.fake.notification(body.id)?.status).toBe('sending');
    expect(await status(body.id)).toBe('accepted');
    await t.clock.advance(10_000);
    expect(await status(body.id)).toBe('received');
  });

  it('never posts a delivery-status callback for a letter, only for emails and text messages', async () => {
    reset();
    const { body } = await t.post('/v2/notifications/letter', {
      template_id: LETTER_TEMPLATE,
      personalisation: { ...LETTER_ADDRESS, full_name: 'A', reference: 'R' },
    });
    await t.fake.advance(body.id, 'delivered');
    await t.fake.advance((await t.post('/v2/notifications/sms', sms('07700900123'))).body.id, 'delivered');
    await t.fake.settle();
    expect(await status(body.id)).toBe('received');
    expect(received.map((r) => r.body.notification_type)).toEqual(['sms']);
  });

  it('carries on simulating a test-key notification restored from a snapshot', async () => {
    reset();
    const { body } = await t.post('/v2/notifications/sms', sms('07700900123'), { key: 'test' });
    const saved = JSON.parse(JSON.stringify(t.fake.snapshot()));
    t.fake.reset();
    t.fake.restore(saved);
    await t.clock.advance(3_000);
    expect(await status(body.id)).toBe('delivered');
  });

  it('retries a callback answered 5xx or 429 five times, 300 s apart; not one answered 4xx', async () => {
    reset();
    answer = 503;
    const { body } = await t.post('/v2/notifications/sms', sms('07700900123'));
    await t.fake.advance(body.id, 'delivered');
    expect(received).toHaveLength(1);
    await t.clock.advance(299_000);
    await t.fake.settle();
    expect(received).toHaveLength(1);
    for (let i = 0; i < 6; i++) {
      await t.clock.advance(300_000);
      await t.fake.settle();
    }
    expect(received).toHaveLength(6); // the first attempt and 5 retries
    expect(t.fake.callbacks.attempts().map((a) => a.status)).toEqual([503, 503, 503, 503, 503, 503]);

    reset();
    answer = 400;
    const second = await t.post('/v2/notifications/sms', sms('07700900123'));
    await t.fake.advance(second.body.id, 'delivered');
    await t.clock.advance(3_600_000);
    expect(received).toHaveLength(1);
  });
});

describe('cost data (notifications-api app/models.py serialize_with_cost_data)', () => {
  const t = serve();

  it('answers cost_details {} and cost_in_pounds null until a text message is on its way, then the cost', async () => {
    const { body } = await t.post('/v2/notifications/sms', sms('07700900123'));
    const before = (await t.get(`/v2/notifications/${body.id}`)).body;
    expect(before).toMatchObject({ is_cost_data_ready: false, cost_in_pounds: null, cost_details: {} });
    expect(Object.keys(before.cost_details)).toEqual([]);
    await t.fake.advance(body.id, 'sending');
    const after = (await t.get(`/v2/notifications/${body.id}`)).body;
    expect(after.is_cost_data_ready).toBe(true);
    expect(after.cost_details).toMatchObject({ billable_sms_fragments: 1, international_rate_multiplier: 1 });
    expect(after.cost_in_pounds).toBeGreaterThan(0);
  });
});
