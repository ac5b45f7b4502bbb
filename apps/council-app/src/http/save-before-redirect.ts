import type { NextFunction, Request, Response } from 'express';

/**
 * Saves the session before a redirect leaves. express-session saves at the end of the response but sends the
 * headers first, and a browser follows a 303 as soon as it has the headers: its next request, perhaps on another
 * instance, could read the session before this one was written. A session with nothing in it (an anonymous
 * visitor) is left alone, so it still gets no row.
 */
export function saveSessionBeforeRedirect() {
  return (req: Request, res: Response, next: NextFunction) => {
    const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
    res.redirect = ((...args: unknown[]) => {
      const session = req.session;
      const hasContent = session && Object.keys(session).some((k) => k !== 'cookie');
      if (!hasContent) return redirect(...args);
      session.save((err) => (err ? next(err) : redirect(...args)));
    }) as Response['redirect'];
    next();
  };
}
