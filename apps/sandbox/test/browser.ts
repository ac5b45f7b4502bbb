// Debian's Chromium and axe-core, shared with the council app's browser tests (@council-sdk/config/browser).
import { axeViolations } from '@council-sdk/config/browser';
import type { Page } from 'playwright-core';

export { hasChromium, launchChromium } from '@council-sdk/config/browser';

/** axe-core's WCAG 2.2 AA violations on the page, one line each (empty when there are none). */
export function violations(page: Page): Promise<string[]> {
  return axeViolations(page);
}
