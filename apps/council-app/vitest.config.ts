import { fileURLToPath } from 'node:url';
import { packageTestConfig } from '@council-sdk/config/vitest';
import { mergeConfig } from 'vitest/config';

export default mergeConfig(
  packageTestConfig({
    // Browser tests start Chromium, the sandbox and the app: give them room, and run files one at a time
    // (the machine has 2 cores).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // Browser steps wait for navigations; a busy CI machine can take seconds where a laptop takes milliseconds.
    expect: { poll: { timeout: 15_000, interval: 100 } },
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
