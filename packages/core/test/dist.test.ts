// The built package, as users load it: CommonJS require and ESM import must both work, and an error made
// by one copy must satisfy `instanceof` against the other (two copies of the code, like a duplicated install).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const pkgDir = fileURLToPath(new URL('..', import.meta.url));

describe('built package', () => {
  it('loads with require() and with import(), exposing the same API', async () => {
    const cjs = require(`${pkgDir}/dist/index.cjs`);
    const esm = await import(`${pkgDir}/dist/index.js`);
    for (const name of [
      'HttpClient',
      'Paginated',
      'ApiError',
      'ValidationError',
      'validateRequest',
      'timingSafeEqualString',
    ]) {
      expect(typeof cjs[name]).toBe('function');
      expect(typeof esm[name]).toBe('function');
    }
    expect(cjs.VERSION).toBe(esm.VERSION);
    expect(cjs.VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('shares instanceof between the CommonJS and ESM copies', async () => {
    const cjs = require(`${pkgDir}/dist/index.cjs`);
    const esm = await import(`${pkgDir}/dist/index.js`);
    expect(cjs.RateLimitError).not.toBe(esm.RateLimitError);
    const fromCjs = new cjs.RateLimitError({ status: 429, message: 'x', method: 'GET', path: '/' });
    expect(fromCjs).toBeInstanceOf(esm.RateLimitError);
    expect(fromCjs).toBeInstanceOf(esm.ApiError);
    expect(fromCjs).not.toBeInstanceOf(esm.ServerError);
  });

  it('exposes the testing subpath in both formats', async () => {
    const cjs = require(`${pkgDir}/dist/testing/index.cjs`);
    const esm = await import(`${pkgDir}/dist/testing/index.js`);
    expect(typeof cjs.createFaultInjector).toBe('function');
    expect(typeof esm.withFaults).toBe('function');
  });
});
