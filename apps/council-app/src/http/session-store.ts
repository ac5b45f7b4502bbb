import session from 'express-session';
import type { Db } from '../db/database.js';

/**
 * express-session store on the app's SQLite database. Sessions live on the server (the cookie holds only a
 * signed id), and each row carries the One Login `sub` so a back-channel logout can end all of that person's
 * sessions at once.
 */
export class SqliteSessionStore extends session.Store {
  constructor(
    private readonly db: Db,
    private readonly defaultTtlMs = 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
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
      } else if (row.expires_at <= this.now()) {
        this.db.prepare('DELETE FROM sessions WHERE sid = ?').run(sid);
        callback(null, null);
      } else {
        callback(null, JSON.parse(row.sess) as session.SessionData);
      }
    } catch (err) {
      callback(err);
    }
  }

  override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    try {
      const expires = sess.cookie?.expires
        ? new Date(sess.cookie.expires).getTime()
        : this.now() + this.defaultTtlMs;
      this.db
        .prepare(
          `INSERT INTO sessions (sid, sess, expires_at, user_sub) VALUES (?, ?, ?, ?)
           ON CONFLICT (sid) DO UPDATE SET sess = excluded.sess, expires_at = excluded.expires_at, user_sub = excluded.user_sub`,
        )
        .run(sid, JSON.stringify(sess), expires, sess.user?.sub ?? null);
      callback?.();
    } catch (err) {
      callback?.(err);
    }
  }

  override touch(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    this.set(sid, sess, callback);
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    try {
      this.db.prepare('DELETE FROM sessions WHERE sid = ?').run(sid);
      callback?.();
    } catch (err) {
      callback?.(err);
    }
  }

  /** Ends every session of one One Login user (back-channel logout). Returns how many were ended. */
  destroyForUser(sub: string): number {
    return this.db.prepare('DELETE FROM sessions WHERE user_sub = ?').run(sub).changes;
  }

  pruneExpired(): number {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(this.now()).changes;
  }
}
