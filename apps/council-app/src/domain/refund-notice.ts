import type { Config } from '../config.js';
import type { Application, Store } from '../db/store.js';
import type { Logger } from '../logger.js';
import type { NotifyService } from '../services/ports.js';
import { optionalTemplateFor } from '../services/templates.js';
import { formatPence } from './permit.js';

export type RefundNotice = { channel: 'email' | 'sms'; recipient: string } | undefined;

/**
 * Tells the resident about a refund: by email when we have their address, else by text message, in the language
 * they applied in. Returns what was sent (nothing when the council has no refund template, or no contact detail).
 * A failed send is logged, not thrown: the money has already gone back, and staff see the notice is missing.
 */
export async function sendRefundNotice(
  deps: { config: Config; store: Store; notify: NotifyService; log: Logger },
  app: Application,
  amount: number,
): Promise<RefundNotice> {
  const personalisation = {
    full_name: app.full_name,
    reference: app.reference,
    amount: formatPence(amount),
  };
  const emailTemplate = optionalTemplateFor(deps.config, 'REFUND_EMAIL', app.language);
  const smsTemplate = optionalTemplateFor(deps.config, 'REFUND_SMS', app.language);
  try {
    if (app.email && emailTemplate) {
      const res = await deps.notify.sendEmail({
        template_id: emailTemplate,
        email_address: app.email,
        personalisation,
        reference: app.reference,
      });
      await deps.store.notifications.insert({
        notification_id: res.id,
        subject_reference: app.reference,
        channel: 'email',
        template_id: emailTemplate,
        recipient: app.email,
        status: 'created',
      });
      return { channel: 'email', recipient: app.email };
    }
    if (app.phone_number && smsTemplate) {
      const res = await deps.notify.sendSms({
        template_id: smsTemplate,
        phone_number: app.phone_number,
        personalisation: { reference: app.reference, amount: personalisation.amount },
        reference: app.reference,
      });
      await deps.store.notifications.insert({
        notification_id: res.id,
        subject_reference: app.reference,
        channel: 'sms',
        template_id: smsTemplate,
        recipient: app.phone_number,
        status: 'created',
      });
      return { channel: 'sms', recipient: app.phone_number };
    }
  } catch (err) {
    deps.log.error('refund notice not sent', { reference: app.reference, err });
  }
  return undefined;
}
