import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { templateFor } from '../../src/services/templates.js';
import { TEST_ENV } from '../helpers/harness.js';

describe('templateFor', () => {
  const withWelsh = loadConfig({
    ...TEST_ENV,
    NOTIFY_TEMPLATE_PERMIT_EMAIL_CY: 'tpl-permit-email-cy',
    NOTIFY_TEMPLATE_FORMS_ACK_EMAIL_CY: 'tpl-forms-ack-cy',
  });

  it('picks the Welsh template for Welsh recipients and the English one otherwise', () => {
    expect(templateFor(withWelsh, 'PERMIT_EMAIL', 'cy')).toBe('tpl-permit-email-cy');
    expect(templateFor(withWelsh, 'PERMIT_EMAIL', 'en')).toBe('tpl-permit-email');
    expect(templateFor(withWelsh, 'FORMS_ACK_EMAIL', undefined)).toBe('tpl-forms-ack');
    expect(templateFor(withWelsh, 'FORMS_ACK_EMAIL', 'cy')).toBe('tpl-forms-ack-cy');
  });

  it('falls back to the English template when no Welsh one is configured', () => {
    expect(templateFor(withWelsh, 'PERMIT_SMS', 'cy')).toBe('tpl-permit-sms');
    expect(templateFor(loadConfig(TEST_ENV), 'PERMIT_EMAIL', 'cy')).toBe('tpl-permit-email');
  });
});
