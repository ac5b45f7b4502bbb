import type { Executor } from './executor.js';

/**
 * The `ended_sessions` table: ids of sessions destroyed (sign-out, back-channel logout), never written again. A
 * request that was in flight when its session ended (a stolen cookie in use while the resident signs out) would
 * otherwise write the row back when it finishes.
 */
export class EndedSessionsRepository {
  constructor(private readonly db: Executor) {}

  async remember(sids: string[], forgetAfter: Date): Promise<void> {
    if (sids.length === 0) return;
    await this.db
      .insertInto('ended_sessions')
      .values(sids.map((sid) => ({ sid, forget_after: forgetAfter })))
      .onConflict((oc) => oc.column('sid').doUpdateSet({ forget_after: forgetAfter }))
      .execute();
  }

  async has(sid: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('ended_sessions')
      .select('sid')
      .where('sid', '=', sid)
      .executeTakeFirst();
    return row !== undefined;
  }

  async forgetBefore(now: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('ended_sessions')
      .where('forget_after', '<=', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('ended_sessions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
