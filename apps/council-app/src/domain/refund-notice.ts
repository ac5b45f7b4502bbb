import type { Config } from '../config.js';
import type { Application } from '../db/store.js';
import { optionalTemplateFor } from '../services/templates.js';
import { formatPence } from './permit.js';

/** How a resident is told about a refund: by email when we have their address, else by text message. */
export interface RefundNotice {
  channel: 'email' | 'sms';
  recipient: string;
  templateId: string;
}

/**
 * Who is told about a refund of `app`, how, and with which template (in the language they applied in); undefined
 * when the council has no refund template for the contact details we have, and staff must tell the resident
 * themselves. The confirmation step, the banner and the queued message all follow this one rule.
 */
export function refundNoticeFor(config: Config, app: Application): RefundNotice | undefined {
  const emailTemplate = optionalTemplateFor(config, 'REFUND_EMAIL', app.language);
  if (app.email && emailTemplate)
    return { channel: 'email', recipient: app.email, templateId: emailTemplate };
  const smsTemplate = optionalTemplateFor(config, 'REFUND_SMS', app.language);
  if (app.phone_number && smsTemplate)
    return { channel: 'sms', recipient: app.phone_number, templateId: smsTemplate };
  return undefined;
}

/** The template's personalisation: a text message has no room for the name. */
export function refundNoticePersonalisation(
  app: Application,
  channel: RefundNotice['channel'],
  amount: number,
): Record<string, string> {
  const common = { reference: app.reference, amount: formatPence(amount) };
  return channel === 'email' ? { full_name: app.full_name, ...common } : common;
}
