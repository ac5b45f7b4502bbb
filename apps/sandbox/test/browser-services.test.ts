import { OneLoginClient } from '@council-sdk/one-login';
import { exampleForms } from '@council-sdk/forms/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FormsSandboxFake } from '../src/services/forms.js';
import { type Sandbox, startSandbox } from '../src/index.js';
import { hasChromium, launchChromium } from './browser.js';
import { clientsFor, startReceiver } from './helpers.js';

// Skipped only when Debian's Chromium is absent (browser.ts prints why); CI installs it.
describe.skipIf(!hasChromium)('the sandbox pages in Chromium', () => {
  let browser: Browser;
  let sandbox: Sandbox;
  let app: Awaited<ReturnType<typeof startReceiver>>;
  let page: Page;

  beforeAll(async () => {
    app = await startReceiver();
    // Pay's "Confirm your payment" step on, to drive it in the browser too.
    sandbox = await startSandbox({
      port: 0,
      appBaseUrl: app.url,
      // manual Notify delivery: the inbox test presses "Delivered" itself
      config: { pay: { confirmationPage: true }, notify: { delivery: 'manual' } },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
    await app?.close();
  });
  beforeEach(async () => {
    await sandbox.reset();
    app.received.length = 0;
    page = await browser.newPage();
  });
  afterEach(async () => {
    await page?.close();
  });

  describe('Notify inbox', () => {
    it('shows a sent email and moves it to delivered, which calls the app back', async () => {
      const notify = clientsFor(sandbox).notify;
      const sent = await notify.emails.send({
        template_id: sandbox.env['NOTIFY_TEMPLATE_PERMIT_EMAIL']!,
        email_address: 'sam@example.com',
        personalisation: {
          full_name: 'Sam Jones',
          reference: 'PP-7',
          vehicle_registration: 'AB12 CDE',
          permit_length: '12 months',
          amount: '£80.00',
        },
      });
      await page.goto(`${sandbox.url}/dashboard/notify`);
      const message = page.locator(`[data-testid="notification"][data-id="${sent.id}"]`);
      await expect(message.getByTestId('subject').textContent()).resolves.toBe(
        'Parking permit application PP-7',
      );
      await expect(message.getByTestId('body').textContent()).resolves.toContain('Dear Sam Jones,');
      await message.getByRole('button', { name: 'Delivered' }).click();
      await page.waitForURL(/flash=/);
      await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('HTTP 200');
      await expect(
        page.locator(`[data-testid="notification"][data-id="${sent.id}"]`).getAttribute('data-status'),
      ).resolves.toBe('delivered');
      const callback = await app.waitFor((r) => r.path === '/callbacks/notify/status');
      expect(JSON.parse(callback.body)).toMatchObject({ id: sent.id, status: 'delivered' });
    });
    it('renders the email as Notify does: inset text, bullets, escaped personalisation, unsubscribe link', async () => {
      const notify = clientsFor(sandbox).notify;
      const sent = await notify.emails.send({
        template_id: sandbox.env['NOTIFY_TEMPLATE_PERMIT_EMAIL']!,
        email_address: 'sam@example.com',
        personalisation: {
          full_name: '<b>Sam</b> Jones',
          reference: 'PP-7',
          vehicle_registration: 'AB12 CDE',
          permit_length: '12 months',
          amount: '£80.00',
        },
        one_click_unsubscribe_url: 'https://council.example/unsubscribe/PP-7',
      });
      await page.goto(`${sandbox.url}/dashboard/notify`);
      const body = page.locator(`[data-testid="notification"][data-id="${sent.id}"] [data-testid="body"]`);
      await expect(body.locator('blockquote p').textContent()).resolves.toBe('Your reference is PP-7');
      await expect(body.locator('ul > li').allTextContents()).resolves.toEqual([
        'Vehicle registration: AB12 CDE',
        'Permit length: 12 months',
        'Amount paid: £80.00',
      ]);
      // The personalisation's HTML is shown as text, not obeyed.
      await expect(body.locator('b').count()).resolves.toBe(0);
      await expect(body.textContent()).resolves.toContain('Dear <b>Sam</b> Jones,');
      await expect(
        body.getByRole('link', { name: 'Unsubscribe from these emails' }).getAttribute('href'),
      ).resolves.toBe('https://council.example/unsubscribe/PP-7');
    });

    it('shows a text message as plain text', async () => {
      const notify = clientsFor(sandbox).notify;
      const sent = await notify.sms.send({
        template_id: sandbox.env['NOTIFY_TEMPLATE_PERMIT_SMS']!,
        phone_number: '07700900123',
        personalisation: { reference: '# PP-9', amount: '<i>£80.00</i>' },
      });
      await page.goto(`${sandbox.url}/dashboard/notify`);
      const body = page.locator(`[data-testid="notification"][data-id="${sent.id}"] [data-testid="body"]`);
      await expect(body.textContent()).resolves.toBe(
        'Parking permit application # PP-9 received. Amount paid: <i>£80.00</i>.',
      );
      await expect(body.locator('h2, i').count()).resolves.toBe(0);
    });
  });

  describe('Pay card page', () => {
    async function payInBrowser(cardNumber: string) {
      const pay = clientsFor(sandbox).pay;
      const payment = await pay.payments.create({
        amount: 8000,
        description: 'Resident parking permit',
        reference: 'PP-8',
        return_url: `${app.url}/payments/return`,
      });
      await page.goto(payment._links!.next_url!.href!);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Enter card details');
      await expect(page.locator('#amount').textContent()).resolves.toBe('£80.00');
      await page.getByLabel('Card number').fill(cardNumber);
      await page.getByLabel('Month').fill('12');
      await page.getByLabel('Year').fill(String((new Date().getUTCFullYear() + 2) % 100));
      await page.getByLabel('Name on card').fill('Sam Jones');
      await page.getByLabel('Card security code').fill('123');
      await page.getByLabel('Building and street', { exact: true }).fill('1 High Street');
      await page.getByLabel('Town or city').fill('London');
      await page.getByLabel('Postcode').fill('SW1A 1AA');
      await page.getByLabel('Email').fill('sam@example.com');
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'Confirm your payment',
      );
      await page.getByRole('button', { name: 'Confirm payment' }).click();
      await page.waitForURL(`${app.url}/payments/return`);
      return pay.payments.get(payment.payment_id);
    }

    it('takes a successful test card and returns to the service', async () => {
      const payment = await payInBrowser('4444 3333 2222 1111');
      expect(payment.state.status).toBe('success');
    });

    it('declines the declined test card (P0010) and still returns to the service', async () => {
      const payment = await payInBrowser('4000000000000002');
      expect(payment.state).toMatchObject({ status: 'failed', code: 'P0010' });
    });

    it('shows an error summary for a mistyped card number (Luhn check)', async () => {
      const pay = clientsFor(sandbox).pay;
      const payment = await pay.payments.create({
        amount: 100,
        description: 'x',
        reference: 'x',
        return_url: `${app.url}/payments/return`,
      });
      await page.goto(payment._links!.next_url!.href!);
      await page.getByLabel('Card number').fill('1234123412341234');
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
        'Enter a valid card number',
      );
    });
  });

  describe('One Login persona page', () => {
    const client = () =>
      new OneLoginClient({
        environment: { issuer: sandbox.env['ONE_LOGIN_ISSUER']! },
        clientId: sandbox.env['ONE_LOGIN_CLIENT_ID']!,
        privateKey: sandbox.env['ONE_LOGIN_PRIVATE_KEY']!,
        redirectUri: `${app.url}/auth/callback`,
        userAgent: 'sandbox-browser-tests/1.0',
      });

    it('signs in as the persona picked on the page', async () => {
      const c = client();
      const auth = await c.createAuthorizationRequest({ scopes: ['openid', 'email'] });
      await page.goto(auth.url);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'Choose who to sign in as',
      );
      await page.getByLabel('Identity proven (P2)').check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL((url) => url.pathname === '/auth/callback');
      const result = await c.handleCallback(page.url(), auth);
      const user = await c.getUserInfo(result.tokens.access_token, { expectedSub: result.claims.sub });
      expect(user.email).toBe('kenneth.decerqueira@example.com');
    });

    it('preselects the persona already signed in from this browser, until they are signed out', async () => {
      const c = client();
      const first = await c.createAuthorizationRequest();
      await page.goto(first.url);
      await expect(page.locator('[name="persona"]:checked').getAttribute('value')).resolves.not.toBe(
        'persona:identity-p2',
      );
      await page.getByLabel('Identity proven (P2)').check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL((url) => url.pathname === '/auth/callback');
      const { claims } = await c.handleCallback(page.url(), first);

      await page.goto((await c.createAuthorizationRequest()).url);
      await expect(page.getByLabel('Identity proven (P2)').isChecked()).resolves.toBe(true);
      await expect(page.getByTestId('signed-in').count()).resolves.toBe(1);

      // Signed out everywhere: their One Login session is over, so nobody is preselected as signed in.
      await page.goto(`${sandbox.url}/dashboard/one-login`);
      await page.locator(`[data-testid="session"][data-sub="${claims.sub}"] [data-action="logout"]`).click();
      await page.waitForURL(/flash=/);
      await page.goto((await c.createAuthorizationRequest()).url);
      await expect(page.getByLabel('Identity proven (P2)').isChecked()).resolves.toBe(false);
      await expect(page.getByTestId('signed-in').count()).resolves.toBe(0);
    });

    it('returns the error picked on the page', async () => {
      const auth = await client().createAuthorizationRequest();
      await page.goto(auth.url);
      await page.getByLabel(/access_denied/).check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL((url) => url.pathname === '/auth/callback');
      expect(new URL(page.url()).searchParams.get('error')).toBe('access_denied');
    });
  });

  describe('Forms page', () => {
    it('fills in the seeded form and delivers it to the bucket', async () => {
      const steps = exampleForms.missedBinCollection.steps;
      await page.goto(`${sandbox.url}/dashboard/forms`);
      await page.getByRole('link', { name: 'Report a missed bin collection' }).click();
      await page.locator(`[name="q_${steps.address}_address1"]`).fill('10 Downing Street');
      await page.locator(`[name="q_${steps.address}_town_or_city"]`).fill('London');
      await page.locator(`[name="q_${steps.address}_postcode"]`).fill('SW1A 2AA');
      await page.locator(`[name="q_${steps.date}_day"]`).fill('24');
      await page.locator(`[name="q_${steps.date}_month"]`).fill('3');
      await page.locator(`[name="q_${steps.date}_year"]`).fill('2026');
      await page.locator(`[name="q_${steps.bin}"][value="recycling"]`).check();
      await page.locator(`[name="q_${steps.name}_first_name"]`).fill('Sam');
      await page.locator(`[name="q_${steps.name}_last_name"]`).fill('Jones');
      await page.locator(`[name="q_${steps.email}"]`).fill('sam@example.com');
      await page.getByRole('button', { name: 'Submit' }).click();
      const reference = await page.getByTestId('reference').textContent();
      expect(reference).toMatch(/^[A-Z0-9]{8}$/);
      await page.getByRole('link', { name: 'See every delivered object' }).click();
      await expect(page.getByTestId('objects').textContent()).resolves.toContain(
        `_${reference}/form_submission.json`,
      );
      const keys = (sandbox.fakes.forms as FormsSandboxFake).s3.objects().map((o) => o.key);
      expect(keys).toEqual([expect.stringContaining(`_${reference}/form_submission.json`)]);
    });
  });
});
