import { packageConfig } from '@council-sdk/config/tsup';

export default packageConfig({
  entry: {
    index: 'src/index.ts',
    'testing/index': 'src/testing/index.ts',
    'express/index': 'src/express/index.ts',
  },
});
