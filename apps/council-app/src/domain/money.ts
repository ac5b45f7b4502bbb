/**
 * Reads an amount of money typed by a person ("25", "25.5", "£1,025.50") as integer pence, or undefined when it is
 * not an amount. No floating point: pounds and pence are read as separate integers.
 */
export function parsePounds(input: unknown): number | undefined {
  if (typeof input !== 'string') return undefined;
  const match = /^£?(\d{1,3}(?:,?\d{3})*|\d+)(?:\.(\d{1,2}))?$/.exec(input.trim().replace(/\s+/g, ''));
  if (!match) return undefined;
  const pounds = Number(match[1]!.replace(/,/g, ''));
  const pence = match[2] === undefined ? 0 : Number(match[2].padEnd(2, '0'));
  const total = pounds * 100 + pence;
  return Number.isSafeInteger(total) ? total : undefined;
}
