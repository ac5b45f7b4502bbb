import { PayClient } from '@council-sdk/pay';
import { buildSubmission, exampleAnswers, exampleForms } from '@council-sdk/forms/testing';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectAccessible, hasChromium, launchChromium, NO_CHROMIUM, startStack } from './browser.js';

// Staff side, in Chromium against the sandbox: sign-in, the GOV.UK Forms inbox (S3 ingest, payment matching,
// Notify acknowledgement), applications and refunds. Every back-office page is checked with axe-core.

let stack: Awaited<ReturnType<typeof startStack>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const text = async (locator: Locator) =>
  ((await locator.first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe.skipIf(!hasChromium)(
  `back office in Chromium${hasChromium ? '' : ` (skipped: ${NO_CHROMIUM})`}`,
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

    async function signInAsStaff() {
      await page.goto(`${stack.appUrl}/back-office`);
      expect(page.url()).toContain('/back-office/sign-in');
      await expectAccessible(page);
      await page.getByLabel('Username').fill(stack.sandbox.env.BACK_OFFICE_USERNAME!);
      await page.getByLabel('Password', { exact: true }).fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect
        .poll(() => text(page.locator('.govuk-error-summary')))
        .toContain('Enter a correct username and password');
      await expectAccessible(page);
      await page.getByLabel('Password', { exact: true }).fill(stack.sandbox.env.BACK_OFFICE_PASSWORD!);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => text(page.locator('h1'))).toBe('Parking permit applications');
      await expectAccessible(page);
    }

    it('ingests a "Report a missed bin collection" submission, matches its payment and acknowledges it', async () => {
      const env = stack.sandbox.env;
      const form = { ...exampleForms.missedBinCollection.en, form_id: env.FORMS_MISSED_BIN_FORM_ID! };
      const built = buildSubmission(form, exampleAnswers.missedBinCollection);
      // biome-ignore lint/suspicious/noExplicitAny: the sandbox's fakes are typed per service
      const forms = stack.sandbox.fakes.forms as any;
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
      (stack.sandbox.fakes.pay as any).completePayment(payment.payment_id, {
        card: { card_number: '4444333322221111' },
      });

      await signInAsStaff();
      await page.getByRole('link', { name: 'Forms submissions' }).click();
      await expect.poll(() => text(page.locator('h1'))).toBe('Report a missed bin collection');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Check for new submissions' }).click();
      await expect
        .poll(() => text(page.locator('.govuk-notification-banner__content')))
        .toBe('1 new submission');
      const card = page.locator('.govuk-summary-card', { hasText: built.reference });
      await expect.poll(() => text(card)).toContain('success (£25.00)');
      await expect.poll(() => text(card)).toContain('sam.jones@example.com');
      // The acknowledgement was queued with the submission; the app's worker sends it a moment later.
      await expect
        .poll(async () => {
          await page.reload();
          return text(card);
        })
        .toContain('email: created');
      await expectAccessible(page);

      // Checking again finds nothing new (the watcher's checkpoint is in the app's database).
      await page.getByRole('button', { name: 'Check for new submissions' }).click();
      await expect
        .poll(() => text(page.locator('.govuk-notification-banner__content')))
        .toBe('0 new submissions');
      expect(await page.locator('.govuk-summary-card').count()).toBe(1);

      await expect
        // the app's worker sends from the job queue: load the inbox again until the message shows
        .poll(async () => {
          await page.goto(`${stack.sandbox.url}/dashboard/notify`);
          return text(page.locator('body'));
        })
        .toContain(`We have received your report ${built.reference}`);
    });

    it('shows an application with its payment and notifications, and refunds it', async () => {
      // A paid application, made through the resident journey's own building blocks.
      const { permits } = stack.app.app.context;
      const { store } = stack.app.app;
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
      (stack.sandbox.fakes.pay as any).completePayment(payment.payment_id, {
        card: { card_number: '4444333322221111' },
      });
      await permits.reconcile(reference);
      expect((await store.applications.get(reference))!.status).toBe('paid');

      await signInAsStaff();
      const row = page.locator('tr', { hasText: reference });
      await expect.poll(() => text(row)).toContain('Ada Lovelace');
      await expect.poll(() => text(row)).toContain('Success');
      // Readable data: "30 November 2026 at 7:20pm" in London time, statuses as tags.
      expect(await text(row)).toMatch(/\d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}(:\d{2})?(am|pm)/);
      expect(await text(row.locator('.govuk-tag--green').first())).toBe('Paid');
      await row.getByRole('link', { name: reference }).click();
      await expect.poll(() => text(page.locator('h1'))).toBe(`Application ${reference}`);
      await expectAccessible(page);
      // Step 1: the confirmation page, with the amount; a partial refund beyond what is available is refused.
      await page.getByRole('button', { name: 'Refund this payment' }).click();
      await expect.poll(() => text(page.locator('h1'))).toBe('Refund this payment');
      await expectAccessible(page, 'refund confirmation');
      expect(await page.getByLabel('How much do you want to refund?').inputValue()).toBe('100.00');
      await page.getByLabel('How much do you want to refund?').fill('150');
      await page.getByRole('button', { name: 'Confirm refund' }).click();
      await expect
        .poll(() => text(page.locator('.govuk-error-summary')))
        .toContain('Enter an amount more than £0 and no more than £100.00');
      await expectAccessible(page, 'refund confirmation with an error');
      // A partial refund, then the rest.
      await page.getByLabel('How much do you want to refund?').fill('40');
      await page.getByRole('button', { name: 'Confirm refund' }).click();
      await expect
        .poll(() => text(page.locator('.govuk-notification-banner__content')))
        .toBe('Refund of £40.00 requested. We are emailing the resident at ada@example.com.');
      await expectAccessible(page, 'refund banner');
      expect((await store.applications.get(reference))!.status).toBe('paid');
      await page.getByRole('button', { name: 'Refund this payment' }).click();
      expect(await page.getByLabel('How much do you want to refund?').inputValue()).toBe('60.00');
      await page.getByRole('button', { name: 'Confirm refund' }).click();
      await expect
        .poll(() => text(page.locator('.govuk-notification-banner__content')))
        .toBe('Refund of £60.00 requested. We are emailing the resident at ada@example.com.');
      expect((await store.applications.get(reference))!.status).toBe('refunded');
      // The resident's refund emails, one per refund, queued with each refund and sent by the app's worker.
      const notices = async () =>
        (await store.notifications.listFor(reference)).filter(
          (n) => n.template_id === stack.sandbox.env.NOTIFY_TEMPLATE_REFUND_EMAIL,
        );
      await expect.poll(async () => (await notices()).length).toBe(2);
      expect(await page.getByRole('button', { name: 'Refund this payment' }).count()).toBe(0);

      await page.getByRole('button', { name: 'Sign out of the back office' }).click();
      await page.goto(`${stack.appUrl}/back-office`);
      expect(page.url()).toContain('/back-office/sign-in');
    });

    it('acknowledges a Welsh Forms submission with the Welsh template', async () => {
      const env = stack.sandbox.env;
      // forms-runner builds a Welsh submission from the English document, with language cy.
      const form = { ...exampleForms.missedBinCollection.en, form_id: env.FORMS_MISSED_BIN_FORM_ID! };
      const built = buildSubmission(form, exampleAnswers.missedBinCollection, { language: 'cy' });
      // biome-ignore lint/suspicious/noExplicitAny: the sandbox's fakes are typed per service
      (stack.sandbox.fakes.forms as any).s3.deliver(built, { format: 'json' });
      await signInAsStaff();
      await page.getByRole('link', { name: 'Forms submissions' }).click();
      await page.getByRole('button', { name: 'Check for new submissions' }).click();
      await expect
        .poll(() => text(page.locator('.govuk-notification-banner__content')))
        .toBe('1 new submission');
      // The acknowledgement goes through the job queue: wait for it.
      await expect
        .poll(async () =>
          (await stack.app.app.store.notifications.listFor(built.reference)).map((n) => n.template_id),
        )
        .toEqual([env.NOTIFY_TEMPLATE_FORMS_ACK_EMAIL_CY]);
      await expect
        // the app's worker sends from the job queue: load the inbox again until the message shows
        .poll(async () => {
          await page.goto(`${stack.sandbox.url}/dashboard/notify`);
          return text(page.locator('body'));
        })
        .toContain(`Rydym wedi cael eich adroddiad ${built.reference}`);
    });

    it('keeps a deep link through sign-in', async () => {
      await page.goto(`${stack.appUrl}/back-office/submissions`);
      expect(page.url()).toContain('/back-office/sign-in?returnTo=');
      await page.getByLabel('Username').fill(stack.sandbox.env.BACK_OFFICE_USERNAME!);
      await page.getByLabel('Password', { exact: true }).fill('wrong password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByLabel('Password', { exact: true }).fill(stack.sandbox.env.BACK_OFFICE_PASSWORD!);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.url()).toBe(`${stack.appUrl}/back-office/submissions`);
      await expect.poll(() => text(page.locator('h1'))).toBe('Report a missed bin collection');
    });
  },
);
