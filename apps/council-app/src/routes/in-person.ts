import { IN_PERSON_CHECK_DAYS, IN_PERSON_RESULT_EMAIL_SUBJECT } from '@council-sdk/one-login';
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { paths } from '../paths.js';

/**
 * Identity checks at a Post Office ("in person"), as GOV.UK One Login asks services to support them
 * (govuk-one-login/tech-docs source/integrate-with-integration-environment/
 * helping-your-users-after-their-in-person-identity-checks.html.md.erb):
 *
 * - One Login never tells us a check is pending: an identity request just comes back without an identity. The
 *   resident tells us ("I chose to go to a Post Office"); from then on, in this session, "no identity" means
 *   "still waiting", and we say so instead of "we could not confirm your identity".
 * - When the result is ready One Login emails the resident; the link signs them in to One Login and sends them to
 *   our `LandingPageUrl` (paths.inPersonLanding). We authenticate them (Cl.Cm, which reuses their One Login session), show the
 *   "in-person check return" page (paths.inPersonResult), and only then ask for their identity (Cl.Cm.P2); the identity callback
 *   takes them back to where they were.
 */
export function inPersonRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get(paths.inPersonPending, ctx.requireUser, (req, res) => {
    if (req.session.identity) return res.redirect(303, paths.vehicle);
    req.session.inPersonCheck ??= { since: ctx.sessionStore.now() };
    res.render('in-person/pending.njk', {
      title: res.locals.t('inPerson.pending.heading'),
      emailSubject: IN_PERSON_RESULT_EMAIL_SUBJECT,
      days: IN_PERSON_CHECK_DAYS,
    });
  });

  // The landing page. A resident signed in here already goes straight on; anyone else signs in first (Cl.Cm) and
  // comes back to the result page (returnTo survives the new session that sign-in starts).
  router.get(paths.inPersonLanding, (req, res) => {
    if (req.session.user) return res.redirect(303, paths.inPersonResult);
    res.redirect(303, `${paths.signIn}?returnTo=${encodeURIComponent(paths.inPersonResult)}`);
  });

  router.get(paths.inPersonResult, ctx.requireUser, (req, res) => {
    if (req.session.identity) return res.redirect(303, paths.vehicle);
    // The check is over (passed or failed): an identity request that comes back without one is now a failure.
    delete req.session.inPersonCheck;
    res.render('message.njk', {
      title: res.locals.t('inPerson.result.heading'),
      heading: 'inPerson.result.heading',
      text: 'inPerson.result.text',
      button: { text: 'inPerson.result.button', href: paths.proveIdentity },
    });
  });

  return router;
}
