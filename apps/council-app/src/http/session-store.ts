import session from 'express-session';
import type { Store } from '../db/store.js';

/**
 * express-session store on the app's database, shared by every instance. Sessions live on the server (the cookie
 * holds only a signed id), and each row carries the One Login `sub`, so a sign-out or a back-channel logout ends
 * all of that person's sessions at once, on every instance. A session stays dead: the time of the user's last
 * logout is kept, and a session signed in before it is refused when read and never written again (a request
 * still in flight on another instance cannot bring it back).
 */
export class DatabaseSessionStore extends session.Store {
  constructor(
    private readonly store: Store,
    private readonly defaultTtlMs = 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    this.read(sid).then(
      (s) => callback(null, s),
      (err) => callback(err),
    );
  }

  private async read(sid: string): Promise<session.SessionData | null> {
    const row = await this.store.sessions.get(sid);
    if (!row) return null;
    const sess = row.sess as unknown as session.SessionData;
    if (row.expires_at.getTime() <= this.now() || (await this.loggedOutSince(sess))) {
      await this.store.sessions.delete(sid);
      return null;
    }
    return sess;
  }

  /** true when the session's user signed out (anywhere) after this session signed in. */
  private async loggedOutSince(sess: session.SessionData): Promise<boolean> {
    if (!sess.user) return false;
    const last = await this.store.userLogouts.lastLogout(sess.user.sub);
    return last !== undefined && last.getTime() >= (sess.user.signedInAt ?? 0);
  }

  override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    this.write(sid, sess).then(
      () => callback?.(),
      (err) => callback?.(err),
    );
  }

  private async write(sid: string, sess: session.SessionData): Promise<void> {
    if (await this.loggedOutSince(sess)) return;
    const expires = sess.cookie?.expires
      ? new Date(sess.cookie.expires)
      : new Date(this.now() + this.defaultTtlMs);
    await this.store.sessions.upsert(
      sid,
      sess as unknown as Record<string, unknown>,
      expires,
      sess.user?.sub ?? null,
    );
  }

  /** Only ever extends a session that exists: a touch after a logout must not bring the row back. */
  override touch(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    const expires = sess.cookie?.expires
      ? new Date(sess.cookie.expires)
      : new Date(this.now() + this.defaultTtlMs);
    this.store.sessions.extend(sid, expires).then(
      () => callback?.(),
      (err) => callback?.(err),
    );
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.store.sessions.delete(sid).then(
      () => callback?.(),
      (err) => callback?.(err),
    );
  }

  /** Ends every session of one One Login user, now and for any request still in flight. Returns how many. */
  async endSessionsOf(sub: string): Promise<number> {
    return this.store.transaction(async (tx) => {
      await tx.userLogouts.record(sub, new Date(this.now()));
      return tx.sessions.deleteForUser(sub);
    });
  }

  pruneExpired(): Promise<number> {
    return this.store.sessions.deleteExpired(new Date(this.now()));
  }
}
