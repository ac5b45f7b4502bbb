import { sql } from 'kysely';
import type { Executor, Now } from './executor.js';

/**
 * The `sign_in_failures` table: failed sign-ins per key in a fixed window that opens at the key's first failure.
 * Shared by every instance, so password guesses spread over the instances behind a load balancer add up. Rows whose
 * window has ended mean nothing and are pruned; the count restarts at the next failure.
 */
export class SignInFailuresRepository {
  constructor(
    private readonly db: Executor,
    private readonly now: Now,
  ) {}

  /** Failures of `key` in its current window (0 once the window has ended). */
  async count(key: string): Promise<number> {
    const row = await this.db
      .selectFrom('sign_in_failures')
      .select('failures')
      .where('key', '=', key)
      .where('window_ends_at', '>', this.now())
      .executeTakeFirst();
    return row?.failures ?? 0;
  }

  /**
   * Counts one failure in one statement (two instances recording at once both count): in the open window, or in a
   * new window of `windowMs` when there is none.
   */
  async record(key: string, windowMs: number): Promise<void> {
    const now = this.now();
    const open = sql<boolean>`sign_in_failures.window_ends_at > ${now}`;
    await this.db
      .insertInto('sign_in_failures')
      .values({ key, failures: 1, window_ends_at: new Date(now.getTime() + windowMs) })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql`CASE WHEN ${open} THEN sign_in_failures.failures + 1 ELSE 1 END`,
          window_ends_at: sql`CASE WHEN ${open} THEN sign_in_failures.window_ends_at ELSE excluded.window_ends_at END`,
        }),
      )
      .execute();
  }

  async clear(key: string): Promise<void> {
    await this.db.deleteFrom('sign_in_failures').where('key', '=', key).execute();
  }

  /** Deletes the rows whose window has ended; returns how many. */
  async deleteEnded(): Promise<number> {
    const result = await this.db
      .deleteFrom('sign_in_failures')
      .where('window_ends_at', '<=', this.now())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
