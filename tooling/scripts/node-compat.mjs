// Runs the published packages' test suites on the other supported Node.js lines (22 and 24), using Node
// runtimes from the npm registry (`npx -p node@22`), so a change that only works on the build machine's Node 20
// is caught. Usage: node tooling/scripts/node-compat.mjs [22 24] — exits 1 when any suite fails.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const versions = process.argv.slice(2).length ? process.argv.slice(2) : ['22', '24'];
const vitest = join(root, 'node_modules/.pnpm/node_modules/vitest/vitest.mjs');
const packages = readdirSync(join(root, 'packages'));
let failed = 0;
for (const version of versions) {
  for (const pkg of packages) {
    const cwd = join(root, 'packages', pkg);
    // A distinct report file: the Node 20 run's report stays the one the test summary counts.
    const result = spawnSync(
      'npx',
      [
        '-y',
        '-p',
        `node@${version}`,
        'node',
        vitest,
        'run',
        '--reporter=dot',
        '--outputFile.json=.vitest-compat.json',
      ],
      { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    const plain = result.stdout.replace(/\x1b\[[0-9;]*m/g, '');
    const summary = (plain.match(/Tests\s+.*$/m) ?? ['(no summary)'])[0].trim();
    const ok = result.status === 0;
    if (!ok) failed += 1;
    console.log(`node ${version} ${pkg}: ${ok ? 'ok' : 'FAILED'} — ${summary}`);
    if (!ok) console.log(result.stdout.slice(-3000), result.stderr.slice(-2000));
  }
}
process.exit(failed ? 1 : 0);
