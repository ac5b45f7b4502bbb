import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { hasChromium, launchChromium } from './browser.js';

// Skipped only when Debian's Chromium is absent (see browser.ts for the message); CI installs it.
describe.skipIf(!hasChromium)('overview page in Chromium', () => {
  let browser: Browser;
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('renders as a GOV.UK page with its stylesheet applied and lists the environment', async () => {
    const page = await browser.newPage();
    await page.goto(`${sandbox.url}/`);
    await expect(page.title()).resolves.toBe('Overview – Council sandbox');
    // The stylesheet loaded: the header takes GOV.UK's brand blue background.
    const background = await page
      .locator('.govuk-header')
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).toBe('rgb(29, 112, 184)');
    // govuk-frontend's JavaScript ran (initAll adds this class to the body before components start).
    await expect(page.locator('body').getAttribute('class')).resolves.toContain('govuk-frontend-supported');
    await expect(page.getByTestId('env').textContent()).resolves.toContain(`PAY_BASE_URL=${sandbox.url}/pay`);
    await page.close();
  });

  it('has a reset button that comes back with a confirmation', async () => {
    const page = await browser.newPage();
    await page.goto(`${sandbox.url}/`);
    await page.getByRole('button', { name: 'Reset all services' }).click();
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
      'Every service was reset.',
    );
    await page.close();
  });
});
