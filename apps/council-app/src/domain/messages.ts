import type { Config } from '../config.js';
import type { Store } from '../db/store.js';
import type { JobContext, NotifyJob } from '../jobs/queue.js';
import type { SharedRateLimiter } from '../jobs/rate-limiter.js';
import { translator } from '../locales/index.js';
import type { Services } from '../services/ports.js';
import { templateFor } from '../services/templates.js';
import { formatPence } from './permit.js';
import { refundNoticeFor, refundNoticePersonalisation } from './refund-notice.js';

interface Outgoing {
  channel: 'email' | 'sms';
  /** The application or submission the message is about: the back office lists its messages. */
  subjectReference: string;
  /** Set when the subject has several messages of the kind (one per refund): sent at most once per `about`. */
  about?: string;
  /** The reference Notify keeps (and a retry looks the message up by); the subject's unless told otherwise. */
  notifyReference?: string;
  template_id: string;
  to: string;
  personalisation: Record<string, string>;
}

/**
 * Sends one queued message through GOV.UK Notify, at most once per (subject, channel):
 * - already recorded as sent: nothing to do (the job ran before, its completion was lost);
 * - a retry: first ask Notify for a message with our reference (the instance may have died after Notify
 *   accepted it but before we recorded it);
 * - otherwise wait for the shared rate limiter and send. A failure throws, and the queue retries with backoff.
 */
export class Messages {
  constructor(
    private readonly store: Store,
    private readonly services: Services,
    private readonly config: Config,
    private readonly limiter: SharedRateLimiter,
  ) {}

  async send(job: NotifyJob, context: JobContext): Promise<void> {
    const message = await this.compose(job);
    if (!message) return;
    const sent = message.about
      ? await this.store.notifications.findAbout(message.about)
      : await this.store.notifications.find(message.subjectReference, message.channel, message.template_id);
    if (sent) return;
    if (context.retryCount > 0) {
      const found = await this.services.notify.findByReference(notifyReference(message), message.channel);
      if (found) return this.record(message, found.id);
    }
    await this.limiter.acquire();
    const res = await this.deliver(message).catch(async (err: unknown) => {
      // Notify's limit is per service, and other traffic may share it: slow every instance down.
      if ((err as { status?: unknown }).status === 429) await this.limiter.drain();
      throw err;
    });
    await this.record(message, res.id);
  }

  private deliver(message: Outgoing): Promise<{ id: string }> {
    return message.channel === 'email'
      ? this.services.notify.sendEmail({
          template_id: message.template_id,
          email_address: message.to,
          personalisation: message.personalisation,
          reference: notifyReference(message),
        })
      : this.services.notify.sendSms({
          template_id: message.template_id,
          phone_number: message.to,
          personalisation: message.personalisation,
          reference: notifyReference(message),
        });
  }

  private record(message: Outgoing, notificationId: string): Promise<void> {
    return this.store.notifications.insert({
      notification_id: notificationId,
      subject_reference: message.subjectReference,
      channel: message.channel,
      template_id: message.template_id,
      recipient: message.to,
      status: 'created',
      about: message.about,
    });
  }

  /** What to send, from the rows as they are now; undefined when there is no one to send it to. */
  private async compose(job: NotifyJob): Promise<Outgoing | undefined> {
    if (job.kind === 'forms-acknowledgement') {
      const submission = await this.store.formSubmissions.get(job.reference);
      if (!submission?.contact_email) return undefined;
      return {
        channel: 'email',
        subjectReference: submission.submission_reference,
        template_id: templateFor(this.config, 'FORMS_ACK_EMAIL', job.language),
        to: submission.contact_email,
        personalisation: { reference: submission.submission_reference, form_name: submission.form_name },
      };
    }
    const app = await this.store.applications.get(job.reference);
    if (!app) return undefined;
    if (job.kind === 'refund-notice') {
      const notice = refundNoticeFor(this.config, app);
      if (!notice) return undefined;
      return {
        channel: notice.channel,
        subjectReference: app.reference,
        about: `refund:${job.refundId}`,
        // Not the application's reference: a retry must not mistake the confirmation for this notice.
        notifyReference: `${app.reference}-refund-${job.refundId}`,
        template_id: notice.templateId,
        to: notice.recipient,
        personalisation: refundNoticePersonalisation(app, notice.channel, job.amount),
      };
    }
    const t = translator(app.language);
    const amount = formatPence(app.amount);
    if (job.channel === 'sms') {
      if (!app.phone_number) return undefined;
      return {
        channel: 'sms',
        subjectReference: app.reference,
        template_id: templateFor(this.config, 'PERMIT_SMS', app.language),
        to: app.phone_number,
        personalisation: { reference: app.reference, amount },
      };
    }
    if (!app.email) return undefined;
    return {
      channel: 'email',
      subjectReference: app.reference,
      template_id: templateFor(this.config, 'PERMIT_EMAIL', app.language),
      to: app.email,
      personalisation: {
        full_name: app.full_name,
        reference: app.reference,
        vehicle_registration: app.vehicle_registration,
        permit_length: t('common.months', { n: app.permit_length }),
        amount,
      },
    };
  }
}

const notifyReference = (message: Outgoing) => message.notifyReference ?? message.subjectReference;
