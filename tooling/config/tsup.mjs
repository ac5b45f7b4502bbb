// Shared tsup config: every publishable package builds the same way (dual ESM + CJS, .d.ts + .d.cts),
// and gets its own version baked in as __PKG_VERSION__ for the User-Agent.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'tsup';

/**
 * Fails the build when one entry point's module is imported by another module. esbuild then moves that entry's
 * code into a shared chunk and re-exports from it only the names it can see, so an `export * from` an external
 * package (`export * from '@council-sdk/core/errors'`) silently vanishes from the built entry, in ESM and CJS.
 * @param {Record<string, string>} entry
 * @returns {import('esbuild').Plugin}
 */
export function entriesAreLeaves(entry) {
  const entries = new Set(Object.values(entry).map((file) => file.replace(/^\.\//, '')));
  return {
    name: 'entries-are-leaves',
    setup(build) {
      build.initialOptions.metafile = true;
      build.onEnd((result) => {
        const offending = Object.entries(result.metafile?.inputs ?? {}).flatMap(([importer, input]) =>
          input.imports
            .filter((i) => !i.external && entries.has(i.path))
            .map(
              (i) => `${importer} imports the entry point ${i.path}: import from the module that defines it`,
            ),
        );
        if (offending.length > 0) throw new Error(offending.join('\n'));
      });
    },
  };
}

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
    esbuildPlugins: [entriesAreLeaves(entry)],
    define: { __PKG_VERSION__: JSON.stringify(pkg.version) },
  });
}
