import { packageTestConfig } from '@council-sdk/config/vitest';

// Browser tests and server tests each start their own sandbox on port 0; run files one at a time so the
// two cores are not shared between several Chromium instances.
export default packageTestConfig({ fileParallelism: false, testTimeout: 30_000, hookTimeout: 30_000 });
