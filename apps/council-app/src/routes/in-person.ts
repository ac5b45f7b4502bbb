import { IN_PERSON_CHECK_DAYS, IN_PERSON_RESULT_EMAIL_SUBJECT } from '@council-sdk/one-login';
import { Router } from 'express';
import type { AppContext } from '../context.js';

/**
 * Identity checks at a Post Office ("in person"), as GOV.UK One Login asks services to support them
 * (govuk-one-login/tech-docs source/integrate-with-integration-environment/
 * helping-your-users-after-their-in-person-identity-checks.html.md.erb):
 *
 * - One Login never tells us a check is pending: an identity request just comes back without an identity. The
 *   resident tells us ("I chose to go to a Post Office"); from then on, in this session, "no identity" means
 *   "still waiting", and we say so instead of "we could not confirm your identity".
 * - When the result is ready One Login emails the resident; the link signs them in to One Login and sends them to
 *   our `LandingPageUrl` (RETURN). We authenticate them (Cl.Cm, which reuses their One Login session), show the
 *   "in-person check return" page (RESULT), and only then ask for their identity (Cl.Cm.P2); the identity callback
 *   takes them back to where they were.
 */
export const IN_PERSON_PATHS = {
  /** What a resident sees while their Post Office check is pending. */
  pending: '/identity/post-office',
  /** The landing page: register `${APP_BASE_URL}/identity/in-person-return` with One Login as `LandingPageUrl`. */
  landing: '/identity/in-person-return',
  /** The in-person check return screen, after authentication. */
  result: '/identity/in-person-result',
} as const;

export function inPersonRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get(IN_PERSON_PATHS.pending, ctx.requireUser, (req, res) => {
    if (req.session.identity) return res.redirect(303, '/apply/vehicle');
    req.session.inPersonCheck ??= { since: ctx.sessionStore.now() };
    res.render('in-person/pending.njk', {
      title: res.locals.t('inPerson.pending.heading'),
      emailSubject: IN_PERSON_RESULT_EMAIL_SUBJECT,
      days: IN_PERSON_CHECK_DAYS,
    });
  });

  // The landing page. A resident signed in here already goes straight on; anyone else signs in first (Cl.Cm) and
  // comes back to the result page (returnTo survives the new session that sign-in starts).
  router.get(IN_PERSON_PATHS.landing, (req, res) => {
    if (req.session.user) return res.redirect(303, IN_PERSON_PATHS.result);
    res.redirect(303, `/auth/sign-in?returnTo=${encodeURIComponent(IN_PERSON_PATHS.result)}`);
  });

  router.get(IN_PERSON_PATHS.result, ctx.requireUser, (req, res) => {
    if (req.session.identity) return res.redirect(303, '/apply/vehicle');
    // The check is over (passed or failed): an identity request that comes back without one is now a failure.
    delete req.session.inPersonCheck;
    res.render('message.njk', {
      title: res.locals.t('inPerson.result.heading'),
      heading: 'inPerson.result.heading',
      text: 'inPerson.result.text',
      button: { text: 'inPerson.result.button', href: '/auth/prove-identity' },
    });
  });

  return router;
}
