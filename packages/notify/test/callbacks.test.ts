import fc from 'fast-check';
import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CallbackAuthenticationError,
  CallbackPayloadError,
  CouncilSdkError,
  callbacks,
  constructCallbackEvent,
  constructEvent,
  NotifyClient,
  parseApiKey,
  parseCallback,
  ValidationError,
  verifyCallbackToken,
} from '../src/index.js';
import { EMAIL_TEMPLATE, LETTER_ADDRESS, LETTER_TEMPLATE, SMS_TEMPLATE, setup } from './helpers.js';

const TOKEN = 'callback-token-0123456789';
const delivery = {
  id: '201b576e-c09b-467b-9dfa-9c3b689ee730',
  reference: 'your reference',
  to: 'amala@example.com',
  status: 'delivered',
  created_at: '2023-09-16T16:50:09.090424Z',
  completed_at: '2023-09-16T16:50:10.042907Z',
  sent_at: '2023-09-16T16:50:09.219763Z',
  notification_type: 'email',
  template_id: '9d751e0e-f929-4891-82a1-a3e1c3c18ee3',
  template_version: 1,
};
const receivedText = {
  id: 'b51f638b-4295-46e0-a06e-cd41eee7c33b',
  source_number: '447700900111',
  destination_number: '07700900456',
  message: 'Hello',
  date_received: '2024-12-12T18:39:16.123346Z',
};
const returnedLetter = {
  notification_id: '3d1ce039-5476-414c-99b2-fac1e6add62c',
  reference: 'ref',
  date_sent: '2023-09-16T16:50:09.090424Z',
  sent_by: 'hello@gov.uk',
  template_name: 'Letter',
  template_id: '64415853-cb86-4cc4-b597-2aaa94ef8c39',
  template_version: 1,
  spreadsheet_file_name: null,
  spreadsheet_row_number: null,
  upload_letter_file_name: null,
};
const complaint = {
  notification_id: '201b576e-c09b-467b-9dfa-9c3b689ee730',
  complaint_id: 'c2a7a5f3-54a9-4b9e-bb9a-3b8f8f1a8a11',
  reference: null,
  to: 'amala@example.com',
  complaint_date: '2023-09-16T16:50:09.090424Z',
};

