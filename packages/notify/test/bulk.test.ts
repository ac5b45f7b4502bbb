import { AbortError, BadRequestError, TooManyRequestsError, ValidationError } from '@council-sdk/notify';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { BulkMessage, BulkProgress } from '../src/index.js';
import { EMAIL_TEMPLATE, SMS_TEMPLATE, setup } from './helpers.js';

const RATE = { limit: 4000, intervalMs: 1000 };
// the fake's limit is per 60 s, as Notify's `rate_limit` is
const s = setup({ limits: { rate_limit: 240_000 }, faultSeed: 42 });
const statuses: Array<{ status: number; body: unknown }> = [];
const bodies: Promise<void>[] = [];
beforeAll(() => {
  s.server.listen({ onUnhandledRequest: 'error' });
  s.server.events.on('response:mocked', ({ request, response }) => {
    if (request.method === 'POST' && response.status === 429) {
      // recorded at once; the body is read asynchronously (await bodies before looking at it)
      const entry: { status: number; body: unknown } = { status: 429, body: undefined };
      statuses.push(entry);
      bodies.push(
        response
          .clone()
          .json()
          .then((b) => {
            entry.body = b;
          }),
      );
    }
  });
});
afterEach(() => {
  s.fake.reset();
  statuses.length = 0;
});
afterAll(() => s.server.close());

const INJECTED_429 = { status_code: 429, errors: [{ error: 'RateLimitError', message: 'injected' }] };

function email(i: number, reference?: string): BulkMessage {
  return {
    type: 'email',
    template_id: EMAIL_TEMPLATE,
    email_address: `resident${i}@example.com`,
    personalisation: {
      full_name: `Resident ${i}`,
      reference: `R${i}`,
      vehicle_registration: 'AB12',
      documents: [],
    },
    ...(reference ? { reference } : {}),
  };
}

