import { defineConfig } from 'tsup';

// An application, not a library: ESM only, Node 20, views/ and public/ are read from the package root at run time.
export default defineConfig({
  entry: { index: 'src/index.ts', main: 'src/main.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
});
