import type { Selectable } from 'kysely';
import type { NotificationsTable } from '../schema.js';
import type { Executor, Now } from './executor.js';

/** A row as the app reads it: the table's columns (see schema.ts), with timestamps as ISO strings. */
export type NotificationRow = Omit<Selectable<NotificationsTable>, 'seq' | 'created_at' | 'updated_at'> & {
  created_at: string;
  updated_at: string;
};

function toRow(row: Selectable<NotificationsTable>): NotificationRow {
  const { seq: _seq, ...rest } = row;
  return { ...rest, created_at: rest.created_at.toISOString(), updated_at: rest.updated_at.toISOString() };
}

/** The `notifications` table: every message sent through GOV.UK Notify and its latest delivery status. */
export class NotificationsRepository {
  constructor(
    private readonly db: Executor,
    private readonly now: Now,
  ) {}

  async insert(
    n: Omit<NotificationRow, 'created_at' | 'updated_at' | 'about'> & { about?: string | undefined },
  ): Promise<void> {
    const ts = this.now();
    await this.db
      .insertInto('notifications')
      .values({ ...n, about: n.about ?? null, created_at: ts, updated_at: ts })
      // Recorded already (the same notification, or the same `about`): a retried job records nothing twice.
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async listFor(subjectReference: string): Promise<NotificationRow[]> {
    const rows = await this.db
      .selectFrom('notifications')
      .selectAll()
      .where('subject_reference', '=', subjectReference)
      .orderBy('seq')
      .execute();
    return rows.map(toRow);
  }

  /** The message already sent about a subject on a channel with this template (a refund notice is not a confirmation). */
  async find(
    subjectReference: string,
    channel: 'email' | 'sms',
    templateId: string,
  ): Promise<NotificationRow | undefined> {
    const row = await this.db
      .selectFrom('notifications')
      .selectAll()
      .where('subject_reference', '=', subjectReference)
      .where('channel', '=', channel)
      .where('template_id', '=', templateId)
      .executeTakeFirst();
    return row && toRow(row);
  }

  /** The message already sent about `about` (see NotificationRow.about). */
  async findAbout(about: string): Promise<NotificationRow | undefined> {
    const row = await this.db
      .selectFrom('notifications')
      .selectAll()
      .where('about', '=', about)
      .executeTakeFirst();
    return row && toRow(row);
  }

  async getStatus(notificationId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('notifications')
      .select('status')
      .where('notification_id', '=', notificationId)
      .forUpdate()
      .executeTakeFirst();
    return row?.status;
  }

  async setStatus(notificationId: string, status: string): Promise<void> {
    await this.db
      .updateTable('notifications')
      .set({ status, updated_at: this.now() })
      .where('notification_id', '=', notificationId)
      .execute();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
