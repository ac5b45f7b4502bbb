// Shared tsup config: every publishable package builds the same way (dual ESM + CJS, .d.ts + .d.cts),
// and gets its own version baked in as __PKG_VERSION__ for the User-Agent.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'tsup';

/** @param {{ entry: Record<string, string>, external?: string[] }} options */
export function packageConfig({ entry, external = [] }) {
  const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8'));
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
    splitting: true,
    target: 'node20',
    platform: 'node',
    external,
    define: { __PKG_VERSION__: JSON.stringify(pkg.version) },
  });
}
