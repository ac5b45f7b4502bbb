import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_TEMPLATE, LETTER_ADDRESS, LETTER_TEMPLATE, SMS_TEMPLATE, setup } from './helpers.js';
import { listSpecErrors, specErrors } from './spec.js';

const s = setup();
const sent: Array<{ method: string; path: string; body: unknown }> = [];
const received: Array<{ method: string; path: string; status: number; body: unknown }> = [];

let started = 0;
const pending: Promise<unknown>[] = [];
beforeAll(() => {
  s.server.listen({ onUnhandledRequest: 'error' });
  s.server.events.on('request:start', ({ request }) => {
    started++;
    pending.push(
      request
        .clone()
        .text()
        .then((text) => {
          sent.push({
            method: request.method,
            path: new URL(request.url).pathname,
            body: text ? JSON.parse(text) : undefined,
          });
        }),
    );
  });
  s.server.events.on('response:mocked', ({ request, response }) => {
    const type = response.headers.get('content-type') ?? '';
    pending.push(
      (type.includes('json') ? response.clone().json() : Promise.resolve(undefined)).then((body) => {
        received.push({
          method: request.method,
          path: new URL(request.url).pathname,
          status: response.status,
          body,
        });
      }),
    );
  });
});
afterEach(async () => {
  await settle();
  sent.length = 0;
  received.length = 0;
  started = 0;
});
afterAll(() => s.server.close());

const notify = () => s.client();
const lastResponse = () => received.at(-1)!;
const lastRequest = () => sent.at(-1)!;

/** Wait until every request started so far has been recorded with its response (msw emits events async). */
async function settle() {
  for (let i = 0; i < 400 && received.length < started; i++) await new Promise((r) => setTimeout(r, 5));
  await Promise.all(pending);
}

describe('requests the SDK sends validate against the spec', () => {
  it('email (SendEmailRequest)', async () => {
    await notify().emails.send({
      template_id: EMAIL_TEMPLATE,
      email_address: 'amala@example.com',
      personalisation: { full_name: 'A', reference: 'R', vehicle_registration: 'V', documents: ['x'] },
      reference: 'ref-1',
      one_click_unsubscribe_url: 'https://example.com/unsubscribe',
    });
    await settle();
    expect(specErrors('SendEmailRequest', lastRequest().body)).toEqual([]);
  });

  it('sms (SendTextMessageRequest)', async () => {
    await notify().sms.send({
      template_id: SMS_TEMPLATE,
      phone_number: '07700900123',
      personalisation: { reference: 'R', amount: '£5' },
    });
    await settle();
    expect(specErrors('SendTextMessageRequest', lastRequest().body)).toEqual([]);
  });

  it('letter and precompiled letter (SendLetterRequest)', async () => {
    await notify().letters.send({
      template_id: LETTER_TEMPLATE,
      personalisation: { ...LETTER_ADDRESS, full_name: 'A', reference: 'R' },
    });
    await settle();
    expect(specErrors('SendLetterRequest', lastRequest().body)).toEqual([]);
    await notify().letters.sendPrecompiled({
      reference: 'pdf-1',
      pdf: Buffer.from('%PDF-1.4 fake'),
      postage: 'first',
    });
    await settle();
    expect(specErrors('SendLetterRequest', lastRequest().body)).toEqual([]);
  });

  it('template preview (TemplatePreviewRequest)', async () => {
    await notify().templates.preview(SMS_TEMPLATE, { reference: 'R', amount: '1' });
    await settle();
    expect(specErrors('TemplatePreviewRequest', lastRequest().body)).toEqual([]);
  });
});

