import type { Selectable } from 'kysely';
import type { ApplicationStatus } from '../../domain/permit.js';
import type { AddressJson, ApplicationsTable } from '../schema.js';
import type { Executor, Now } from './executor.js';

export type Address = AddressJson;

export interface Application {
  reference: string;
  user_sub: string;
  full_name: string;
  email: string | null;
  phone_number: string | null;
  address: Address;
  vehicle_registration: string;
  permit_length: number;
  amount: number;
  language: 'en' | 'cy';
  status: ApplicationStatus;
  created_at: string;
  updated_at: string;
  paid_at: string | null;
}

export type NewApplication = Omit<Application, 'status' | 'created_at' | 'updated_at' | 'paid_at'>;

function toApplication(row: Selectable<ApplicationsTable>): Application {
  const { seq: _seq, ...rest } = row;
  return {
    ...rest,
    status: rest.status as ApplicationStatus,
    created_at: rest.created_at.toISOString(),
    updated_at: rest.updated_at.toISOString(),
    paid_at: rest.paid_at ? rest.paid_at.toISOString() : null,
  };
}

/** The `applications` table. */
export class ApplicationsRepository {
  constructor(
    private readonly db: Executor,
    private readonly now: Now,
  ) {}

  async insert(app: NewApplication): Promise<void> {
    const ts = this.now();
    await this.db
      .insertInto('applications')
      .values({
        ...app,
        address: JSON.stringify(app.address),
        status: 'awaiting_payment',
        created_at: ts,
        updated_at: ts,
      })
      .execute();
  }

  async get(reference: string): Promise<Application | undefined> {
    const row = await this.db
      .selectFrom('applications')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirst();
    return row && toApplication(row);
  }

  /** Reads the application and locks its row until the transaction ends: concurrent writers take turns. */
  async getForUpdate(reference: string): Promise<Application | undefined> {
    const row = await this.db
      .selectFrom('applications')
      .selectAll()
      .where('reference', '=', reference)
      .forUpdate()
      .executeTakeFirst();
    return row && toApplication(row);
  }

  async listFor(userSub: string): Promise<Application[]> {
    const rows = await this.db
      .selectFrom('applications')
      .selectAll()
      .where('user_sub', '=', userSub)
      .orderBy('seq', 'desc')
      .execute();
    return rows.map(toApplication);
  }

  async list(limit = 200): Promise<Application[]> {
    const rows = await this.db
      .selectFrom('applications')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toApplication);
  }

  async setStatus(reference: string, status: ApplicationStatus): Promise<void> {
    const ts = this.now();
    await this.db
      .updateTable('applications')
      .set({ status, updated_at: ts, ...(status === 'paid' ? { paid_at: ts } : {}) })
      .where('reference', '=', reference)
      .execute();
  }

  /** The resident cancels an unpaid application. False if it was paid (or already withdrawn) meanwhile. */
  async withdraw(reference: string): Promise<boolean> {
    const result = await this.db
      .updateTable('applications')
      .set({ status: 'withdrawn', updated_at: this.now() })
      .where('reference', '=', reference)
      .where('status', 'in', ['awaiting_payment', 'payment_failed', 'payment_cancelled'])
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }
}
