import { exampleForms } from '@council-sdk/forms/testing';
import { OneLoginClient } from '@council-sdk/one-login';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { hasChromium, launchChromium, violations } from './browser.js';
import { clientsFor, startReceiver } from './helpers.js';

// The pages a resident sees, in Welsh when the service asks for Welsh. Skipped only without Debian's Chromium.
describe.skipIf(!hasChromium)('the resident-facing pages in Welsh', () => {
  let browser: Browser;
  let sandbox: Sandbox;
  let app: Awaited<ReturnType<typeof startReceiver>>;
  let page: Page;

  beforeAll(async () => {
    app = await startReceiver();
    sandbox = await startSandbox({
      port: 0,
      appBaseUrl: app.url,
      config: { pay: { confirmationPage: true } },
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
    page = await browser.newPage();
  });
  afterEach(async () => {
    await page?.close();
  });

  describe('Pay, for a payment created with language: "cy"', () => {
    async function welshPayment() {
      const pay = clientsFor(sandbox).pay;
      const payment = await pay.payments.create({
        amount: 8000,
        description: 'Trwydded barcio',
        reference: 'PP-CY',
        return_url: `${app.url}/payments/return`,
        language: 'cy',
      });
      return { pay, payment };
    }

    it('shows the card page in Pay’s Welsh, with <html lang="cy"> and no axe violations', async () => {
      const { payment } = await welshPayment();
      await page.goto(payment._links!.next_url!.href!);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('cy');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'Rhowch fanylion y cerdyn',
      );
      await expect(page.title()).resolves.toBe('Rhowch fanylion y cerdyn – Trwydded barcio – GOV.UK Pay');
      for (const label of [
        'Rhif cerdyn',
        'Mis',
        'Blwyddyn',
        'Enw ar y cerdyn',
        'Cod diogelwch y cerdyn',
        'Cod post',
      ]) {
        await expect(page.getByLabel(label, { exact: true }).count()).resolves.toBe(1);
      }
      await expect(page.getByRole('button', { name: 'Parhau' }).count()).resolves.toBe(1);
      await expect(page.getByRole('button', { name: 'Canslo’r taliad' }).count()).resolves.toBe(1);
      await expect(page.getByTestId('payment-summary').textContent()).resolves.toContain('Crynodeb y taliad');
      await expect(page.locator('.govuk-phase-banner').textContent()).resolves.toContain('Blwch tywod');
      expect(await violations(page)).toEqual([]);
    });

    it('shows the errors in Pay’s Welsh, then confirms the payment in Welsh', async () => {
      const { pay, payment } = await welshPayment();
      await page.goto(payment._links!.next_url!.href!);
      await page.getByLabel('Rhif cerdyn', { exact: true }).fill('6759649826438453'); // Maestro: not accepted
      await page.getByRole('button', { name: 'Parhau' }).click();
      const summary = page.locator('.govuk-error-summary');
      await expect(summary.textContent()).resolves.toContain(
        'Mae’r meysydd canlynol yn wag neu yn cynnwys camgymeriadau',
      );
      await expect(summary.textContent()).resolves.toContain('Ni dderbynnir Maestro');
      await expect(summary.textContent()).resolves.toContain('Rhowch ddyddiad dod i ben dilys');
      await expect(page.title()).resolves.toMatch(/^Gwall: /);
      expect(await violations(page)).toEqual([]);

      await page.getByLabel('Rhif cerdyn', { exact: true }).fill('4444333322221111');
      await page.getByLabel('Mis').fill('12');
      await page.getByLabel('Blwyddyn').fill(String((new Date().getUTCFullYear() + 2) % 100));
      await page.getByLabel('Enw ar y cerdyn').fill('Siân Jones');
      await page.getByLabel('Cod diogelwch y cerdyn').fill('123');
      await page.getByRole('button', { name: 'Parhau' }).click();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'Cadarnhau eich taliad',
      );
      await expect(page.locator('.govuk-summary-list').textContent()).resolves.toContain('Enw ar y cerdyn');
      expect(await violations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Cadarnhau’r taliad' }).click();
      await page.waitForURL(`${app.url}/payments/return`);
      await expect(pay.payments.get(payment.payment_id)).resolves.toMatchObject({
        state: { status: 'success' },
      });
    });

    it('keeps an English payment’s card page in English', async () => {
      const pay = clientsFor(sandbox).pay;
      const payment = await pay.payments.create({
        amount: 100,
        description: 'Permit',
        reference: 'PP-EN',
        return_url: `${app.url}/payments/return`,
      });
      await page.goto(payment._links!.next_url!.href!);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Enter card details');
    });
  });

  describe('Forms, for a form filled in Welsh', () => {
    const steps = exampleForms.missedBinCollection.steps;
    const formId = exampleForms.missedBinCollection.form_id;
    /** Text a Welsh page must not show: the sandbox's English words (form content and codes aside). */
    const ENGLISH =
      /\b(Back|Submit|There is a problem|None of the above|Day|Month|Year|Address line|Town or city|Postcode|First name|Last name|optional|Form submitted|Reference|Delivered|deliver|Skip to main content|Sandbox)\b/;

    async function visibleText(): Promise<string> {
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered words a resident reads, not the page's scripts and styles
      return page.locator('body').innerText();
    }

    it('shows every word of the page in forms-runner’s Welsh, with no axe violations', async () => {
      await page.goto(`${sandbox.url}/dashboard/forms/${formId}?language=cy`);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('cy');
      await expect(page.getByRole('link', { name: 'Yn ôl' }).count()).resolves.toBe(1);
      for (const label of [
        'Llinell cyfeiriad 1',
        'Tref neu Ddinas',
        'Cod post',
        'Diwrnod',
        'Mis',
        'Blwyddyn',
        'Enw cyntaf',
        'Enw olaf',
      ]) {
        await expect(page.getByLabel(label, { exact: true }).count()).resolves.toBe(1);
      }
      await expect(page.getByLabel('Dim un o’r uchod', { exact: true }).count()).resolves.toBe(1);
      await expect(page.getByRole('button', { name: 'Cyflwyno' }).count()).resolves.toBe(1);
      expect(await visibleText()).not.toMatch(ENGLISH);
      expect(await violations(page)).toEqual([]);
    });

    it('shows the errors in Welsh', async () => {
      await page.goto(`${sandbox.url}/dashboard/forms/${formId}?language=cy`);
      await page.getByRole('button', { name: 'Cyflwyno' }).click();
      const summary = page.locator('.govuk-error-summary');
      await expect(summary.locator('h2').textContent()).resolves.toContain('Mae problem');
      const text = await summary.textContent();
      // The Forms fake reports the first invalid answer.
      expect(text).toContain('Rhowch linell gyntaf y cyfeiriad');
      expect(await visibleText()).not.toMatch(ENGLISH);
      expect(await violations(page)).toEqual([]);

      await page.locator('[name="delivery"]:checked').uncheck();
      await page.getByRole('button', { name: 'Cyflwyno' }).click();
      await expect(summary.textContent()).resolves.toContain(
        'Dewiswch o leiaf un ffordd o gyflwyno’r ymateb',
      );
      // govuk-frontend's hidden "Error:" before each message, in forms-runner's Welsh.
      await expect(page.locator('.govuk-error-message').first().textContent()).resolves.toMatch(/^\s*Gwall:/);
    });

    it('confirms a Welsh submission in Welsh', async () => {
      await page.goto(`${sandbox.url}/dashboard/forms/${formId}?language=cy`);
      await page.locator(`[name="q_${steps.address}_address1"]`).fill('1 Stryd Fawr');
      await page.locator(`[name="q_${steps.address}_town_or_city"]`).fill('Caerdydd');
      await page.locator(`[name="q_${steps.address}_postcode"]`).fill('CF10 1AA');
      await page.locator(`[name="q_${steps.date}_day"]`).fill('24');
      await page.locator(`[name="q_${steps.date}_month"]`).fill('3');
      await page.locator(`[name="q_${steps.date}_year"]`).fill('2026');
      await page.locator(`[name="q_${steps.bin}"][value="recycling"]`).check();
      await page.locator(`[name="q_${steps.name}_first_name"]`).fill('Siân');
      await page.locator(`[name="q_${steps.name}_last_name"]`).fill('Jones');
      await page.locator(`[name="q_${steps.email}"]`).fill('sian@example.com');
      await page.getByRole('button', { name: 'Cyflwyno' }).click();
      await expect(page.locator('.govuk-panel__title').textContent()).resolves.toContain(
        'Mae eich ffurflen wedi’i chyflwyno',
      );
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('cy');
      expect(await visibleText()).not.toMatch(ENGLISH);
      expect(await violations(page)).toEqual([]);
    });
  });

  describe('One Login, for an authorize request with ui_locales=cy', () => {
    const client = () =>
      new OneLoginClient({
        environment: { issuer: sandbox.env['ONE_LOGIN_ISSUER']! },
        clientId: sandbox.env['ONE_LOGIN_CLIENT_ID']!,
        privateKey: sandbox.env['ONE_LOGIN_PRIVATE_KEY']!,
        redirectUri: `${app.url}/auth/callback`,
        userAgent: 'sandbox-browser-tests/1.0',
      });

    it('shows the persona page in Welsh, with <html lang="cy"> and no axe violations, and signs in', async () => {
      const c = client();
      const auth = await c.createAuthorizationRequest({ scopes: ['openid', 'email'], uiLocales: 'cy' });
      await page.goto(auth.url);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('cy');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'Dewiswch fel pwy i fewngofnodi',
      );
      await expect(page.getByLabel(/Dychwelyd gwall – access_denied/).count()).resolves.toBe(1);
      await expect(page.locator('.govuk-radios__divider').textContent()).resolves.toContain('neu');
      expect(await violations(page)).toEqual([]);
      await page.getByLabel('Identity proven (P2)').check();
      await page.getByRole('button', { name: 'Parhau' }).click();
      await page.waitForURL((url) => url.pathname === '/auth/callback');
      const result = await c.handleCallback(page.url(), auth);
      expect(result.claims.sub).toBeTruthy();
    });

    it('shows a used sign-in link’s error page in Welsh too (the lng cookie One Login keeps)', async () => {
      const auth = await client().createAuthorizationRequest({ uiLocales: 'cy' });
      await page.goto(auth.url);
      const signInUrl = page.url();
      await page.getByRole('button', { name: 'Parhau' }).click();
      await page.waitForURL((url) => url.pathname === '/auth/callback');
      await page.goto(signInUrl);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('cy');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'Mae’n ddrwg gennym, mae’r dudalen wedi dod i ben',
      );
      expect(await violations(page)).toEqual([]);
    });

    it('stays English without ui_locales', async () => {
      const auth = await client().createAuthorizationRequest();
      await page.goto(auth.url);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'Choose who to sign in as',
      );
    });
  });
});
