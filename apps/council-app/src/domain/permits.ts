import type { Config } from '../config.js';
import type { Application, NewApplication, Repositories, Store } from '../db/store.js';
import type { JobQueue } from '../jobs/queue.js';
import { translator } from '../locales/index.js';
import type { PayPayment, Services } from '../services/ports.js';
import {
  applicationStatusAfterPayment,
  attemptDecidesOutcome,
  type FieldError,
  feeFor,
  isFullyRefunded,
  formatPence,
  newApplicationReference,
} from './permit.js';
import { type RefundNotice, refundNoticeFor } from './refund-notice.js';

export type { FieldError };

export interface PaymentState {
  status: string;
  finished: boolean;
  code?: string | undefined;
}

/**
 * The parking-permit workflow: everything that happens between "Continue to payment" and the confirmation
 * messages, shared by the resident's return from Pay and Pay's webhook (on any instance), so both roads lead to
 * the same result. The confirmation is queued in the transaction that records the payment as paid (an outbox):
 * it is sent once the payment is recorded, and only then, even if the instance dies in between.
 */
export class PermitApplications {
  constructor(
    private readonly store: Store,
    private readonly jobs: JobQueue,
    private readonly services: Services,
    private readonly config: Config,
  ) {}

  newReference(): string {
    return newApplicationReference();
  }

  returnUrl(reference: string): string {
    return `${this.config.APP_BASE_URL}/payment/${encodeURIComponent(reference)}/return`;
  }

  get(reference: string): Promise<Application | undefined> {
    return this.store.applications.get(reference);
  }

  /** An application, only if it belongs to this resident (someone else's is "not found"). */
  async getOwn(reference: string, userSub: string | undefined): Promise<Application | undefined> {
    const app = await this.store.applications.get(reference);
    return app && app.user_sub === userSub ? app : undefined;
  }

  listFor(userSub: string): Promise<Application[]> {
    return this.store.applications.listFor(userSub);
  }

  /**
   * Creates the application and its first payment. The idempotency key is derived from the reference and the
   * attempt number, so a double-click or a retry after a lost response gets the same payment back from Pay
   * instead of a second one.
   */
  async submit(draft: Omit<NewApplication, 'amount'>): Promise<PayPayment> {
    const amount = feeFor(draft.permit_length);
    const idempotencyKey = `${draft.reference}-1`;
    const payment = await this.createPayment({ ...draft, amount }, idempotencyKey);
    await this.store.transaction(async (tx) => {
      await tx.applications.insert({ ...draft, amount });
      await tx.payments.insert(draft.reference, { ...paymentRow(payment), idempotency_key: idempotencyKey });
    });
    return payment;
  }

  /** A new attempt after a failed or cancelled payment. */
  async retry(app: Application): Promise<PayPayment> {
    const attempt = (await this.store.payments.listFor(app.reference)).length + 1;
    const idempotencyKey = `${app.reference}-${attempt}`;
    const payment = await this.createPayment(app, idempotencyKey);
    await this.store.transaction(async (tx) => {
      await tx.payments.insert(app.reference, { ...paymentRow(payment), idempotency_key: idempotencyKey });
      const current = await tx.applications.getForUpdate(app.reference);
      if (current && current.status !== 'paid' && current.status !== 'refunded') {
        await tx.applications.setStatus(app.reference, 'awaiting_payment');
      }
    });
    return payment;
  }

  /** A fresh card-page URL for an unfinished payment (next_url is single use); undefined when finished. */
  async resumeUrl(app: Application): Promise<string | undefined> {
    const latest = await this.store.payments.latestFor(app.reference);
    if (!latest) return undefined;
    const payment = await this.services.pay.getPayment(latest.payment_id);
    return payment.state.finished ? undefined : payment.next_url;
  }

  private createPayment(
    app: Pick<
      Application,
      'reference' | 'amount' | 'language' | 'email' | 'permit_length' | 'vehicle_registration'
    >,
    idempotencyKey: string,
  ): Promise<PayPayment> {
    const t = translator(app.language);
    return this.services.pay.createPayment(
      {
        amount: app.amount,
        reference: app.reference,
        description: `${t('service.name')}: ${t('common.months', { n: app.permit_length })}, ${app.vehicle_registration}`,
        return_url: this.returnUrl(app.reference),
        language: app.language,
        email: app.email ?? undefined,
        metadata: { permit_length_months: app.permit_length },
      },
      idempotencyKey,
    );
  }