describe('bulk.send', () => {
  it('sends 10,000 messages exactly once under a tight rate limit with injected 429s and dropped connections', async () => {
    const post = { method: 'POST', path: /\/v2\/notifications\/email$/ };
    s.fake.inject({
      type: 'status',
      status: 429,
      body: INJECTED_429,
      times: Number.POSITIVE_INFINITY,
      probability: 0.03,
      match: post,
    });
    s.fake.inject({
      type: 'drop',
      when: 'before',
      times: Number.POSITIVE_INFINITY,
      probability: 0.01,
      match: post,
    });
    s.fake.inject({
      type: 'drop',
      when: 'after',
      times: Number.POSITIVE_INFINITY,
      probability: 0.01,
      match: post,
    });

    const messages = Array.from({ length: 10_000 }, (_, i) =>
      email(i, i % 2 === 0 ? `caller-ref-${i}` : undefined),
    );
    let last: BulkProgress | undefined;
    let calls = 0;
    const results = await s.client().bulk.send(messages, {
      rateLimit: RATE,
      concurrency: 32,
      onProgress: (p) => {
        calls++;
        last = p;
      },
    });

    // one result per input, in input order, all sent
    expect(results).toHaveLength(10_000);
    expect(results.map((r) => r.index)).toEqual(results.map((_, i) => i));
    const failed = results.filter((r) => !r.ok);
    expect(failed).toEqual([]);

    // every message exactly once in Notify, and the result's id is that notification
    const inbox = s.fake.inbox();
    expect(inbox).toHaveLength(10_000);
    const byRecipient = new Map(inbox.map((m) => [m.to, m]));
    expect(byRecipient.size).toBe(10_000);
    results.forEach((r, i) => {
      if (!r.ok) throw new Error('unreachable');
      expect(byRecipient.get(`resident${i}@example.com`)?.id).toBe(r.id);
      // caller references kept; missing ones generated
      if (i % 2 === 0) expect(r.reference).toBe(`caller-ref-${i}`);
      else expect(r.reference).toMatch(/^[0-9a-f-]{36}$/);
    });

    await Promise.all(bodies);
    // the only 429s were the injected ones: the client never went over the service's own limit
    expect(statuses.filter((x) => !JSON.stringify(x.body).includes('injected'))).toEqual([]);
    // the faults really happened, and were absorbed
    expect(statuses.filter((x) => JSON.stringify(x.body).includes('injected')).length).toBeGreaterThan(50);
    expect(results.filter((r) => r.ok && r.recovered).length).toBeGreaterThan(10);
    expect(results.filter((r) => r.attempts > 1).length).toBeGreaterThan(100);
    expect(calls).toBe(10_000);
    expect(last).toEqual({ done: 10_000, sent: 10_000, failed: 0, total: 10_000 });
  }, 300_000); // generous: CI runs every package's tests at once (~15-30 s on an idle machine)

  it('paces sends to the limit, so the fake never has to refuse one itself', async () => {
    // 100 per second on both sides: sending 300 unpaced would be refused after the first 100
    s.fake.limits.set({ rate_limit: 6_000 });
    const results = await s.client().bulk.send(
      Array.from({ length: 300 }, (_, i) => email(i)),
      { rateLimit: { limit: 100, intervalMs: 1000 }, concurrency: 16 },
    );
    s.fake.limits.set({ rate_limit: 240_000 });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(statuses).toEqual([]);
    expect(s.fake.inbox()).toHaveLength(300);
  }, 60_000);

  it('a connection dropped after sending: found by reference, not sent again', async () => {
    s.fake.inject({ type: 'drop', when: 'after', times: 1, match: { method: 'POST' } });
    const [r] = await s.client().bulk.send([email(1, 'only-once')]);
    expect(r).toMatchObject({ ok: true, recovered: true, attempts: 1, reference: 'only-once' });
    expect(s.fake.inbox()).toHaveLength(1);
    expect(r!.ok && r!.id).toBe(s.fake.inbox()[0]!.id);
  });

  it('a connection dropped before the service acted: looked up, not found, sent again', async () => {
    s.fake.inject({ type: 'drop', when: 'before', times: 1, match: { method: 'POST' } });
    const [r] = await s.client().bulk.send([email(1)]);
    expect(r).toMatchObject({ ok: true, recovered: false, attempts: 2 });
    expect(s.fake.inbox()).toHaveLength(1);
  });

  it('when the look-up itself fails, the message is reported as unknown and not re-sent', async () => {
    s.fake.inject({ type: 'drop', when: 'after', times: 1, match: { method: 'POST' } });
    s.fake.inject({ type: 'status', status: 503, times: 10, match: { method: 'GET' } });
    const [r] = await s.client('live', { maxRetries: 1 }).bulk.send([email(1)]);
    expect(r).toMatchObject({ ok: false, sent: 'unknown' });
    expect(s.fake.inbox()).toHaveLength(1);
  });

  it('a look-up never claims a notification another message of the same batch owns', async () => {
    // two identical messages sharing a caller reference; the second's connection drops before Notify acts,
    // so the look-up finds only the first's notification, which it must not take as the second's
    const results = await s.client().bulk.send([email(1, 'shared'), email(1, 'shared')], {
      concurrency: 1,
      onProgress: ({ done }) => {
        if (done === 1) s.fake.inject({ type: 'drop', when: 'before', times: 1, match: { method: 'POST' } });
      },
    });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results[1]).toMatchObject({ recovered: false, attempts: 2 });
    expect(new Set(results.map((r) => (r.ok ? r.id : ''))).size).toBe(2);
    expect(s.fake.inbox()).toHaveLength(2);
  });

  it('returns per-message errors without retrying them, and keeps going', async () => {
    const results = await s.client().bulk.send([
      email(1),
      { type: 'sms', template_id: SMS_TEMPLATE, phone_number: '07700900123' }, // missing personalisation -> 400
      { type: 'email', template_id: 'not-a-uuid', email_address: 'x@example.com' } as BulkMessage, // invalid -> not sent
      { type: 'fax' } as unknown as BulkMessage,
      email(2),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, false, false, true]);
    const [, missing, invalid, unknownType] = results;
    expect(!missing!.ok && missing!.error).toBeInstanceOf(BadRequestError);
    expect(!missing!.ok && missing!.attempts).toBe(1);
    expect(!invalid!.ok && invalid!.error).toBeInstanceOf(ValidationError);
    expect(!invalid!.ok && invalid!.attempts).toBe(0);
    expect(!unknownType!.ok && unknownType!.error).toBeInstanceOf(ValidationError);
    expect(s.fake.inbox()).toHaveLength(2);
  });

  it('does not retry a daily limit (TooManyRequestsError): it will not clear before midnight', async () => {
    s.fake.limits.set({ email_message_limit: 2 });
    const results = await s.client().bulk.send([email(1), email(2), email(3), email(4)], { concurrency: 1 });
    expect(results.map((r) => r.ok)).toEqual([true, true, false, false]);
    const r = results[2]!;
    expect(!r.ok && r.error).toBeInstanceOf(TooManyRequestsError);
    expect(!r.ok && r.attempts).toBe(1);
    s.fake.limits.set({ email_message_limit: 250_000 });
  });

  it('accepts an endless async iterable; an abort closes it, and every message taken has a result', async () => {
    const controller = new AbortController();
    let closed = false;
    async function* endless() {
      try {
        for (let i = 0; ; i++) {
          if (i === 5) controller.abort();
          yield email(i);
        }
      } finally {
        closed = true;
      }
    }
    const results = await s.client().bulk.send(endless(), { concurrency: 1, signal: controller.signal });
    expect(closed).toBe(true);
    expect(results.map((r) => r.index)).toEqual(results.map((_, i) => i));
    const sent = results.filter((r) => r.ok);
    expect(sent.length).toBe(s.fake.inbox().length);
    expect(sent.length).toBeLessThan(7);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error instanceof AbortError)).toBe(true);
  });

  it('with an array, messages not started when aborted get an AbortError result and are never sent', async () => {
    const controller = new AbortController();
    const results = await s.client().bulk.send(
      Array.from({ length: 20 }, (_, i) => email(i)),
      {
        concurrency: 1,
        signal: controller.signal,
        onProgress: ({ done }) => {
          if (done === 3) controller.abort();
        },
      },
    );
    expect(results).toHaveLength(20);
    expect(results.slice(0, 3).every((r) => r.ok)).toBe(true);
    expect(results.slice(3).every((r) => !r.ok && r.error instanceof AbortError && r.sent === false)).toBe(
      true,
    );
    expect(s.fake.inbox()).toHaveLength(3);
  });

  it('emails.sendMany / sms.sendMany / letters.sendMany are bulk.send for one type', async () => {
    const { type: _t, ...body } = email(1) as BulkMessage & { type: 'email' };
    const emails = await s.client().emails.sendMany([body, { ...body, email_address: 'other@example.com' }]);
    async function* texts() {
      yield {
        template_id: SMS_TEMPLATE,
        phone_number: '07700900123',
        personalisation: { reference: 'R', amount: '1' },
      };
    }
    const sms = await s.client().sms.sendMany(texts());
    expect([...emails, ...sms].every((r) => r.ok)).toBe(true);
    expect(s.fake.inbox().map((m) => m.type)).toEqual(['email', 'email', 'sms']);
  });

  it('rejects nonsensical options before sending anything', async () => {
    await expect(s.client().bulk.send([email(1)], { concurrency: 0 })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      s.client().sendBulk([email(1)], { rateLimit: { limit: -1, intervalMs: 1000 } }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(s.fake.inbox()).toHaveLength(0);
  });
});
