// Runs the published packages' test suites on the other supported Node.js lines (22 and 24), using Node
// runtimes from the npm registry (`npx -p node@22`), so a change that only works on the build machine's Node 20
// is caught. The lines run side by side; packages within a line run one after another.
// Usage: node tooling/scripts/node-compat.mjs [22 24] — exits 1 when any suite fails.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const versions = process.argv.slice(2).length ? process.argv.slice(2) : ['22', '24'];
const vitest = join(root, 'node_modules/.pnpm/node_modules/vitest/vitest.mjs');
const packages = readdirSync(join(root, 'packages'));

function run(version, pkg) {
  return new Promise((resolve) => {
    // The dot reporter replaces the JSON one, so the Node 20 report stays the one the test summary counts.
    const child = spawn('npx', ['-y', '-p', `node@${version}`, 'node', vitest, 'run', '--reporter=dot'], {
      cwd: join(root, 'packages', pkg),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out: out.replace(/\x1b\[[0-9;]*m/g, '') }));
  });
}

async function line(version) {
  let failed = 0;
  for (const pkg of packages) {
    const { code, out } = await run(version, pkg);
    const summary = (out.match(/Tests\s+.*$/m) ?? ['(no summary)'])[0].trim();
    console.log(`node ${version} ${pkg}: ${code === 0 ? 'ok' : 'FAILED'} — ${summary}`);
    if (code !== 0) {
      failed += 1;
      console.log(out.slice(-4000));
    }
  }
  return failed;
}

const failures = await Promise.all(versions.map(line));
process.exit(failures.some((n) => n > 0) ? 1 : 0);
