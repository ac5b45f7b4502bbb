import { packageTestConfig } from '@council-sdk/config/vitest';

export default packageTestConfig({ include: ['test/**/*.test.mjs'] });
