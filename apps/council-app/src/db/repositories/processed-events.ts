import type { Executor, Now } from './executor.js';

/** The `processed_events` table: ids of webhooks and callbacks already applied (at-least-once delivery). */
export class ProcessedEventsRepository {
  constructor(
    private readonly db: Executor,
    private readonly now: Now,
  ) {}

  async has(source: string, eventId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('processed_events')
      .select('event_id')
      .where('source', '=', source)
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * true the first time an event id is seen. Call inside the transaction that applies the event: a concurrent
   * transaction inserting the same id waits for this one and then finds it (unique key), on any instance.
   */
  async mark(source: string, eventId: string): Promise<boolean> {
    const result = await this.db
      .insertInto('processed_events')
      .values({ source, event_id: eventId, received_at: this.now() })
      .onConflict((oc) => oc.columns(['source', 'event_id']).doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }
}
