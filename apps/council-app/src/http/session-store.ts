import session from 'express-session';
import type { Db } from '../db/database.js';

/**
 * express-session store on the app's SQLite database. Sessions live on the server (the cookie holds only a
 * signed id), and each row carries the One Login `sub` so a back-channel logout can end all of that person's
 * sessions at once.
 *
 * An ended session stays ended, whatever order requests finish in. With `rolling: true` every request ends with
 * `touch` (or `set`, when it changed the session); a request that was in flight when the session was destroyed (a
 * stolen cookie in use while the resident signs out, or during a back-channel logout) would otherwise write the
 * row back and revive the cookie. So: `touch` only updates, never inserts; the ids of destroyed sessions are
 * remembered and never written again; and a session whose sign-in is older than its user's last back-channel
 * logout is neither read nor written. Both records are kept for one session lifetime (after that, nothing from
 * before them can still be alive) and then pruned.
 */
export class SqliteSessionStore extends session.Store {
  constructor(
    private readonly db: Db,
    private readonly defaultTtlMs = 60 * 60 * 1000,
    readonly now: () => number = Date.now,
  ) {
    super();
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    try {
      const row = this.db.prepare('SELECT sess, expires_at FROM sessions WHERE sid = ?').get(sid) as
        | { sess: string; expires_at: number }
        | undefined;
      if (!row) {
        callback(null, null);
        return;
      }
      const sess = JSON.parse(row.sess) as session.SessionData;
      if (row.expires_at <= this.now() || this.#loggedOutSince(sess)) {
        this.db.prepare('DELETE FROM sessions WHERE sid = ?').run(sid);
        callback(null, null);
        return;
      }
      callback(null, sess);
    } catch (err) {
      callback(err);
    }
  }

  override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    try {
      if (this.#ended(sid) || this.#loggedOutSince(sess)) {
        callback?.();
        return;
      }
      this.db
        .prepare(
          `INSERT INTO sessions (sid, sess, expires_at, user_sub) VALUES (?, ?, ?, ?)
           ON CONFLICT (sid) DO UPDATE SET sess = excluded.sess, expires_at = excluded.expires_at, user_sub = excluded.user_sub`,
        )
        .run(sid, JSON.stringify(sess), this.#expiresAt(sess), sess.user?.sub ?? null);
      callback?.();
    } catch (err) {
      callback?.(err);
    }
  }

  /** Extends a live session; a session that is gone stays gone. */
  override touch(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    try {
      this.db.prepare('UPDATE sessions SET expires_at = ? WHERE sid = ?').run(this.#expiresAt(sess), sid);
      callback?.();
    } catch (err) {
      callback?.(err);
    }
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    try {
      this.db.transaction(() => {
        this.db.prepare('DELETE FROM sessions WHERE sid = ?').run(sid);
        this.#remember([sid]);
      })();
      callback?.();
    } catch (err) {
      callback?.(err);
    }
  }

  /** Ends every session of one One Login user (back-channel logout). Returns how many were ended. */
  destroyForUser(sub: string): number {
    const now = this.now();
    return this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO user_logouts (user_sub, logged_out_at, forget_after) VALUES (?, ?, ?)
           ON CONFLICT (user_sub) DO UPDATE SET logged_out_at = excluded.logged_out_at, forget_after = excluded.forget_after`,
        )
        .run(sub, now, now + this.defaultTtlMs);
      const sids = this.db.prepare('SELECT sid FROM sessions WHERE user_sub = ?').all(sub) as {
        sid: string;
      }[];
      this.#remember(sids.map((r) => r.sid));
      return this.db.prepare('DELETE FROM sessions WHERE user_sub = ?').run(sub).changes;
    })();
  }

  pruneExpired(): number {
    const now = this.now();
    this.db.prepare('DELETE FROM ended_sessions WHERE forget_after <= ?').run(now);
    this.db.prepare('DELETE FROM user_logouts WHERE forget_after <= ?').run(now);
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes;
  }

  #expiresAt(sess: session.SessionData): number {
    return sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : this.now() + this.defaultTtlMs;
  }

  #remember(sids: string[]): void {
    const insert = this.db.prepare('INSERT OR REPLACE INTO ended_sessions (sid, forget_after) VALUES (?, ?)');
    const forgetAfter = this.now() + this.defaultTtlMs;
    for (const sid of sids) insert.run(sid, forgetAfter);
  }

  #ended(sid: string): boolean {
    return this.db.prepare('SELECT 1 FROM ended_sessions WHERE sid = ?').get(sid) !== undefined;
  }

  /** True when this session's user was logged out (back channel) at or after this session signed in. */
  #loggedOutSince(sess: session.SessionData): boolean {
    const sub = sess.user?.sub;
    if (!sub) return false;
    const row = this.db.prepare('SELECT logged_out_at FROM user_logouts WHERE user_sub = ?').get(sub) as
      | { logged_out_at: number }
      | undefined;
    return row !== undefined && (sess.user?.signedInAt ?? 0) <= row.logged_out_at;
  }
}
