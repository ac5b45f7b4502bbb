import { describe, expect, it } from 'vitest';
import { findOutsidePaths, trackedFiles } from '../self-contained.mjs';

// Fixture lines are assembled so that this test file itself never matches.
const sibling = ['..', 'shared'].join('/');

describe('the repository is self-contained', () => {
  it('no tracked file reads, cites or mentions a path outside the repository', () => {
    const files = trackedFiles();
    expect(files.length).toBeGreaterThan(100);
    const offending = findOutsidePaths(files).map((hit) => `${hit.path}:${hit.line}: ${hit.text}`);
    expect(offending).toEqual([]);
  });

  it('names the file and line of a relative path out of the tree', () => {
    const text = `import spec from '${sibling}/specs/pay/publicapi_spec.json';\nconst ok = 1;\n`;
    expect(findOutsidePaths([{ path: 'packages/pay/test/spec.ts', text }])).toEqual([
      {
        path: 'packages/pay/test/spec.ts',
        line: 1,
        text: `import spec from '${sibling}/specs/pay/publicapi_spec.json';`,
      },
    ]);
  });

  it('catches a comment citing the reference notes however the path is reached', () => {
    const text = ['// see shared', 'reference/notify.md for the rule'].join('/');
    expect(findOutsidePaths([{ path: 'a.ts', text }]).map((hit) => hit.path)).toEqual(['a.ts']);
    const absolute = ['// from /work', 'shared', 'design.md'].join('/');
    expect(findOutsidePaths([{ path: 'b.md', text: absolute }]).map((hit) => hit.path)).toEqual(['b.md']);
  });

  it('leaves ordinary uses of the word alone', () => {
    const text = 'const shared = new SharedArrayBuffer(8); // a shared chunk\nimport "./shared/util";\n';
    expect(findOutsidePaths([{ path: 'c.ts', text }])).toEqual([]);
  });
});
