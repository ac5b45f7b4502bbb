import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/**
 * CSRF protection with the synchroniser-token pattern: one random token per session, rendered into every form
 * as `_csrf`, and checked on every state-changing request. The token is minted only when a page renders a form
 * (`csrfToken()` in the template), so a visitor who only reads pages gets no session row. Routes that receive
 * server-to-server calls (webhooks, callbacks, back-channel logout) are mounted before this middleware and
 * authenticate themselves.
 */
export function csrfProtection() {
  return (req: Request, res: Response, next: NextFunction) => {
    // A function, not a value: Express copies locals into every render, and only a form calls it.
    res.locals.csrfToken = () => {
      req.session.csrfToken ??= randomBytes(32).toString('base64url');
      return req.session.csrfToken;
    };
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const sent = typeof req.body?._csrf === 'string' ? req.body._csrf : req.get('x-csrf-token');
    const expected = req.session.csrfToken;
    if (!sent || !expected || !equal(sent, expected)) {
      res.status(403);
      return res.render('error.njk', { heading: 'error.forbidden.heading', text: 'error.forbidden.text' });
    }
    next();
  };
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
