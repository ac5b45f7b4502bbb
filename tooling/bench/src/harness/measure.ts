import { performance } from 'node:perf_hooks';
import { percentile } from './stats.js';

export interface RepeatOptions {
  /** Unrecorded runs first: JIT, keep-alive sockets, JWKS caches. */
  warmup: number;
  /** Recorded runs. */
  reps: number;
}

/** Collect garbage between repetitions when the runner was started with --expose-gc (it is). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

/** Run `sample` warmup + reps times; each call returns one measurement (a rate, a duration...). */
export async function repeat(sample: () => Promise<number>, options: RepeatOptions): Promise<number[]> {
  for (let i = 0; i < options.warmup; i++) await sample();
  const out: number[] = [];
  for (let i = 0; i < options.reps; i++) {
    collectGarbage();
    out.push(await sample());
  }
  return out;
}

/**
 * Measure two sides in the same run, interleaved (A B B A A B ...) so drift in the machine (thermal, other
 * processes, the fake's growing state) lands on both sides equally.
 */
export async function repeatPair(
  ours: () => Promise<number>,
  theirs: () => Promise<number>,
  options: RepeatOptions,
): Promise<{ ours: number[]; theirs: number[] }> {
  for (let i = 0; i < options.warmup; i++) {
    await ours();
    await theirs();
  }
  const result = { ours: [] as number[], theirs: [] as number[] };
  for (let i = 0; i < options.reps; i++) {
    const order = i % 2 === 0 ? (['ours', 'theirs'] as const) : (['theirs', 'ours'] as const);
    for (const side of order) {
      collectGarbage();
      result[side].push(await (side === 'ours' ? ours() : theirs()));
    }
  }
  return result;
}

/**
 * Operations per second of `op` (sync or async), run back to back `count` times or until `durationMs` has
 * passed, whichever comes first (a duration keeps the run bounded on a busy machine).
 */
export async function opsPerSecond(op: () => unknown, count: number, durationMs = Number.POSITIVE_INFINITY) {
  const start = performance.now();
  let done = 0;
  while (done < count && performance.now() - start < durationMs) {
    const r = op();
    if (r instanceof Promise) await r;
    done++;
  }
  return done / ((performance.now() - start) / 1000);
}

export interface LoadResult {
  /** Completed requests per second over the whole run. */
  throughput: number;
  /** Requests completed (fewer than asked for when the duration ran out first). */
  completed: number;
  /** Per-request latency percentiles, ms. */
  p50: number;
  p99: number;
  /** CPU time (user + system) this process spent per request, microseconds: the client's own cost. */
  cpuUsPerRequest: number;
  errors: number;
  firstError?: unknown;
}

/**
 * Closed-loop load: `concurrency` workers each issue requests back to back until `total` have been started or
 * `durationMs` has passed (requests in flight then finish). Throughput is completions over wall time; latency
 * is per request.
 */
export async function load(
  request: (i: number) => Promise<unknown>,
  total: number,
  concurrency: number,
  durationMs = Number.POSITIVE_INFINITY,
) {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: unknown;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const worker = async () => {
    while (next < total && performance.now() - start < durationMs) {
      const i = next++;
      const t0 = performance.now();
      try {
        await request(i);
      } catch (error) {
        errors++;
        firstError ??= error;
      }
      latencies[i] = performance.now() - t0;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const elapsed = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  const completed = next;
  const result: LoadResult = {
    throughput: completed / (elapsed / 1000),
    completed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    cpuUsPerRequest: (cpu.user + cpu.system) / completed,
    errors,
  };
  if (firstError !== undefined) result.firstError = firstError;
  return result;
}
