import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { chromeWords } from './locales/chrome.js';

const require = createRequire(import.meta.url);

/** `apps/sandbox/views`: one level up from both `src/` (tests, tsx) and `dist/` (built). */
export const viewsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'views');

/** `node_modules/govuk-frontend/dist`: holds `govuk/template.njk`, the component macros and the built assets. */
export const govukFrontendDist = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');

export function createViews(): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([viewsDir, govukFrontendDist], { noCache: false }),
    { autoescape: true, throwOnUndefined: false },
  );
  // The layout's own words in the page's language: `{% set chrome = chromeWords(htmlLang) %}`.
  env.addGlobal('chromeWords', chromeWords);
  env.addFilter('json', (value: unknown) => JSON.stringify(value, null, 2));
  env.addFilter('pounds', (pence: unknown) =>
    typeof pence === 'number' ? `£${(pence / 100).toFixed(2)}` : String(pence ?? ''),
  );
  env.addFilter('datetime', (value: unknown) => {
    if (typeof value !== 'string' && !(value instanceof Date)) return '';
    const date = new Date(value);
    return Number.isNaN(date.getTime())
      ? String(value)
      : date.toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'medium' });
  });
  return env;
}