  /**
   * Asks Pay for the latest payment of an application and records it. This is the only place (with the webhook,
   * which calls it too) that can mark an application paid, and it does so only on Pay's own `success`.
   */
  async reconcile(
    reference: string,
    event?: { source: string; id: string },
  ): Promise<{ application: Application; payment: PayPayment } | undefined> {
    const latest = await this.store.payments.latestFor(reference);
    if (!latest) return undefined;
    return this.reconcilePayment(latest.payment_id, event);
  }

  async reconcilePayment(
    paymentId: string,
    event?: { source: string; id: string },
  ): Promise<{ application: Application; payment: PayPayment } | undefined> {
    const known = await this.store.payments.get(paymentId);
    if (!known) return undefined;
    const payment = await this.services.pay.getPayment(paymentId);
    await this.store.transaction(async (tx) => {
      if (event && !(await tx.processedEvents.mark(event.source, event.id))) return;
      await this.applyPaymentState(tx, paymentId, payment.state);
      const submitted = payment.refund_summary?.amount_submitted;
      if (submitted) await this.syncRefundedAmount(tx, paymentId, submitted);
    });
    const application = (await this.store.applications.get(known.application_reference))!;
    return { application, payment };
  }

  /** true when an event id was already applied (a replayed webhook: nothing to do, Pay need not be asked). */
  isProcessedEvent(source: string, id: string): Promise<boolean> {
    return this.store.processedEvents.has(source, id);
  }

  isOurPayment(paymentId: string): Promise<boolean> {
    return this.store.payments.get(paymentId).then((p) => p !== undefined);
  }

  /**
   * Records what Pay says about a payment and moves the application on, in the caller's transaction. The
   * application row is locked first, so the return page and webhooks on different instances take turns: exactly
   * one of them sees the move to `paid` and queues the confirmation. A finished payment never changes again.
   */
  async applyPaymentState(tx: Repositories, paymentId: string, state: PaymentState): Promise<void> {
    const known = await tx.payments.get(paymentId);
    if (!known) return;
    const app = await tx.applications.getForUpdate(known.application_reference);
    if (!app) return;
    const payment = (await tx.payments.get(paymentId))!;
    if (!payment.finished) await tx.payments.setState(paymentId, state);
    const effective = payment.finished
      ? { status: payment.status, code: payment.failure_code ?? undefined }
      : state;
    const latest = await tx.payments.latestFor(app.reference);
    if (!attemptDecidesOutcome(paymentId, latest?.payment_id, effective.status)) return;
    const next = applicationStatusAfterPayment(app.status, effective);
    if (!next || next === app.status) return;
    await tx.applications.setStatus(app.reference, next);
    if (next === 'paid') {
      if (app.email)
        await this.jobs.enqueueNotify(tx, {
          kind: 'permit-confirmation',
          reference: app.reference,
          channel: 'email',
        });
      if (app.phone_number)
        await this.jobs.enqueueNotify(tx, {
          kind: 'permit-confirmation',
          reference: app.reference,
          channel: 'sms',
        });
    }
  }

  /**
   * Refunds made outside this app (e.g. in the GOV.UK Pay admin tool) reach us as `card_payment_refunded`:
   * take Pay's `refund_summary.amount_submitted` as the truth when it is more than we know of.
   */
  private async syncRefundedAmount(tx: Repositories, paymentId: string, amountSubmitted: number) {
    if (!(await tx.payments.raiseRefunded(paymentId, amountSubmitted))) return;
    const payment = (await tx.payments.get(paymentId))!;
    if (isFullyRefunded(payment)) await tx.applications.setStatus(payment.application_reference, 'refunded');
  }

