// Release dry run: pack every published package exactly as `pnpm publish` would, install the tarballs into
// a throwaway project (dependencies from the registry, like a user's install), then load every entry point
// with require() and import(), and type-check a consumer file under Node16 module resolution.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => {
    const pkg = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
    const subpaths = Object.keys(pkg.exports).filter((k) => k !== './package.json');
    return { dir, name: pkg.name, subpaths, private: pkg.private };
  })
  .filter((p) => !p.private);

const work = mkdtempSync(join(tmpdir(), 'council-sdk-pack-'));
const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);
try {
  for (const p of packages)
    run('pnpm', ['pack', '--pack-destination', tarballs], join(root, 'packages', p.dir));
  const files = readdirSync(tarballs).map((f) => join(tarballs, f));
  const consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, version: '0.0.0' }),
  );
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...files,
      'msw@^2.12.0',
      'express@^5.1.0',
      '@types/express@^5.0.3',
      '@aws-sdk/client-s3@^3.700.0',
      'typescript@~5.9.3',
      '@types/node@^20.19.0',
    ],
    consumer,
  );

  const specifiers = packages.flatMap((p) =>
    p.subpaths.map((s) => (s === '.' ? p.name : `${p.name}/${s.slice(2)}`)),
  );
  writeFileSync(
    join(consumer, 'load.cjs'),
    specifiers
      .map(
        (s) => `if (Object.keys(require(${JSON.stringify(s)})).length === 0) throw new Error('empty: ${s}');`,
      )
      .join('\n'),
  );
  writeFileSync(
    join(consumer, 'load.mjs'),
    specifiers
      .map(
        (s, i) =>
          `import * as m${i} from ${JSON.stringify(s)}; if (Object.keys(m${i}).length === 0) throw new Error('empty: ${s}');`,
      )
      .join('\n'),
  );
  // Optional peers (msw for ./testing, express for one-login/express, the AWS SDK for S3) are installed as a user of those entry points would.
  run('node', ['load.cjs'], consumer);
  run('node', ['load.mjs'], consumer);

  writeFileSync(
    join(consumer, 'consumer.mts'),
    [
      ...specifiers.map((s, i) => `import * as m${i} from ${JSON.stringify(s)};`),
      `import { ApiError, ValidationError } from '@council-sdk/core';`,
      `export const loaded: unknown[] = [${specifiers.map((_, i) => `m${i}`).join(', ')}];`,
      `export function isApiError(e: unknown): e is ApiError { return e instanceof ApiError; }`,
      `export const v: ValidationError | undefined = undefined;`,
    ].join('\n'),
  );
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'node16',
        moduleResolution: 'node16',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
        lib: ['ES2022', 'DOM'],
      },
      files: ['consumer.mts'],
    }),
  );
  run(join(consumer, 'node_modules/.bin/tsc'), ['-p', '.'], consumer);
  console.log(
    `pack check: ${packages.length} packages, ${specifiers.length} entry points load from CJS and ESM and type-check`,
  );
} catch (error) {
  console.error('pack check failed:', error.stdout ?? '', error.stderr ?? '', error.message);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
