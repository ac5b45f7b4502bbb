/**
 * Reads one cookie from a `Cookie` header: the app's only cookie reader (express-session reads its own). One split,
 * no regular expression, and a header longer than browsers send is not read at all.
 */

/** Browsers send at most about 4 KB per cookie and cap the header; Node refuses headers over 16 KB anyway. */
export const MAX_COOKIE_HEADER_LENGTH = 8 * 1024;

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (typeof header !== 'string' || header.length > MAX_COOKIE_HEADER_LENGTH) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    return pair.slice(eq + 1).trim();
  }
  return undefined;
}
