import type { Executor } from './executor.js';

export interface StoredSession {
  sess: Record<string, unknown>;
  expires_at: Date;
  user_sub: string | null;
}

/** The `sessions` table: express-session's server-side sessions (the cookie holds only the signed id). */
export class SessionsRepository {
  constructor(private readonly db: Executor) {}

  async get(sid: string): Promise<StoredSession | undefined> {
    return this.db
      .selectFrom('sessions')
      .select(['sess', 'expires_at', 'user_sub'])
      .where('sid', '=', sid)
      .executeTakeFirst();
  }

  async upsert(sid: string, sess: Record<string, unknown>, expiresAt: Date, userSub: string | null) {
    const json = JSON.stringify(sess);
    await this.db
      .insertInto('sessions')
      .values({ sid, sess: json, expires_at: expiresAt, user_sub: userSub })
      .onConflict((oc) =>
        oc.column('sid').doUpdateSet({ sess: json, expires_at: expiresAt, user_sub: userSub }),
      )
      .execute();
  }

  /** Moves the expiry of an existing session; never creates one. */
  async extend(sid: string, expiresAt: Date): Promise<void> {
    await this.db.updateTable('sessions').set({ expires_at: expiresAt }).where('sid', '=', sid).execute();
  }

  async delete(sid: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('sid', '=', sid).execute();
  }

  /** Deletes every session of one user; returns their ids. */
  async deleteForUser(sub: string): Promise<string[]> {
    const rows = await this.db.deleteFrom('sessions').where('user_sub', '=', sub).returning('sid').execute();
    return rows.map((r) => r.sid);
  }

  async deleteExpired(now: Date): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async userSubs(): Promise<(string | null)[]> {
    const rows = await this.db.selectFrom('sessions').select('user_sub').execute();
    return rows.map((r) => r.user_sub);
  }
}
