import {
  type ApplicationStatus,
  applicationStatusAfterPayment,
  isNotifyStatusNewer,
} from '../domain/permit.js';
import type { Db } from './database.js';

// All SQL lives here. Every method that changes state runs in one transaction, so a crash half way
// leaves the database as it was, and every webhook/callback write is keyed by its event id.

export interface Address {
  lines: string[];
  postcode: string;
  uprn?: string | undefined;
}

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

export interface PaymentRow {
  payment_id: string;
  application_reference: string;
  idempotency_key: string;
  amount: number;
  status: string;
  finished: number;
  failure_code: string | null;
  refunded_amount: number;
  created_at: string;
  updated_at: string;
}

export interface NotificationRow {
  notification_id: string;
  subject_reference: string;
  channel: 'email' | 'sms';
  template_id: string;
  recipient: string;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface SubmissionRow {
  submission_reference: string;
  form_id: string;
  form_name: string;
  submitted_at: string;
  answers: { question_text: string; answer_text: string | string[] }[];
  contact_email: string | null;
  source_key: string;
  payment_id: string | null;
  payment_status: string | null;
  payment_amount: number | null;
  acknowledged_at: string | null;
  ingested_at: string;
}

type ApplicationDbRow = Omit<Application, 'address'> & { address: string };
type SubmissionDbRow = Omit<SubmissionRow, 'answers'> & { answers: string };

function toApplication(row: ApplicationDbRow | undefined): Application | undefined {
  return row && { ...row, address: JSON.parse(row.address) as Address };
}

export interface PaymentState {
  status: string;
  finished: boolean;
  code?: string | undefined;
}

export class Store {
  constructor(
    readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private ts(): string {
    return this.now().toISOString();
  }

  // ---- applications ----

  createApplication(
    app: Omit<Application, 'status' | 'created_at' | 'updated_at' | 'paid_at'>,
    payment: { payment_id: string; idempotency_key: string; amount: number; status: string },
  ): void {
    const ts = this.ts();
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO applications (reference, user_sub, full_name, email, phone_number, address, vehicle_registration,
             permit_length, amount, language, status, created_at, updated_at)
           VALUES (@reference, @user_sub, @full_name, @email, @phone_number, @address, @vehicle_registration,
             @permit_length, @amount, @language, 'awaiting_payment', @ts, @ts)`,
        )
        .run({ ...app, address: JSON.stringify(app.address), ts });
      this.insertPayment(app.reference, payment, ts);
    })();
  }

  /** A further attempt after a declined or cancelled payment. */
  addPayment(
    reference: string,
    payment: { payment_id: string; idempotency_key: string; amount: number; status: string },
  ): void {
    const ts = this.ts();
    this.db.transaction(() => {
      this.insertPayment(reference, payment, ts);
      this.db
        .prepare(
          `UPDATE applications SET status = 'awaiting_payment', updated_at = ?
           WHERE reference = ? AND status NOT IN ('paid', 'refunded')`,
        )
        .run(ts, reference);
    })();
  }

  private insertPayment(
    reference: string,
    p: { payment_id: string; idempotency_key: string; amount: number; status: string },
    ts: string,
  ): void {
    this.db
      .prepare(
        `INSERT INTO payments (payment_id, application_reference, idempotency_key, amount, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (payment_id) DO NOTHING`,
      )
      .run(p.payment_id, reference, p.idempotency_key, p.amount, p.status, ts, ts);
  }

  getApplication(reference: string): Application | undefined {
    return toApplication(
      this.db.prepare('SELECT * FROM applications WHERE reference = ?').get(reference) as
        | ApplicationDbRow
        | undefined,
    );
  }

  listApplicationsFor(userSub: string): Application[] {
    return (
      this.db
        .prepare('SELECT * FROM applications WHERE user_sub = ? ORDER BY created_at DESC, rowid DESC')
        .all(userSub) as ApplicationDbRow[]
    ).map((r) => toApplication(r)!);
  }

  listApplications(limit = 200): Application[] {
    return (
      this.db
        .prepare('SELECT * FROM applications ORDER BY created_at DESC, rowid DESC LIMIT ?')
        .all(limit) as ApplicationDbRow[]
    ).map((r) => toApplication(r)!);
  }

  // ---- payments ----

  getPayment(paymentId: string): PaymentRow | undefined {
    return this.db.prepare('SELECT * FROM payments WHERE payment_id = ?').get(paymentId) as
      | PaymentRow
      | undefined;
  }

  paymentsFor(reference: string): PaymentRow[] {
    return this.db
      .prepare('SELECT * FROM payments WHERE application_reference = ? ORDER BY created_at DESC, rowid DESC')
      .all(reference) as PaymentRow[];
  }

  latestPaymentFor(reference: string): PaymentRow | undefined {
    return this.paymentsFor(reference)[0];
  }

  /**
   * Records what Pay says about a payment (from the return page, a webhook or a reconciliation) and moves the
   * application on. A finished payment never changes state again, so a late or replayed event changes nothing.
   * With `event`, the write is skipped entirely if that event id has been processed before.
   */
  /** The resident cancels an unpaid application. False if it was paid (or already withdrawn) meanwhile. */
  withdrawApplication(reference: string): boolean {
    const changed = this.db
      .prepare(
        `UPDATE applications SET status = 'withdrawn', updated_at = ?
         WHERE reference = ? AND status IN ('awaiting_payment', 'payment_failed', 'payment_cancelled')`,
      )
      .run(this.ts(), reference);
    return changed.changes === 1;
  }

  applyPaymentState(
    paymentId: string,
    state: PaymentState,
    event?: { source: string; id: string },
  ): { application: Application | undefined; becamePaid: boolean; duplicate: boolean } {
    return this.db.transaction(() => {
      if (event && !this.markEventProcessed(event.source, event.id)) {
        return { application: undefined, becamePaid: false, duplicate: true };
      }
      const payment = this.getPayment(paymentId);
      if (!payment) return { application: undefined, becamePaid: false, duplicate: false };
      const ts = this.ts();
      if (!payment.finished) {
        this.db
          .prepare(
            'UPDATE payments SET status = ?, finished = ?, failure_code = ?, updated_at = ? WHERE payment_id = ?',
          )
          .run(state.status, state.finished ? 1 : 0, state.code ?? null, ts, paymentId);
      }
      const app = this.getApplication(payment.application_reference)!;
      // Only the newest attempt decides a failure; any attempt that succeeded decides success.
      const latest = this.latestPaymentFor(app.reference);
      const effective = payment.finished
        ? { status: payment.status, code: payment.failure_code ?? undefined }
        : state;
      if (latest?.payment_id !== paymentId && effective.status !== 'success') {
        return { application: app, becamePaid: false, duplicate: false };
      }
      const next = applicationStatusAfterPayment(app.status, effective);
      let becamePaid = false;
      if (next && next !== app.status) {
        becamePaid = next === 'paid';
        this.db
          .prepare(
            `UPDATE applications SET status = ?, updated_at = ?, paid_at = CASE WHEN ? = 'paid' THEN ? ELSE paid_at END
             WHERE reference = ?`,
          )
          .run(next, ts, next, ts, app.reference);
      }
      return { application: this.getApplication(app.reference), becamePaid, duplicate: false };
    })();
  }

  recordRefund(refund: { refund_id: string; payment_id: string; amount: number; status: string }): void {
    const ts = this.ts();
    this.db.transaction(() => {
      const inserted = this.db
        .prepare(
          `INSERT INTO refunds (refund_id, payment_id, amount, status, created_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (refund_id) DO NOTHING`,
        )
        .run(refund.refund_id, refund.payment_id, refund.amount, refund.status, ts);
      if (inserted.changes === 0) return;
      this.db
        .prepare(
          'UPDATE payments SET refunded_amount = refunded_amount + ?, updated_at = ? WHERE payment_id = ?',
        )
        .run(refund.amount, ts, refund.payment_id);
      const payment = this.getPayment(refund.payment_id)!;
      if (payment.refunded_amount >= payment.amount) {
        this.db
          .prepare(`UPDATE applications SET status = 'refunded', updated_at = ? WHERE reference = ?`)
          .run(ts, payment.application_reference);
      }
    })();
  }

  /**
   * Refunds made outside this app (e.g. in the GOV.UK Pay admin tool) reach us as `card_payment_refunded`:
   * take Pay's `refund_summary.amount_submitted` as the truth when it is more than we know of.
   */
  syncRefundedAmount(paymentId: string, amountSubmitted: number): void {
    const ts = this.ts();
    this.db.transaction(() => {
      const changed = this.db
        .prepare(
          'UPDATE payments SET refunded_amount = ?, updated_at = ? WHERE payment_id = ? AND refunded_amount < ?',
        )
        .run(amountSubmitted, ts, paymentId, amountSubmitted).changes;
      const payment = this.getPayment(paymentId);
      if (changed && payment && payment.refunded_amount >= payment.amount) {
        this.db
          .prepare(`UPDATE applications SET status = 'refunded', updated_at = ? WHERE reference = ?`)
          .run(ts, payment.application_reference);
      }
    })();
  }

  refundsFor(paymentId: string): { refund_id: string; amount: number; status: string; created_at: string }[] {
    return this.db
      .prepare(
        'SELECT refund_id, amount, status, created_at FROM refunds WHERE payment_id = ? ORDER BY created_at',
      )
      .all(paymentId) as never;
  }

  // ---- confirmations and notifications ----

  /** Exactly one of the return page and the webhook gets to send the confirmation. */
  claimConfirmation(reference: string): boolean {
    return (
      this.db
        .prepare(
          `UPDATE applications SET confirmation_claimed_at = ? WHERE reference = ? AND confirmation_claimed_at IS NULL
           AND status = 'paid'`,
        )
        .run(this.ts(), reference).changes === 1
    );
  }

  /** Lets a later reconciliation retry a confirmation whose sending failed. */
  releaseConfirmation(reference: string): void {
    this.db
      .prepare('UPDATE applications SET confirmation_claimed_at = NULL WHERE reference = ?')
      .run(reference);
  }

  recordNotification(n: Omit<NotificationRow, 'created_at' | 'updated_at'>): void {
    const ts = this.ts();
    this.db
      .prepare(
        `INSERT INTO notifications (notification_id, subject_reference, channel, template_id, recipient, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (notification_id) DO NOTHING`,
      )
      .run(n.notification_id, n.subject_reference, n.channel, n.template_id, n.recipient, n.status, ts, ts);
  }

  notificationsFor(subjectReference: string): NotificationRow[] {
    return this.db
      .prepare('SELECT * FROM notifications WHERE subject_reference = ? ORDER BY created_at, rowid')
      .all(subjectReference) as NotificationRow[];
  }

  /** A Notify delivery-status callback. Idempotent by (notification id, status); statuses never go backwards. */
  applyNotificationStatus(
    notificationId: string,
    status: string,
  ): 'updated' | 'duplicate' | 'stale' | 'unknown' {
    return this.db.transaction(() => {
      if (!this.markEventProcessed('notify', `${notificationId}:${status}`)) return 'duplicate' as const;
      const row = this.db
        .prepare('SELECT status FROM notifications WHERE notification_id = ?')
        .get(notificationId) as { status: string } | undefined;
      if (!row) return 'unknown' as const;
      if (!isNotifyStatusNewer(row.status, status)) return 'stale' as const;
      this.db
        .prepare('UPDATE notifications SET status = ?, updated_at = ? WHERE notification_id = ?')
        .run(status, this.ts(), notificationId);
      return 'updated' as const;
    })();
  }

  hasProcessedEvent(source: string, eventId: string): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM processed_events WHERE source = ? AND event_id = ?')
        .get(source, eventId) !== undefined
    );
  }

  /** true the first time an event id is seen. Call inside the transaction that applies the event. */
  markEventProcessed(source: string, eventId: string): boolean {
    return (
      this.db
        .prepare(
          'INSERT INTO processed_events (source, event_id, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
        )
        .run(source, eventId, this.ts()).changes === 1
    );
  }

  // ---- GOV.UK Forms submissions ----

  /** false when the submission was already ingested (the watcher may deliver it again after a crash). */
  insertSubmission(s: Omit<SubmissionRow, 'ingested_at' | 'acknowledged_at'>): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO form_submissions (submission_reference, form_id, form_name, submitted_at, answers, contact_email,
             source_key, payment_id, payment_status, payment_amount, ingested_at)
           VALUES (@submission_reference, @form_id, @form_name, @submitted_at, @answers, @contact_email, @source_key,
             @payment_id, @payment_status, @payment_amount, @ts)
           ON CONFLICT (submission_reference) DO NOTHING`,
        )
        .run({ ...s, answers: JSON.stringify(s.answers), ts: this.ts() }).changes === 1
    );
  }

  claimSubmissionAcknowledgement(reference: string): boolean {
    return (
      this.db
        .prepare(
          'UPDATE form_submissions SET acknowledged_at = ? WHERE submission_reference = ? AND acknowledged_at IS NULL',
        )
        .run(this.ts(), reference).changes === 1
    );
  }

  releaseSubmissionAcknowledgement(reference: string): void {
    this.db
      .prepare('UPDATE form_submissions SET acknowledged_at = NULL WHERE submission_reference = ?')
      .run(reference);
  }

  listSubmissions(limit = 200): SubmissionRow[] {
    return (
      this.db
        .prepare('SELECT * FROM form_submissions ORDER BY submitted_at DESC LIMIT ?')
        .all(limit) as SubmissionDbRow[]
    ).map((r) => ({ ...r, answers: JSON.parse(r.answers) }));
  }

  getCheckpoint(name: string): string | undefined {
    return (
      this.db.prepare('SELECT value FROM checkpoints WHERE name = ?').get(name) as
        | { value: string }
        | undefined
    )?.value;
  }

  setCheckpoint(name: string, value: string): void {
    this.db
      .prepare(
        `INSERT INTO checkpoints (name, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(name, value, this.ts());
  }
}
