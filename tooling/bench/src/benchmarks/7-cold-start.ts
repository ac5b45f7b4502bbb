// Cold start and weight: how long a fresh `node` process takes to load each package, and how many bytes each
// entry point costs a bundle (esbuild, minified, then gzip), with and without its dependencies.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { summarize } from '../harness/stats.js';
import type { Benchmark, Row } from '../harness/types.js';

const benchRoot = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

interface Pair {
  ours: string;
  /** The library a user would otherwise pick, when there is one. */
  theirs?: string;
}

const PAIRS: Pair[] = [
  { ours: '@council-sdk/core' },
  { ours: '@council-sdk/notify', theirs: 'notifications-node-client' },
  { ours: '@council-sdk/pay' },
  { ours: '@council-sdk/one-login', theirs: 'openid-client' },
  { ours: '@council-sdk/forms' },
];

export function version(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return '?';
  }
}

function resolvable(pkg: string): boolean {
  try {
    require.resolve(pkg, { paths: [benchRoot] });
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds the import itself took inside a fresh node process (process start-up excluded). */
export function timeLoad(pkg: string, format: 'esm' | 'cjs', cwd = benchRoot): Promise<number> {
  const code =
    format === 'esm'
      ? `const t = performance.now(); await import(${JSON.stringify(pkg)}); console.log(performance.now() - t);`
      : `const t = performance.now(); require(${JSON.stringify(pkg)}); console.log(performance.now() - t);`;
  const args = format === 'esm' ? ['--input-type=module', '-e', code] : ['-e', code];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error)
        reject(new Error(`${format} load of ${pkg} failed: ${firstErrorLine(stderr) ?? error.message}`));
      else resolve(Number.parseFloat(stdout.trim()));
    });
  });
}

/** Minified + gzipped bytes of everything `pkg` exports; `external` leaves every bare import out. */
export async function bundleSize(pkg: string, withDependencies: boolean): Promise<number> {
  const result = await build({
    stdin: { contents: `export * from ${JSON.stringify(pkg)};`, resolveDir: benchRoot, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    ...(withDependencies ? {} : { plugins: [externalBarePlugin(pkg)] }),
  });
  const out = result.outputFiles[0]!.contents;
  return gzipSync(out).length;
}

/** Keep the package itself, treat every other bare specifier (its dependencies, node builtins) as external. */
function externalBarePlugin(pkg: string) {
  return {
    name: 'external-deps',
    setup(b: import('esbuild').PluginBuild) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path === pkg || args.path.startsWith(`${pkg}/`)) return undefined;
        return { path: args.path, external: true };
      });
    },
  };
}

const benchmark: Benchmark = {
  name: 'cold-start',
  title: 'Cold start (import time) and bundle weight',
  requires: {
    '@council-sdk/core': ['HttpClient'],
  },
  timeoutMs: 180_000,
  async run(ctx) {
    const reps = ctx.size(5, 3);
    const rows: Row[] = [];
    const notes: string[] = [
      `Load time: milliseconds spent in \`import()\` / \`require()\` of the package's main entry inside a fresh \`node\` process (process start-up excluded), median of ${reps} processes per cell, run one after another.`,
      'Size: `export * from "<pkg>"` bundled by esbuild (minify, platform node, ESM), then gzip (zlib default level). "own code" marks every bare import (dependencies, node builtins) as external; "with dependencies" bundles them too. A bundler could tree-shake further for a single import; these are upper bounds.',
      `Versions compared: notifications-node-client ${version('notifications-node-client')}, openid-client ${version('openid-client')}.`,
    ];
    const loadStats = async (pkg: string, format: 'esm' | 'cjs') => {
      const samples: number[] = [];
      for (let i = 0; i < reps; i++) samples.push(await timeLoad(pkg, format));
      return summarize(samples);
    };
    for (const pair of PAIRS) {
      if (!resolvable(pair.ours)) {
        rows.push({
          benchmark: 'cold-start',
          case: `load and size of ${pair.ours}`,
          unit: '',
          better: 'lower',
          status: 'unavailable',
          note: `${pair.ours} is not built (no dist entry point)`,
        });
        continue;
      }
      const theirsLabel = pair.theirs ? `${pair.theirs} ${version(pair.theirs)}` : undefined;
      for (const format of ['esm', 'cjs'] as const) {
        ctx.log(`${format} load ${pair.ours}${pair.theirs ? ` vs ${pair.theirs}` : ''}`);
        const row: Row = {
          benchmark: 'cold-start',
          case: `${format === 'esm' ? 'import()' : 'require()'} ${pair.ours}`,
          unit: 'ms',
          better: 'lower',
          status: 'ok',
        };
        try {
          row.ours = await loadStats(pair.ours, format);
          if (pair.theirs) {
            try {
              row.theirs = await loadStats(pair.theirs, format);
              row.theirsLabel = theirsLabel!;
            } catch (error) {
              row.note = `${pair.theirs}: ${(error as Error).message}`;
            }
          }
        } catch (error) {
          row.status = 'error';
          row.note = (error as Error).message;
        }
        rows.push(row);
      }
      for (const withDeps of [false, true]) {
        ctx.log(`size ${pair.ours} ${withDeps ? 'with dependencies' : 'own code'}`);
        const row: Row = {
          benchmark: 'cold-start',
          case: `min+gzip ${pair.ours} (${withDeps ? 'with dependencies' : 'own code'})`,
          unit: 'kB',
          better: 'lower',
          status: 'ok',
        };
        try {
          row.ours = summarize([(await bundleSize(pair.ours, withDeps)) / 1024]);
          if (pair.theirs) {
            row.theirs = summarize([(await bundleSize(pair.theirs, withDeps)) / 1024]);
            row.theirsLabel = theirsLabel!;
          }
        } catch (error) {
          row.status = 'error';
          row.note = (error as Error).message.split('\n')[0]!;
        }
        rows.push(row);
      }
    }
    // Context: what the SDKs' main dependencies cost to load on their own (resolved from the package using them).
    const packagesDir = fileURLToPath(new URL('../../../../packages/', import.meta.url));
    for (const [dep, from] of [
      ['axios', 'core'],
      ['zod', 'core'],
      ['jose', 'one-login'],
    ] as const) {
      ctx.log(`esm load ${dep} (dependency, for context)`);
      const samples: number[] = [];
      try {
        for (let i = 0; i < reps; i++) samples.push(await timeLoad(dep, 'esm', `${packagesDir}${from}`));
        rows.push({
          benchmark: 'cold-start',
          case: `import() ${dep} alone (a dependency, for context)`,
          unit: 'ms',
          better: 'lower',
          status: 'ok',
          ours: summarize(samples),
        });
      } catch (error) {
        rows.push({
          benchmark: 'cold-start',
          case: `import() ${dep} alone`,
          unit: 'ms',
          better: 'lower',
          status: 'error',
          note: (error as Error).message,
        });
      }
    }
    return { rows, notes };
  },
};

export default benchmark;

/** The line of a node crash that says what went wrong ("Error [ERR_MODULE_NOT_FOUND]: ..."). */
export function firstErrorLine(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((l) => l.trim());
  return lines.find((l) => /^\w*Error\b|^Error \[/.test(l)) ?? lines.find(Boolean);
}
