// Release dry run: pack every published package exactly as `pnpm publish` would, install the tarballs into
// a throwaway project (dependencies from the registry, like a user's install), then for every entry point:
// - what the types promise, the runtime has: the value exports its `.d.ts` declares are exactly the keys of the
//   module from import(), and those of its `.d.cts` exactly the keys from require() (a missing or extra export
//   fails with its name);
// - every SDK re-exports each of core's error classes as the very same class as `@council-sdk/core/errors`, from
//   import() and from require(), so `instanceof` works whichever package a user imports an error from;
// and type-check a consumer file under Node16 module resolution.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { declaredValueExports, diffExports } from './exports.mjs';

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
  // Optional peers (msw for ./testing, express for one-login/express, the AWS SDK for S3) are installed as a user
  // of those entry points would.
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

  const problems = [];
  const entries = packages.flatMap((p) => {
    const manifest = JSON.parse(readFileSync(join(consumer, 'node_modules', p.name, 'package.json'), 'utf8'));
    return p.subpaths.map((subpath) => {
      const specifier = subpath === '.' ? p.name : `${p.name}/${subpath.slice(2)}`;
      const conditions = manifest.exports[subpath];
      const types = { import: conditions?.import?.types, require: conditions?.require?.types };
      if (!types.import || !types.require)
        throw new Error(`${specifier}: exports must give import.types and require.types`);
      const at = (file) => join(consumer, 'node_modules', p.name, file);
      return { pkg: p, specifier, dts: at(types.import), dcts: at(types.require) };
    });
  });
  const specifiers = entries.map((e) => e.specifier);

  // What each entry point exports at run time, and whether each SDK's core errors are core's own classes.
  writeFileSync(
    join(consumer, 'probe.mjs'),
    `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const [specifiers, sdks] = JSON.parse(process.argv[2]);
const keys = {};
for (const s of specifiers) keys[s] = { import: Object.keys(await import(s)).sort(), require: Object.keys(require(s)).sort() };
const core = { import: await import('@council-sdk/core/errors'), require: require('@council-sdk/core/errors') };
const identity = [];
for (const sdk of sdks)
  for (const [mode, errors] of Object.entries(core)) {
    const module = mode === 'import' ? await import(sdk) : require(sdk);
    for (const name of Object.keys(errors))
      if (!(name in module)) identity.push(sdk + ' (' + mode + ') does not export ' + name);
      else if (module[name] !== errors[name]) identity.push(sdk + ' (' + mode + ') exports a different ' + name + ' from @council-sdk/core/errors');
  }
console.log(JSON.stringify({ keys, identity }));
`,
  );
  const sdks = packages.filter((p) => p.name !== '@council-sdk/core').map((p) => p.name);
  const probe = JSON.parse(run('node', ['probe.mjs', JSON.stringify([specifiers, sdks])], consumer));
  problems.push(...probe.identity);

  const declared = declaredValueExports(entries.flatMap((e) => [e.dts, e.dcts]));
  let values = 0;
  for (const e of entries) {
    for (const [mode, file] of [
      ['import', e.dts],
      ['require', e.dcts],
    ]) {
      const names = declared.get(file);
      values += names.length;
      if (names.length === 0)
        problems.push(`${e.specifier}: ${file.split('/node_modules/')[1]} declares no value`);
      const { missing, extra } = diffExports(names, probe.keys[e.specifier][mode]);
      for (const name of missing)
        problems.push(`${e.specifier}: ${name} is declared but missing from ${mode}()`);
      for (const name of extra)
        problems.push(`${e.specifier}: ${name} is exported by ${mode}() but not declared`);
    }
  }
  if (problems.length > 0) throw new Error(`exports do not match their types:\n  ${problems.join('\n  ')}`);

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
    `pack check: ${packages.length} packages, ${specifiers.length} entry points: import() and require() expose exactly ` +
      `the ${values} value exports their types declare, every SDK's core errors are core's own, and a consumer type-checks`,
  );
} catch (error) {
  console.error('pack check failed:', error.stdout ?? '', error.stderr ?? '', error.message);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