describe('verifying and parsing callbacks', () => {
  it('verifies the bearer token in constant time (any case of the scheme)', () => {
    expect(verifyCallbackToken(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(verifyCallbackToken(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(verifyCallbackToken(`Bearer ${TOKEN}x`, TOKEN)).toBe(false);
    expect(verifyCallbackToken(TOKEN, TOKEN)).toBe(false);
    expect(verifyCallbackToken(undefined, TOKEN)).toBe(false);
    expect(() => verifyCallbackToken(`Bearer short`, 'short')).toThrow(CallbackAuthenticationError);
  });

  it.each([
    ['delivery-status', delivery],
    ['received-text', receivedText],
    ['returned-letter', returnedLetter],
    ['complaint', complaint],
  ] as const)('parses a %s payload (string, Buffer or parsed object)', (type, payload) => {
    const raw = JSON.stringify(payload);
    for (const body of [raw, Buffer.from(raw), payload]) {
      const event = constructCallbackEvent(body, { authorization: `Bearer ${TOKEN}`, bearerToken: TOKEN });
      expect(event).toEqual({ type, data: payload });
    }
  });

  it('refuses a wrong token before looking at the body', () => {
    expect(() =>
      constructCallbackEvent('not json', { authorization: 'Bearer wrong-token-123', bearerToken: TOKEN }),
    ).toThrow(CallbackAuthenticationError);
  });

  it('refuses a body of the wrong shape, naming the fields but not echoing values', () => {
    let error: unknown;
    try {
      parseCallback(
        JSON.stringify({ ...delivery, template_version: 'one', to: 'secret-person@example.com' }),
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CallbackPayloadError);
    expect((error as CallbackPayloadError).issues.map((i) => i.path)).toEqual(['template_version']);
    expect(JSON.stringify(error)).not.toContain('secret-person');
  });

  it('can require a kind (Notify posts each kind to its own URL)', () => {
    expect(() => parseCallback(JSON.stringify(receivedText), 'delivery-status')).toThrow(
      CallbackPayloadError,
    );
  });
});

describe('property: parsers only ever throw typed errors', () => {
  const typed = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof CouncilSdkError)) throw e;
    }
  };

  it('parseCallback / constructCallbackEvent on arbitrary input', () => {
    const kinds = fc.constantFrom(
      undefined,
      'delivery-status',
      'received-text',
      'returned-letter',
      'complaint',
      'nonsense',
    );
    const bodies = fc.oneof(
      fc.string(),
      fc.json(),
      fc.jsonValue(),
      fc.anything(),
      fc.uint8Array(),
      fc.record({
        id: fc.anything(),
        status: fc.anything(),
        notification_id: fc.anything(),
        date_sent: fc.anything(),
      }),
      fc.constantFrom(JSON.stringify(delivery), '{"__proto__":{"x":1}}', '{"constructor":{}}', 'null', '[]'),
    );
    fc.assert(
      fc.property(bodies, kinds, fc.option(fc.string()), fc.string(), (body, kind, auth, token) => {
        typed(() => parseCallback(body, kind as never));
        typed(() =>
          constructCallbackEvent(body, { authorization: auth, bearerToken: token, kind: kind as never }),
        );
        typed(() => constructCallbackEvent(body, { authorization: `Bearer ${TOKEN}`, bearerToken: TOKEN }));
      }),
      { numRuns: 2000 },
    );
  });

  it('parseApiKey on arbitrary input: a ValidationError or a well-formed key', () => {
    const uuid = fc.uuid();
    const keys = fc.oneof(
      fc.anything(),
      fc.string(),
      fc.tuple(fc.string(), uuid, uuid).map(([n, a, b]) => `${n}-${a}-${b}`),
      fc.tuple(fc.string(), fc.string({ minLength: 73, maxLength: 80 })).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(keys, (key) => {
        try {
          const parsed = parseApiKey(key);
          expect(parsed.secret).toMatch(/^[0-9a-f-]{36}$/i);
          expect(parsed.serviceId).toMatch(/^[0-9a-f-]{36}$/i);
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('the fake posts callbacks like Notify', () => {
  const CALLBACK_URL = 'https://council.example/callbacks/notify/status';
  const INBOUND_URL = 'https://council.example/callbacks/notify/inbound';
  const s = setup({
    callbacks: {
      deliveryStatus: { url: CALLBACK_URL, bearer_token: TOKEN },
      receivedText: { url: INBOUND_URL, bearer_token: TOKEN },
      returnedLetter: { url: 'https://council.example/callbacks/notify/returned', bearer_token: TOKEN },
      complaint: { url: 'https://council.example/callbacks/notify/complaint', bearer_token: TOKEN },
      retryDelayMs: 5,
    },
  });
  const received: Array<{ url: string; event: unknown }> = [];
  let failNext = 0;
  beforeAll(() => {
    s.server.listen({ onUnhandledRequest: 'error' });
  });
  afterEach(() => {
    s.fake.reset();
    received.length = 0;
    failNext = 0;
  });
  afterAll(() => s.server.close());
  s.server.use(
    http.post('https://council.example/callbacks/notify/:kind', async ({ request }) => {
      if (failNext > 0) {
        failNext--;
        return new HttpResponse(null, { status: 503 });
      }
      try {
        const event = constructCallbackEvent(await request.text(), {
          authorization: request.headers.get('authorization'),
          bearerToken: TOKEN,
        });
        received.push({ url: request.url, event });
        return new HttpResponse(null, { status: 204 });
      } catch {
        return new HttpResponse(null, { status: 401 });
      }
    }),
  );

  it('sends a delivery-status callback when a status becomes final (test-key simulator recipients fail)', async () => {
    const test = s.client('test');
    const ok = await test.emails.send({
      template_id: EMAIL_TEMPLATE,
      email_address: 'amala@example.com',
      personalisation: { full_name: 'A', reference: 'R', vehicle_registration: 'V', documents: [] },
      reference: 'cb-1',
    });
    const fail = await test.sms.send({
      template_id: SMS_TEMPLATE,
      phone_number: '07700900002',
      personalisation: { reference: 'R', amount: '1' },
    });
    const temp = await test.emails.send({
      template_id: EMAIL_TEMPLATE,
      email_address: 'temp-fail@simulator.notify',
      personalisation: { full_name: 'A', reference: 'R', vehicle_registration: 'V', documents: [] },
    });
    expect(await s.fake.deliverAll()).toBe(3);
    await s.fake.callbacks.settle();
    const events = received.map(
      (r) => r.event as { type: string; data: { id: string; status: string; reference: string | null } },
    );
    expect(events.map((e) => e.type)).toEqual(['delivery-status', 'delivery-status', 'delivery-status']);
    const statusOf = (id: string) => events.find((e) => e.data.id === id)?.data.status;
    expect([statusOf(ok.id), statusOf(fail.id), statusOf(temp.id)]).toEqual([
      'delivered',
      'permanent-failure',
      'temporary-failure',
    ]);
    expect(events.find((e) => e.data.id === ok.id)?.data.reference).toBe('cb-1');
    expect((await test.notifications.get(fail.id)).status).toBe('permanent-failure');
  });

  it('retries on a 5xx with the (compressed) retry delay, up to 5 times', async () => {
    const { id } = await s.client().sms.send({
      template_id: SMS_TEMPLATE,
      phone_number: '07700900123',
      personalisation: { reference: 'R', amount: '1' },
    });
    failNext = 2;
    await s.fake.advance(id, 'delivered');
    await s.fake.callbacks.settle();
    expect(s.fake.callbacks.attempts().map((a) => a.status)).toEqual([503, 503, 204]);
    expect(received).toHaveLength(1);
    failNext = 100;
    await s.fake.advance(id, 'delivered');
    await s.fake.callbacks.settle();
    expect(s.fake.callbacks.attempts().slice(3)).toHaveLength(6); // first attempt + 5 retries
  });

  it('advance() resolves after the first attempt; reset() cancels pending retries', async () => {
    s.fake.callbacks.configure({ retryDelayMs: 10 * 60_000 });
    const { id } = await s.client().sms.send({
      template_id: SMS_TEMPLATE,
      phone_number: '07700900123',
      personalisation: { reference: 'R', amount: '1' },
    });
    failNext = 1;
    await s.fake.advance(id, 'delivered');
    expect(s.fake.callbacks.attempts().map((a) => a.status)).toEqual([503]);
    s.fake.reset();
    await s.fake.callbacks.settle(); // would wait 10 minutes if the retry were still pending
    expect(s.fake.callbacks.attempts()).toEqual([]);
    s.fake.callbacks.configure({ retryDelayMs: 5 });
  });

  it('does not retry a 4xx (the receiver refused it)', async () => {
    s.fake.callbacks.configure({ deliveryStatus: { url: CALLBACK_URL, bearer_token: 'another-token-0000' } });
    const { id } = await s.client().sms.send({
      template_id: SMS_TEMPLATE,
      phone_number: '07700900123',
      personalisation: { reference: 'R', amount: '1' },
    });
    await s.fake.advance(id, 'delivered');
    await s.fake.callbacks.settle();
    expect(s.fake.callbacks.attempts().map((a) => a.status)).toEqual([401]);
    s.fake.callbacks.configure({ deliveryStatus: { url: CALLBACK_URL, bearer_token: TOKEN } });
  });

  it('received-text, returned-letter and complaint callbacks', async () => {
    await s.fake.receivedTexts.add({ user_number: '07700900111', content: 'Is my bin day Tuesday?' });
    const letter = await s.client().letters.send({
      template_id: LETTER_TEMPLATE,
      personalisation: { ...LETTER_ADDRESS, full_name: 'A', reference: 'R' },
      reference: 'L',
    });
    await s.fake.callbacks.returnLetter(letter.id);
    const email = await s.client().emails.send({
      template_id: EMAIL_TEMPLATE,
      email_address: 'amala@example.com',
      personalisation: { full_name: 'A', reference: 'R', vehicle_registration: 'V', documents: [] },
    });
    await s.fake.callbacks.complain(email.id);
    await s.fake.callbacks.settle();
    const events = received.map((r) => r.event as { type: string; data: Record<string, unknown> });
    expect(events.map((e) => e.type)).toEqual(['received-text', 'returned-letter', 'complaint']);
    expect(events[0]!.data).toMatchObject({
      source_number: '447700900111',
      message: 'Is my bin day Tuesday?',
    });
    expect(events[1]!.data).toMatchObject({
      notification_id: letter.id,
      reference: 'L',
      template_name: 'Permit letter',
    });
    expect(events[2]!.data).toMatchObject({ notification_id: email.id, to: 'amala@example.com' });
  });
});

describe('callbacks.constructEvent, in the shape of pay.webhooks.constructEvent', () => {
  const deliveryBody = JSON.stringify(delivery);
  const OTHER = 'rotated-token-9876543210';
  const KEY = `my_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0`;
  it('returns the typed event for the right bearer token', () => {
    const event = constructEvent(deliveryBody, `Bearer ${TOKEN}`, TOKEN);
    expect(event.type).toBe('delivery-status');
    expect(event.data).toMatchObject({ status: 'delivered' });
  });

  it('accepts any of several tokens while one is rotated', () => {
    expect(constructEvent(deliveryBody, `Bearer ${OTHER}`, [TOKEN, OTHER]).type).toBe('delivery-status');
  });

  it('refuses a wrong token before reading the body', () => {
    expect(() => constructEvent('not json', 'Bearer wrong-token-123', TOKEN)).toThrow(
      CallbackAuthenticationError,
    );
    expect(() => constructEvent(deliveryBody, undefined, TOKEN)).toThrow(CallbackAuthenticationError);
    expect(() => constructEvent(deliveryBody, `Bearer ${TOKEN}`, [])).toThrow(CallbackAuthenticationError);
  });

  it('refuses a correctly authorised body that is not a callback', () => {
    expect(() => constructEvent('{"x":1}', `Bearer ${TOKEN}`, TOKEN)).toThrow(CallbackPayloadError);
  });

  it('is reachable on a client as notify.callbacks, and the deprecated constructCallbackEvent agrees', () => {
    const notify = new NotifyClient({ apiKey: KEY });
    expect(notify.callbacks).toBe(callbacks);
    const viaClient = notify.callbacks.constructEvent(deliveryBody, `Bearer ${TOKEN}`, TOKEN);
    const viaOld = constructCallbackEvent(deliveryBody, {
      authorization: `Bearer ${TOKEN}`,
      bearerToken: TOKEN,
    });
    expect(viaOld).toEqual(viaClient);
  });
});
