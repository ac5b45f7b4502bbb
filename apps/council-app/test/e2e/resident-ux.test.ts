import { describe, expect, it } from 'vitest';
import { browserSuite, expectAccessible, hasChromium, NO_CHROMIUM, payWithCard, text } from './browser.js';

// Issue #22, resident side: the rough edges a first-time resident hit, each walked through in Chromium.

describe.skipIf(!hasChromium)(
  `resident rough edges in Chromium${hasChromium ? '' : ` (skipped: ${NO_CHROMIUM})`}`,
  () => {
    const suite = browserSuite();

    async function signIn(lang: 'en' | 'cy', persona = 'identity-p2') {
      await suite.page.goto(`${suite.stack.appUrl}/?lang=${lang}`);
      await suite.page.locator('.govuk-button--start').click();
      await suite.page.locator(`input[value="persona:${persona}"]`).check();
      await suite.page.locator('#continue').click();
      await suite.page.locator('main .govuk-button').click();
      await suite.page.locator(`input[value="persona:${persona}"]`).check();
      await suite.page.locator('#continue').click();
      await expect.poll(() => suite.page.url()).toContain('/apply/vehicle');
    }

    async function answer(vrn: string) {
      await suite.page.locator('#vehicle-registration').fill(vrn);
      await suite.page.locator('form .govuk-button').click();
      await suite.page.locator('#permit-length').check();
      await suite.page.locator('form .govuk-button').click();
      await expect.poll(() => suite.page.url()).toContain('/apply/check');
    }

    it('Welsh all the way: Gwall prefix, toggle on error pages, Welsh email and text, Welsh signed-out page', async () => {
      await signIn('cy');
      // A validation error: the hidden prefix is Welsh and the language toggle is still there.
      await suite.page.locator('#vehicle-registration').fill('AB12 CDE!');
      await suite.page.locator('form .govuk-button').click();
      expect(await text(suite.page.locator('.govuk-error-message .govuk-visually-hidden'))).toBe('Gwall:');
      expect(await suite.page.getByRole('link', { name: 'English' }).count()).toBe(1);
      await expectAccessible(suite.page, 'Welsh vehicle question with an error');

      await suite.page.locator('#vehicle-registration').fill('CY12 ABC');
      await suite.page.locator('form .govuk-button').click();
      await suite.page.locator('#permit-length').check();
      await suite.page.locator('form .govuk-button').click();
      await suite.page.locator('form .govuk-button').click();
      await expect.poll(() => suite.page.url()).toContain(suite.stack.sandbox.url);
      await payWithCard(suite.page, '4444333322221111');
      await expect.poll(() => text(suite.page.locator('.govuk-panel__title'))).toBe('Cais wedi’i gwblhau');
      const reference = (await suite.page.locator('.govuk-panel__body strong').textContent())!.trim();
      // The confirmation page names both messages on their way.
      const body = await text(suite.page.locator('main'));
      expect(body).toContain('kenneth.decerqueira@example.com');
      const phone = (await suite.stack.app.app.store.applications.get(reference))!.phone_number!;
      expect(phone).toMatch(/^\+447/);
      expect(body).toContain(`neges destun at ${phone}`);
      await expectAccessible(suite.page, 'Welsh confirmation');

      // The Welsh templates were used (the sandbox seeds them and hands their ids to the app).
      const env = suite.stack.sandbox.env;
      // The confirmations go through the job queue: wait for them.
      const sent = async () =>
        (await suite.stack.app.app.store.notifications.listFor(reference)).map((n) => [
          n.channel,
          n.template_id,
        ]);
      await expect
        .poll(async () => (await sent()).sort())
        .toEqual([
          ['email', env.NOTIFY_TEMPLATE_PERMIT_EMAIL_CY],
          ['sms', env.NOTIFY_TEMPLATE_PERMIT_SMS_CY],
        ]);
      await expect
        // the app's worker sends from the job queue: load the inbox again until the message shows
        .poll(async () => {
          await suite.page.goto(`${suite.stack.sandbox.url}/dashboard/notify`);
          return text(suite.page.locator('body'));
        })
        .toContain(`Cais am drwydded parcio ${reference}`);

      // Sign out through One Login: the signed-out page is still Welsh.
      await suite.page.goto(`${suite.stack.appUrl}/applications`);
      await suite.page.getByRole('link', { name: 'Allgofnodi' }).click();
      await expect.poll(() => suite.page.url()).toContain('/signed-out');
      await expect.poll(() => text(suite.page.locator('h1'))).toBe('Rydych wedi allgofnodi');
      await expectAccessible(suite.page, 'Welsh signed-out page');
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
          await suite.page.goto(`${suite.stack.appUrl}/?lang=${lang}`);
          await suite.page.locator('.govuk-footer').getByRole('link', { name: link!, exact: true }).click();
          await expect.poll(() => text(suite.page.locator('h1'))).toBe(heading);
          await expectAccessible(suite.page, `${link} (${lang})`);
        }
        // The cookies page names the cookies this app really sets.
        await suite.page.goto(`${suite.stack.appUrl}/cookies`);
        const table = await text(suite.page.locator('table'));
        expect(table).toContain('council-session');
        expect(table).toContain('council-lang');
        // The statement follows the GOV.UK model: enforcement, compliance status, preparation.
        if (lang === 'cy') return;
        await suite.page.goto(`${suite.stack.appUrl}/accessibility-statement`);
        const headings = await suite.page.locator('h2').allTextContents();
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
        await suite.page.goto(suite.stack.appUrl);
        await suite.page.locator('.govuk-button--start').click();
        await suite.page.locator(`input[value="error:${error}"]`).check();
        await suite.page.locator('#continue').click();
        await expect.poll(() => text(suite.page.locator('h1'))).toBe(heading);
        await expectAccessible(suite.page, heading);
        expect(
          await suite.page.locator('main').getByRole('button', { name: button }).getAttribute('href'),
        ).toBe('/auth/sign-in');
      }
      // Time out while at One Login: the session is gone when the resident comes back.
      await suite.page.goto(suite.stack.appUrl);
      await suite.page.locator('.govuk-button--start').click();
      await suite.context.clearCookies();
      await suite.page.locator('input[value="persona:identity-p2"]').check();
      await suite.page.locator('#continue').click();
      await expect.poll(() => text(suite.page.locator('h1'))).toBe('Your session has timed out');
      await expectAccessible(suite.page, 'session timed out');
      await suite.page.locator('main').getByRole('button', { name: 'Sign in again' }).click();
      await expect.poll(() => suite.page.url()).toContain(suite.stack.sandbox.url);
    });

    it('the "form expired" page has a title and a way back, in English in the back office', async () => {
      // A resident's Welsh choice in the same browser does not reach the staff pages.
      await suite.page.goto(`${suite.stack.appUrl}/?lang=cy`);
      await suite.page.goto(`${suite.stack.appUrl}/back-office/sign-in`);
      await suite.page.evaluate(() => {
        (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value = 'expired';
      });
      await suite.page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => suite.page.title()).toMatch(/^Sorry, there is a problem with this page – /);
      expect(await suite.page.locator('html').getAttribute('lang')).toBe('en');
      await suite.page.getByRole('link', { name: 'Go back to the page and try again' }).click();
      await expect.poll(() => suite.page.url()).toBe(`${suite.stack.appUrl}/back-office/sign-in`);
      await suite.page.goto(`${suite.stack.appUrl}/?lang=en`);
    });

    it('Back on the card page returns to check answers; an unpaid application can be resumed or cancelled', async () => {
      await signIn('en', 'identity-p2');
      await answer('BK12 PAY');
      await suite.page.locator('form .govuk-button').click();
      await expect.poll(() => suite.page.url()).toContain(suite.stack.sandbox.url);
      // Wait for Pay's page itself, not only its URL: the app sends Cross-Origin-Opener-Policy, so Chromium moves the
      // tab to a new renderer process when it leaves the app, and history is unreachable until that page is attached.
      await expect.poll(() => text(suite.page.locator('h1'))).toBe('Enter card details');
      await suite.page.goBack();
      await expect.poll(() => text(suite.page.locator('h1'))).toBe('Check your answers before paying');
      expect(await text(suite.page.locator('.govuk-summary-list'))).toContain('BK12PAY');
      await expectAccessible(suite.page, 'check answers after Back from Pay');
      // Continue again: the same application, at Pay.
      await suite.page.locator('form .govuk-button').click();
      await expect.poll(() => suite.page.url()).toContain(suite.stack.sandbox.url);
      const mine = async () =>
        (await suite.stack.app.app.store.applications.list()).filter(
          (a) => a.vehicle_registration === 'BK12PAY',
        );
      expect(await mine()).toHaveLength(1);
      const reference = (await mine())[0]!.reference;

      // Leave it, then cancel it from "Your applications".
      await suite.page.goto(`${suite.stack.appUrl}/applications`);
      await suite.page
        .locator('tbody tr', { hasText: reference })
        .getByRole('link', { name: /Continue/ })
        .click();
      await expect.poll(() => text(suite.page.locator('h1'))).toBe('Your payment is not finished');
      await expectAccessible(suite.page, 'payment not finished, with cancel');
      await suite.page.getByRole('button', { name: 'Cancel this application' }).click();
      await expect
        .poll(() => text(suite.page.locator('.govuk-notification-banner__content')))
        .toBe(`Application ${reference} cancelled. You have not been charged.`);
      expect(await text(suite.page.locator('tbody tr', { hasText: reference }).locator('.govuk-tag'))).toBe(
        'Cancelled',
      );
      await expectAccessible(suite.page, 'applications after cancelling');
      expect((await mine())[0]!.status).toBe('withdrawn');
    });

    it('warns before paying for a second permit for the same vehicle', async () => {
      await signIn('en', 'identity-p2');
      await answer('DU12 PLI');
      await suite.page.locator('form .govuk-button').click();
      await payWithCard(suite.page, '4444333322221111');
      await expect.poll(() => text(suite.page.locator('.govuk-panel__title'))).toBe('Application complete');
      const first = (await suite.page.locator('.govuk-panel__body strong').textContent())!.trim();

      await suite.page.goto(`${suite.stack.appUrl}/apply/vehicle`);
      await answer('du12pli');
      expect(await text(suite.page.locator('.govuk-warning-text'))).toContain(
        `You already have a permit for DU12PLI (reference ${first}`,
      );
      await expectAccessible(suite.page, 'check answers with a duplicate warning');
    });

    it('English confirmation page mentions the email and the text message', async () => {
      await signIn('en');
      await answer('EN12 ABC');
      await suite.page.locator('form .govuk-button').click();
      await payWithCard(suite.page, '4444333322221111');
      await expect.poll(() => text(suite.page.locator('.govuk-panel__title'))).toBe('Application complete');
      const reference = (await suite.page.locator('.govuk-panel__body strong').textContent())!.trim();
      const phone = (await suite.stack.app.app.store.applications.get(reference))!.phone_number!;
      expect(await text(suite.page.locator('main'))).toContain(
        `We have sent a confirmation email to kenneth.decerqueira@example.com and a text message to ${phone}.`,
      );
      const env = suite.stack.sandbox.env;
      const templates = async () =>
        (await suite.stack.app.app.store.notifications.listFor(reference)).map((n) => n.template_id);
      await expect
        .poll(async () => (await templates()).sort())
        .toEqual([env.NOTIFY_TEMPLATE_PERMIT_EMAIL, env.NOTIFY_TEMPLATE_PERMIT_SMS].sort());

      // Readable data: a GOV.UK date, the status as a green tag with a word, a reference that does not wrap.
      await suite.page.getByRole('link', { name: 'Your applications' }).first().click();
      const row = suite.page.locator('tbody tr', { hasText: reference });
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
      await expectAccessible(suite.page, 'your applications with tags');
    });
  },
);
