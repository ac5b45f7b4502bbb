import type { Config } from '../config.js';
import type { Application, Store } from '../db/store.js';
import { translator } from '../locales/index.js';
import type { Logger } from '../logger.js';
import type { PayPayment, Services } from '../services/ports.js';
import { templateFor } from '../services/templates.js';
import { type FieldError, feeFor, formatPence, newApplicationReference } from './permit.js';

export type { FieldError };

/**
 * The parking-permit workflow: everything that happens between "Continue to payment" and the confirmation
 * email, shared by the resident's return from Pay and Pay's webhook, so both roads lead to the same result.
 */
export class PermitApplications {
  constructor(
    private readonly store: Store,
    private readonly services: Services,
    private readonly config: Config,
    private readonly log: Logger,
  ) {}

  newReference(): string {
    return newApplicationReference();
  }

  returnUrl(reference: string): string {
    return `${this.config.APP_BASE_URL}/payment/${encodeURIComponent(reference)}/return`;
  }

  /**
   * Creates the application and its first payment. The idempotency key is derived from the reference and the
   * attempt number, so a double-click or a retry after a lost response gets the same payment back from Pay
   * instead of a second one.
   */
  async submit(
    draft: Omit<Application, 'status' | 'created_at' | 'updated_at' | 'paid_at' | 'amount'>,
  ): Promise<PayPayment> {
    const amount = feeFor(draft.permit_length);
    const idempotencyKey = `${draft.reference}-1`;
    const payment = await this.createPayment({ ...draft, amount }, idempotencyKey);
    this.store.createApplication(
      { ...draft, amount },
      { ...this.paymentRow(payment), idempotency_key: idempotencyKey },
    );
    return payment;
  }

  /** A new attempt after a failed or cancelled payment. */
  async retry(app: Application): Promise<PayPayment> {
    const attempt = this.store.paymentsFor(app.reference).length + 1;
    const idempotencyKey = `${app.reference}-${attempt}`;
    const payment = await this.createPayment(app, idempotencyKey);
    this.store.addPayment(app.reference, { ...this.paymentRow(payment), idempotency_key: idempotencyKey });
    return payment;
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

  private paymentRow(p: PayPayment) {
    return { payment_id: p.payment_id, amount: p.amount, status: p.state.status };
  }

  /**
   * Asks Pay for the latest payment of an application and records it. This is the only place (with the webhook,
   * which calls it too) that can mark an application paid, and it does so only on Pay's own `success`.
   */
  async reconcile(
    reference: string,
    event?: { source: string; id: string },
  ): Promise<{ application: Application; payment: PayPayment } | undefined> {
    const latest = this.store.latestPaymentFor(reference);
    if (!latest) return undefined;
    return this.reconcilePayment(latest.payment_id, event);
  }

  async reconcilePayment(
    paymentId: string,
    event?: { source: string; id: string },
  ): Promise<{ application: Application; payment: PayPayment } | undefined> {
    const known = this.store.getPayment(paymentId);
    if (!known) return undefined;
    const payment = await this.services.pay.getPayment(paymentId);
    this.store.applyPaymentState(paymentId, payment.state, event);
    const submitted = payment.refund_summary?.amount_submitted;
    if (submitted) this.store.syncRefundedAmount(paymentId, submitted);
    const application = this.store.getApplication(known.application_reference)!;
    if (application.status === 'paid') await this.sendConfirmation(application.reference);
    return { application, payment };
  }

  /**
   * Sends the confirmation email (and text message when One Login gave us a phone number) once per application,
   * whichever of the return page and the webhook gets here first. A failed send is released so the next
   * reconciliation retries it; channels already sent are not sent twice.
   */
  async sendConfirmation(reference: string): Promise<void> {
    if (!this.store.claimConfirmation(reference)) return;
    const app = this.store.getApplication(reference)!;
    // Only confirmations count (not, say, a refund notice sent to the same application).
    const confirmations = new Set([
      templateFor(this.config, 'PERMIT_EMAIL', app.language),
      templateFor(this.config, 'PERMIT_SMS', app.language),
    ]);
    const sent = new Set(
      this.store
        .notificationsFor(reference)
        .filter((n) => confirmations.has(n.template_id))
        .map((n) => n.channel),
    );
    const t = translator(app.language);
    const personalisation = {
      full_name: app.full_name,
      reference: app.reference,
      vehicle_registration: app.vehicle_registration,
      permit_length: t('common.months', { n: app.permit_length }),
      amount: formatPence(app.amount),
    };
    try {
      if (app.email && !sent.has('email')) {
        const template_id = templateFor(this.config, 'PERMIT_EMAIL', app.language);
        const res = await this.services.notify.sendEmail({
          template_id,
          email_address: app.email,
          personalisation,
          reference: app.reference,
        });
        this.store.recordNotification({
          notification_id: res.id,
          subject_reference: app.reference,
          channel: 'email',
          template_id,
          recipient: app.email,
          status: 'created',
        });
      }
      if (app.phone_number && !sent.has('sms')) {
        const template_id = templateFor(this.config, 'PERMIT_SMS', app.language);
        const res = await this.services.notify.sendSms({
          template_id,
          phone_number: app.phone_number,
          personalisation: { reference: app.reference, amount: personalisation.amount },
          reference: app.reference,
        });
        this.store.recordNotification({
          notification_id: res.id,
          subject_reference: app.reference,
          channel: 'sms',
          template_id,
          recipient: app.phone_number,
          status: 'created',
        });
      }
    } catch (err) {
      this.log.error('confirmation not sent; will retry on the next reconciliation', { reference, err });
      this.store.releaseConfirmation(reference);
    }
  }

  /**
   * The resident cancels an application they have not paid for: its payment is cancelled at Pay (so the card page
   * cannot take money later), then the application is marked withdrawn. If Pay says it was paid after all, it stays
   * paid and 'paid' is returned.
   */
  async withdraw(reference: string): Promise<'withdrawn' | 'paid'> {
    const latest = this.store.latestPaymentFor(reference);
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
    if (this.store.withdrawApplication(reference)) return 'withdrawn';
    return this.store.getApplication(reference)?.status === 'withdrawn' ? 'withdrawn' : 'paid';
  }

  /** What Pay says can still be refunded on a payment, in pence (0 when nothing). */
  async refundAvailable(paymentId: string): Promise<number> {
    const payment = await this.services.pay.getPayment(paymentId);
    return payment.refund_summary?.amount_available ?? 0;
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
    this.store.recordRefund({ ...refund, payment_id: paymentId });
    return refund;
  }
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
