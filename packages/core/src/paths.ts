/**
 * Building request paths from caller-supplied ids. An id goes into one path segment and can never change which
 * resource is addressed: `..` would climb a level (`/v1/payments/../cancel` is `/v1/cancel` once a client, proxy or
 * server normalises it, RFC 3986 §5.2.4), so dot segments are refused, in every spelling a server might decode to a
 * dot segment (`%2e%2E`, `.%2e`, double-encoded `%252e`); everything else is percent-encoded.
 */
import { ValidationError } from './errors.js';

/** How many rounds of percent-decoding we undo when looking for a disguised dot segment. */
const DECODE_ROUNDS = 3;

function isDotSegment(value: string): boolean {
  let current = value;
  for (let round = 0; round <= DECODE_ROUNDS; round++) {
    if (current === '.' || current === '..') return true;
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return false; // not valid percent-encoding: no server decodes it to a dot
    }
    if (decoded === current) return false;
    current = decoded;
  }
  return false;
}

/**
 * One path segment from an id: a non-empty string that is not a dot segment, percent-encoded. Throws a
 * `ValidationError` naming `name` (never the value: an id can be personal data) before anything is sent.
 */
export function pathSegment(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError([{ path: name, message: 'Must be a non-empty string' }]);
  }
  if (isDotSegment(value)) {
    throw new ValidationError([{ path: name, message: 'Must not be "." or ".." (a path dot segment)' }]);
  }
  return encodeURIComponent(value);
}
