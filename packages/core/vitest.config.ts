import { packageTestConfig } from '@council-sdk/config/vitest';

export default packageTestConfig();
