import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { packageTestConfig } from '@council-sdk/config/vitest';
import { mergeConfig } from 'vitest/config';

// The app's suites run twice, once per database engine: the embedded PGlite (what `./run start` uses) and a real
// PostgreSQL server that test/setup/postgres.ts starts from Debian's `postgresql` package. Without that package
// the PostgreSQL project is left out with a warning, except under CI, where it must run.
const hasPostgres =
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/pg_ctl`));
if (!hasPostgres) {
  if (process.env.CI === 'true')
    throw new Error('PostgreSQL is missing (apt-get install postgresql): CI must test it');
  console.warn('PostgreSQL is not installed (apt-get install postgresql): its test project is skipped');
}

const unitAndRoutes = ['test/unit/**/*.test.ts', 'test/routes/**/*.test.ts', 'test/integration/**/*.test.ts'];

export default mergeConfig(
  packageTestConfig({
    // Browser tests start Chromium, the sandbox and the app: give them room, and run files one at a time
    // (the machine has 2 cores).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // Browser steps wait for navigations; a busy CI machine can take seconds where a laptop takes milliseconds.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    // Each project below names its own files (projects extend this config, and lists add up).
    include: [],
    projects: [
      {
        extends: true,
        test: {
          name: 'pglite',
          include: unitAndRoutes,
          env: { COUNCIL_TEST_ENGINE: 'pglite' },
          globalSetup: ['test/setup/pglite.ts'],
        },
      },
      ...(hasPostgres
        ? [
            {
              extends: true,
              test: {
                name: 'postgres',
                include: [...unitAndRoutes, 'test/multi-instance/**/*.test.ts'],
                env: { COUNCIL_TEST_ENGINE: 'postgres' },
                globalSetup: ['test/setup/postgres.ts'],
              },
            },
          ]
        : []),
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
    ],
  }),
  {
    // The sandbox is imported from its sources, like the SDKs, so tests never run against a stale build.
    resolve: {
      alias: [
        {
          find: /^@council-sdk\/sandbox$/,
          replacement: fileURLToPath(new URL('../sandbox/src/index.ts', import.meta.url)),
        },
      ],
    },
  },
);
