import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, NotifyClient } from '../src/index.js';
import { createNotifyFake } from '../src/testing/index.js';
import { EMAIL_TEMPLATE, SMS_TEMPLATE, setup, TEMPLATES } from './helpers.js';

const smsBody = {
  template_id: SMS_TEMPLATE,
  phone_number: '07700900123',
  personalisation: { reference: 'R', amount: '1' },
};

describe('the fake as the sandbox uses it', () => {
  it('serves under a baseUrl with a path prefix, and hands out links with it', async () => {
    const fake = createNotifyFake({ baseUrl: 'http://127.0.0.1:4000/notify', templates: TEMPLATES });
    const server = setupServer(...fake.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const client = new NotifyClient({ apiKey: fake.apiKeys.live, baseUrl: 'http://127.0.0.1:4000/notify' });
      const res = await client.sms.send(smsBody);
      expect(res.uri).toBe(`http://127.0.0.1:4000/notify/v2/notifications/${res.id}`);
      expect(res.template.uri).toMatch(/^http:\/\/127\.0\.0\.1:4000\/notify\/v2\/template\//);
      const raw = await fetch('http://127.0.0.1:4000/notify/v2/notifications', {
        headers: {
          Authorization: `Bearer ${await import('../src/auth.js').then(({ parseApiKey, TokenSigner }) => new TokenSigner(parseApiKey(fake.apiKeys.live)).token())}`,
        },
      }).then((r) => r.json());
      expect(raw.links.next).toBe(`http://127.0.0.1:4000/notify/v2/notifications?older_than=${res.id}`);
      expect(await client.notifications.list().toArray()).toHaveLength(1);
    } finally {
      server.close();
    }
  });

  it('snapshot() is JSON and restore() brings state back (keys, templates, notifications)', async () => {
    const s = setup();
    s.server.listen({ onUnhandledRequest: 'error' });
    try {
      const { id } = await s.client().sms.send(smsBody);
      s.fake.templates.update(SMS_TEMPLATE, { body: 'v2 ((reference)) ((amount))' });
      const json = JSON.parse(JSON.stringify(s.fake.snapshot()));
      s.fake.reset();
      await expect(s.client().notifications.get(id)).rejects.toMatchObject({ status: 404 });
      s.fake.restore(json);
      expect((await s.client().notifications.get(id)).id).toBe(id);
      expect((await s.client().templates.get(SMS_TEMPLATE)).version).toBe(2);
      // a fresh fake restored from the snapshot accepts the old keys
      const other = createNotifyFake();
      other.restore(json);
      expect(other.apiKeys.live).toBe(s.fake.apiKeys.live);
    } finally {
      s.server.close();
    }
  });
});

describe('delivery modes', () => {
  it('delivery: "immediate" settles every new notification at once', async () => {
    const fake = createNotifyFake({ templates: TEMPLATES, delivery: 'immediate' });
    const server = setupServer(...fake.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const client = new NotifyClient({ apiKey: fake.apiKeys.test, baseUrl: fake.baseUrl });
      const res = await client.sms.send({ ...smsBody, phone_number: '07700900003' });
      await new Promise((r) => setTimeout(r, 20));
      expect((await client.notifications.get(res.id)).status).toBe('temporary-failure');
    } finally {
      server.close();
    }
  });
});

describe('state API', () => {
  const s = setup();
  beforeAll(() => s.server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => s.fake.reset());
  afterAll(() => s.server.close());

  it('reset() empties messages but keeps keys and seeded templates valid', async () => {
    await s.client().sms.send(smsBody);
    const key = s.fake.apiKeys.live;
    s.fake.reset();
    expect(s.fake.inbox()).toEqual([]);
    expect(s.fake.apiKeys.live).toBe(key);
    await expect(s.client().sms.send(smsBody)).resolves.toBeDefined();
  });

  it('inbox() shows rendered content, filters by recipient, type and reference', async () => {
    await s.client().sms.send({ ...smsBody, reference: 'one' });
    await s.client().emails.send({
      template_id: EMAIL_TEMPLATE,
      email_address: 'Amala@Example.com',
      personalisation: { full_name: 'Amala', reference: 'X', vehicle_registration: 'V', documents: [] },
    });
    expect(s.fake.inbox({ type: 'sms' }).map((m) => m.body)).toEqual([
      'Application R received. Amount paid: 1.',
    ]);
    expect(s.fake.inbox({ to: 'amala@example.com' })[0]).toMatchObject({
      subject: 'Parking permit application X',
      key_type: 'live',
    });
    expect(s.fake.inbox({ reference: 'one' })).toHaveLength(1);
    expect(s.fake.lastMessage()?.type).toBe('email');
  });

  it('advance() walks created -> sending -> delivered and stamps sent_at/completed_at', async () => {
    const { id } = await s.client().sms.send(smsBody);
    expect((await s.fake.advance(id))?.status).toBe('sending');
    expect((await s.client().notifications.get(id)).completed_at).toBeNull();
    expect((await s.fake.advance(id))?.status).toBe('delivered');
    const n = await s.client().notifications.get(id);
    expect(n.sent_at).not.toBeNull();
    expect(n.completed_at).not.toBeNull();
  });

  it('faults: a connection dropped after the send leaves a ConnectionError (sent: unknown) and a stored message', async () => {
    s.fake.inject({ type: 'drop', when: 'after', times: 1 });
    const error = await s
      .client()
      .sms.send(smsBody)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).sent).toBe('unknown');
    expect(s.fake.inbox()).toHaveLength(1);
  });

  it('faults: a POST dropped before the service acts is not stored; core does not blindly retry it', async () => {
    s.fake.inject({ type: 'drop', when: 'before', times: 1 });
    await expect(s.client().sms.send(smsBody)).rejects.toBeInstanceOf(ConnectionError);
    expect(s.fake.inbox()).toHaveLength(0);
  });

  it('faults: latency then a normal answer', async () => {
    s.fake.inject({ type: 'latency', ms: 30, times: 1 });
    await expect(s.client().templates.list().toArray()).resolves.toHaveLength(3);
  });

  it('timeouts surface as a TimeoutError', async () => {
    s.fake.inject({ type: 'latency', ms: 500, times: 1 });
    const error = await s
      .client('live', { timeoutMs: 50, maxRetries: 0 })
      .sms.send(smsBody)
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
  });

  it('keys.create() issues working keys of each type; revoked keys stop working', async () => {
    const key = s.fake.keys.create('live', 'second-key');
    const client = new NotifyClient({ apiKey: key, baseUrl: s.fake.baseUrl });
    await expect(client.templates.list().toArray()).resolves.toHaveLength(3);
    s.fake.keys.revoke(key);
    await expect(client.templates.list().toArray()).rejects.toMatchObject({
      status: 403,
      message: 'Invalid token: API key revoked',
    });
    expect(s.fake.keys.list().every((k) => !('secret' in k))).toBe(true);
  });

  it('archived templates cannot be used', async () => {
    s.fake.templates.archive(SMS_TEMPLATE);
    await expect(s.client().sms.send(smsBody)).rejects.toMatchObject({
      message: 'Template has been deleted',
    });
  });
});