  /**
   * The resident cancels an application they have not paid for: its payment is cancelled at Pay (so the card page
   * cannot take money later), then the application is marked withdrawn. If Pay says it was paid after all, it stays
   * paid and 'paid' is returned.
   */
  async withdraw(reference: string): Promise<'withdrawn' | 'paid'> {
    const latest = await this.store.payments.latestFor(reference);
    if (latest) {
      try {
        await this.services.pay.cancelPayment(latest.payment_id);
      } catch (err) {
        // Finished or being captured already: the reconciliation below tells which.
        if (typeof (err as { status?: unknown }).status !== 'number') throw err;
      }
      const result = await this.reconcilePayment(latest.payment_id);
      if (result?.application.status === 'paid' || result?.application.status === 'refunded') return 'paid';
    }
    if (await this.store.applications.withdraw(reference)) return 'withdrawn';
    return (await this.store.applications.get(reference))?.status === 'withdrawn' ? 'withdrawn' : 'paid';
  }

  /** How the resident of `app` is told about a refund (see refundNoticeFor), or undefined when staff must tell them. */
  refundNotice(app: Application): RefundNotice | undefined {
    return refundNoticeFor(this.config, app);
  }

  /**
   * What Pay says can still be refunded on a payment, in pence (0 when nothing). Only a refund summary whose status is
   * `available` counts: Pay shows the whole amount as `amount_available` on a failed, capturable or disputed payment
   * too (alphagov/pay-connector charge/util/RefundCalculator.java), and refuses the refund (P0603).
   */
  async refundAvailable(paymentId: string): Promise<number> {
    const summary = (await this.services.pay.getPayment(paymentId)).refund_summary;
    if (summary?.status !== 'available') return 0;
    return Math.max(0, summary.amount_available ?? 0);
  }

  /**
   * Refunds `amount` pence (default: everything still refundable), within what Pay says is available now. Pay
   * refuses (P0604) if that changed meanwhile, since `refund_amount_available` is sent with the request.
   */
  async refund(
    paymentId: string,
    amount?: number,
  ): Promise<{ refund_id: string; amount: number; status: string }> {
    const available = await this.refundAvailable(paymentId);
    if (available <= 0) throw new NothingToRefundError();
    if (amount !== undefined && (!Number.isInteger(amount) || amount <= 0 || amount > available)) {
      throw new RefundAmountError(available);
    }
    const refund = await this.services.pay.refund(paymentId, {
      amount: amount ?? available,
      refund_amount_available: available,
    });
    await this.recordRefund({ ...refund, payment_id: paymentId });
    return refund;
  }

  /**
   * Records a refund made through this app, and queues the resident's notice in the same transaction (an outbox, as
   * for confirmations): it is sent once the refund is recorded, retried if Notify fails, and never twice.
   */
  private async recordRefund(refund: {
    refund_id: string;
    payment_id: string;
    amount: number;
    status: string;
  }) {
    await this.store.transaction(async (tx) => {
      // Every unit of work that changes an application and its payments locks the application first, so one that
      // records a refund and a webhook reconciling the same payment (on any instance) take turns, not deadlock.
      const known = await tx.payments.get(refund.payment_id);
      if (!known) return;
      await tx.applications.getForUpdate(known.application_reference);
      if (!(await tx.refunds.insert(refund))) return;
      await tx.payments.addRefunded(refund.payment_id, refund.amount);
      const payment = (await tx.payments.get(refund.payment_id))!;
      if (isFullyRefunded(payment))
        await tx.applications.setStatus(payment.application_reference, 'refunded');
      await this.jobs.enqueueNotify(tx, {
        kind: 'refund-notice',
        reference: payment.application_reference,
        refundId: refund.refund_id,
        amount: refund.amount,
      });
    });
  }
}

function paymentRow(p: PayPayment) {
  return { payment_id: p.payment_id, amount: p.amount, status: p.state.status };
}

export class NothingToRefundError extends Error {
  override name = 'NothingToRefundError';
  constructor() {
    super('Nothing left to refund on this payment');
  }
}

export class RefundAmountError extends Error {
  override name = 'RefundAmountError';
  constructor(readonly available: number) {
    super(`The refund must be more than £0 and no more than ${formatPence(available)}`);
  }
}
