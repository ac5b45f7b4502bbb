import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startSandbox } from '@council-sdk/sandbox';
import { expect } from 'vitest';
import { type RunningCouncilApp, silentLogger, startCouncilApp } from '../../src/index.js';
import { freePort } from '../helpers/harness.js';

/** Debian's Chromium, never a downloaded browser. `bash .ci/run` installs it with apt. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const NO_CHROMIUM = `${CHROMIUM} is missing (apt-get install -y chromium): browser tests skipped`;
if (!hasChromium) console.warn(NO_CHROMIUM);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

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
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected as a global
    const result = await (window as any).axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    });
    return result.violations.map(
      (v: { id: string; impact: string; help: string; nodes: { target: string[] }[] }) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  });
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
