import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closingLine, collectProjects, summarise } from '../test-summary.mjs';

const report = (overrides = {}) => ({
  numPassedTests: 3,
  numFailedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  success: true,
  testResults: [
    { name: 'test/a.test.ts', status: 'passed', message: '', assertionResults: [{ status: 'passed' }] },
  ],
  ...overrides,
});

describe('test summary', () => {
  it('adds up the passed and failed tests of every package', () => {
    const failing = report({
      numPassedTests: 1,
      numFailedTests: 1,
      success: false,
      testResults: [
        {
          name: 'test/b.test.ts',
          status: 'failed',
          message: '',
          assertionResults: [{ status: 'passed' }, { status: 'failed' }],
        },
      ],
    });
    const summary = summarise([
      { name: 'packages/pay', report: report() },
      { name: 'packages/notify', report: failing },
    ]);
    expect([summary.passed, summary.failed, summary.skipped]).toEqual([4, 1, 0]);
    expect(closingLine(summary)).toBe('tests: 4 passed, 1 failed');
  });

  it('counts a package whose tests never ran as a failure', () => {
    const summary = summarise([
      { name: 'packages/pay', report: report() },
      { name: 'packages/forms', report: undefined },
    ]);
    expect(closingLine(summary)).toBe('tests: 3 passed, 1 failed');
    expect(summary.rows).toContain(
      '  packages/forms: FAILED, no .vitest-results.json: its tests did not run',
    );
  });

  it('counts a test file that failed to load as a failure, though vitest reports no failed test', () => {
    const loadFailure = report({
      numFailedTests: 0,
      success: false,
      testResults: [
        ...report().testResults,
        {
          name: 'test/json.test.ts',
          status: 'failed',
          message: 'ENOENT: no such file',
          assertionResults: [],
        },
      ],
    });
    const summary = summarise([{ name: 'packages/forms', report: loadFailure }]);
    expect(closingLine(summary)).toBe('tests: 3 passed, 1 failed');
    expect(summary.rows.join('\n')).toContain('test/json.test.ts: failed outside any test: ENOENT');
  });

  it('counts a report that says it failed as a failure even when no file explains it', () => {
    const summary = summarise([{ name: 'apps/sandbox', report: report({ success: false }) }]);
    expect(summary.failed).toBe(1);
  });

  it('names skipped tests only when there are some', () => {
    const summary = summarise([{ name: 'packages/pay', report: report({ numPendingTests: 2 }) }]);
    expect(closingLine(summary)).toBe('tests: 3 passed, 0 failed, 2 skipped');
  });
});

describe('collecting the reports', () => {
  let root;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('expects a report from every package with a test script, and only from those', () => {
    root = mkdtempSync(join(tmpdir(), 'summary-'));
    const pkg = (path, scripts, results) => {
      mkdirSync(join(root, path), { recursive: true });
      writeFileSync(join(root, path, 'package.json'), JSON.stringify({ scripts }));
      if (results) writeFileSync(join(root, path, '.vitest-results.json'), JSON.stringify(results));
    };
    pkg('packages/pay', { test: 'vitest run' }, report());
    pkg('apps/sandbox', { test: 'vitest run' }, undefined);
    pkg('tooling/bench', { bench: 'tsx src/run.ts' }, undefined);
    const projects = collectProjects(root);
    expect(projects.map((p) => [p.name, p.report !== undefined])).toEqual([
      ['packages/pay', true],
      ['apps/sandbox', false],
    ]);
  });
});
