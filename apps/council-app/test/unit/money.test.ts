import { describe, expect, it } from 'vitest';
import { parsePounds } from '../../src/domain/money.js';

describe('parsePounds', () => {
  it('reads pounds and pence as typed by people, as integer pence', () => {
    expect(parsePounds('25')).toBe(2500);
    expect(parsePounds('25.5')).toBe(2550);
    expect(parsePounds(' £1,025.05 ')).toBe(102505);
    expect(parsePounds('0.29')).toBe(29); // no floating-point drift (0.29 * 100 is 28.999...)
  });

  it('refuses anything that is not an amount', () => {
    for (const bad of ['', '£', '12.345', '-5', '1e3', 'ten', '12,34', undefined, 12]) {
      expect(parsePounds(bad), String(bad)).toBeUndefined();
    }
  });
});
