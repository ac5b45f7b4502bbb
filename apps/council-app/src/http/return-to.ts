import { localPath } from './util.js';
import { paths } from '../paths.js';

/**
 * Where to go after a back-office sign-in: the page that was asked for, if it is a back-office page on this site.
 * Anything else (another host, `//evil.example`, a resident page, a value too long to be a real link) gives the
 * back-office home, so the sign-in form cannot be used to bounce staff to a page of someone else's choosing.
 */
export function backOfficeReturnTo(value: unknown): string {
  const home = paths.backOffice;
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return home;
  const path = localPath(value);
  return path === home || path.startsWith(`${home}/`) || path.startsWith(`${home}?`) ? path : home;
}
