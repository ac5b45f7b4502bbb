import type { Executor } from './executor.js';

/**
 * The `user_logouts` table: when each One Login user was last logged out through back-channel logout. A session
 * whose sign-in is older than this is refused, whichever instance still holds it in a request. Kept for one
 * session lifetime (after that no session from before it can be alive), then pruned.
 */
export class UserLogoutsRepository {
  constructor(private readonly db: Executor) {}

  async record(userSub: string, at: Date, forgetAfter: Date): Promise<void> {
    await this.db
      .insertInto('user_logouts')
      .values({ user_sub: userSub, logged_out_at: at, forget_after: forgetAfter })
      .onConflict((oc) => oc.column('user_sub').doUpdateSet({ logged_out_at: at, forget_after: forgetAfter }))
      .execute();
  }

  async lastLogout(userSub: string): Promise<Date | undefined> {
    const row = await this.db
      .selectFrom('user_logouts')
      .select('logged_out_at')
      .where('user_sub', '=', userSub)
      .executeTakeFirst();
    return row?.logged_out_at;
  }

  async forgetBefore(now: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('user_logouts')
      .where('forget_after', '<=', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('user_logouts')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
