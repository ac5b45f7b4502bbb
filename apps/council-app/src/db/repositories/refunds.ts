import type { Executor, Now } from './executor.js';

export interface RefundRow {
  refund_id: string;
  amount: number;
  status: string;
  created_at: string;
}

/** The `refunds` table: refunds this app asked GOV.UK Pay for. */
export class RefundsRepository {
  constructor(
    private readonly db: Executor,
    private readonly now: Now,
  ) {}

  /** false when this refund id was already recorded. */
  async insert(r: {
    refund_id: string;
    payment_id: string;
    amount: number;
    status: string;
  }): Promise<boolean> {
    const result = await this.db
      .insertInto('refunds')
      .values({ ...r, created_at: this.now() })
      .onConflict((oc) => oc.column('refund_id').doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }

  async listFor(paymentId: string): Promise<RefundRow[]> {
    const rows = await this.db
      .selectFrom('refunds')
      .select(['refund_id', 'amount', 'status', 'created_at'])
      .where('payment_id', '=', paymentId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ ...r, created_at: r.created_at.toISOString() }));
  }
}
