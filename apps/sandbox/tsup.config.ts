import { defineConfig } from 'tsup';

// The sandbox is an application, not a published library: ESM only, workspace packages stay external
// (they are resolved from node_modules at run time, built by turbo before this one).
export default defineConfig({
  entry: { index: 'src/index.ts', main: 'src/main.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
});
