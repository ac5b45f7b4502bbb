import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectAccessible, hasChromium, launchChromium, NO_CHROMIUM, startStack } from './browser.js';

// Issue #22, resident side: the rough edges a first-time resident hit, each walked through in Chromium.

let stack: Awaited<ReturnType<typeof startStack>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const text = async (locator: Locator) =>
  ((await locator.first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe.skipIf(!hasChromium)(
  `resident rough edges in Chromium${hasChromium ? '' : ` (skipped: ${NO_CHROMIUM})`}`,
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

    async function signIn(lang: 'en' | 'cy', persona = 'identity-p2') {
      await page.goto(`${stack.appUrl}/?lang=${lang}`);
      await page.locator('.govuk-button--start').click();
      await page.locator(`input[value="persona:${persona}"]`).check();
      await page.locator('#continue').click();
      await page.locator('main .govuk-button').click();
      await page.locator(`input[value="persona:${persona}"]`).check();
      await page.locator('#continue').click();
      await expect.poll(() => page.url()).toContain('/apply/vehicle');
    }

    async function answer(vrn: string) {
      await page.locator('#vehicle-registration').fill(vrn);
      await page.locator('form .govuk-button').click();
      await page.locator('#permit-length').check();
      await page.locator('form .govuk-button').click();
      await expect.poll(() => page.url()).toContain('/apply/check');
    }

    async function payWithCard(cardNumber: string) {
      await page.locator('#card-no').fill(cardNumber);
      await page.locator('#expiry-month').fill('12');
      await page.locator('#expiry-year').fill('30');
      await page.locator('#cardholder-name').fill('K Decerqueira');
      await page.locator('#cvc').fill('123');
      const line1 = page.locator('#address-line1');
      if (await line1.count()) {
        await line1.fill('8 Hadley Road');
        await page.locator('#address-city').fill('Bath');
        await page.locator('#address-postcode').fill('BA2 5AA');
      }
      await page.locator('#submit-card-details').click();
      const confirm = page.getByRole('button', { name: /confirm|cadarnhau/i });
      if (await confirm.count()) await confirm.first().click();
    }

    it('Welsh all the way: Gwall prefix, toggle on error pages, Welsh email and text, Welsh signed-out page', async () => {
      await signIn('cy');
      // A validation error: the hidden prefix is Welsh and the language toggle is still there.
      await page.locator('#vehicle-registration').fill('AB12 CDE!');
      await page.locator('form .govuk-button').click();
      expect(await text(page.locator('.govuk-error-message .govuk-visually-hidden'))).toBe('Gwall:');
      expect(await page.getByRole('link', { name: 'English' }).count()).toBe(1);
      await expectAccessible(page, 'Welsh vehicle question with an error');

      await page.locator('#vehicle-registration').fill('CY12 ABC');
      await page.locator('form .govuk-button').click();
      await page.locator('#permit-length').check();
      await page.locator('form .govuk-button').click();
      await page.locator('form .govuk-button').click();
      await expect.poll(() => page.url()).toContain(stack.sandbox.url);
      await payWithCard('4444333322221111');
      await expect.poll(() => text(page.locator('.govuk-panel__title'))).toBe('Cais wedi’i gwblhau');
      const reference = (await page.locator('.govuk-panel__body strong').textContent())!.trim();
      // The confirmation page names both messages on their way.
      const body = await text(page.locator('main'));
      expect(body).toContain('kenneth.decerqueira@example.com');
      const phone = (await stack.app.app.store.applications.get(reference))!.phone_number!;
      expect(phone).toMatch(/^\+447/);
      expect(body).toContain(`neges destun at ${phone}`);
      await expectAccessible(page, 'Welsh confirmation');

      // The Welsh templates were used (the sandbox seeds them and hands their ids to the app).
      const env = stack.sandbox.env;
      // The confirmations go through the job queue: wait for them.
      const sent = async () =>
        (await stack.app.app.store.notifications.listFor(reference)).map((n) => [n.channel, n.template_id]);
      await expect
        .poll(async () => (await sent()).sort())
        .toEqual([
          ['email', env.NOTIFY_TEMPLATE_PERMIT_EMAIL_CY],
          ['sms', env.NOTIFY_TEMPLATE_PERMIT_SMS_CY],
        ]);
      await expect
        // the app's worker sends from the job queue: load the inbox again until the message shows
        .poll(async () => {
          await page.goto(`${stack.sandbox.url}/dashboard/notify`);
          return text(page.locator('body'));
        })
        .toContain(`Cais am drwydded parcio ${reference}`);

      // Sign out through One Login: the signed-out page is still Welsh.
      await page.goto(`${stack.appUrl}/applications`);
      await page.getByRole('link', { name: 'Allgofnodi' }).click();
      await expect.poll(() => page.url()).toContain('/signed-out');
      await expect.poll(() => text(page.locator('h1'))).toBe('Rydych wedi allgofnodi');
      await expectAccessible(page, 'Welsh signed-out page');
    });

    for (const lang of ['en', 'cy'] as const) {
      it(`cookies, accessibility statement and privacy notice are linked from the footer (${lang})`, async () => {
        const expected =
          lang === 'en'
            ? [
                ['Cookies', 'Cookies'],
                [
                  'Accessibility statement',
                  'Accessibility statement for Apply for a resident parking permit',
                ],
                ['Privacy notice', 'Privacy notice'],
              ]
            : [
                ['Cwcis', 'Cwcis'],
                [
                  'Datganiad hygyrchedd',
                  'Datganiad hygyrchedd ar gyfer Gwneud cais am drwydded barcio i breswylwyr',
                ],
                ['Hysbysiad preifatrwydd', 'Hysbysiad preifatrwydd'],
              ];
        for (const [link, heading] of expected) {
          await page.goto(`${stack.appUrl}/?lang=${lang}`);
          await page.locator('.govuk-footer').getByRole('link', { name: link!, exact: true }).click();
          await expect.poll(() => text(page.locator('h1'))).toBe(heading);
          await expectAccessible(page, `${link} (${lang})`);
        }
        // The cookies page names the cookies this app really sets.
        await page.goto(`${stack.appUrl}/cookies`);
        const table = await text(page.locator('table'));
        expect(table).toContain('council-session');
        expect(table).toContain('council-lang');
        // The statement follows the GOV.UK model: enforcement, compliance status, preparation.
        if (lang === 'cy') return;
        await page.goto(`${stack.appUrl}/accessibility-statement`);
        const headings = await page.locator('h2').allTextContents();
        expect(headings.map((h) => h.trim())).toEqual(
          expect.arrayContaining([
            'Feedback and contact information',
            'Enforcement procedure',
            'Technical information about this service’s accessibility',
            'Preparation of this accessibility statement',
          ]),
        );
      });
    }

    it('explains each One Login failure with the right next step', async () => {
      for (const [error, heading, button] of [
        ['access_denied', 'You did not finish signing in', 'Sign in again'],
        ['temporarily_unavailable', 'Sorry, GOV.UK One Login is not available at the moment', 'Try again'],
      ] as const) {
        await page.goto(stack.appUrl);
        await page.locator('.govuk-button--start').click();
        await page.locator(`input[value="error:${error}"]`).check();
        await page.locator('#continue').click();
        await expect.poll(() => text(page.locator('h1'))).toBe(heading);
        await expectAccessible(page, heading);
        expect(await page.locator('main').getByRole('button', { name: button }).getAttribute('href')).toBe(
          '/auth/sign-in',
        );
      }
      // Time out while at One Login: the session is gone when the resident comes back.
      await page.goto(stack.appUrl);
      await page.locator('.govuk-button--start').click();
      await context.clearCookies();
      await page.locator('input[value="persona:identity-p2"]').check();
      await page.locator('#continue').click();
      await expect.poll(() => text(page.locator('h1'))).toBe('Your session has timed out');
      await expectAccessible(page, 'session timed out');
      await page.locator('main').getByRole('button', { name: 'Sign in again' }).click();
      await expect.poll(() => page.url()).toContain(stack.sandbox.url);
    });

    it('the "form expired" page has a title and a way back, in English in the back office', async () => {
      // A resident's Welsh choice in the same browser does not reach the staff pages.
      await page.goto(`${stack.appUrl}/?lang=cy`);
      await page.goto(`${stack.appUrl}/back-office/sign-in`);
      await page.evaluate(() => {
        (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value = 'expired';
      });
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.title()).toMatch(/^Sorry, there is a problem with this page – /);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await page.getByRole('link', { name: 'Go back to the page and try again' }).click();
      await expect.poll(() => page.url()).toBe(`${stack.appUrl}/back-office/sign-in`);
      await page.goto(`${stack.appUrl}/?lang=en`);
    });

    it('Back on the card page returns to check answers; an unpaid application can be resumed or cancelled', async () => {
      await signIn('en', 'identity-p2');
      await answer('BK12 PAY');
      await page.locator('form .govuk-button').click();
      await expect.poll(() => page.url()).toContain(stack.sandbox.url);
      // Wait for Pay's page itself, not only its URL: the app sends Cross-Origin-Opener-Policy, so Chromium moves the
      // tab to a new renderer process when it leaves the app, and history is unreachable until that page is attached.
      await expect.poll(() => text(page.locator('h1'))).toBe('Enter card details');
      await page.goBack();
      await expect.poll(() => text(page.locator('h1'))).toBe('Check your answers before paying');
      expect(await text(page.locator('.govuk-summary-list'))).toContain('BK12PAY');
      await expectAccessible(page, 'check answers after Back from Pay');
      // Continue again: the same application, at Pay.
      await page.locator('form .govuk-button').click();
      await expect.poll(() => page.url()).toContain(stack.sandbox.url);
      const mine = async () =>
        (await stack.app.app.store.applications.list()).filter((a) => a.vehicle_registration === 'BK12PAY');
      expect(await mine()).toHaveLength(1);
      const reference = (await mine())[0]!.reference;

      // Leave it, then cancel it from "Your applications".
      await page.goto(`${stack.appUrl}/applications`);
      await page
        .locator('tbody tr', { hasText: reference })
        .getByRole('link', { name: /Continue/ })
        .click();
      await expect.poll(() => text(page.locator('h1'))).toBe('Your payment is not finished');
      await expectAccessible(page, 'payment not finished, with cancel');
      await page.getByRole('button', { name: 'Cancel this application' }).click();
      await expect
        .poll(() => text(page.locator('.govuk-notification-banner__content')))
        .toBe(`Application ${reference} cancelled. You have not been charged.`);
      expect(await text(page.locator('tbody tr', { hasText: reference }).locator('.govuk-tag'))).toBe(
        'Cancelled',
      );
      await expectAccessible(page, 'applications after cancelling');
      expect((await mine())[0]!.status).toBe('withdrawn');
    });

    it('warns before paying for a second permit for the same vehicle', async () => {
      await signIn('en', 'identity-p2');
      await answer('DU12 PLI');
      await page.locator('form .govuk-button').click();
      await payWithCard('4444333322221111');
      await expect.poll(() => text(page.locator('.govuk-panel__title'))).toBe('Application complete');
      const first = (await page.locator('.govuk-panel__body strong').textContent())!.trim();

      await page.goto(`${stack.appUrl}/apply/vehicle`);
      await answer('du12pli');
      expect(await text(page.locator('.govuk-warning-text'))).toContain(
        `You already have a permit for DU12PLI (reference ${first}`,
      );
      await expectAccessible(page, 'check answers with a duplicate warning');
    });

    it('English confirmation page mentions the email and the text message', async () => {
      await signIn('en');
      await answer('EN12 ABC');
      await page.locator('form .govuk-button').click();
      await payWithCard('4444333322221111');
      await expect.poll(() => text(page.locator('.govuk-panel__title'))).toBe('Application complete');
      const reference = (await page.locator('.govuk-panel__body strong').textContent())!.trim();
      const phone = (await stack.app.app.store.applications.get(reference))!.phone_number!;
      expect(await text(page.locator('main'))).toContain(
        `We have sent a confirmation email to kenneth.decerqueira@example.com and a text message to ${phone}.`,
      );
      const env = stack.sandbox.env;
      const templates = async () =>
        (await stack.app.app.store.notifications.listFor(reference)).map((n) => n.template_id);
      await expect
        .poll(async () => (await templates()).sort())
        .toEqual([env.NOTIFY_TEMPLATE_PERMIT_EMAIL, env.NOTIFY_TEMPLATE_PERMIT_SMS].sort());

      // Readable data: a GOV.UK date, the status as a green tag with a word, a reference that does not wrap.
      await page.getByRole('link', { name: 'Your applications' }).first().click();
      const row = page.locator('tbody tr', { hasText: reference });
      const cells = (await row.locator('td, th').allTextContents()).map((c) => c.replace(/\s+/g, ' ').trim());
      expect(cells[2]).toMatch(
        /^\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$/,
      );
      expect(await text(row.locator('.govuk-tag--green'))).toBe('Paid');
      expect(
        await row
          .locator('.app-nowrap', { hasText: reference })
          .evaluate((e) => getComputedStyle(e).whiteSpace),
      ).toBe('nowrap');
      await expectAccessible(page, 'your applications with tags');
    });
  },
);
