import type { NextFunction, Request, Response } from 'express';

/**
 * Flash messages: one-off banners ("Refund of £25.00 requested") kept in the session by the request that did
 * something and shown by the next page, then forgotten. Unlike text in a `?message=` query string, nobody can
 * craft a link that makes the service say something it did not say.
 */
export interface Flash {
  /** `success` for the result of the user's own action (green banner, announced); `important` otherwise. */
  type: 'success' | 'important';
  /** Plain text; the template escapes it. */
  text: string;
}

declare module 'express-session' {
  interface SessionData {
    flash?: Flash[];
  }
}

/** Adds a banner for the next page this session sees. */
export function flash(req: Request, message: Flash): void {
  req.session.flash = [...(req.session.flash ?? []), message];
}

/** Moves this session's flash messages into the page being rendered (`flashMessages` in the layout). */
export function flashMessages() {
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.flashMessages = [];
    // Only a page shows them: a POST that redirects leaves them for the page it redirects to.
    if (req.method === 'GET' && req.session?.flash?.length) {
      res.locals.flashMessages = req.session.flash;
      delete req.session.flash;
    }
    next();
  };
}
