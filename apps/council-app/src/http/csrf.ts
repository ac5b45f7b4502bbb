import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { localPath } from './util.js';

/**
 * CSRF protection with the synchroniser-token pattern: one random token per session, rendered into every form
 * as `_csrf`, and checked on every state-changing request. Routes that receive server-to-server calls
 * (webhooks, callbacks, back-channel logout) are mounted before this middleware and authenticate themselves.
 *
 * The token is minted lazily, when a page renders a form (`{{ csrfToken }}` stringifies it): minting it on every
 * request gave every anonymous GET a session row, so a crawler could fill the table. A page without a form leaves
 * the session untouched, and express-session (`saveUninitialized: false`) then stores nothing and sets no cookie.
 */
export function csrfProtection() {
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.csrfToken = {
      toString(): string {
        req.session.csrfToken ??= randomBytes(32).toString('base64url');
        return req.session.csrfToken;
      },
    };
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const expected = req.session.csrfToken;
    const sent = typeof req.body?._csrf === 'string' ? req.body._csrf : req.get('x-csrf-token');
    if (!sent || !expected || !equal(sent, expected)) {
      res.status(403);
      res.locals.languageToggle = undefined;
      return res.render('error.njk', {
        title: res.locals.t?.('error.forbidden.heading'),
        heading: 'error.forbidden.heading',
        text: 'error.forbidden.text',
        link: { href: safeBackTo(req), text: 'error.forbidden.link' },
      });
    }
    next();
  };
}

/** Where "go back" leads after a refused form: the page that sent it if it is on this site, else the start. */
function safeBackTo(req: Request): string {
  const referer = req.get('referer');
  const host = req.get('host');
  if (!referer || !host) return '/';
  try {
    const url = new URL(referer);
    return url.host === host ? localPath(`${url.pathname}${url.search}`) : '/';
  } catch {
    return '/';
  }
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
