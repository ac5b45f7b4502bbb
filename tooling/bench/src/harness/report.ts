import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';
import { ratio } from './stats.js';
import type { Row, Stats, Target } from './types.js';

export interface MachineFacts {
  node: string;
  v8: string;
  platform: string;
  cpuModel: string;
  cores: number;
  memoryGb: number;
  freeMemoryGb: number;
  /** 1-minute load average when the facts were taken: other work on the machine skews wall-clock numbers. */
  loadAverage1m: number;
}

export function machineFacts(): MachineFacts {
  const c = cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: `${platform()} ${release()} (${process.arch})`,
    cpuModel: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGb: Math.round((freemem() / 2 ** 30) * 10) / 10,
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (Number.isInteger(v)) return v.toLocaleString('en-GB');
  if (a >= 1000) return Math.round(v).toLocaleString('en-GB');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}

/** "1,234 req/s (1,200–1,250)": median, then the interquartile range (min–max when there are < 4 samples). */
export function formatStats(s: Stats | undefined, unit: string): string {
  if (!s) return '';
  const base = `${formatNumber(s.median)} ${unit}`;
  if (s.n <= 1) return base;
  const [lo, hi] = s.n >= 4 ? [s.q1, s.q3] : [s.min, s.max];
  return `${base} (${formatNumber(lo)}–${formatNumber(hi)})`;
}

export function rowRatio(row: Row): number | undefined {
  return ratio(row.ours, row.theirs);
}

/** true/false when the row has a target and numbers, undefined otherwise. */
export function targetMet(row: Row): boolean | undefined {
  const t: Target | undefined = row.target;
  if (!t || row.status !== 'ok' || !row.ours) return undefined;
  const subject = t.kind.startsWith('ratio') ? rowRatio(row) : row.ours.median;
  if (subject === undefined || !Number.isFinite(subject)) return undefined;
  switch (t.kind) {
    case 'ratio>=':
    case 'value>=':
      return subject >= t.value;
    case 'ratio<=':
    case 'value<=':
      return subject <= t.value;
    case 'value==':
      return subject === t.value;
  }
}

/** The number a target was checked against, unrounded enough to show why 1.497x misses ">= 1.5x". */
export function measuredForTarget(row: Row): string {
  if (!row.target || !row.ours) return '';
  if (row.target.kind.startsWith('ratio')) {
    const r = rowRatio(row);
    return r === undefined ? '' : `${r.toFixed(3)}x`;
  }
  return `${formatNumber(row.ours.median)}${row.unit ? ` ${row.unit}` : ''}`;
}

export function tableCells(row: Row): string[] {
  const r = rowRatio(row);
  const met = targetMet(row);
  const status = row.status === 'unavailable' ? 'not yet available' : row.status === 'error' ? 'ERROR' : '';
  return [
    row.benchmark,
    row.case,
    row.status === 'ok' ? formatStats(row.ours, row.unit) : status,
    row.theirs ? `${formatStats(row.theirs, row.unit)}${row.theirsLabel ? ` [${row.theirsLabel}]` : ''}` : '',
    r === undefined ? '' : `${r.toFixed(2)}x`,
    row.target
      ? `${row.target.text}${met === undefined ? '' : met ? ' ✔' : ` ✘ MISSED (${measuredForTarget(row)})`}`
      : '',
    row.note ?? '',
  ];
}

const HEADERS = [
  'benchmark',
  'case',
  'ours: median (IQR)',
  'theirs: median (IQR)',
  'ours/theirs',
  'target',
  'note',
];

export function markdownTable(rows: Row[]): string {
  const esc = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const lines = [`| ${HEADERS.join(' | ')} |`, `| ${HEADERS.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${tableCells(row).map(esc).join(' | ')} |`);
  return lines.join('\n');
}

/** A plain-text table for the terminal (notes wrapped onto their own line to keep it readable). */
export function consoleTable(rows: Row[]): string {
  const cells = rows.map((r) => tableCells(r).slice(0, 6));
  const headers = HEADERS.slice(0, 6);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  const out = [line(headers), widths.map((w) => '-'.repeat(w)).join('  ')];
  rows.forEach((row, i) => {
    out.push(line(cells[i]!));
    if (row.note) out.push(`    ↳ ${row.note}`);
  });
  return out.join('\n');
}
