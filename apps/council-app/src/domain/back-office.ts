import type { Application, NotificationRow, PaymentRow, RefundRow, Store } from '../db/store.js';
import type { DeadLetter, JobQueue } from '../jobs/queue.js';

export interface ApplicationSummary {
  application: Application;
  latestPayment: PaymentRow | undefined;
  notifications: NotificationRow[];
}

export interface ApplicationDetail {
  application: Application;
  payments: (PaymentRow & { refunds: RefundRow[]; refundable: boolean })[];
  notifications: NotificationRow[];
}

/** What the staff back office reads: applications with their payments and messages, and failed messages. */
export class BackOffice {
  constructor(
    private readonly store: Store,
    private readonly jobs: JobQueue,
  ) {}

  async applications(): Promise<ApplicationSummary[]> {
    const apps = await this.store.applications.list();
    return Promise.all(
      apps.map(async (application) => ({
        application,
        latestPayment: await this.store.payments.latestFor(application.reference),
        notifications: await this.store.notifications.listFor(application.reference),
      })),
    );
  }

  async application(reference: string): Promise<ApplicationDetail | undefined> {
    const application = await this.store.applications.get(reference);
    if (!application) return undefined;
    const payments = await this.store.payments.listFor(reference);
    return {
      application,
      payments: await Promise.all(
        payments.map(async (p) => ({
          ...p,
          refunds: await this.store.refunds.listFor(p.payment_id),
          // Only money actually taken can be refunded, and only what is left of it.
          refundable: p.status === 'success' && p.refunded_amount < p.amount,
        })),
      ),
      notifications: await this.store.notifications.listFor(reference),
    };
  }

  payment(paymentId: string): Promise<PaymentRow | undefined> {
    return this.store.payments.get(paymentId);
  }

  notificationsFor(reference: string): Promise<NotificationRow[]> {
    return this.store.notifications.listFor(reference);
  }

  /** Messages that failed every retry (the queue's dead-letter queue). */
  deadLetters(): Promise<DeadLetter[]> {
    return this.jobs.deadLetters();
  }
}
