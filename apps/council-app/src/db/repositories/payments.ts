import type { Selectable } from 'kysely';
import type { PaymentsTable } from '../schema.js';
import type { Executor, Now } from './executor.js';

export interface PaymentRow {
  payment_id: string;
  application_reference: string;
  idempotency_key: string;
  amount: number;
  status: string;
  finished: boolean;
  failure_code: string | null;
  refunded_amount: number;
  created_at: string;
  updated_at: string;
}

export interface NewPayment {
  payment_id: string;
  idempotency_key: string;
  amount: number;
  status: string;
}

function toPayment(row: Selectable<PaymentsTable>): PaymentRow {
  const { seq: _seq, ...rest } = row;
  return { ...rest, created_at: rest.created_at.toISOString(), updated_at: rest.updated_at.toISOString() };
}

/** The `payments` table: one row per GOV.UK Pay payment (attempt) of an application. */
export class PaymentsRepository {
  constructor(
    private readonly db: Executor,
    private readonly now: Now,
  ) {}

  async insert(applicationReference: string, p: NewPayment): Promise<void> {
    const ts = this.now();
    await this.db
      .insertInto('payments')
      .values({ ...p, application_reference: applicationReference, created_at: ts, updated_at: ts })
      .onConflict((oc) => oc.column('payment_id').doNothing())
      .execute();
  }

  async get(paymentId: string): Promise<PaymentRow | undefined> {
    const row = await this.db
      .selectFrom('payments')
      .selectAll()
      .where('payment_id', '=', paymentId)
      .executeTakeFirst();
    return row && toPayment(row);
  }

  /** Newest attempt first. */
  async listFor(reference: string): Promise<PaymentRow[]> {
    const rows = await this.db
      .selectFrom('payments')
      .selectAll()
      .where('application_reference', '=', reference)
      .orderBy('seq', 'desc')
      .execute();
    return rows.map(toPayment);
  }

  async latestFor(reference: string): Promise<PaymentRow | undefined> {
    return (await this.listFor(reference))[0];
  }

  async setState(paymentId: string, state: { status: string; finished: boolean; code?: string | undefined }) {
    await this.db
      .updateTable('payments')
      .set({
        status: state.status,
        finished: state.finished,
        failure_code: state.code ?? null,
        updated_at: this.now(),
      })
      .where('payment_id', '=', paymentId)
      .execute();
  }

  async addRefunded(paymentId: string, amount: number): Promise<void> {
    await this.db
      .updateTable('payments')
      .set((eb) => ({ refunded_amount: eb('refunded_amount', '+', amount), updated_at: this.now() }))
      .where('payment_id', '=', paymentId)
      .execute();
  }

  /** Raises the refunded amount to `amount` (never lowers it). true when it changed. */
  async raiseRefunded(paymentId: string, amount: number): Promise<boolean> {
    const result = await this.db
      .updateTable('payments')
      .set({ refunded_amount: amount, updated_at: this.now() })
      .where('payment_id', '=', paymentId)
      .where('refunded_amount', '<', amount)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
