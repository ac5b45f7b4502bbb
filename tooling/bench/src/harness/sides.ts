import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { summarize } from './stats.js';
import type { Row, Stats, Target } from './types.js';

const require = createRequire(import.meta.url);

/** Installed version of a dependency of the bench package, for labels ("openid-client 6.9.0"). */
export function versionOf(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    // Packages whose exports map hides package.json: walk up from the entry point.
    try {
      let dir = dirname(require.resolve(pkg));
      for (let i = 0; i < 6; i++, dir = dirname(dir)) {
        const file = join(dir, 'package.json');
        if (!existsSync(file)) continue;
        const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (json.name === pkg && json.version) return json.version;
      }
    } catch {}
    return '?';
  }
}

/** A comparison row from two sample arrays. */
export function pairRow(
  benchmark: string,
  kase: string,
  unit: string,
  better: Row['better'],
  ours: number[],
  theirs: number[] | undefined,
  theirsLabel?: string,
  target?: Target,
  note?: string,
): Row {
  const row: Row = { benchmark, case: kase, unit, better, status: 'ok', ours: summarize(ours) };
  if (theirs) row.theirs = summarize(theirs);
  if (theirsLabel) row.theirsLabel = theirsLabel;
  if (target) row.target = target;
  if (note) row.note = note;
  return row;
}

export function single(value: number): Stats {
  return summarize([value]);
}
