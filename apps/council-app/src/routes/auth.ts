import { randomBytes } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import type { SessionData } from 'express-session';
import type { AppContext } from '../context.js';
import { renderSignInProblem, signInProblemOf } from '../http/sign-in-problems.js';
import { asyncHandler, localPath, regenerateSession } from '../http/util.js';
import { paths } from '../paths.js';
import { OneLoginAccessDenied } from '../services/ports.js';

const SIGN_IN_VTR = ['Cl.Cm'];
const IDENTITY_VTR = ['Cl.Cm.P2'];

/**
 * GOV.UK One Login: sign in (Cl.Cm), then prove identity (Cl.Cm.P2 with the address claim) as a second,
 * separate request, as One Login recommends. Both come back to the one registered redirect URI; the session
 * remembers which request is in flight and what to check the answer against.
 */
export function authRoutes(ctx: AppContext): Router {
  const router = Router();
  const { oneLogin } = ctx.services;

  async function startAuthorization(req: Request, res: Response, purpose: 'sign-in' | 'identity') {
    const vtr = purpose === 'identity' ? IDENTITY_VTR : SIGN_IN_VTR;
    const request = await oneLogin.createAuthorizationRequest({
      vtr,
      identity: purpose === 'identity',
      uiLocales: res.locals.lang,
    });
    req.session.oidc = {
      purpose,
      state: request.state,
      nonce: request.nonce,
      codeVerifier: request.codeVerifier,
      vtr,
    };
    req.session.save(() => res.redirect(303, request.url));
  }

  router.get(
    paths.signIn,
    asyncHandler(async (req, res) => {
      if (req.session.user) return res.redirect(303, req.session.identity ? paths.vehicle : paths.identity);
      const returnTo = req.query.returnTo;
      if (typeof returnTo === 'string' && returnTo.length <= 2048) req.session.returnTo = localPath(returnTo);
      await startAuthorization(req, res, 'sign-in');
    }),
  );

  router.get(paths.identity, ctx.requireUser, (req, res) => {
    if (req.session.identity) return res.redirect(303, paths.vehicle);
    if (req.session.inPersonCheck) return res.redirect(303, paths.inPersonPending);
    res.render('message.njk', {
      title: res.locals.t('identity.heading'),
      heading: 'identity.heading',
      text: 'identity.text',
      button: { text: 'identity.button', href: paths.proveIdentity },
    });
  });

  router.get(
    paths.proveIdentity,
    ctx.requireUser,
    asyncHandler(async (req, res) => startAuthorization(req, res, 'identity')),
  );

  router.get(paths.identityFailed, ctx.requireUser, (req, res) => {
    const codes = req.session.identityFailure?.returnCodes ?? [];
    res.render('message.njk', {
      title: res.locals.t('identityFailed.heading'),
      heading: 'identityFailed.heading',
      text: 'identityFailed.text',
      extra: codes.length ? res.locals.t('identityFailed.codes', { codes: codes.join(', ') }) : undefined,
      link: { href: paths.proveIdentity, text: 'identityFailed.retry' },
      otherLink: { href: paths.inPersonPending, text: 'inPerson.chosePostOffice' },
    });
  });

  router.get(
    paths.callback,
    asyncHandler(async (req, res) => {
      const pending = req.session.oidc;
      delete req.session.oidc;
      if (!pending) {
        // No sign-in in progress in this session: it timed out while the resident was at One Login.
        ctx.log.warn('One Login callback without a sign-in in progress', { reason: 'expired' });
        return renderSignInProblem(res, 'expired', 'sign-in');
      }
      const callbackUrl = new URL(req.originalUrl, ctx.config.APP_BASE_URL).toString();
      let tokens: { sub: string; idToken: string; accessToken: string };
      try {
        tokens = await oneLogin.handleCallback(callbackUrl, pending);
      } catch (err) {
        // Without return codes, a failed identity check comes back as access_denied.
        if (err instanceof OneLoginAccessDenied && pending.purpose === 'identity' && req.session.user) {
          req.session.identityFailure = { returnCodes: [] };
          return res.redirect(303, notProvenPath(req));
        }
        const reason = signInProblemOf(err);
        ctx.log.warn('One Login callback rejected', { reason, err, purpose: pending.purpose });
        return renderSignInProblem(res, reason, pending.purpose);
      }
      const info = await oneLogin.getUserInfo(tokens.accessToken, tokens.sub);

      if (pending.purpose === 'sign-in') {
        // A new session id at the moment of sign-in defeats session fixation.
        await regenerateSession(req, ['returnTo']);
        req.session.user = {
          sub: tokens.sub,
          email: info.email,
          phoneNumber: info.phone_number,
          idToken: tokens.idToken,
          signedInAt: ctx.sessionStore.now(),
        };
        const next = req.session.returnTo ?? paths.identity;
        delete req.session.returnTo;
        return req.session.save(() => res.redirect(303, next));
      }

      // Identity: it must be the person who signed in.
      if (!req.session.user) {
        ctx.log.warn('identity callback without a signed-in user', { reason: 'expired' });
        return renderSignInProblem(res, 'expired', 'sign-in');
      }
      if (req.session.user.sub !== tokens.sub) {
        ctx.log.warn('identity callback for another One Login account', { reason: 'differentPerson' });
        return renderSignInProblem(res, 'differentPerson', 'identity');
      }
      req.session.user.idToken = tokens.idToken;
      if (!info.coreIdentityJWT || !info.address) {
        req.session.identityFailure = { returnCodes: info.returnCodes };
        return res.redirect(303, notProvenPath(req));
      }
      try {
        const identity = await oneLogin.verifyCoreIdentity(info.coreIdentityJWT, tokens.sub);
        // Keep only what the service needs (name and address); not the birth date, not the JWT.
        req.session.identity = { fullName: identity.fullName, address: info.address };
        delete req.session.identityFailure;
        delete req.session.inPersonCheck;
      } catch (err) {
        ctx.log.warn('core identity JWT rejected', { err });
        req.session.identityFailure = { returnCodes: info.returnCodes };
        return res.redirect(303, notProvenPath(req));
      }
      const next = req.session.returnTo ?? paths.vehicle;
      delete req.session.returnTo;
      req.session.save(() => res.redirect(303, next));
    }),
  );

  router.get(
    paths.signOut,
    asyncHandler(async (req, res) => {
      const idToken = req.session.user?.idToken;
      const lang = res.locals.lang;
      // Destroying the session remembers its id as ended: a request still in flight on any instance cannot write it
      // back.
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
      res.clearCookie(ctx.sessionCookieName);
      if (!idToken) return res.redirect(303, `${paths.signedOut}${lang === 'cy' ? '?lang=cy' : ''}`);
      res.redirect(303, await oneLogin.createLogoutUrl(idToken, randomBytes(16).toString('base64url')));
    }),
  );

  router.get(paths.signedOut, (_req, res) => {
    res.render('message.njk', {
      title: res.locals.t('signedOut.heading'),
      heading: 'signedOut.heading',
      text: 'signedOut.text',
      link: { href: paths.start, text: 'signedOut.again' },
    });
  });

  return router;
}

/** One Login's server-to-server back-channel logout: end every session of that user. No cookie, no CSRF token. */
export function backChannelLogoutRoute(ctx: AppContext): Router {
  const router = Router();
  router.post(
    paths.backChannelLogout,
    asyncHandler(async (req, res) => {
      const token = typeof req.body?.logout_token === 'string' ? req.body.logout_token : undefined;
      if (!token) return res.status(400).json({ error: 'invalid_request' });
      let sub: string;
      try {
        ({ sub } = await ctx.services.oneLogin.verifyLogoutToken(token));
      } catch (err) {
        ctx.log.warn('back-channel logout token rejected', { err });
        return res.status(400).json({ error: 'invalid_request' });
      }
      const ended = await ctx.sessionStore.destroyForUser(sub);
      ctx.log.info('back-channel logout', { sessionsEnded: ended });
      res.status(200).end();
    }),
  );
  return router;
}

/** No identity came back: still waiting for a Post Office result the resident told us about, or a failure. */
function notProvenPath(req: Request): string {
  return req.session.inPersonCheck ? paths.inPersonPending : paths.identityFailed;
}

export type { SessionData };
