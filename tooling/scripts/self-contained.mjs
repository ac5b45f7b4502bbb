// Keeps the repository self-contained: nothing it tracks may read, cite or mention a path outside its own tree
// (a maintainer's sibling folder of specs or notes is absent from every clone). Specs live in `specs/`.
// Usage: node tooling/scripts/self-contained.mjs — prints each offending line and exits 1 when there is one.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

// The patterns are assembled from pieces so this file does not match itself.
const shared = 'shared';
export const OUTSIDE_PATH_PATTERNS = [
  new RegExp(`\\.\\./${shared}\\b`), // a relative path out of the tree into the sibling folder
  new RegExp(`\\b${shared}/(specs|reference)\\b`), // its specs and reference notes, however reached
  new RegExp(`/work/${shared}\\b`), // the same folder by absolute path
];

/**
 * Lines that point outside the repository.
 * @param {{ path: string, text: string }[]} files
 * @returns {{ path: string, line: number, text: string }[]}
 */
export function findOutsidePaths(files) {
  const hits = [];
  for (const { path, text } of files) {
    const lines = text.split('\n');
    lines.forEach((content, index) => {
      if (OUTSIDE_PATH_PATTERNS.some((pattern) => pattern.test(content)))
        hits.push({ path, line: index + 1, text: content.trim() });
    });
  }
  return hits;
}

/** Every text file git tracks (binary files and files deleted from the work tree are left out). */
export function trackedFiles(dir = root) {
  const paths = execFileSync('git', ['ls-files', '-z'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\0')
    .filter(Boolean);
  const files = [];
  for (const path of paths) {
    let buffer;
    try {
      buffer = readFileSync(join(dir, path));
    } catch {
      continue;
    }
    if (buffer.includes(0)) continue;
    files.push({ path, text: buffer.toString('utf8') });
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const hits = findOutsidePaths(trackedFiles());
  for (const hit of hits)
    console.error(`${hit.path}:${hit.line}: points outside the repository: ${hit.text}`);
  process.exit(hits.length > 0 ? 1 : 0);
}
