import type { Stats } from './types.js';

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (pos - lo);
}

export function summarize(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    n: sorted.length,
    samples,
  };
}

/** Percentile of raw observations (e.g. per-request latencies), 0..1. */
export function percentile(values: number[], q: number): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    q,
  );
}

export function ratio(ours: Stats | undefined, theirs: Stats | undefined): number | undefined {
  if (!ours || !theirs || !Number.isFinite(ours.median) || !Number.isFinite(theirs.median)) return undefined;
  // A ratio of a negative or zero quantity (heap growth can be negative after a GC) means nothing.
  if (theirs.median <= 0 || ours.median < 0) return undefined;
  return ours.median / theirs.median;
}
