import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/engine.js';
import { MIGRATION_NAMES, migrateToLatest, migrationsApplied } from '../../src/db/migrations.js';
import { Store } from '../../src/db/store.js';
import { DatabaseSessionStore } from '../../src/http/session-store.js';
import { SharedRateLimiter } from '../../src/jobs/rate-limiter.js';
import { ENGINE, openTestDatabase, type TestDatabase } from '../helpers/database.js';

// The database layer on this project's engine (PGlite or a real PostgreSQL server): migrations, the repositories'
// guarantees that other instances rely on, the session store and the shared rate limiter.

let database: TestDatabase;
let store: Store;
beforeEach(async () => {
  database = await openTestDatabase();
  store = new Store(database.db, () => new Date('2026-11-24T12:00:00.000Z'));
});
afterEach(async () => {
  await database.close();
});

async function seed(reference = 'PP-AAAAAAAA', paymentId = 'pay1') {
  await store.transaction(async (tx) => {
    await tx.applications.insert({
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
    });
    await tx.payments.insert(reference, {
      payment_id: paymentId,
      idempotency_key: `${reference}-1`,
      amount: 5500,
      status: 'created',
    });
  });
}

describe(`migrations (${ENGINE})`, () => {
  it('apply every migration on an empty database, then nothing on the next start', async () => {
    const empty = await openTestDatabase({ empty: true });
    try {
      expect(await migrationsApplied(empty.db)).toBe(false);
      expect(await migrateToLatest(empty.db)).toEqual(MIGRATION_NAMES);
      expect(await migrateToLatest(empty.db)).toEqual([]);
      expect(await migrationsApplied(empty.db)).toBe(true);
    } finally {
      await empty.close();
    }
  });

  it.runIf(ENGINE === 'postgres')(
    'run once when three instances start together (the migrator holds an advisory lock)',
    async () => {
      const empty = await openTestDatabase({ empty: true });
      const instances: Database[] = [];
      try {
        for (let i = 0; i < 3; i++) instances.push(await openDatabase({ url: empty.url!, poolSize: 2 }));
        const applied = await Promise.all(instances.map((d) => migrateToLatest(d.db)));
        expect(applied.flat()).toEqual(MIGRATION_NAMES);
      } finally {
        for (const d of instances) await d.close();
        await empty.close();
      }
    },
  );
});

describe('repositories', () => {
  it('create an application and its first payment together, or neither', async () => {
    await seed();
    expect(await store.applications.get('PP-AAAAAAAA')).toMatchObject({
      status: 'awaiting_payment',
      address: { postcode: 'BA2 5AA' },
    });
    // Same idempotency key (UNIQUE) for a new application: the whole unit of work is rolled back.
    await expect(
      store.transaction(async (tx) => {
        await tx.applications.insert({
          ...(await tx.applications.get('PP-AAAAAAAA'))!,
          reference: 'PP-CCCCCCCC',
        });
        await tx.payments.insert('PP-CCCCCCCC', {
          payment_id: 'pay3',
          idempotency_key: 'PP-AAAAAAAA-1',
          amount: 5500,
          status: 'created',
        });
      }),
    ).rejects.toThrow();
    expect(await store.applications.get('PP-CCCCCCCC')).toBeUndefined();
  });

  it('mark an event id processed once, also when two transactions race for it', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => store.transaction((tx) => tx.processedEvents.mark('pay', 'm1'))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.processedEvents.has('pay', 'm1')).toBe(true);
  });

  it('store checkpoints as JSON', async () => {
    expect(await store.checkpoints.get('forms:x')).toBeUndefined();
    await store.checkpoints.set('forms:x', { a: 1 });
    await store.checkpoints.set('forms:x', { a: 2 });
    expect(await store.checkpoints.get('forms:x')).toEqual({ a: 2 });
  });

  it('refuse a logout token id seen before, until it expires', async () => {
    const now = new Date('2026-11-24T12:00:00Z');
    const later = new Date('2026-11-24T12:05:00Z');
    expect(await store.logoutTokenReplays.checkAndStore('iss jti-1', later, now)).toBe(true);
    expect(await store.logoutTokenReplays.checkAndStore('iss jti-1', later, now)).toBe(false);
    expect(
      await store.logoutTokenReplays.checkAndStore('iss jti-1', new Date('2026-11-24T13:00:00Z'), later),
    ).toBe(true);
  });
});

describe('DatabaseSessionStore', () => {
  const call = <T>(fn: (cb: (err: unknown, value?: T) => void) => void) =>
    new Promise<T | undefined>((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v))));

  it('stores, expires and ends sessions by One Login subject', async () => {
    let now = Date.parse('2026-11-24T12:00:00Z');
    const sessions = new DatabaseSessionStore(store, 60_000, () => now);
    const cookie = { originalMaxAge: 60_000, expires: new Date(now + 60_000) } as never;
    const user = (sub: string) => ({ sub, idToken: 't', signedInAt: now - 1000 });
    await call((cb) => sessions.set('a', { cookie, user: user('sub-1') }, cb));
    await call((cb) => sessions.set('b', { cookie, user: user('sub-1') }, cb));
    await call((cb) => sessions.set('c', { cookie, user: user('sub-2') }, cb));
    expect(await call((cb) => sessions.get('a', cb))).toMatchObject({ user: { sub: 'sub-1' } });
    expect(await sessions.destroyForUser('sub-1')).toBe(2);
    expect(await call((cb) => sessions.get('a', cb))).toBeNull();
    // A request that loaded session "b" before the logout cannot save it back.
    await call((cb) => sessions.set('b', { cookie, user: user('sub-1') }, cb));
    expect(await call((cb) => sessions.get('b', cb))).toBeNull();
    expect(await call((cb) => sessions.get('c', cb))).toMatchObject({ user: { sub: 'sub-2' } });
    now += 61_000;
    expect(await call((cb) => sessions.get('c', cb))).toBeNull();
  });
});

describe('SharedRateLimiter', () => {
  it('refills at 95% of the service rate and holds one second of it, within the service burst', () => {
    const limiter = new SharedRateLimiter(store.rateLimits, 'notify', { limit: 3000, intervalMs: 60_000 });
    expect(limiter.perSecond).toBeCloseTo(47.5);
    expect(limiter.capacity).toBe(47);
    // A service that allows 15 per 100 ms: 142.5 a second, but never a burst above 14.
    const short = new SharedRateLimiter(store.rateLimits, 'notify', { limit: 15, intervalMs: 100 });
    expect(short.perSecond).toBeCloseTo(142.5);
    expect(short.capacity).toBe(14);
  });

  it('shares one bucket between every instance: a burst, then turns one after another', async () => {
    // A slow refill (one token per 100 s) so the test does not depend on how fast the machine is.
    const [one, two] = [new Store(database.db), new Store(database.db)];
    const taken = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two).rateLimits.reserve('notify', 6, 0.01)),
    );
    expect(taken.filter((w) => w === 0)).toHaveLength(6);
    // The four that found no token were given turns 100 s apart (one token per 100 s), in the order they came.
    const waits = taken.filter((w) => w !== 0).sort((a, b) => a - b);
    expect(waits).toHaveLength(4);
    for (const [i, wait] of waits.entries()) expect(wait).toBeGreaterThan(100_000 * (i + 1) - 1000);
  });

  it('is emptied for everyone after a 429', async () => {
    expect(await store.rateLimits.reserve('notify', 6, 0.01)).toBe(0);
    await store.rateLimits.drain('notify');
    expect(await store.rateLimits.reserve('notify', 6, 0.01)).toBeGreaterThan(1000);
  });
});
