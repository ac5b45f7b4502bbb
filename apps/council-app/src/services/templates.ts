import type { Config, LocalisedTemplate } from '../config.js';
import type { Language } from '../locales/index.js';

export type TemplateName = 'PERMIT_EMAIL' | 'PERMIT_SMS' | 'FORMS_ACK_EMAIL';
export type OptionalTemplateName = 'REFUND_EMAIL' | 'REFUND_SMS';

const SETTING = {
  PERMIT_EMAIL: 'permitEmail',
  PERMIT_SMS: 'permitSms',
  FORMS_ACK_EMAIL: 'formsAckEmail',
  REFUND_EMAIL: 'refundEmail',
  REFUND_SMS: 'refundSms',
} as const;

function pick(template: LocalisedTemplate, language: Language | string | undefined): string {
  return language === 'cy' ? (template.cy ?? template.en) : template.en;
}

/**
 * The Notify template for a message in a language. Notify templates have one language each, so a bilingual
 * service keeps a Welsh copy of each template (NOTIFY_TEMPLATE_*_CY) and picks it for Welsh recipients; sending
 * Welsh values through an English template gives "Permit length: 3 mis". Without a Welsh template configured,
 * the English one is used.
 */
export function templateFor(
  config: Config,
  name: TemplateName,
  language: Language | string | undefined,
): string {
  return pick(config.notify.templates[SETTING[name]], language);
}

/** An optional template (e.g. the refund message): undefined when the council has not set one up. */
export function optionalTemplateFor(
  config: Config,
  name: OptionalTemplateName,
  language: Language | string | undefined,
): string | undefined {
  const template = config.notify.templates[SETTING[name]];
  return template && pick(template, language);
}
