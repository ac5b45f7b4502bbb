import { sql } from 'kysely';
import type { Executor } from './executor.js';

/**
 * The `rate_limits` table: one token bucket per limit, shared by every instance. The database's clock refills it,
 * so instances whose clocks differ still agree, and one UPDATE takes a token atomically.
 */
export class RateLimitsRepository {
  constructor(private readonly db: Executor) {}

  /**
   * Takes one token if there is one. Returns 0 when taken, else the milliseconds until one will be there.
   * `capacity` is the burst; `perSecond` the refill rate.
   */
  async take(name: string, capacity: number, perSecond: number): Promise<number> {
    await this.db
      .insertInto('rate_limits')
      .values({ name, tokens: capacity, refilled_at: sql<Date>`clock_timestamp()` })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const refilled = sql<number>`least(${capacity}::float8, tokens + extract(epoch from clock_timestamp() - refilled_at) * ${perSecond}::float8)`;
    const taken = await this.db
      .updateTable('rate_limits')
      .set({ tokens: sql`${refilled} - 1`, refilled_at: sql`clock_timestamp()` })
      .where('name', '=', name)
      .where(refilled, '>=', 1)
      .returning('tokens')
      .executeTakeFirst();
    if (taken) return 0;
    const row = await this.db
      .selectFrom('rate_limits')
      .select(refilled.as('available'))
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    return Math.max(1, Math.ceil(((1 - Number(row.available)) / perSecond) * 1000));
  }

  /** The service said we were over its limit (other traffic shares it): empty the bucket so every instance waits. */
  async drain(name: string): Promise<void> {
    await this.db
      .updateTable('rate_limits')
      .set({ tokens: sql`least(tokens, 0)`, refilled_at: sql`clock_timestamp()` })
      .where('name', '=', name)
      .execute();
  }
}
