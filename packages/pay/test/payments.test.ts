import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ConflictError,
  hasStatus,
  isFinished,
  NotFoundError,
  PayClient,
  type Payment,
  ValidationError,
} from '../src/index.js';
import { activeAgreement, agreementPayment, useFakePay, webPayment } from './setup.js';

describe('payments.create', () => {
  const t = useFakePay();

  it('creates a web payment with a single-use next_url on the fake base URL', async () => {
    const p = await t.pay.payments.create(
      webPayment({ metadata: { ledger_code: 'AB100', vat: true, cost_centre: 12 } }),
    );
    expect(p.state).toEqual({ status: 'created', finished: false });
    expect(p.amount).toBe(1250);
    expect(p.metadata).toEqual({ ledger_code: 'AB100', vat: true, cost_centre: 12 });
    expect(p._links?.next_url?.href).toMatch(new RegExp(`^${t.fake.baseUrl}/secure/`));
    expect(p._links?.cancel?.method).toBe('POST');
    expect(p.refund_summary).toEqual({ status: 'pending', amount_available: 1250, amount_submitted: 0 });
    expect(t.fake.payments.list()).toHaveLength(1);
  });

  it('sends a generated Idempotency-Key by default, which Pay keeps for agreement payments', async () => {
    const agreementId = await activeAgreement(t);
    const a = await t.pay.payments.create(agreementPayment(agreementId));
    const b = await t.pay.payments.create(agreementPayment(agreementId));
    expect(a.payment_id).not.toBe(b.payment_id);
    const keys = t.fake.idempotencyKeys();
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends bearer auth, JSON headers, its User-Agent and the Idempotency-Key', async () => {
    const pay = new PayClient({
      apiKey: t.fake.apiKey,
      baseUrl: t.fake.baseUrl,
      userAgent: 'council-permits/1.2',
    });
    await pay.payments.create(webPayment(), { idempotencyKey: 'permit-7' });
    const sent = t.requests.at(-1) as Request;
    expect(sent.headers.get('authorization')).toBe(`Bearer ${t.fake.apiKey}`);
    expect(sent.headers.get('accept')).toBe('application/json');
    expect(sent.headers.get('content-type')).toContain('application/json');
    expect(sent.headers.get('user-agent')).toMatch(/^council-sdk-pay\/\d+\.\d+\.\d+ council-permits\/1\.2$/);
    expect(sent.headers.get('idempotency-key')).toBe('permit-7');
    await pay.payments.list().firstPage();
    expect(t.requests.at(-1)?.headers.get('idempotency-key')).toBeNull();
  });

  it('returns the original agreement payment when the same idempotencyKey and body are sent again', async () => {
    const agreementId = await activeAgreement(t);
    const a = await t.pay.payments.create(agreementPayment(agreementId), { idempotencyKey: 'order-42' });
    const b = await t.pay.payments.create(agreementPayment(agreementId), { idempotencyKey: 'order-42' });
    expect(b.payment_id).toBe(a.payment_id);
    expect(t.fake.payments.list().filter((p) => p.authorisation_mode === 'agreement')).toHaveLength(1);
  });

  it('refuses the same idempotencyKey with a different body (ConflictError P0191)', async () => {
    const agreementId = await activeAgreement(t);
    await t.pay.payments.create(agreementPayment(agreementId), { idempotencyKey: 'order-43' });
    const error = await t.pay.payments
      .create(agreementPayment(agreementId, { amount: 999 }), { idempotencyKey: 'order-43' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe('P0191');
    expect(error.status).toBe(409);
  });

  it('makes a new payment for a reused key after the 24-hour window', async () => {
    const agreementId = await activeAgreement(t);
    const a = await t.pay.payments.create(agreementPayment(agreementId), { idempotencyKey: 'order-44' });
    await t.fake.clock.advance(24 * 60 * 60 * 1000 + 1);
    const b = await t.pay.payments.create(agreementPayment(agreementId), { idempotencyKey: 'order-44' });
    expect(b.payment_id).not.toBe(a.payment_id);
  });

  it('can send no Idempotency-Key at all', async () => {
    const agreementId = await activeAgreement(t);
    await t.pay.payments.create(agreementPayment(agreementId), { idempotencyKey: false });
    expect(t.fake.idempotencyKeys()).toHaveLength(0);
  });

  it('rejects a malformed idempotencyKey before sending', async () => {
    await expect(t.pay.payments.create(webPayment(), { idempotencyKey: 'has space' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(t.fake.payments.list()).toHaveLength(0);
  });

  it('validates the body before sending, naming the field', async () => {
    const error = await t.pay.payments.create(webPayment({ amount: 0 })).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues[0].path).toBe('amount');
    expect(t.fake.payments.list()).toHaveLength(0);
  });

  it('creates a delayed-capture payment and a moto_api payment with auth_url_post', async () => {
    const delayed = await t.pay.payments.create(webPayment({ delayed_capture: true }));
    expect(delayed.delayed_capture).toBe(true);
    const moto = await t.pay.payments.create({
      amount: 500,
      description: 'Phone payment',
      reference: 'TEL-1',
      authorisation_mode: 'moto_api',
    });
    expect(moto._links?.auth_url_post?.params?.one_time_token).toEqual(expect.any(String));
    expect(moto._links?.next_url).toBeUndefined();
  });
});

describe('payments.get / getEvents', () => {
  const t = useFakePay();

  it('gets a payment, with a fresh next_url each time while it is payable', async () => {
    const created = await t.pay.payments.create(webPayment());
    const got = await t.pay.payments.get(created.payment_id);
    expect(got.payment_id).toBe(created.payment_id);
    expect(got._links?.next_url?.href).not.toBe(created._links?.next_url?.href);
  });

  it('answers NotFoundError P0200 for an unknown payment', async () => {
    const error = await t.pay.payments.get('nosuchpayment0000000000000').catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe('P0200');
  });

  it('lists every status the payment went through', async () => {
    const p = await t.pay.payments.create(webPayment());
    t.fake.completePayment(p.payment_id);
    const events = await t.pay.payments.getEvents(p.payment_id);
    expect(events.events.map((e) => e.state.status)).toEqual(['created', 'started', 'submitted', 'success']);
    expect(events.events.at(-1)?.state.finished).toBe(true);
  });

  it('expires an unfinished payment after 90 minutes (P0020)', async () => {
    const p = await t.pay.payments.create(webPayment());
    await t.fake.clock.advance(89 * 60 * 1000);
    expect((await t.pay.payments.get(p.payment_id)).state.status).toBe('created');
    await t.fake.clock.advance(60 * 1000);
    const expired = await t.pay.payments.get(p.payment_id);
    expect(expired.state).toMatchObject({
      status: 'failed',
      finished: true,
      code: 'P0020',
      message: 'Payment expired',
    });
    expect(isFinished(expired)).toBe(true);
  });
});

describe('payments.cancel', () => {
  const t = useFakePay();

  it('cancels an unfinished payment (cancelled, P0040)', async () => {
    const p = await t.pay.payments.create(webPayment());
    await t.pay.payments.cancel(p.payment_id);
    const got = await t.pay.payments.get(p.payment_id);
    expect(got.state).toMatchObject({ status: 'cancelled', code: 'P0040' });
    expect(got._links?.cancel).toBeUndefined();
  });

  it('refuses to cancel a finished payment (BadRequestError P0501)', async () => {
    const p = await t.pay.payments.create(webPayment());
    t.fake.completePayment(p.payment_id);
    const error = await t.pay.payments.cancel(p.payment_id).catch((e) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.code).toBe('P0501');
  });

  it('answers NotFoundError P0500 for an unknown payment', async () => {
    await expect(t.pay.payments.cancel('x'.repeat(26))).rejects.toMatchObject({ status: 404, code: 'P0500' });
  });
});

describe('payments.capture (delayed capture)', () => {
  const t = useFakePay();

  it('holds a delayed payment as capturable until captured, then success', async () => {
    const p = await t.pay.payments.create(webPayment({ delayed_capture: true }));
    t.fake.completePayment(p.payment_id);
    const held = await t.pay.payments.get(p.payment_id);
    expect(hasStatus(held, 'capturable')).toBe(true);
    expect(held._links?.capture?.href).toBe(`${t.fake.baseUrl}/v1/payments/${p.payment_id}/capture`);
    await t.pay.payments.capture(p.payment_id);
    const done = await t.pay.payments.get(p.payment_id);
    expect(done.state.status).toBe('success');
    expect(done.settlement_summary?.capture_submit_time).toEqual(expect.any(String));
  });

  it('refuses to capture a payment not yet authorised (ConflictError P1003)', async () => {
    const p = await t.pay.payments.create(webPayment({ delayed_capture: true }));
    const error = await t.pay.payments.capture(p.payment_id).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe('P1003');
  });

  it('refuses to capture a failed payment (ConflictError P1003)', async () => {
    const p = await t.pay.payments.create(webPayment({ delayed_capture: true }));
    t.fake.completePayment(p.payment_id, { card: { card_number: '4000000000000002' } });
    await expect(t.pay.payments.capture(p.payment_id)).rejects.toMatchObject({ status: 409, code: 'P1003' });
  });

  it('expires a capturable payment not captured within 120 hours', async () => {
    const p = await t.pay.payments.create(webPayment({ delayed_capture: true }));
    t.fake.completePayment(p.payment_id);
    await t.fake.clock.advance(120 * 60 * 60 * 1000);
    expect((await t.pay.payments.get(p.payment_id)).state).toMatchObject({ status: 'failed', code: 'P0020' });
  });
});

describe('payments.list', () => {
  const t = useFakePay();

  async function seed(n: number, reference = 'BATCH') {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      await t.fake.clock.advance(1000);
      ids.push((await t.pay.payments.create(webPayment({ reference }))).payment_id);
    }
    return ids;
  }

  it('iterates every page lazily over _links.next_page, newest first', async () => {
    const ids = await seed(7);
    const seen: Payment[] = [];
    for await (const p of t.pay.payments.list({ display_size: 3 })) seen.push(p);
    expect(seen.map((p) => p.payment_id)).toEqual([...ids].reverse());
  });

  it('fetches only the pages it needs', async () => {
    await seed(7);
    t.requests.length = 0;
    const firstFour: Payment[] = [];
    for await (const p of t.pay.payments.list({ display_size: 3 })) {
      firstFour.push(p);
      if (firstFour.length === 4) break;
    }
    const searches = t.requests.filter((r) => new URL(r.url).pathname === '/v1/payments');
    expect(searches.map((r) => new URL(r.url).searchParams.get('page'))).toEqual([null, '2']);
  });

  it('filters by reference, state and last digits (card_brand is accepted but, as in Pay, filters nothing)', async () => {
    const [a] = await seed(1, 'ONE');
    await seed(2, 'TWO');
    t.fake.completePayment(a as string, { card: { card_number: '5105105105105100' } });
    expect(await t.pay.payments.list({ reference: 'TWO' }).toArray()).toHaveLength(2);
    const successes = await t.pay.payments.list({ state: 'success' }).toArray();
    expect(successes.map((p) => p.payment_id)).toEqual([a]);
    expect(
      await t.pay.payments.list({ card_brand: 'master-card', last_digits_card_number: '5100' }).toArray(),
    ).toHaveLength(1);
    expect(await t.pay.payments.list({ card_brand: 'visa' }).toArray()).toHaveLength(3);
  });

  it('converts Date filters to Pay’s format', async () => {
    await seed(2);
    const now = t.fake.clock.now();
    const all = await t.pay.payments
      .list({ from_date: new Date(now.getTime() - 60_000), to_date: new Date(now.getTime() + 60_000) })
      .toArray();
    expect(all).toHaveLength(2);
    const none = await t.pay.payments.list({ from_date: new Date(now.getTime() + 60_000) }).toArray();
    expect(none).toHaveLength(0);
  });

  it('refuses capturable as a search state and a display_size over 500, before sending', () => {
    expect(() => t.pay.payments.list({ state: 'capturable' as never })).toThrow(ValidationError);
    expect(() => t.pay.payments.list({ display_size: 501 })).toThrow(ValidationError);
    expect(() => t.pay.payments.list({ first_digits_card_number: '4444' })).toThrow(ValidationError);
  });
});

describe('eventual consistency', () => {
  const t = useFakePay({ searchLagMs: 2000 });

  it('shows a new payment in search only after the configured lag, while get sees it at once', async () => {
    const p = await t.pay.payments.create(webPayment({ reference: 'LAG-1' }));
    expect((await t.pay.payments.get(p.payment_id)).payment_id).toBe(p.payment_id);
    expect(await t.pay.payments.list({ reference: 'LAG-1' }).toArray()).toHaveLength(0);
    await t.fake.clock.advance(2000);
    expect(await t.pay.payments.list({ reference: 'LAG-1' }).toArray()).toHaveLength(1);
  });
});
