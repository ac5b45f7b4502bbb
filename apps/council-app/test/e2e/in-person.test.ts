import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, expectAccessible, hasChromium, NO_CHROMIUM, openPage, text } from './browser.js';

// The in-person (Post Office) identity journey in Debian's Chromium, against the sandbox: the resident's check is
// pending, then the Post Office result arrives and they come back through the landing page, as One Login's
// "Sign in to view the result of your identity check" email sends them (govuk-one-login/tech-docs
// helping-your-users-after-their-in-person-identity-checks.html.md.erb).

describe.skipIf(!hasChromium)(
  `in-person identity journey in Chromium${hasChromium ? '' : ` (skipped: ${NO_CHROMIUM})`}`,
  () => {
    const suite = browserSuite({ pagePerTest: false });
    const newPage = () => openPage(suite);

    async function chooseInPersonPendingPersona(page: Page) {
      await page.locator('input[value="persona:in-person-pending"]').check();
      await page.locator('#continue').click();
    }

    it('tells a resident whose Post Office check is pending what happens next, then finishes when the result is in', async () => {
      // biome-ignore lint/suspicious/noExplicitAny: the sandbox's fakes are typed per service
      const oneLogin = suite.stack.sandbox.fakes.oneLogin as any;
      oneLogin.startInPersonCheck('in-person-pending');
      const { context, page, errors } = await newPage();

      // Sign in, ask for identity: One Login answers without one (the check is pending, it does not say so).
      await page.goto(suite.stack.appUrl);
      await page.getByRole('button', { name: 'Start now' }).click();
      await chooseInPersonPendingPersona(page);
      await page.getByRole('button', { name: 'Continue to prove your identity' }).click();
      await chooseInPersonPendingPersona(page);
      await expect.poll(() => text(page.locator('h1'))).toBe('We could not confirm your identity online');
      await expectAccessible(page);

      // The resident says they chose the Post Office: the pending page says what to wait for.
      await page.getByRole('link', { name: 'I chose to prove my identity at a Post Office' }).click();
      await expect
        .poll(() => text(page.locator('h1')))
        .toBe('Your identity check at a Post Office is not finished yet');
      const main = await text(page.locator('main'));
      expect(main).toContain('“Sign in to view the result of your identity check”');
      expect(main).toContain('within 16 days');
      await expectAccessible(page);

      // Checking again before the result is in brings them back here, not to "we could not confirm".
      await page.getByRole('link', { name: 'Check for your identity check result' }).click();
      await chooseInPersonPendingPersona(page);
      await expect
        .poll(() => text(page.locator('h1')))
        .toBe('Your identity check at a Post Office is not finished yet');
      await page.goto(`${suite.stack.appUrl}/identity`);
      await expect.poll(() => page.url()).toContain('/identity/post-office');

      // The Post Office check passes; the result email's link brings the resident to our landing page.
      oneLogin.completeInPersonCheck('in-person-pending', 'passed');
      await page.goto(`${suite.stack.appUrl}/identity/in-person-return`);
      await expect.poll(() => text(page.locator('h1'))).toBe('Get the result of your identity check');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Continue to get your result' }).click();
      await chooseInPersonPendingPersona(page);

      // Identity proven: the application carries on with the name and address the check confirmed.
      await expect.poll(() => page.url()).toContain('/apply/vehicle');
      await page.getByLabel('What is your vehicle registration number?').fill('PO24 OFF');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel('6 months').check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect.poll(() => text(page.locator('h1'))).toBe('Check your answers before paying');
      const answers = await text(page.locator('.govuk-summary-list'));
      expect(answers).toContain('Sarah Meredyth');
      expect(answers).toContain('12 High Street');
      expect(errors).toEqual([]);
      await context.close();
    });

    it('signs in a resident who lands from the result email without a session here, then shows the return page', async () => {
      // biome-ignore lint/suspicious/noExplicitAny: the sandbox's fakes are typed per service
      const oneLogin = suite.stack.sandbox.fakes.oneLogin as any;
      oneLogin.startInPersonCheck('in-person-pending');
      oneLogin.completeInPersonCheck('in-person-pending', 'failed');
      const { context, page, errors } = await newPage();

      await page.goto(`${suite.stack.appUrl}/identity/in-person-return`);
      expect(page.url()).toContain(`${suite.stack.sandbox.url}/one-login/`);
      await chooseInPersonPendingPersona(page);
      await expect.poll(() => text(page.locator('h1'))).toBe('Get the result of your identity check');
      await page.getByRole('button', { name: 'Continue to get your result' }).click();
      await chooseInPersonPendingPersona(page);
      // The check failed: now "no identity" is a failure, with the other ways to apply.
      await expect.poll(() => text(page.locator('h1'))).toBe('We could not confirm your identity online');
      expect(errors).toEqual([]);
      await context.close();
    });
  },
);
