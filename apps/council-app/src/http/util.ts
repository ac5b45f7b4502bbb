import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { SessionData } from 'express-session';

/** Express 5 forwards rejected promises to the error handler; this keeps handler types tidy. */
export function asyncHandler(
  fn: (req: Request, res: Response, next: NextFunction) => Promise<unknown>,
): RequestHandler {
  return (req, res, next) => fn(req, res, next).catch(next);
}

/** New session id, keeping only the listed keys (used at sign-in to prevent session fixation). */
export function regenerateSession(req: Request, keep: (keyof SessionData)[]): Promise<void> {
  const kept: Partial<SessionData> = {};
  for (const k of keep) (kept as Record<string, unknown>)[k] = req.session[k];
  return new Promise((resolve, reject) =>
    req.session.regenerate((err) => {
      if (err) return reject(err);
      Object.assign(req.session, kept);
      resolve();
    }),
  );
}

/**
 * The path and query of a request URL, as a link or redirect target that can only stay on this site. A path that
 * starts with two slashes (or a slash and a backslash, which browsers read the same way) is a link to another host:
 * `//a//evil.example/phish` parsed against any base has host `a` and path `//evil.example/phish`, and a link to that
 * path leaves the site. Leading slashes are collapsed to one before parsing.
 */
export function localPath(originalUrl: string): string {
  const url = new URL(`/${originalUrl.replace(/^[/\\]+/, '')}`, 'http://local.invalid');
  return `/${url.pathname.replace(/^\/+/, '')}${url.search}`;
}
