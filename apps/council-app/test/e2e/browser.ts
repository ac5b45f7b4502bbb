import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { axeViolations, launchChromium, WCAG_22_AA } from '@council-sdk/config/browser';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startSandbox } from '@council-sdk/sandbox';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { type RunningCouncilApp, silentLogger, startCouncilApp } from '../../src/index.js';
import { freePort } from '../helpers/harness.js';

export { hasChromium, NO_CHROMIUM } from '@council-sdk/config/browser';

/**
 * Runs axe-core in the page (WCAG 2.2 A/AA and best practice) and fails with the list of violations.
 * The browser context is created with bypassCSP so the injected script runs despite the app's strict CSP.
 */
export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  // A caller may arrive here as soon as the URL changes, before the new document is parsed: audit the page
  // once it has loaded (every page has a <main>), not the blank document in between.
  await page.waitForLoadState('load');
  await page
    .locator('main')
    .first()
    .waitFor({ state: 'attached', timeout: 5_000 })
    .catch(() => {}); // a page without <main> is then reported by axe itself, clearly
  const violations = await axeViolations(page, [...WCAG_22_AA, 'best-practice']);
  expect(violations, `accessibility violations on ${label}`).toEqual([]);
}

/** The sandbox and the app, wired to each other as `pnpm start` does, both on free loopback ports. */
export async function startStack() {
  const port = await freePort();
  const appBaseUrl = `http://127.0.0.1:${port}`;
  const sandbox = await startSandbox({ port: 0, appBaseUrl });
  const dataDir = mkdtempSync(join(tmpdir(), 'council-app-e2e-'));
  const app: RunningCouncilApp = await startCouncilApp({
    port,
    env: { ...sandbox.env, DATA_DIR: dataDir, FORMS_POLL_INTERVAL_MS: '0' },
    log: silentLogger,
  });
  return {
    sandbox,
    app,
    appUrl: app.url,
    async close() {
      await app.close();
      await sandbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

/** What a browser test file shares: one stack and one Chromium for the file, a new context and page per test. */
export interface BrowserSuite {
  stack: Stack;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Errors on the app's pages during the current test (see openPage). */
  consoleErrors: string[];
}

/**
 * Registers a browser test file's hooks (call it first thing in the describe) and returns what they set up. Each
 * test gets a new context, so cookies never leak between tests; with `failOnConsoleErrors`, an error on one of the
 * app's pages (a CSP violation, a script that failed to load) fails the test that caused it.
 */
export function browserSuite(
  options: {
    failOnConsoleErrors?: boolean;
    /** false: the file opens its own pages (openPage), several to a test; `page` and `context` stay unset. */
    pagePerTest?: boolean;
  } = {},
): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    suite.stack = await startStack();
    suite.browser = await launchChromium();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.stack?.close();
  });
  if (options.pagePerTest === false) return suite;
  beforeEach(async () => {
    const { context, page, errors } = await openPage(suite);
    Object.assign(suite, { context, page, consoleErrors: errors });
  });
  afterEach(async () => {
    await suite.context.close();
    if (options.failOnConsoleErrors) expect(suite.consoleErrors).toEqual([]);
  });
  return suite;
}

/**
 * A new context and page (bypassCSP, so axe can be injected under the app's strict CSP) that collects errors on the
 * app's pages: console errors, sub-resources that failed (4xx/5xx) and uncaught exceptions.
 */
export async function openPage(
  suite: Pick<BrowserSuite, 'stack' | 'browser'>,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await suite.browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  const onApp = () => page.url().startsWith(suite.stack.appUrl);
  page.on('console', (msg) => {
    // Chrome reports every 4xx document (the app's 400 validation pages) as "Failed to load resource"; failed
    // sub-resources are caught below with their URL instead.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource') && onApp())
      errors.push(`${page.url()}: ${msg.text()}`);
  });
  page.on('response', (res) => {
    const failed = res.status() >= 400 && res.request().resourceType() !== 'document';
    if (failed && res.url().startsWith(suite.stack.appUrl)) errors.push(`${res.status()} ${res.url()}`);
  });
  page.on('pageerror', (err) => errors.push(`${page.url()}: ${err.message}`));
  return { context, page, errors };
}

/** A locator's text with white space folded (the first match). */
export async function text(locator: Locator): Promise<string> {
  return ((await locator.first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Fills in the sandbox's Pay card page (address too, when it asks) and confirms, as a resident would. */
export async function payWithCard(page: Page, cardNumber: string): Promise<void> {
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
  // The sandbox may show a "confirm your payment" page, as Pay does (in English or Welsh).
  const confirm = page.getByRole('button', { name: /confirm|cadarnhau/i });
  if (await confirm.count()) await confirm.first().click();
}
