/** Back-office sign-in throttling, counted in the database so every instance shares it (issue #21). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/db/store.js';
import { SignInThrottle } from '../../src/http/throttle.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';

const WINDOW_MS = 15 * 60_000;
let database: TestDatabase;
let now: number;
/** Two instances: two stores and two throttles on one database. */
let instances: [SignInThrottle, SignInThrottle];
let store: Store;

beforeEach(async () => {
  database = await openTestDatabase();
  now = Date.parse('2026-11-30T12:00:00Z');
  const clock = () => new Date(now);
  store = new Store(database.db, clock);
  const options = { perAddress: 5, perAccount: 10, windowMs: WINDOW_MS };
  instances = [
    new SignInThrottle(store.signInFailures, options),
    new SignInThrottle(new Store(database.db, clock).signInFailures, options),
  ];
});
afterEach(async () => {
  await database.close();
});

const rows = async () => (await database.db.selectFrom('sign_in_failures').selectAll().execute()).length;

describe('SignInThrottle', () => {
  it('adds up failures from one address across instances, and blocks at the fifth', async () => {
    const [a, b] = instances;
    for (let i = 0; i < 4; i++) await (i % 2 ? a : b).recordFailure('198.51.100.7');
    expect(await a.isBlocked('198.51.100.7', 'staff')).toBe(false);
    await a.recordFailure('198.51.100.7');
    expect(await b.isBlocked('198.51.100.7', 'staff')).toBe(true);
    expect(await b.isBlocked('198.51.100.8', 'staff')).toBe(false);
  });

  it('blocks the account after ten failures from many addresses, and only counts the real account', async () => {
    const [a, b] = instances;
    for (let i = 0; i < 10; i++) await (i % 2 ? a : b).recordFailure(`203.0.113.${i}`, 'staff');
    for (let i = 0; i < 20; i++) await a.recordFailure(`192.0.2.${i}`);
    expect(await b.isBlocked('192.0.2.200', 'staff')).toBe(true);
    expect(await b.isBlocked('192.0.2.200', 'other')).toBe(false);
  });

  it('counts in a window from the first failure: blocked until it ends, then counting starts again', async () => {
    const [a] = instances;
    for (let i = 0; i < 5; i++) await a.recordFailure('198.51.100.7');
    now += WINDOW_MS - 1;
    expect(await a.isBlocked('198.51.100.7', 'staff')).toBe(true);
    now += 1;
    expect(await a.isBlocked('198.51.100.7', 'staff')).toBe(false);
    await a.recordFailure('198.51.100.7');
    for (let i = 0; i < 3; i++) await a.recordFailure('198.51.100.7');
    expect(await a.isBlocked('198.51.100.7', 'staff')).toBe(false);
  });

  it('a successful sign-in clears the address and the account', async () => {
    const [a, b] = instances;
    for (let i = 0; i < 5; i++) await a.recordFailure('198.51.100.7', 'staff');
    await b.reset('198.51.100.7', 'staff');
    expect(await a.isBlocked('198.51.100.7', 'staff')).toBe(false);
    expect(await rows()).toBe(0);
  });

  it('counts failures recorded at the same moment on two instances (one statement each, no lost update)', async () => {
    const [a, b] = instances;
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).recordFailure('198.51.100.7')));
    expect(await store.signInFailures.count('address:198.51.100.7')).toBe(10);
  });

  it('prunes the rows of ended windows, so guesses from many addresses leave nothing behind', async () => {
    const [a] = instances;
    for (let i = 0; i < 50; i++) await a.recordFailure(`198.51.100.${i}`);
    now += WINDOW_MS / 2;
    await a.recordFailure('203.0.113.1');
    now += WINDOW_MS / 2;
    expect(await a.prune()).toBe(50);
    expect(await rows()).toBe(1);
  });
});
