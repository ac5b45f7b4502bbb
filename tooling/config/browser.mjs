// Browser tests' shared parts: Debian's Chromium (never a downloaded browser) and axe-core run in the page.
// Used by the sandbox's and the council app's browser tests.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

/** Debian's Chromium. `./run test` installs it with apt. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const NO_CHROMIUM = `${CHROMIUM} is missing (apt-get install -y chromium): browser tests skipped`;
if (!hasChromium) console.warn(NO_CHROMIUM);

export function launchChromium() {
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

/** WCAG 2.0-2.2 A and AA: what GOV.UK services must meet. */
export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let axeSource;

/**
 * Runs axe-core in the page with the rules of `tags` and returns its violations, one line each (empty when there
 * are none). The page's context must allow the injected script (`bypassCSP: true` under a strict CSP).
 */
export async function axeViolations(page, tags = WCAG_22_AA) {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: axeSource });
  const found = await page.evaluate(async (values) => {
    const result = await globalThis.axe.run(document, { runOnly: { type: 'tag', values } });
    return result.violations;
  }, tags);
  return found.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}
