import { describe, expect, it } from 'vitest';
import { browserSuite, expectAccessible, hasChromium, NO_CHROMIUM, payWithCard, text } from './browser.js';

// The whole resident journey in Debian's Chromium, against the sandbox (the SDKs' fakes served over HTTP).

describe.skipIf(!hasChromium)(
  `resident journey in Chromium${hasChromium ? '' : ` (skipped: ${NO_CHROMIUM})`}`,
  () => {
    const suite = browserSuite({ failOnConsoleErrors: true });

    const onApp = () => suite.page.url().startsWith(suite.stack.appUrl);

    async function checkPage() {
      if (onApp()) await expectAccessible(suite.page);
    }

    /** Start page -> One Login (sign in) -> prove identity -> the vehicle question. */
    async function signInAndProveIdentity(persona = 'identity-p2') {
      await suite.page.goto(suite.stack.appUrl);
      await checkPage();
      await suite.page.getByRole('button', { name: 'Start now' }).click();
      await suite.page.locator(`input[value="persona:${persona}"]`).check();
      await suite.page.locator('#continue').click();
      await expect.poll(() => suite.page.url()).toContain('/identity');
      await checkPage();
      await suite.page.getByRole('button', { name: 'Continue to prove your identity' }).click();
      await suite.page.locator(`input[value="persona:${persona}"]`).check();
      await suite.page.locator('#continue').click();
    }

    async function answerQuestions(vrn = 'AB12 CDE') {
      await expect.poll(() => suite.page.url()).toContain('/apply/vehicle');
      await checkPage();
      // Submitting empty shows the GOV.UK error summary, linked to the field.
      await suite.page.getByRole('button', { name: 'Continue' }).click();
      await expect
        .poll(() => text(suite.page.locator('.govuk-error-summary')))
        .toContain('Enter your vehicle registration number');
      await checkPage();
      await suite.page.getByLabel('What is your vehicle registration number?').fill(vrn);
      await suite.page.getByRole('button', { name: 'Continue' }).click();
      await checkPage();
      await suite.page.getByRole('button', { name: 'Continue' }).click();
      await expect
        .poll(() => text(suite.page.locator('.govuk-error-summary')))
        .toContain('Select how long you want your permit for');
      await checkPage();
      await suite.page.getByLabel('6 months').check();
      await suite.page.getByRole('button', { name: 'Continue' }).click();
      await expect.poll(() => text(suite.page.locator('h1'))).toBe('Check your answers before paying');
      await expect
        .poll(() => text(suite.page.locator('.govuk-summary-list')))
        .toContain('Kenneth Decerqueira');
      await checkPage();
      await suite.page.getByRole('button', { name: 'Continue to payment' }).click();
    }

    it('signs in, proves identity, applies, pays with a success card and gets the confirmation email', async () => {
      await signInAndProveIdentity();
      await answerQuestions();
      expect(suite.page.url()).toContain(`${suite.stack.sandbox.url}/pay`);
      await payWithCard(suite.page, '4444333322221111');

      await expect.poll(() => text(suite.page.locator('.govuk-panel__title'))).toBe('Application complete');
      const reference = (await suite.page.locator('.govuk-panel__body strong').textContent())!.trim();
      expect(reference).toMatch(/^PP-[A-Z0-9]{8}$/);
      await checkPage();

      await suite.page.getByRole('link', { name: 'Your applications' }).first().click();
      await expect.poll(() => text(suite.page.locator('table'))).toContain(reference);
      await expect.poll(() => text(suite.page.locator('table'))).toContain('Paid');
      await checkPage();

      // The email is in the sandbox's Notify inbox: the app's worker sends it from the job queue a moment after
      // the payment is recorded, so load the inbox again until it shows.
      const inbox = async () => {
        await suite.page.goto(`${suite.stack.sandbox.url}/dashboard/notify`);
        return text(suite.page.locator('body'));
      };
      await expect.poll(inbox).toContain(`Parking permit application ${reference}`);
      await expect.poll(() => text(suite.page.locator('body'))).toContain('kenneth.decerqueira@example.com');

      // Sign out through One Login, back to our "signed out" page.
      await suite.page.goto(`${suite.stack.appUrl}/applications`);
      await suite.page.getByRole('link', { name: 'Sign out' }).click();
      await expect.poll(() => suite.page.url()).toContain('/signed-out');
      await expect.poll(() => text(suite.page.locator('h1'))).toBe('You have signed out');
      await checkPage();
      await suite.page.goto(`${suite.stack.appUrl}/applications`);
      expect(suite.page.url()).not.toContain('/applications');
    });

    it('shows a declined card as a failed payment and lets the resident try again', async () => {
      await signInAndProveIdentity();
      await answerQuestions('XY51 ABC');
      await payWithCard(suite.page, '4000000000000002');
      // The sandbox shows Pay's own "declined" page first, with a link back to the service.
      if (!onApp()) {
        const back = suite.page.getByRole('link', { name: /continue|go back|return/i });
        if (await back.count()) await back.first().click();
      }
      await expect.poll(() => text(suite.page.locator('h1'))).toBe('Your payment was not successful');
      await checkPage();
      const reference = new URL(suite.page.url()).pathname.split('/')[2]!;
      expect((await suite.stack.app.app.store.applications.get(reference))!.status).toBe('payment_failed');
      await suite.page.getByRole('button', { name: 'Try paying again' }).click();
      await payWithCard(suite.page, '4242424242424242');
      await expect.poll(() => text(suite.page.locator('.govuk-panel__title'))).toBe('Application complete');
    });

    it('completes the application from the Pay webhook when the resident closes the tab after paying', async () => {
      await signInAndProveIdentity();
      await answerQuestions('LM68 ZZZ');
      // Pay, then close the tab before (or instead of) following the redirect back to the service.
      await suite.page.route(`${suite.stack.appUrl}/payment/**`, (route) => route.abort());
      await payWithCard(suite.page, '4444333322221111');
      const store = suite.stack.app.app.store;
      const app = (await store.applications.list()).find((a) => a.vehicle_registration === 'LM68ZZZ')!;
      await suite.page.close();

      // biome-ignore lint/suspicious/noExplicitAny: the sandbox's fakes are typed per service
      const pay = suite.stack.sandbox.fakes.pay as any;
      await pay.webhooks.flush();
      await pay.webhooks.idle();
      await expect.poll(async () => (await store.applications.get(app.reference))!.status).toBe('paid');
      // The confirmation was queued with the payment; this instance's worker sends it.
      await expect
        .poll(async () =>
          (await store.notifications.listFor(app.reference)).some((n) => n.channel === 'email'),
        )
        .toBe(true);

      // Duplicate and resent webhooks change nothing.
      const before = await store.applications.get(app.reference);
      const sent = (await store.notifications.listFor(app.reference)).length;
      for (const m of pay.webhooks.messages()) await pay.webhooks.resend(m.webhook_message_id);
      await pay.webhooks.idle();
      await suite.stack.app.app.runJobs();
      expect(await store.applications.get(app.reference)).toEqual(before);
      expect(await store.notifications.listFor(app.reference)).toHaveLength(sent);
    });

    it('ends the session when One Login sends a back-channel logout', async () => {
      await signInAndProveIdentity();
      await expect.poll(() => suite.page.url()).toContain('/apply/vehicle');
      const sub = (await suite.stack.app.app.store.sessions.userSubs()).find((s) => s !== null)!;
      // biome-ignore lint/suspicious/noExplicitAny: the sandbox's fakes are typed per service
      const oneLogin = suite.stack.sandbox.fakes.oneLogin as any;
      const deliveries = await oneLogin.logoutEverywhere(sub);
      expect(deliveries.map((d: { uri: string; status?: number }) => [d.uri, d.status])).toEqual([
        [`${suite.stack.appUrl}/auth/backchannel-logout`, 200],
      ]);
      await suite.page.goto(`${suite.stack.appUrl}/applications`);
      // Signed out here: the app starts a new sign-in with One Login.
      expect(suite.page.url()).toContain(`${suite.stack.sandbox.url}/one-login/`);
    });

    it('offers an alternative route when identity cannot be proven', async () => {
      await suite.page.goto(suite.stack.appUrl);
      await suite.page.getByRole('button', { name: 'Start now' }).click();
      await suite.page.locator('input[value="persona:identity-failed"]').check();
      await suite.page.locator('#continue').click();
      await suite.page.getByRole('button', { name: 'Continue to prove your identity' }).click();
      await suite.page.locator('input[value="persona:identity-failed"]').check();
      await suite.page.locator('#continue').click();
      await expect
        .poll(() => text(suite.page.locator('h1')))
        .toBe('We could not confirm your identity online');
      await expect.poll(() => text(suite.page.locator('main'))).toContain('01234 567890');
      await checkPage();
    });

    it('runs GOV.UK Frontend JavaScript under the CSP, without errors', async () => {
      // A context that enforces the CSP, unlike the others (which bypass it to inject axe-core).
      const strict = await suite.browser.newContext();
      const p = await strict.newPage();
      const problems: string[] = [];
      p.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      p.on('pageerror', (e) => problems.push(e.message));
      await p.goto(suite.stack.appUrl);
      await expect
        .poll(() => p.evaluate(() => document.body.classList.contains('govuk-frontend-supported')))
        .toBe(true);
      // initAll() ran: components with data-module are marked as initialised.
      await expect
        .poll(() =>
          p.evaluate(() =>
            document
              .querySelector('[data-module="govuk-skip-link"]')
              ?.hasAttribute('data-govuk-skip-link-init'),
          ),
        )
        .toBe(true);
      expect(problems).toEqual([]);
      await strict.close();
    });

    it('works in Welsh', async () => {
      await suite.page.goto(`${suite.stack.appUrl}/?lang=cy`);
      await expect
        .poll(() => text(suite.page.locator('h1')))
        .toBe('Gwneud cais am drwydded barcio i breswylwyr');
      await checkPage();
      await suite.page.getByRole('link', { name: 'English' }).click();
      await expect.poll(() => text(suite.page.locator('h1'))).toBe('Apply for a resident parking permit');
    });
  },
);
