import { PayClient } from '@council-sdk/pay';
import { buildSubmission, exampleAnswers, exampleForms } from '@council-sdk/forms/testing';
import { describe, expect, it } from 'vitest';
import { browserSuite, expectAccessible, hasChromium, NO_CHROMIUM, text } from './browser.js';

// Staff side, in Chromium against the sandbox: sign-in, the GOV.UK Forms inbox (S3 ingest, payment matching,
// Notify acknowledgement), applications and refunds. Every back-office page is checked with axe-core.

describe.skipIf(!hasChromium)(
  `back office in Chromium${hasChromium ? '' : ` (skipped: ${NO_CHROMIUM})`}`,
  () => {
    const suite = browserSuite();

    async function signInAsStaff() {
      await suite.page.goto(`${suite.stack.appUrl}/back-office`);
      expect(suite.page.url()).toContain('/back-office/sign-in');
      await expectAccessible(suite.page);
      await suite.page.getByLabel('Username').fill(suite.stack.sandbox.env.BACK_OFFICE_USERNAME!);
      await suite.page.getByLabel('Password', { exact: true }).fill('not the password');
      await suite.page.getByRole('button', { name: 'Sign in' }).click();
      await expect
        .poll(() => text(suite.page.locator('.govuk-error-summary')))
        .toContain('Enter a correct username and password');
      await expectAccessible(suite.page);
      await suite.page
        .getByLabel('Password', { exact: true })
        .fill(suite.stack.sandbox.env.BACK_OFFICE_PASSWORD!);
      await suite.page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => text(suite.page.locator('h1'))).toBe('Parking permit applications');
      await expectAccessible(suite.page);
    }

    it('ingests a "Report a missed bin collection" submission, matches its payment and acknowledges it', async () => {
      const env = suite.stack.sandbox.env;
      const form = { ...exampleForms.missedBinCollection.en, form_id: env.FORMS_MISSED_BIN_FORM_ID! };
      const built = buildSubmission(form, exampleAnswers.missedBinCollection);
      // biome-ignore lint/suspicious/noExplicitAny: the sandbox's fakes are typed per service
      const forms = suite.stack.sandbox.fakes.forms as any;
      forms.s3.deliver(built, { format: 'json' });

      // The resident also paid through the form's GOV.UK Pay payment link, which carries the submission reference.
      const pay = new PayClient({ apiKey: env.PAY_API_KEY!, baseUrl: env.PAY_BASE_URL! });
      const payment = await pay.payments.create({
        amount: 2500,
        reference: built.reference,
        description: 'Return visit for a missed bin',
        return_url: 'https://example.gov.uk/done',
      });
      // biome-ignore lint/suspicious/noExplicitAny: as above
      (suite.stack.sandbox.fakes.pay as any).completePayment(payment.payment_id, {
        card: { card_number: '4444333322221111' },
      });

      await signInAsStaff();
      await suite.page.getByRole('link', { name: 'Forms submissions' }).click();
      await expect.poll(() => text(suite.page.locator('h1'))).toBe('Report a missed bin collection');
      await expectAccessible(suite.page);
      await suite.page.getByRole('button', { name: 'Check for new submissions' }).click();
      await expect
        .poll(() => text(suite.page.locator('.govuk-notification-banner__content')))
        .toBe('1 new submission');
      const card = suite.page.locator('.govuk-summary-card', { hasText: built.reference });
      await expect.poll(() => text(card)).toContain('success (£25.00)');
      await expect.poll(() => text(card)).toContain('sam.jones@example.com');
      // The acknowledgement was queued with the submission; the app's worker sends it a moment later.
      await expect
        .poll(async () => {
          await suite.page.reload();
          return text(card);
        })
        .toContain('email: created');
      await expectAccessible(suite.page);

      // Checking again finds nothing new (the watcher's checkpoint is in the app's database).
      await suite.page.getByRole('button', { name: 'Check for new submissions' }).click();
      await expect
        .poll(() => text(suite.page.locator('.govuk-notification-banner__content')))
        .toBe('0 new submissions');
      expect(await suite.page.locator('.govuk-summary-card').count()).toBe(1);

      await expect
        // the app's worker sends from the job queue: load the inbox again until the message shows
        .poll(async () => {
          await suite.page.goto(`${suite.stack.sandbox.url}/dashboard/notify`);
          return text(suite.page.locator('body'));
        })
        .toContain(`We have received your report ${built.reference}`);
    });

    it('shows an application with its payment and notifications, and refunds it', async () => {
      // A paid application, made through the resident journey's own building blocks.
      const { permits } = suite.stack.app.app.context;
      const { store } = suite.stack.app.app;
      const reference = permits.newReference();
      const payment = await permits.submit({
        reference,
        user_sub: 'urn:fdc:gov.uk:2022:back-office-test',
        full_name: 'Ada Lovelace',
        email: 'ada@example.com',
        phone_number: null,
        address: { lines: ['1 Example Street', 'Bath'], postcode: 'BA1 1AA' },
        vehicle_registration: 'AD15LOV',
        permit_length: 12,
        language: 'en',
      });
      // biome-ignore lint/suspicious/noExplicitAny: as above
      (suite.stack.sandbox.fakes.pay as any).completePayment(payment.payment_id, {
        card: { card_number: '4444333322221111' },
      });
      await permits.reconcile(reference);
      expect((await store.applications.get(reference))!.status).toBe('paid');

      await signInAsStaff();
      const row = suite.page.locator('tr', { hasText: reference });
      await expect.poll(() => text(row)).toContain('Ada Lovelace');
      await expect.poll(() => text(row)).toContain('Success');
      // Readable data: "30 November 2026 at 7:20pm" in London time, statuses as tags.
      expect(await text(row)).toMatch(/\d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}(:\d{2})?(am|pm)/);
      expect(await text(row.locator('.govuk-tag--green').first())).toBe('Paid');
      await row.getByRole('link', { name: reference }).click();
      await expect.poll(() => text(suite.page.locator('h1'))).toBe(`Application ${reference}`);
      await expectAccessible(suite.page);
      // Step 1: the confirmation page, with the amount; a partial refund beyond what is available is refused.
      await suite.page.getByRole('button', { name: 'Refund this payment' }).click();
      await expect.poll(() => text(suite.page.locator('h1'))).toBe('Refund this payment');
      await expectAccessible(suite.page, 'refund confirmation');
      expect(await suite.page.getByLabel('How much do you want to refund?').inputValue()).toBe('100.00');
      await suite.page.getByLabel('How much do you want to refund?').fill('150');
      await suite.page.getByRole('button', { name: 'Confirm refund' }).click();
      await expect
        .poll(() => text(suite.page.locator('.govuk-error-summary')))
        .toContain('Enter an amount more than £0 and no more than £100.00');
      await expectAccessible(suite.page, 'refund confirmation with an error');
      // A partial refund, then the rest.
      await suite.page.getByLabel('How much do you want to refund?').fill('40');
      await suite.page.getByRole('button', { name: 'Confirm refund' }).click();
      await expect
        .poll(() => text(suite.page.locator('.govuk-notification-banner__content')))
        .toBe('Refund of £40.00 requested. We are emailing the resident at ada@example.com.');
      await expectAccessible(suite.page, 'refund banner');
      expect((await store.applications.get(reference))!.status).toBe('paid');
      await suite.page.getByRole('button', { name: 'Refund this payment' }).click();
      expect(await suite.page.getByLabel('How much do you want to refund?').inputValue()).toBe('60.00');
      await suite.page.getByRole('button', { name: 'Confirm refund' }).click();
      await expect
        .poll(() => text(suite.page.locator('.govuk-notification-banner__content')))
        .toBe('Refund of £60.00 requested. We are emailing the resident at ada@example.com.');
      expect((await store.applications.get(reference))!.status).toBe('refunded');
      // The resident's refund emails, one per refund, queued with each refund and sent by the app's worker.
      const notices = async () =>
        (await store.notifications.listFor(reference)).filter(
          (n) => n.template_id === suite.stack.sandbox.env.NOTIFY_TEMPLATE_REFUND_EMAIL,
        );
      await expect.poll(async () => (await notices()).length).toBe(2);
      expect(await suite.page.getByRole('button', { name: 'Refund this payment' }).count()).toBe(0);

      await suite.page.getByRole('button', { name: 'Sign out of the back office' }).click();
      await suite.page.goto(`${suite.stack.appUrl}/back-office`);
      expect(suite.page.url()).toContain('/back-office/sign-in');
    });

    it('acknowledges a Welsh Forms submission with the Welsh template', async () => {
      const env = suite.stack.sandbox.env;
      // forms-runner builds a Welsh submission from the English document, with language cy.
      const form = { ...exampleForms.missedBinCollection.en, form_id: env.FORMS_MISSED_BIN_FORM_ID! };
      const built = buildSubmission(form, exampleAnswers.missedBinCollection, { language: 'cy' });
      // biome-ignore lint/suspicious/noExplicitAny: the sandbox's fakes are typed per service
      (suite.stack.sandbox.fakes.forms as any).s3.deliver(built, { format: 'json' });
      await signInAsStaff();
      await suite.page.getByRole('link', { name: 'Forms submissions' }).click();
      await suite.page.getByRole('button', { name: 'Check for new submissions' }).click();
      await expect
        .poll(() => text(suite.page.locator('.govuk-notification-banner__content')))
        .toBe('1 new submission');
      // The acknowledgement goes through the job queue: wait for it.
      await expect
        .poll(async () =>
          (await suite.stack.app.app.store.notifications.listFor(built.reference)).map((n) => n.template_id),
        )
        .toEqual([env.NOTIFY_TEMPLATE_FORMS_ACK_EMAIL_CY]);
      await expect
        // the app's worker sends from the job queue: load the inbox again until the message shows
        .poll(async () => {
          await suite.page.goto(`${suite.stack.sandbox.url}/dashboard/notify`);
          return text(suite.page.locator('body'));
        })
        .toContain(`Rydym wedi cael eich adroddiad ${built.reference}`);
    });

    it('keeps a deep link through sign-in', async () => {
      await suite.page.goto(`${suite.stack.appUrl}/back-office/submissions`);
      expect(suite.page.url()).toContain('/back-office/sign-in?returnTo=');
      await suite.page.getByLabel('Username').fill(suite.stack.sandbox.env.BACK_OFFICE_USERNAME!);
      await suite.page.getByLabel('Password', { exact: true }).fill('wrong password');
      await suite.page.getByRole('button', { name: 'Sign in' }).click();
      await suite.page
        .getByLabel('Password', { exact: true })
        .fill(suite.stack.sandbox.env.BACK_OFFICE_PASSWORD!);
      await suite.page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => suite.page.url()).toBe(`${suite.stack.appUrl}/back-office/submissions`);
      await expect.poll(() => text(suite.page.locator('h1'))).toBe('Report a missed bin collection');
    });
  },
);
