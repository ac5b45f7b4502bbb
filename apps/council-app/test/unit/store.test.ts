import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, migrate, openDatabase } from '../../src/db/database.js';
import { Store } from '../../src/db/store.js';
import { SqliteSessionStore } from '../../src/http/session-store.js';

let db: Db;
let store: Store;
beforeEach(() => {
  db = openDatabase(':memory:');
  store = new Store(db, () => new Date('2026-11-24T12:00:00.000Z'));
});
afterEach(() => db.close());

function seed(reference = 'PP-AAAAAAAA', paymentId = 'pay1') {
  store.createApplication(
    {
      reference,
      user_sub: 'sub-1',
      full_name: 'Kenneth Decerqueira',
      email: 'k@example.com',
      phone_number: null,
      address: { lines: ['8 Hadley Road', 'Bath'], postcode: 'BA2 5AA' },
      vehicle_registration: 'AB12CDE',
      permit_length: 6,
      amount: 5500,
      language: 'en',
    },
    { payment_id: paymentId, idempotency_key: `${reference}-1`, amount: 5500, status: 'created' },
  );
}

describe('migrations', () => {
  it('run once: a second start applies nothing', () => {
    expect(migrate(db)).toBe(0);
    const versions = db.prepare('SELECT version FROM schema_migrations').all();
    expect(versions).toEqual([{ version: 1 }, { version: 2 }]);
  });
});

describe('Store', () => {
  it('creates an application and its first payment together', () => {
    seed();
    expect(store.getApplication('PP-AAAAAAAA')).toMatchObject({
      status: 'awaiting_payment',
      address: { postcode: 'BA2 5AA' },
    });
    expect(store.paymentsFor('PP-AAAAAAAA').map((p) => p.payment_id)).toEqual(['pay1']);
  });

  it('rolls back the application if its payment cannot be stored', () => {
    seed('PP-AAAAAAAA', 'pay1');
    // Same idempotency key (UNIQUE) for a new application: the whole transaction fails.
    expect(() =>
      store.createApplication(
        { ...store.getApplication('PP-AAAAAAAA')!, reference: 'PP-BBBBBBBB' },
        { payment_id: 'pay2', idempotency_key: 'PP-AAAAAAAA-1', amount: 5500, status: 'created' },
      ),
    ).toThrow();
    expect(store.getApplication('PP-BBBBBBBB')).toBeUndefined();
  });

  it('applies an event id once only', () => {
    seed();
    const first = store.applyPaymentState(
      'pay1',
      { status: 'success', finished: true },
      { source: 'pay', id: 'm1' },
    );
    expect(first).toMatchObject({ becamePaid: true, duplicate: false });
    const again = store.applyPaymentState(
      'pay1',
      { status: 'success', finished: true },
      { source: 'pay', id: 'm1' },
    );
    expect(again).toMatchObject({ becamePaid: false, duplicate: true });
  });

  it('freezes a finished payment: later states are ignored', () => {
    seed();
    store.applyPaymentState('pay1', { status: 'failed', finished: true, code: 'P0010' });
    store.applyPaymentState('pay1', { status: 'started', finished: false });
    expect(store.getPayment('pay1')).toMatchObject({ status: 'failed', failure_code: 'P0010' });
    expect(store.getApplication('PP-AAAAAAAA')!.status).toBe('payment_failed');
  });

  it('lets an older attempt that succeeded win, but not an older attempt that failed', () => {
    seed();
    store.applyPaymentState('pay1', { status: 'failed', finished: true, code: 'P0010' });
    store.addPayment('PP-AAAAAAAA', {
      payment_id: 'pay2',
      idempotency_key: 'PP-AAAAAAAA-2',
      amount: 5500,
      status: 'created',
    });
    expect(store.getApplication('PP-AAAAAAAA')!.status).toBe('awaiting_payment');
    // A late failure event for the first attempt does not mark the new attempt failed.
    store.applyPaymentState('pay1', { status: 'failed', finished: true, code: 'P0010' });
    expect(store.getApplication('PP-AAAAAAAA')!.status).toBe('awaiting_payment');
    store.applyPaymentState('pay2', { status: 'success', finished: true });
    expect(store.getApplication('PP-AAAAAAAA')!.status).toBe('paid');
  });

  it('gives the confirmation to exactly one claimant, and only once paid', () => {
    seed();
    expect(store.claimConfirmation('PP-AAAAAAAA')).toBe(false);
    store.applyPaymentState('pay1', { status: 'success', finished: true });
    expect(store.claimConfirmation('PP-AAAAAAAA')).toBe(true);
    expect(store.claimConfirmation('PP-AAAAAAAA')).toBe(false);
    store.releaseConfirmation('PP-AAAAAAAA');
    expect(store.claimConfirmation('PP-AAAAAAAA')).toBe(true);
  });

  it('records a refund once and marks a full refund', () => {
    seed();
    store.applyPaymentState('pay1', { status: 'success', finished: true });
    store.recordRefund({ refund_id: 'r1', payment_id: 'pay1', amount: 5500, status: 'submitted' });
    store.recordRefund({ refund_id: 'r1', payment_id: 'pay1', amount: 5500, status: 'submitted' });
    expect(store.getPayment('pay1')!.refunded_amount).toBe(5500);
    expect(store.getApplication('PP-AAAAAAAA')!.status).toBe('refunded');
  });

  it('stores checkpoints', () => {
    expect(store.getCheckpoint('forms:x')).toBeUndefined();
    store.setCheckpoint('forms:x', '{"a":1}');
    store.setCheckpoint('forms:x', '{"a":2}');
    expect(store.getCheckpoint('forms:x')).toBe('{"a":2}');
  });
});

describe('SqliteSessionStore', () => {
  const call = <T>(fn: (cb: (err: unknown, value?: T) => void) => void) =>
    new Promise<T | undefined>((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v))));

  it('stores, expires and ends sessions by One Login subject', async () => {
    let now = 1_000_000;
    const sessions = new SqliteSessionStore(db, 60_000, () => now);
    const cookie = { originalMaxAge: 60_000, expires: new Date(now + 60_000) } as never;
    await call((cb) => sessions.set('a', { cookie, user: { sub: 'sub-1', idToken: 't' } }, cb));
    await call((cb) => sessions.set('b', { cookie, user: { sub: 'sub-1', idToken: 't' } }, cb));
    await call((cb) => sessions.set('c', { cookie, user: { sub: 'sub-2', idToken: 't' } }, cb));
    expect(await call((cb) => sessions.get('a', cb))).toMatchObject({ user: { sub: 'sub-1' } });
    expect(sessions.destroyForUser('sub-1')).toBe(2);
    expect(await call((cb) => sessions.get('a', cb))).toBeNull();
    expect(await call((cb) => sessions.get('c', cb))).toMatchObject({ user: { sub: 'sub-2' } });
    now += 61_000;
    expect(await call((cb) => sessions.get('c', cb))).toBeNull();
  });
});
