/** Attach a secret as a read-only, non-enumerable property: reachable by name, invisible to JSON and util.inspect. */
export function hideSecret<T extends object>(target: T, key: string, value: string | undefined): void {
  if (value === undefined) return;
  Object.defineProperty(target, key, { value, enumerable: false, writable: false, configurable: false });
}
