import { sql } from 'kysely';
import type { Executor } from './executor.js';

/**
 * The `rate_limits` table: one token bucket per limit, shared by every instance. The database's clock refills it,
 * so instances whose clocks differ still agree, and one UPDATE reserves a token atomically.
 */
export class RateLimitsRepository {
  constructor(private readonly db: Executor) {}

  /**
   * Reserves the next token and returns how many milliseconds to wait before using it (0: now). One UPDATE per
   * call: the bucket may go below zero, and its depth below zero is the queue of reservations, so a thousand
   * waiting senders on three instances wait their turn without polling the row.
   * `capacity` is the burst; `perSecond` the refill rate.
   */
  async reserve(name: string, capacity: number, perSecond: number): Promise<number> {
    await this.db
      .insertInto('rate_limits')
      .values({ name, tokens: capacity, refilled_at: sql<Date>`clock_timestamp()` })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const refilled = sql<number>`least(${capacity}::float8, tokens + extract(epoch from clock_timestamp() - refilled_at) * ${perSecond}::float8)`;
    const row = await this.db
      .updateTable('rate_limits')
      .set({ tokens: sql`${refilled} - 1`, refilled_at: sql`clock_timestamp()` })
      .where('name', '=', name)
      .returning('tokens')
      .executeTakeFirstOrThrow();
    const tokens = Number(row.tokens);
    return tokens >= 0 ? 0 : Math.ceil((-tokens / perSecond) * 1000);
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
