import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { hasChromium, launchChromium, violations } from './browser.js';
import { clientsFor } from './helpers.js';

// Skipped only when Debian's Chromium is absent (browser.ts prints why); CI installs it.
describe.skipIf(!hasChromium)('accessibility of the sandbox pages (axe-core, WCAG 2.2 AA rules)', () => {
  let browser: Browser;
  let sandbox: Sandbox;
  let page: Page;
  let nextUrl: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, config: { pay: { confirmationPage: true } } });
    browser = await launchChromium();
    page = await browser.newPage();
    const notify = clientsFor(sandbox).notify;
    // A formatted email (inset text, bullets, the unsubscribe link) in the inbox, for the /dashboard/notify check.
    await notify.emails.send({
      template_id: sandbox.env['NOTIFY_TEMPLATE_PERMIT_EMAIL']!,
      email_address: 'sam@example.com',
      personalisation: {
        full_name: 'Sam Jones',
        reference: 'PP-1',
        vehicle_registration: 'AB12 CDE',
        permit_length: '12 months',
        amount: '£80.00',
      },
      one_click_unsubscribe_url: 'https://council.example/unsubscribe/PP-1',
    });
    await notify.sms.send({
      template_id: sandbox.env['NOTIFY_TEMPLATE_PERMIT_SMS']!,
      phone_number: '07700900123',
      personalisation: { reference: 'PP-1', amount: '£80.00' },
    });
    const pay = clientsFor(sandbox).pay;
    const payment = await pay.payments.create({
      amount: 8000,
      description: 'Resident parking permit',
      reference: 'PP-1',
      return_url: 'http://127.0.0.1:3000/return',
    });
    nextUrl = payment._links!.next_url!.href!;
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('finds violations when there are some (the check itself works)', async () => {
    await page.setContent('<html><body><img src="x.png"><input type="text"></body></html>');
    expect((await violations(page)).join('\n')).toMatch(/image-alt/);
  });

  for (const path of [
    '/',
    '/dashboard/notify',
    '/dashboard/pay',
    '/dashboard/one-login',
    '/dashboard/forms',
    '/dashboard/forms/7351',
    '/dashboard/forms/7351?language=cy',
  ]) {
    it(`${path} has no violations`, async () => {
      await page.goto(`${sandbox.url}${path}`);
      expect(await violations(page)).toEqual([]);
    });
  }

  it('the card page has no violations, with errors, and on "Confirm your payment"', async () => {
    await page.goto(nextUrl);
    expect(await violations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.getByLabel('Card number').fill('4242424242424242');
    await page.getByLabel('Month').fill('12');
    await page.getByLabel('Year').fill(String((new Date().getUTCFullYear() + 2) % 100));
    await page.getByLabel('Name on card').fill('Sam Jones');
    await page.getByLabel('Card security code').fill('123');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Confirm payment' }).waitFor();
    expect(await violations(page)).toEqual([]);
  });
});
