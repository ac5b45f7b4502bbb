import type { Executor, Now } from './executor.js';

/** The `checkpoints` table: where a watcher has got to (the Forms bucket), shared by every instance. */
export class CheckpointsRepository {
  constructor(
    private readonly db: Executor,
    private readonly now: Now,
  ) {}

  async get(name: string): Promise<unknown> {
    const row = await this.db
      .selectFrom('checkpoints')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.value;
  }

  async set(name: string, value: unknown): Promise<void> {
    const json = JSON.stringify(value);
    const ts = this.now();
    await this.db
      .insertInto('checkpoints')
      .values({ name, value: json, updated_at: ts })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: json, updated_at: ts }))
      .execute();
  }
}
