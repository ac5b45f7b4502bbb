import { packageConfig } from '@council-sdk/config/tsup';

export default packageConfig({
  entry: {
    index: 'src/index.ts',
    'payment-links/index': 'src/payment-links/index.ts',
    'testing/index': 'src/testing/index.ts',
  },
});
