import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../src/index.js';
import { EMAIL_TEMPLATE, LETTER_ADDRESS, LETTER_TEMPLATE, SMS_TEMPLATE, setup } from './helpers.js';

const s = setup();
const urls: string[] = [];
beforeAll(() => {
  s.server.listen({ onUnhandledRequest: 'error' });
  s.server.events.on('request:start', ({ request }) => {
    urls.push(request.url);
  });
});
afterEach(() => {
  s.fake.reset();
  urls.length = 0;
});
afterAll(() => s.server.close());

const notify = () => s.client();
const sms = (i: number, reference = `ref-${i}`) =>
  notify().sms.send({
    template_id: SMS_TEMPLATE,
    phone_number: '07700900123',
    personalisation: { reference: `R${i}`, amount: '1' },
    reference,
  });

describe('notifications.get', () => {
  it('returns the notification with cost data', async () => {
    const { id } = await sms(1);
    await s.fake.advance(id);
    await s.fake.advance(id);
    const n = await notify().notifications.get(id);
    expect(n).toMatchObject({
      id,
      type: 'sms',
      status: 'delivered',
      phone_number: '07700900123',
      body: 'Application R1 received. Amount paid: 1.',
      is_cost_data_ready: true,
      cost_details: { billable_sms_fragments: 1, international_rate_multiplier: 1 },
    });
    expect(n.completed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('404 NoResultFound for an unknown id; ValidationError before sending for a non-UUID', async () => {
    const error = await notify()
      .notifications.get('5e0b2ea6-7b2a-4c1c-9a52-1a0f5a3b1c2d')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: 'NoResultFound', message: 'No result found' });
    await expect(notify().notifications.get('../templates')).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('notifications.list', () => {
  it('pages lazily by older_than, 250 at a time, newest first', async () => {
    for (let i = 0; i < 600; i++) await sms(i);
    urls.length = 0;
    const list = notify().notifications.list({ template_type: 'sms' });
    const seen: string[] = [];
    for await (const n of list) {
      seen.push(n.reference!);
      if (seen.length === 10) break;
    }
    expect(urls).toHaveLength(1); // stopping early fetched nothing more
    expect(seen[0]).toBe('ref-599');
    urls.length = 0;
    const all = await notify().notifications.list({ template_type: 'sms' }).toArray();
    expect(all).toHaveLength(600);
    expect(new Set(all.map((n) => n.id)).size).toBe(600);
    expect(all.at(-1)!.reference).toBe('ref-0');
    expect(urls).toHaveLength(4); // 250 + 250 + 100 + the empty page that ends it
    expect(new URL(urls[1]!).searchParams.get('older_than')).toBe(all[249]!.id);
    const pages = [];
    for await (const page of notify().notifications.list().pages()) pages.push(page.items.length);
    expect(pages).toEqual([250, 250, 100, 0]);
  });

  it('filters by several statuses and template types, and by reference', async () => {
    const a = await sms(1);
    const b = await sms(2);
    const c = await sms(3);
    const e = await notify().emails.send({
      template_id: EMAIL_TEMPLATE,
      email_address: 'x@example.com',
      personalisation: { full_name: 'A', reference: 'R', vehicle_registration: 'V', documents: [] },
    });
    const l = await notify().letters.send({
      template_id: LETTER_TEMPLATE,
      personalisation: { ...LETTER_ADDRESS, full_name: 'A', reference: 'R' },
    });
    await s.fake.advance(a.id, 'delivered');
    await s.fake.advance(b.id, 'permanent-failure');
    const statuses = await notify()
      .notifications.list({ status: ['delivered', 'permanent-failure'] })
      .toArray();
    expect(statuses.map((n) => n.id).sort()).toEqual([a.id, b.id].sort());
    const failed = await notify().notifications.list({ status: 'failed' }).toArray();
    expect(failed.map((n) => n.id)).toEqual([b.id]);
    const types = await notify()
      .notifications.list({ template_type: ['email', 'letter'], include_jobs: true })
      .toArray();
    expect(types.map((n) => n.id)).toEqual([l.id, e.id]);
    // `accepted` is the status column's created or sending, whatever the type (Notification.substitute_status)
    const accepted = await notify().notifications.list({ status: 'accepted' }).toArray();
    expect(accepted.map((n) => n.id)).toEqual([l.id, e.id, c.id]);
    const byRef = await notify().notifications.list({ reference: 'ref-3' }).toArray();
    expect(byRef.map((n) => n.reference)).toEqual(['ref-3']);
    const older = await notify().notifications.list({ older_than: b.id }).toArray();
    expect(older.map((n) => n.id)).toEqual([a.id]);
  });

  it('each key type sees only its own notifications', async () => {
    await sms(1);
    await s.client('test').sms.send({
      template_id: SMS_TEMPLATE,
      phone_number: '07700900003',
      personalisation: { reference: 'T', amount: '1' },
    });
    expect(await notify().notifications.list().toArray()).toHaveLength(1);
    const test = await s.client('test').notifications.list().toArray();
    expect(test.map((n) => n.phone_number)).toEqual(['07700900003']);
  });

  it('the fake refuses unknown statuses with Notify’s message', async () => {
    expect(() => notify().notifications.list({ status: ['elephant' as never] })).toThrow(ValidationError);
    const { NotifyClient: Official } = await import('notifications-node-client');
    const error = await new Official(s.fake.baseUrl, s.fake.apiKeys.live)
      .getNotifications(undefined, 'elephant')
      .catch((e: unknown) => e);
    expect((error as { response: { status: number } }).response.status).toBe(400);
    expect((error as { response: { data: { errors: unknown[] } } }).response.data.errors[0]).toEqual({
      error: 'ValidationError',
      // the published example keeps the quotes; the server strips every quote from jsonschema's message
      // (notifications-api app/schema_validation/__init__.py __format_message)
      message:
        'status elephant is not one of [cancelled, created, sending, sent, delivered, pending, failed, technical-failure, temporary-failure, permanent-failure, pending-virus-check, validation-failed, virus-scan-failed, returned-letter, accepted, received]',
    });
  });
});

describe('templates', () => {
  it('get (latest and by version), list by type', async () => {
    s.fake.templates.update(EMAIL_TEMPLATE, { subject: 'New subject ((reference))' });
    const latest = await notify().templates.get(EMAIL_TEMPLATE);
    expect(latest).toMatchObject({
      id: EMAIL_TEMPLATE,
      version: 2,
      type: 'email',
      subject: 'New subject ((reference))',
    });
    expect(latest.personalisation).toMatchObject({
      reference: { required: true },
      full_name: { required: true },
    });
    expect(latest.updated_at).not.toBeNull();
    const v1 = await notify().templates.get(EMAIL_TEMPLATE, 1);
    expect(v1).toMatchObject({
      version: 1,
      subject: 'Parking permit application ((reference))',
      updated_at: null,
    });
    await expect(notify().templates.get(EMAIL_TEMPLATE, 3)).rejects.toBeInstanceOf(NotFoundError);
    await expect(notify().templates.get(EMAIL_TEMPLATE, 0)).rejects.toBeInstanceOf(ValidationError);
    expect((await notify().templates.list().toArray()).map((t) => t.type).sort()).toEqual([
      'email',
      'letter',
      'sms',
    ]);
    expect((await notify().templates.list({ type: 'letter' }).toArray()).map((t) => t.id)).toEqual([
      LETTER_TEMPLATE,
    ]);
    expect(() => notify().templates.list({ type: 'pigeon' as never })).toThrow(ValidationError);
  });

  it('a new send uses the latest version', async () => {
    s.fake.templates.update(SMS_TEMPLATE, { body: 'v2 ((reference)) ((amount))' });
    const res = await sms(1);
    expect(res.template.version).toBe(2);
    expect(res.content.body).toBe('v2 R1 1');
  });

  it('preview renders without sending; missing personalisation is a 400', async () => {
    const preview = await notify().templates.preview(EMAIL_TEMPLATE, {
      full_name: 'Amala',
      reference: 'P-1',
      vehicle_registration: 'AB12',
      documents: ['one'],
    });
    expect(preview).toMatchObject({
      id: EMAIL_TEMPLATE,
      type: 'email',
      version: 1,
      subject: 'Parking permit application P-1',
    });
    expect(preview.html).toContain('<li>one</li>');
    expect(s.fake.inbox()).toHaveLength(0);
    const error = await notify()
      .templates.preview(SMS_TEMPLATE)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, message: 'Missing personalisation: reference, amount' });
  });
});

describe('receivedTexts.list', () => {
  it('lists texts newest first, paging lazily', async () => {
    for (let i = 0; i < 260; i++)
      await s.fake.receivedTexts.add({ user_number: '07700900111', content: `msg ${i}` });
    const texts = await notify().receivedTexts.list().toArray();
    expect(texts).toHaveLength(260);
    expect(texts[0]).toMatchObject({
      content: 'msg 259',
      user_number: '447700900111',
      notify_number: '07700900456',
      service_id: s.fake.serviceId,
    });
    const older = await notify().receivedTexts.list({ older_than: texts[1]!.id }).toArray();
    expect(older[0]!.content).toBe('msg 257');
  });
});
