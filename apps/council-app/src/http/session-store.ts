import session from 'express-session';
import type { Store } from '../db/store.js';

/**
 * express-session store on the app's database, shared by every instance. Sessions live on the server (the cookie
 * holds only a signed id), and each row carries the One Login `sub` so a back-channel logout can end all of that
 * person's sessions at once, on every instance.
 *
 * An ended session stays ended, whatever order requests finish in and on whichever instance. With `rolling: true`
 * every request ends with `touch` (or `set`, when it changed the session); a request that was in flight when the
 * session was destroyed (a stolen cookie in use while the resident signs out, or during a back-channel logout)
 * would otherwise write the row back and revive the cookie. So: `touch` only updates, never inserts; the ids of
 * destroyed sessions are remembered and never written again; and a session whose sign-in is older than its user's
 * last back-channel logout is neither read nor written. Both records are kept for one session lifetime (after that,
 * nothing from before them can still be alive) and then pruned.
 */
export class DatabaseSessionStore extends session.Store {
  constructor(
    private readonly store: Store,
    private readonly defaultTtlMs = 60 * 60 * 1000,
    readonly now: () => number = Date.now,
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

  /** True when this session's user was logged out (back channel) at or after this session signed in. */
  private async loggedOutSince(sess: session.SessionData): Promise<boolean> {
    if (!sess.user) return false;
    const last = await this.store.userLogouts.lastLogout(sess.user.sub);
    return last !== undefined && (sess.user.signedInAt ?? 0) <= last.getTime();
  }

  override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    this.write(sid, sess).then(
      () => callback?.(),
      (err) => callback?.(err),
    );
  }

  private async write(sid: string, sess: session.SessionData): Promise<void> {
    if ((await this.store.endedSessions.has(sid)) || (await this.loggedOutSince(sess))) return;
    await this.store.sessions.upsert(
      sid,
      sess as unknown as Record<string, unknown>,
      this.expiresAt(sess),
      sess.user?.sub ?? null,
    );
  }

  /** Extends a live session; a session that is gone stays gone. */
  override touch(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    this.store.sessions.extend(sid, this.expiresAt(sess)).then(
      () => callback?.(),
      (err) => callback?.(err),
    );
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.store
      .transaction(async (tx) => {
        await tx.sessions.delete(sid);
        await tx.endedSessions.remember([sid], this.forgetAfter());
      })
      .then(
        () => callback?.(),
        (err) => callback?.(err),
      );
  }

  /** Ends every session of one One Login user (back-channel logout), for good. Returns how many were ended. */
  async destroyForUser(sub: string): Promise<number> {
    return this.store.transaction(async (tx) => {
      await tx.userLogouts.record(sub, new Date(this.now()), this.forgetAfter());
      const sids = await tx.sessions.deleteForUser(sub);
      await tx.endedSessions.remember(sids, this.forgetAfter());
      return sids.length;
    });
  }

  async pruneExpired(): Promise<number> {
    const now = new Date(this.now());
    await this.store.endedSessions.forgetBefore(now);
    await this.store.userLogouts.forgetBefore(now);
    return this.store.sessions.deleteExpired(now);
  }

  private expiresAt(sess: session.SessionData): Date {
    return sess.cookie?.expires ? new Date(sess.cookie.expires) : new Date(this.now() + this.defaultTtlMs);
  }

  private forgetAfter(): Date {
    return new Date(this.now() + this.defaultTtlMs);
  }
}