describe('responses the fake sends validate against the spec', () => {
  it('POST email, sms, letter, precompiled', async () => {
    await notify().emails.send({
      template_id: EMAIL_TEMPLATE,
      email_address: 'amala@example.com',
      personalisation: { full_name: 'A', reference: 'R', vehicle_registration: 'V', documents: ['x'] },
    });
    await settle();
    expect(lastResponse().status).toBe(201);
    expect(specErrors('SendEmailResponse', lastResponse().body)).toEqual([]);
    await notify().sms.send({
      template_id: SMS_TEMPLATE,
      phone_number: '07700900123',
      personalisation: { reference: 'R', amount: '£5' },
    });
    await settle();
    expect(specErrors('SendTextMessageResponse', lastResponse().body)).toEqual([]);
    await notify().letters.send({
      template_id: LETTER_TEMPLATE,
      personalisation: { ...LETTER_ADDRESS, full_name: 'A', reference: 'R' },
    });
    await settle();
    expect(specErrors('SendLetterResponse', lastResponse().body)).toEqual([]);
    await notify().letters.sendPrecompiled({ reference: 'pdf-1', pdf: Buffer.from('%PDF-1.4 fake') });
    await settle();
    expect(specErrors('SendLetterResponse', lastResponse().body)).toEqual([]);
  });

  it('GET notification (every type, before and after delivery) and the list', async () => {
    const email = await notify().emails.send({
      template_id: EMAIL_TEMPLATE,
      email_address: 'amala@example.com',
      personalisation: { full_name: 'A', reference: 'R', vehicle_registration: 'V', documents: ['x'] },
    });
    const sms = await notify().sms.send({
      template_id: SMS_TEMPLATE,
      phone_number: '07700900123',
      personalisation: { reference: 'R', amount: '1' },
    });
    const letter = await notify().letters.send({
      template_id: LETTER_TEMPLATE,
      personalisation: { ...LETTER_ADDRESS, full_name: 'A', reference: 'R' },
    });
    const pre = await notify().letters.sendPrecompiled({
      reference: 'pdf-2',
      pdf: Buffer.from('%PDF-1.4 fake'),
    });
    for (const id of [email.id, sms.id, letter.id, pre.id]) {
      await notify().notifications.get(id);
      await settle();
      expect(specErrors('GetOneMessageResponse', lastResponse().body)).toEqual([]);
      await s.fake.advance(id);
      await s.fake.advance(id);
      await notify().notifications.get(id);
      await settle();
      expect(specErrors('GetOneMessageResponse', lastResponse().body)).toEqual([]);
    }
    await notify().notifications.list().firstPage();
    await settle();
    const list = lastResponse().body as { notifications: unknown[] };
    expect(list.notifications.length).toBeGreaterThanOrEqual(4);
    expect(listSpecErrors(list)).toEqual([]);
  });

  it('templates: get, get version, list, preview', async () => {
    s.fake.templates.update(EMAIL_TEMPLATE, { body: 'Dear ((full_name)) v2' });
    for (const call of [
      () => notify().templates.get(EMAIL_TEMPLATE),
      () => notify().templates.get(EMAIL_TEMPLATE, 1),
      () => notify().templates.get(SMS_TEMPLATE),
      () => notify().templates.get(LETTER_TEMPLATE),
    ]) {
      await call();
      await settle();
      expect(specErrors('TemplateResponse', lastResponse().body)).toEqual([]);
    }
    await notify().templates.list().toArray();
    await settle();
    expect(specErrors('TemplatesResponse', lastResponse().body)).toEqual([]);
    await notify().templates.preview(EMAIL_TEMPLATE, {
      full_name: 'A',
      reference: 'R',
      vehicle_registration: 'V',
      documents: [],
    });
    await settle();
    expect(specErrors('TemplatePreviewResponse', lastResponse().body)).toEqual([]);
  });

  it('received text messages', async () => {
    await s.fake.receivedTexts.add({ user_number: '07700900111', content: 'Hello' });
    await notify().receivedTexts.list().firstPage();
    await settle();
    expect(specErrors('GetReceivedTextMessagesResponse', lastResponse().body)).toEqual([]);
  });

  it('error bodies: validation, auth, not found, rate limit', async () => {
    await notify()
      .notifications.get('00000000-0000-4000-8000-000000000000')
      .catch(() => undefined);
    await settle();
    expect(lastResponse().status).toBe(404);
    expect(specErrors('GetMessageNoResultFoundError', lastResponse().body)).toEqual([]);
    await notify()
      .sms.send({ template_id: SMS_TEMPLATE, phone_number: 'not a number' })
      .catch(() => undefined);
    await settle();
    expect(lastResponse().status).toBe(400);
    expect(specErrors('SendNotificaitonRequestError', lastResponse().body)).toEqual([]);
    const bad = s.client('live', { apiKey: `x-${s.fake.serviceId}-00000000-0000-4000-8000-000000000000` });
    await bad.templates
      .list()
      .toArray()
      .catch(() => undefined);
    await settle();
    expect(lastResponse().status).toBe(403);
    expect(specErrors('AuthError', lastResponse().body)).toEqual([]);
    s.fake.inject({ type: 'status', status: 429, times: 3 });
    await notify()
      .templates.list()
      .toArray()
      .catch(() => undefined);
    await settle();
    expect(lastResponse().status).toBe(429);
    expect(specErrors('LimitError', lastResponse().body)).toEqual([]);
  });

  it('callbacks the fake posts (delivery status for email/sms, returned letter)', async () => {
    const posted: Array<{ kind: string; body: Record<string, unknown> }> = [];
    s.server.use(
      http.post('https://council.example/cb/:kind', async ({ request, params }) => {
        posted.push({ kind: String(params.kind), body: (await request.json()) as Record<string, unknown> });
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const endpoint = (kind: string) => ({
      url: `https://council.example/cb/${kind}`,
      bearer_token: 'token-0123456789',
    });
    s.fake.callbacks.configure({ deliveryStatus: endpoint('status'), returnedLetter: endpoint('returned') });
    const email = await notify().emails.send({
      template_id: EMAIL_TEMPLATE,
      email_address: 'amala@example.com',
      personalisation: { full_name: 'A', reference: 'R', vehicle_registration: 'V', documents: [] },
    });
    const sms = await notify().sms.send({
      template_id: SMS_TEMPLATE,
      phone_number: '07700900123',
      personalisation: { reference: 'R', amount: '1' },
    });
    const letter = await notify().letters.send({
      template_id: LETTER_TEMPLATE,
      personalisation: { ...LETTER_ADDRESS, full_name: 'A', reference: 'R' },
    });
    await s.fake.advance(email.id, 'delivered');
    await s.fake.advance(sms.id, 'permanent-failure');
    await s.fake.callbacks.returnLetter(letter.id);
    await s.fake.callbacks.settle();
    expect(posted.map((p) => p.kind)).toEqual(['status', 'status', 'returned']);
    expect(specErrors('EmailCallbackRequest', posted[0]!.body)).toEqual([]);
    expect(specErrors('SmsCallbackRequest', posted[1]!.body)).toEqual([]);
    expect(specErrors('LetterCallbackRequest', posted[2]!.body)).toEqual([]);
    expect(Object.keys(posted[0]!.body).sort()).toEqual(
      [
        'completed_at',
        'created_at',
        'id',
        'notification_type',
        'reference',
        'sent_at',
        'status',
        'template_id',
        'template_version',
        'to',
      ].sort(),
    );
  });

  it('rejects a body that breaks the spec (the validator can fail)', () => {
    expect(specErrors('SendEmailResponse', { id: 5, content: 'x' })).not.toEqual([]);
    expect(specErrors('GetOneMessageResponse', { id: 'x', type: 'sms', status: 'flying' })).not.toEqual([]);
  });
});
