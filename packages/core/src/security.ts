import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compare two secrets in constant time, whatever their lengths. Hashing first gives equal-length inputs
 * to `timingSafeEqual`, so neither the content nor the length of the expected value leaks through timing.
 */
export function timingSafeEqualString(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}
