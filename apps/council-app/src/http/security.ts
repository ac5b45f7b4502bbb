import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * Security headers (helmet) with a strict Content Security Policy. govuk-frontend's template has one inline
 * script; it gets a per-response nonce instead of 'unsafe-inline'. Browsers apply `form-action` to the redirect
 * that follows a form post too, so the origins we redirect to after a POST (Pay's card pages, One Login's logout)
 * are listed there.
 */
export function securityHeaders(opts: { https: boolean; formActionOrigins: string[] }) {
  const nonce = (_req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  };
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'", ...opts.formActionOrigins],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(opts.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // HSTS only means something over HTTPS; on loopback http it would be ignored or, worse, pin localhost.
    strictTransportSecurity: opts.https ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
  return [nonce, headers];
}

/** Pages with personal data must not be kept by shared computers' browsers or proxies. */
export function noStore(_req: Request, res: Response, next: NextFunction) {
  res.set('Cache-Control', 'no-store');
  next();
}
