import { packageConfig } from '@council-sdk/config/tsup';

export default packageConfig({
  entry: {
    index: 'src/index.ts',
    errors: 'src/public-errors.ts',
    'testing/index': 'src/testing/index.ts',
  },
  external: ['msw'],
});
