import type { Executor } from './executor.js';

/** The `logout_token_replays` table: back-channel logout token ids already accepted, until they expire. */
export class LogoutTokenReplaysRepository {
  constructor(private readonly db: Executor) {}

  /** true the first time a key is stored (a unique row: atomic across instances). Expired keys are pruned. */
  async checkAndStore(key: string, expiresAt: Date, now: Date): Promise<boolean> {
    await this.db.deleteFrom('logout_token_replays').where('expires_at', '<=', now).execute();
    const result = await this.db
      .insertInto('logout_token_replays')
      .values({ token_key: key, expires_at: expiresAt })
      .onConflict((oc) => oc.column('token_key').doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }
}
