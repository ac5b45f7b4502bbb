import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectAccessible, hasChromium, launchChromium, NO_CHROMIUM, startStack } from './browser.js';

// axe-core on the pages the journey tests do not reach, in both languages: zero violations.

let stack: Awaited<ReturnType<typeof startStack>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const text = async (locator: Locator) =>
  ((await locator.first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe.skipIf(!hasChromium)(
  `accessibility in Chromium${hasChromium ? '' : ` (skipped: ${NO_CHROMIUM})`}`,
  () => {
    beforeAll(async () => {
      stack = await startStack();
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await stack?.close();
    });
    beforeEach(async () => {
      context = await browser.newContext({ bypassCSP: true });
      page = await context.newPage();
    });
    afterEach(async () => {
      await context.close();
    });

    async function signIn(lang: 'en' | 'cy') {
      await page.goto(`${stack.appUrl}/?lang=${lang}`);
      await page.locator('.govuk-button--start').click();
      await page.locator('input[value="persona:identity-p2"]').check();
      await page.locator('#continue').click();
      await expectAccessible(page);
      await page.locator('main .govuk-button').click();
      await page.locator('input[value="persona:identity-p2"]').check();
      await page.locator('#continue').click();
      await expect.poll(() => page.url()).toContain('/apply/vehicle');
    }

    async function toPayment() {
      await page.locator('#vehicle-registration').fill('AB12CDE');
      await page.locator('form .govuk-button').click();
      await page.locator('#permit-length').check();
      await page.locator('form .govuk-button').click();
      await expectAccessible(page);
      await page.locator('form .govuk-button').click();
      await expect.poll(() => page.url()).toContain(stack.sandbox.url);
    }

    for (const lang of ['en', 'cy'] as const) {
      it(`question pages with errors, check answers and payment outcomes (${lang})`, async () => {
        await signIn(lang);
        await page.locator('#vehicle-registration').fill('AB12 CDE!');
        await page.locator('form .govuk-button').click();
        await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
        expect(await page.locator('.govuk-error-message').count()).toBe(1);
        expect(await page.title()).toMatch(lang === 'en' ? /^Error: / : /^Gwall: /);
        await expectAccessible(page, `vehicle question with an error (${lang})`);

        await toPayment();
        // Back to the service without paying: "your payment is not finished", with a resume button.
        const app = (await stack.app.app.store.applications.list())[0]!;
        await page.goto(`${stack.appUrl}/payment/${app.reference}/return`);
        await expectAccessible(page, `payment not finished (${lang})`);
        // The first button resumes; the second cancels the application.
        await page.locator('form .govuk-button').first().click();
        await expect.poll(() => page.url()).toContain(stack.sandbox.url);
        // Cancel on the Pay page.
        await page.locator('#cancel-payment').click();
        const back = page.getByRole('link', { name: /continue|go back|return|yn ôl/i });
        if (!page.url().startsWith(stack.appUrl) && (await back.count())) await back.first().click();
        await expect.poll(() => page.url()).toContain(`/payment/${app.reference}/return`);
        await expect
          .poll(() => text(page.locator('h1')))
          .toBe(lang === 'en' ? 'You cancelled your payment' : 'Rydych wedi canslo eich taliad');
        await expectAccessible(page, `payment cancelled (${lang})`);

        await page.goto(`${stack.appUrl}/applications`);
        await expectAccessible(page, `your applications (${lang})`);
      });
    }

    it('error pages: not found and expired form', async () => {
      await page.goto(`${stack.appUrl}/no-such-page`);
      expect(await text(page.locator('h1'))).toBe('Page not found');
      await expectAccessible(page, 'not found');
      await page.goto(`${stack.appUrl}/back-office/sign-in`);
      await page.evaluate(() => {
        (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value = 'tampered';
      });
      await page.getByRole('button', { name: 'Sign in' }).click();
      expect(await text(page.locator('h1'))).toBe('Sorry, there is a problem with this page');
      await expectAccessible(page, 'CSRF refusal');
      // A callback that does not belong to a sign-in in progress.
      await page.goto(`${stack.appUrl}/auth/callback?code=x&state=y`);
      expect(await text(page.locator('h1'))).toBe('Your session has timed out');
      await expectAccessible(page, 'sign-in problem');
    });

    it('the "problem with the service" page, when Pay is down', async () => {
      await signIn('en');
      await page.locator('#vehicle-registration').fill('AB12CDE');
      await page.locator('form .govuk-button').click();
      await page.locator('#permit-length').check();
      await page.locator('form .govuk-button').click();
      // biome-ignore lint/suspicious/noExplicitAny: the sandbox's fakes are typed per service
      const pay = stack.sandbox.fakes.pay as any;
      pay.faults.inject({ type: 'status', status: 503, times: 10, match: { method: 'POST' } });
      try {
        await page.locator('form .govuk-button').click();
        await expect.poll(() => text(page.locator('h1'))).toBe('Sorry, there is a problem with the service');
        await expectAccessible(page, 'server error');
      } finally {
        pay.faults.clear();
      }
      // Nothing was lost: pressing the button again once Pay is back takes the resident to pay.
      await page.goBack();
      await page.locator('form .govuk-button').click();
      await expect.poll(() => page.url()).toContain(stack.sandbox.url);
    });

    it('back-office sign-in throttled after repeated failures', async () => {
      for (let i = 0; i < 6; i++) {
        await page.goto(`${stack.appUrl}/back-office/sign-in`);
        await page.getByLabel('Username').fill('staff');
        await page.getByLabel('Password', { exact: true }).fill(`wrong-${i}`);
        await page.getByRole('button', { name: 'Sign in' }).click();
      }
      expect(await text(page.locator('.govuk-error-summary'))).toContain('Too many attempts');
      await expectAccessible(page, 'sign-in throttled');
    });
  },
);
