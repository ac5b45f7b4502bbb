/** Sessions stay dead once ended, whatever order in-flight requests finish in (audit, issue #14 item 1). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../src/db/store.js';
import { DatabaseSessionStore } from '../../src/http/session-store.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';

let database: TestDatabase;
let store: Store;
let now = 1_000_000;
let sessions: DatabaseSessionStore;
beforeEach(async () => {
  database = await openTestDatabase();
  store = new Store(database.db);
  now = Date.parse('2026-11-24T12:00:00Z');
  sessions = new DatabaseSessionStore(store, 60 * 60_000, () => now);
});
afterEach(async () => {
  await database.close();
});

const call = <T>(fn: (cb: (err: unknown, value?: T) => void) => void) =>
  new Promise<T | undefined>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));

const cookie = () => ({ originalMaxAge: 3_600_000, expires: new Date(now + 3_600_000) }) as never;
const signedIn = (sub: string, signedInAt = now) => ({
  cookie: cookie(),
  user: { sub, idToken: 't', signedInAt },
});
const rows = () => store.sessions.count();

describe('an ended session cannot be written back', () => {
  it('touch never inserts: a request finishing after sign-out does not revive the session', async () => {
    await call((cb) => sessions.set('stolen', signedIn('sub-1'), cb));
    await call((cb) => sessions.destroy('stolen', cb)); // the resident signs out
    await call((cb) => sessions.touch('stolen', signedIn('sub-1'), cb)); // the attacker's request ends (rolling)
    expect(await rows()).toBe(0);
    expect(await call((cb) => sessions.get('stolen', cb))).toBeNull();
  });

  it('a modified session saved after sign-out is not written back either', async () => {
    await call((cb) => sessions.set('stolen', signedIn('sub-1'), cb));
    await call((cb) => sessions.destroy('stolen', cb));
    await call((cb) => sessions.set('stolen', { ...signedIn('sub-1'), returnTo: '/applications' }, cb));
    expect(await call((cb) => sessions.get('stolen', cb))).toBeNull();
  });

  it('after a back-channel logout, no session that signed in before it is written or read', async () => {
    await call((cb) => sessions.set('a', signedIn('sub-1'), cb));
    const inFlight = signedIn('sub-1');
    now += 1_000;
    expect(await sessions.destroyForUser('sub-1')).toBe(1);
    now += 1_000;
    // A request that was in flight during the logout finishes: touch, or save of a modified session.
    await call((cb) => sessions.touch('a', inFlight, cb));
    await call((cb) => sessions.set('a', inFlight, cb));
    expect(await call((cb) => sessions.get('a', cb))).toBeNull();
    // A session with another id but the same (pre-logout) sign-in is refused too.
    await call((cb) => sessions.set('b', inFlight, cb));
    expect(await call((cb) => sessions.get('b', cb))).toBeNull();
  });

  it('signing in again after the logout works', async () => {
    await call((cb) => sessions.set('a', signedIn('sub-1'), cb));
    now += 1_000;
    await sessions.destroyForUser('sub-1');
    now += 1_000;
    await call((cb) => sessions.set('fresh', signedIn('sub-1', now), cb));
    expect(await call((cb) => sessions.get('fresh', cb))).toMatchObject({ user: { sub: 'sub-1' } });
  });

  it('touch keeps a live session alive (it updates the expiry)', async () => {
    await call((cb) => sessions.set('a', signedIn('sub-1'), cb));
    now += 50 * 60_000;
    await call((cb) => sessions.touch('a', signedIn('sub-1'), cb));
    now += 50 * 60_000;
    expect(await call((cb) => sessions.get('a', cb))).toMatchObject({ user: { sub: 'sub-1' } });
  });

  it('forgets ended ids and logouts once no session from before them can be alive', async () => {
    await call((cb) => sessions.set('a', signedIn('sub-1'), cb));
    await call((cb) => sessions.destroy('a', cb));
    await sessions.destroyForUser('sub-2');
    expect((await store.endedSessions.count()) + (await store.userLogouts.count())).toBe(2);
    now += 2 * 60 * 60_000;
    await sessions.pruneExpired();
    expect((await store.endedSessions.count()) + (await store.userLogouts.count())).toBe(0);
  });
});
