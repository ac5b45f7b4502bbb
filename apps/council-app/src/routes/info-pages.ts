import { Router } from 'express';
import type { AppContext } from '../context.js';
import { paths } from '../paths.js';

/**
 * The pages every GOV.UK service links from its footer: cookies, accessibility statement, privacy notice. Their
 * text is long prose, so each language has its own template (`views/info/<page>.<lang>.njk`) rather than
 * catalogue keys. Open to everyone: no sign-in, no session.
 */
export const INFO_PAGES = {
  [paths.cookies]: { template: 'cookies', title: 'info.cookies' },
  [paths.accessibilityStatement]: { template: 'accessibility', title: 'info.accessibility' },
  [paths.privacy]: { template: 'privacy', title: 'info.privacy' },
} as const;

export function infoPageRoutes(ctx: AppContext): Router {
  const router = Router();
  const secure = ctx.config.secureCookies;
  for (const [path, page] of Object.entries(INFO_PAGES)) {
    router.get(path, (_req, res) => {
      res.render(`info/${page.template}.${res.locals.lang}.njk`, {
        title: res.locals.t(page.title),
        sessionCookieName: ctx.sessionCookieName,
        languageCookieName: secure ? '__Host-council-lang' : 'council-lang',
        appBaseUrl: ctx.config.APP_BASE_URL,
      });
    });
  }
  return router;
}
