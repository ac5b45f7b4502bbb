// Hostile-input helpers for property tests of parsers: how a parser's running time grows with its input.
//
// Wall-clock budgets are flaky on a shared machine, so nothing here asserts an absolute time. Instead a parser is
// run on an input of size n and on the same kind of input of size 16n (4 KB and 64 KB by default): linear work
// takes about 16 times as long, quadratic work (a backtracking regular expression) about 256 times; the bound is 96,
// wide on both sides because a loaded machine (CI runs two suites at once) can distort one measurement several-fold.
// Each side is the best of several timed runs (other processes only ever add time, so the minimum is the least
// disturbed), and each timed run repeats the parser until it lasts a few milliseconds (so timer resolution does not
// matter).
import { performance } from 'node:perf_hooks';

/** `pattern` repeated (and cut) to exactly `size` characters. */
export function repeatTo(pattern, size) {
  if (pattern.length === 0) return '';
  return pattern.repeat(Math.ceil(size / pattern.length)).slice(0, size);
}

async function timeRuns(run, input, reps) {
  const start = performance.now();
  for (let i = 0; i < reps; i++) {
    try {
      await run(input);
    } catch {
      // Refusing hostile input is fine; only the time it takes matters here.
    }
  }
  return performance.now() - start;
}

/**
 * Measure growth from `makeInput(size)` to `makeInput(size * factor)`.
 * Resolves to `{ small, large, ratio }` (milliseconds for `reps` runs each).
 */
export async function timeGrowth(run, makeInput, options = {}) {
  const { size = 4_096, factor = 16, samples = 7, minSampleMs = 8, maxRatio = factor * 6 } = options;
  const small = makeInput(size);
  const large = makeInput(size * factor);
  await timeRuns(run, small, 1);
  await timeRuns(run, large, 1);
  let reps = 1;
  while (reps < 1 << 14 && (await timeRuns(run, small, reps)) < minSampleMs) reps *= 2;
  let smallMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < samples; i++) smallMs = Math.min(smallMs, await timeRuns(run, small, reps));
  let largeMs = Number.POSITIVE_INFINITY;
  // Stop as soon as one sample shows linear growth: more samples could only lower it further.
  for (let i = 0; i < samples && largeMs / smallMs >= maxRatio; i++) {
    largeMs = Math.min(largeMs, await timeRuns(run, large, reps));
  }
  return { small: smallMs, large: largeMs, ratio: largeMs / Math.max(smallMs, 1e-6), reps, maxRatio };
}

/**
 * Throws unless the parser's time grows less than `maxRatio` (default 96) when its input grows 16-fold: well under
 * the 256 of quadratic work, and room above the 16 of linear work for cache effects and load.
 */
export async function expectLinearTime(name, run, makeInput, options = {}) {
  // A burst of load on the machine can inflate one measurement, never deflate it: quadratic work fails every
  // attempt, so passing on any of three keeps the check strict without making it flaky.
  let result;
  for (let attempt = 0; attempt < 3; attempt++) {
    result = await timeGrowth(run, makeInput, options);
    if (result.ratio < result.maxRatio) return result;
  }
  throw new Error(
    `${name}: ${options.factor ?? 16}x the input took ${result.ratio.toFixed(1)}x the time ` +
      `(${result.small.toFixed(1)} ms -> ${result.large.toFixed(1)} ms for ${result.reps} runs): not linear`,
  );
}

/** Patterns that make backtracking parsers of headers and tokens slow: runs of separators, spaces and prefixes. */
export const HOSTILE_PATTERNS = [
  ' ',
  '\t',
  'a',
  'a ',
  '=',
  '.',
  'eyJ',
  'eyJa.',
  '-----BEGIN A-----',
  'Bearer ',
  'Bearer\t',
  ',',
  ';',
  '"',
  '\\',
  '%2',
  '/',
  '\r\n',
  '0',
  'a=b; ',
];
