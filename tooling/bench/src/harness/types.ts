/** Summary of repeated measurements of one quantity. */
export interface Stats {
  median: number;
  /** Interquartile range bounds (25th and 75th percentiles, linear interpolation). */
  q1: number;
  q3: number;
  min: number;
  max: number;
  n: number;
  samples: number[];
}

/** Which way is good for a row's unit: req/s want `higher`, ms and kB want `lower`. */
export type Better = 'higher' | 'lower';

/**
 * A target from the issue, checked against the row:
 * - `ratio>=` / `ratio<=`: ours.median / theirs.median
 * - `value>=` / `value<=` / `value==`: ours.median itself
 */
export interface Target {
  kind: 'ratio>=' | 'ratio<=' | 'value>=' | 'value<=' | 'value==';
  value: number;
  /** How the target reads in the table, e.g. ">= 1.5x official". */
  text: string;
}

export interface Row {
  benchmark: string;
  /** What is measured, e.g. "emails.send, concurrency 50: throughput". */
  case: string;
  unit: string;
  better: Better;
  ours?: Stats;
  theirs?: Stats;
  /** The other side, e.g. "notifications-node-client 8.4.0", "raw axios", "allowed rate". */
  theirsLabel?: string;
  target?: Target;
  status: 'ok' | 'unavailable' | 'error';
  note?: string;
}

export interface BenchContext {
  quick: boolean;
  /** `full` in a normal run, `quick` with --quick. */
  size(full: number, quick: number): number;
  log(message: string): void;
}

export interface BenchOutput {
  rows: Row[];
  /** Free text for RESULTS.md under the benchmark's heading (why a number is what it is). */
  notes?: string[];
}

export interface Benchmark {
  /** Short name used by --filter, e.g. "notify-send". */
  name: string;
  title: string;
  /**
   * Modules and the exports the benchmark needs. If one is missing (the SDK has not landed or is not built),
   * the runner reports a "not yet available" row instead of running it.
   */
  requires: Record<string, string[]>;
  /** Budget for the full-size run; the runner aborts the benchmark (error row) when it is exceeded. */
  timeoutMs: number;
  run(ctx: BenchContext): Promise<BenchOutput>;
}
