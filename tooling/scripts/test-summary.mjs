// Sums the vitest JSON reports of every package into one closing line, `tests: N passed, M failed`, so CI (and a
// person) can see at a glance how many tests ran. Exits 1 when any failed or none ran.
//
// Counted as a failure besides a failed test: a package with a `test` script that left no report (its tests never
// ran, or turbo replayed a cache entry without the report), and a test file that failed outside any test (it could
// not load, or a hook threw) — vitest reports those with `numFailedTests: 0`, so summing that field alone hides them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPORT_FILE = '.vitest-results.json';
const GROUPS = ['packages', 'apps', 'tooling'];

/**
 * @typedef {{ status: string, name: string, message?: string, assertionResults: { status: string }[] }} FileResult
 * @typedef {{ numPassedTests: number, numFailedTests: number, numPendingTests: number, numTodoTests?: number,
 *   success?: boolean, testResults?: FileResult[] }} VitestReport
 * @typedef {{ name: string, report: VitestReport | undefined }} Project  a package with a `test` script
 */

/**
 * @param {Project[]} projects
 * @returns {{ passed: number, failed: number, skipped: number, rows: string[] }}
 */
export function summarise(projects) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const rows = [];
  for (const { name, report } of projects) {
    if (!report) {
      failed += 1;
      rows.push(`  ${name}: FAILED, no ${REPORT_FILE}: its tests did not run`);
      continue;
    }
    // A file that failed with no failed test in it failed outside any test: at load time or in a hook.
    const brokenFiles = (report.testResults ?? []).filter(
      (file) => file.status === 'failed' && !file.assertionResults.some((a) => a.status === 'failed'),
    );
    let packageFailed = report.numFailedTests + brokenFiles.length;
    // A report that says it failed must count as a failure even when nothing above explains why.
    if (report.success === false && packageFailed === 0) packageFailed = 1;
    const packageSkipped = report.numPendingTests + (report.numTodoTests ?? 0);
    passed += report.numPassedTests;
    failed += packageFailed;
    skipped += packageSkipped;
    rows.push(
      `  ${name}: ${report.numPassedTests} passed, ${packageFailed} failed` +
        (packageSkipped > 0 ? `, ${packageSkipped} skipped` : ''),
    );
    for (const file of brokenFiles)
      rows.push(`    ${file.name}: failed outside any test: ${(file.message ?? '').split('\n')[0]}`);
  }
  return { passed, failed, skipped, rows };
}

/** The closing line: `tests: N passed, M failed`, with `, K skipped` only when something was skipped. */
export function closingLine({ passed, failed, skipped }) {
  return `tests: ${passed} passed, ${failed} failed` + (skipped > 0 ? `, ${skipped} skipped` : '');
}

/** Every workspace package with a `test` script, with its report if it left one. */
export function collectProjects(root) {
  const projects = [];
  for (const group of GROUPS) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir).sort()) {
      const manifest = join(dir, entry, 'package.json');
      if (!existsSync(manifest)) continue;
      if (!JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test) continue;
      const file = join(dir, entry, REPORT_FILE);
      const report = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
      projects.push({ name: `${group}/${entry}`, report });
    }
  }
  return projects;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const summary = summarise(collectProjects(root));
  console.log(summary.rows.join('\n'));
  console.log(closingLine(summary));
  process.exit(summary.failed > 0 || summary.passed === 0 ? 1 : 0);
}
