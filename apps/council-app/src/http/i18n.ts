import type { NextFunction, Request, Response } from 'express';
import { isLanguage, type Language, translator } from '../locales/index.js';
import { localPath } from './util.js';

/**
 * Picks the language (`?lang=cy` switches and is remembered in the session), and gives every view `t()` and a
 * language toggle link that keeps the resident on the same page.
 */
export function i18n() {
  return (req: Request, res: Response, next: NextFunction) => {
    const asked = req.query.lang;
    if (isLanguage(asked) && req.session) req.session.lang = asked;
    const lang: Language = req.session?.lang ?? 'en';
    const other: Language = lang === 'en' ? 'cy' : 'en';
    const t = translator(lang);
    res.locals.lang = lang;
    res.locals.t = t;
    // Only ever a path on this site (see localPath: `//a//evil.example/phish` once linked off-site).
    const url = new URL(localPath(req.originalUrl), 'http://local.invalid');
    url.searchParams.set('lang', other);
    res.locals.languageToggle =
      req.method === 'GET'
        ? { href: `${url.pathname}${url.search}`, lang: other, text: t('language.toggle') }
        : undefined;
    next();
  };
}
