import { packageTestConfig } from '@council-sdk/config/vitest';

export default packageTestConfig({
  // Browser tests start Chromium, the sandbox and the app: give them room, and run files one at a time
  // (the machine has 2 cores).
  testTimeout: 60_000,
  hookTimeout: 60_000,
  fileParallelism: false,
});
