// Hostile-input helpers for property tests of parsers: how a parser's running time grows with its input.
//
// Wall-clock budgets are flaky on a shared machine, so nothing here asserts an absolute time. Instead a parser is
// run on an input of size n and on the same kind of input of size 4n: linear work takes about 4 times as long,
// quadratic work (a backtracking regular expression) about 16 times. Each side is the best of several timed runs
// (other processes only ever add time, so the minimum is the least disturbed), and each timed run repeats the
// parser until it lasts a few milliseconds (so timer resolution does not matter).
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
  const { size = 16_384, factor = 4, samples = 5, minSampleMs = 4, maxRatio = factor * 2.5 } = options;
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
 * Throws unless the parser's time grows less than `maxRatio` (default 10) when its input grows 4-fold: far below
 * the 16 of quadratic work, comfortably above the 4 of linear work.
 */
export async function expectLinearTime(name, run, makeInput, options = {}) {
  const result = await timeGrowth(run, makeInput, options);
  if (!(result.ratio < result.maxRatio)) {
    throw new Error(
      `${name}: ${options.factor ?? 4}x the input took ${result.ratio.toFixed(1)}x the time ` +
        `(${result.small.toFixed(1)} ms -> ${result.large.toFixed(1)} ms for ${result.reps} runs): not linear`,
    );
  }
  return result;
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
