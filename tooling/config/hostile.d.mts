export interface Growth {
  small: number;
  large: number;
  ratio: number;
  reps: number;
  maxRatio: number;
}
export interface GrowthOptions {
  /** Characters in the smaller input; default 8,192. */
  size?: number;
  /** How much larger the second input is; default 8. */
  factor?: number;
  samples?: number;
  minSampleMs?: number;
  /** Default factor * 4. */
  maxRatio?: number;
}
export declare function repeatTo(pattern: string, size: number): string;
export declare function timeGrowth<T>(
  run: (input: T) => unknown,
  makeInput: (size: number) => T,
  options?: GrowthOptions,
): Promise<Growth>;
export declare function expectLinearTime<T>(
  name: string,
  run: (input: T) => unknown,
  makeInput: (size: number) => T,
  options?: GrowthOptions,
): Promise<Growth>;
export declare const HOSTILE_PATTERNS: readonly string[];
