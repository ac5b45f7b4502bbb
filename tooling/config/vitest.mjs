// Shared vitest config. Tests import workspace packages by their public names; the aliases point those
// names at the sources so a test run never depends on a stale build (CI builds anyway, for the dist checks).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const packages = ['core', 'notify', 'pay', 'forms', 'one-login'];
// Core's error entry point lives in its own file (src/errors.ts is the implementation).
const alias = [
  { find: /^@council-sdk\/core\/errors$/, replacement: join(root, 'packages/core/src/public-errors.ts') },
];
for (const name of packages) {
  const src = join(root, 'packages', name, 'src');
  // Longest specifiers first: '@council-sdk/pay/testing' must not be caught by '@council-sdk/pay'.
  alias.push({
    find: new RegExp(`^@council-sdk/${name}/testing$`),
    replacement: join(src, 'testing/index.ts'),
  });
  for (const subpath of ['express', 'events', 'payment-links']) {
    alias.push({
      find: new RegExp(`^@council-sdk/${name}/${subpath}$`),
      replacement: join(src, `${subpath}/index.ts`),
    });
  }
  alias.push({ find: new RegExp(`^@council-sdk/${name}$`), replacement: join(src, 'index.ts') });
}

/** @param {import('vitest/config').UserConfig['test']} [test] */
export function packageTestConfig(test = {}) {
  const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8'));
  return defineConfig({
    define: { __PKG_VERSION__: JSON.stringify(pkg.version) },
    resolve: { alias },
    test: {
      include: ['test/**/*.test.ts'],
      testTimeout: 20_000,
      // A JSON report per package lets `./run test` print one total for the whole repository.
      reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
      hookTimeout: 20_000,
      ...test,
      // The AWS SDK warns, once per process, that its releases from 2027 will need Node 22. This project supports
      // Node 20 (engines) and tests 22 and 24 too (node-compat); the notice is no test result, and printed by every
      // worker it buried the output of a green run.
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...test.env },
    },
  });
}
