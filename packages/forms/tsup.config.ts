import { packageConfig } from '@council-sdk/config/tsup';

export default packageConfig({
  entry: {
    index: 'src/index.ts',
    'events/index': 'src/events/index.ts',
    'testing/index': 'src/testing/index.ts',
  },
});
