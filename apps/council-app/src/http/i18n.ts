import type { NextFunction, Request, Response } from 'express';
import { isLanguage, type Language, translator } from '../locales/index.js';
import { readCookie } from './cookies.js';
import { localPath } from './util.js';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * Picks the language (`?lang=cy` switches and is remembered in a cookie of its own, so choosing a language never
 * creates a server-side session), and gives every view `t()` and a language toggle link that keeps the resident on
 * the same page.
 */
export function i18n(options: {
  secureCookies: boolean;
  /**
   * Paths under these prefixes are English only, whatever a resident chose elsewhere in the same browser (the staff
   * back office): the language is fixed here, before anything renders, so every page under them (a refused form, a
   * server error) is in English too, with no toggle.
   */
  englishOnly?: readonly string[];
}) {
  // "__Host-" cookies must be Secure, host-only and path=/: the browser refuses them otherwise.
  const cookieName = options.secureCookies ? '__Host-council-lang' : 'council-lang';
  const englishOnly = options.englishOnly ?? [];
  return (req: Request, res: Response, next: NextFunction) => {
    if (englishOnly.some((prefix) => req.path === prefix || req.path.startsWith(`${prefix}/`))) {
      res.locals.lang = 'en';
      res.locals.t = translator('en');
      res.locals.languageToggle = undefined;
      return next();
    }
    const asked = req.query.lang;
    const remembered = readCookie(req.headers.cookie, cookieName);
    let lang: Language = isLanguage(remembered) ? remembered : 'en';
    if (isLanguage(asked)) {
      lang = asked;
      if (asked !== remembered) {
        res.cookie(cookieName, asked, {
          httpOnly: true,
          sameSite: 'lax',
          secure: options.secureCookies,
          path: '/',
          maxAge: YEAR_MS,
        });
      }
    }
    const other: Language = lang === 'en' ? 'cy' : 'en';
    const t = translator(lang);
    res.locals.lang = lang;
    res.locals.t = t;
    // Only ever a path on this site (see localPath: `//a//evil.example/phish` once linked off-site).
    const url = new URL(localPath(req.originalUrl), 'http://local.invalid');
    url.searchParams.set('lang', other);
    // A form answered with errors is re-rendered by its POST: the toggle then links to the question (its GET, same
    // path) so the resident can still change language. Pages rendered by other POSTs (a refused form, a failure)
    // remove it (see csrf.ts and the error handler), since their path may have no GET.
    res.locals.languageToggle =
      req.method === 'GET' || req.method === 'POST'
        ? { href: `${url.pathname}${url.search}`, lang: other, text: t('language.toggle') }
        : undefined;
    next();
  };
}
