/**
 * Python's `repr()` and `str()` of a parsed JSON value: notifications-api writes values into its messages and
 * templates with them (jsonschema messages use `repr`, notifications-utils `Field` uses `str`).
 */

/** `repr()`: strings quoted, `None`/`True`/`False`, lists and dicts as Python shows them. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `'${k}': ${pyRepr(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** `str()`: a string as it is, anything else as its `repr()` (`True`, `None`, `{'a': 1}`). */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}
