import { describe, expect, it } from 'vitest';
import { browserSuite, expectAccessible, hasChromium, NO_CHROMIUM, text } from './browser.js';

// axe-core on the pages the journey tests do not reach, in both languages: zero violations.

describe.skipIf(!hasChromium)(
  `accessibility in Chromium${hasChromium ? '' : ` (skipped: ${NO_CHROMIUM})`}`,
  () => {
    const suite = browserSuite();

    async function signIn(lang: 'en' | 'cy') {
      await suite.page.goto(`${suite.stack.appUrl}/?lang=${lang}`);
      await suite.page.locator('.govuk-button--start').click();
      await suite.page.locator('input[value="persona:identity-p2"]').check();
      await suite.page.locator('#continue').click();
      await expectAccessible(suite.page);
      await suite.page.locator('main .govuk-button').click();
      await suite.page.locator('input[value="persona:identity-p2"]').check();
      await suite.page.locator('#continue').click();
      await expect.poll(() => suite.page.url()).toContain('/apply/vehicle');
    }

    async function toPayment() {
      await suite.page.locator('#vehicle-registration').fill('AB12CDE');
      await suite.page.locator('form .govuk-button').click();
      await suite.page.locator('#permit-length').check();
      await suite.page.locator('form .govuk-button').click();
      await expectAccessible(suite.page);
      await suite.page.locator('form .govuk-button').click();
      await expect.poll(() => suite.page.url()).toContain(suite.stack.sandbox.url);
    }

    for (const lang of ['en', 'cy'] as const) {
      it(`question pages with errors, check answers and payment outcomes (${lang})`, async () => {
        await signIn(lang);
        await suite.page.locator('#vehicle-registration').fill('AB12 CDE!');
        await suite.page.locator('form .govuk-button').click();
        await expect.poll(() => suite.page.locator('.govuk-error-summary').count()).toBe(1);
        expect(await suite.page.locator('.govuk-error-message').count()).toBe(1);
        expect(await suite.page.title()).toMatch(lang === 'en' ? /^Error: / : /^Gwall: /);
        await expectAccessible(suite.page, `vehicle question with an error (${lang})`);

        await toPayment();
        // Back to the service without paying: "your payment is not finished", with a resume button.
        const app = (await suite.stack.app.app.store.applications.list())[0]!;
        await suite.page.goto(`${suite.stack.appUrl}/payment/${app.reference}/return`);
        await expectAccessible(suite.page, `payment not finished (${lang})`);
        // The first button resumes; the second cancels the application.
        await suite.page.locator('form .govuk-button').first().click();
        await expect.poll(() => suite.page.url()).toContain(suite.stack.sandbox.url);
        // Cancel on the Pay page.
        await suite.page.locator('#cancel-payment').click();
        const back = suite.page.getByRole('link', { name: /continue|go back|return|yn ôl/i });
        if (!suite.page.url().startsWith(suite.stack.appUrl) && (await back.count()))
          await back.first().click();
        await expect.poll(() => suite.page.url()).toContain(`/payment/${app.reference}/return`);
        await expect
          .poll(() => text(suite.page.locator('h1')))
          .toBe(lang === 'en' ? 'You cancelled your payment' : 'Rydych wedi canslo eich taliad');
        await expectAccessible(suite.page, `payment cancelled (${lang})`);

        await suite.page.goto(`${suite.stack.appUrl}/applications`);
        await expectAccessible(suite.page, `your applications (${lang})`);
      });
    }

    it('error pages: not found and expired form', async () => {
      await suite.page.goto(`${suite.stack.appUrl}/no-such-page`);
      expect(await text(suite.page.locator('h1'))).toBe('Page not found');
      await expectAccessible(suite.page, 'not found');
      await suite.page.goto(`${suite.stack.appUrl}/back-office/sign-in`);
      await suite.page.evaluate(() => {
        (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value = 'tampered';
      });
      await suite.page.getByRole('button', { name: 'Sign in' }).click();
      expect(await text(suite.page.locator('h1'))).toBe('Sorry, there is a problem with this page');
      await expectAccessible(suite.page, 'CSRF refusal');
      // A callback that does not belong to a sign-in in progress.
      await suite.page.goto(`${suite.stack.appUrl}/auth/callback?code=x&state=y`);
      expect(await text(suite.page.locator('h1'))).toBe('Your session has timed out');
      await expectAccessible(suite.page, 'sign-in problem');
    });

    it('the "problem with the service" page, when Pay is down', async () => {
      await signIn('en');
      await suite.page.locator('#vehicle-registration').fill('AB12CDE');
      await suite.page.locator('form .govuk-button').click();
      await suite.page.locator('#permit-length').check();
      await suite.page.locator('form .govuk-button').click();
      // biome-ignore lint/suspicious/noExplicitAny: the sandbox's fakes are typed per service
      const pay = suite.stack.sandbox.fakes.pay as any;
      pay.faults.inject({ type: 'status', status: 503, times: 10, match: { method: 'POST' } });
      try {
        await suite.page.locator('form .govuk-button').click();
        await expect
          .poll(() => text(suite.page.locator('h1')))
          .toBe('Sorry, there is a problem with the service');
        await expectAccessible(suite.page, 'server error');
      } finally {
        pay.faults.clear();
      }
      // Nothing was lost: pressing the button again once Pay is back takes the resident to pay.
      await suite.page.goBack();
      await suite.page.locator('form .govuk-button').click();
      await expect.poll(() => suite.page.url()).toContain(suite.stack.sandbox.url);
    });

    it('back-office sign-in throttled after repeated failures', async () => {
      for (let i = 0; i < 6; i++) {
        await suite.page.goto(`${suite.stack.appUrl}/back-office/sign-in`);
        await suite.page.getByLabel('Username').fill('staff');
        await suite.page.getByLabel('Password', { exact: true }).fill(`wrong-${i}`);
        await suite.page.getByRole('button', { name: 'Sign in' }).click();
      }
      expect(await text(suite.page.locator('.govuk-error-summary'))).toContain('Too many attempts');
      await expectAccessible(suite.page, 'sign-in throttled');
    });
  },
);
