import type { Executor } from './executor.js';

/**
 * The `user_logouts` table: when each One Login user last signed out (here or through back-channel logout).
 * A session whose sign-in is older than this is refused, whichever instance still holds it in a request.
 */
export class UserLogoutsRepository {
  constructor(private readonly db: Executor) {}

  async record(userSub: string, at: Date): Promise<void> {
    await this.db
      .insertInto('user_logouts')
      .values({ user_sub: userSub, logged_out_at: at })
      .onConflict((oc) => oc.column('user_sub').doUpdateSet({ logged_out_at: at }))
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
}
