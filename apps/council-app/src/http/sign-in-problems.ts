import type { Response } from 'express';
import { OneLoginAuthorizationError, OneLoginStateMismatch } from '../services/ports.js';
import { paths } from '../paths.js';

/**
 * Why a One Login round trip did not end in a signed-in resident, as far as the service can tell them apart
 * (One Login's redirect errors: docs.sign-in.service.gov.uk, "Handle errors from the authorisation request").
 * Each has its own page with the next step that helps; the reason is logged (never a token or a personal detail).
 */
export type SignInProblem =
  /** access_denied on sign-in: the resident stopped (or could not finish) signing in. */
  | 'cancelled'
  /** temporarily_unavailable or server_error: One Login is down for a moment. */
  | 'unavailable'
  /** No sign-in in progress in this session (it timed out) or an old one (state mismatch), or login_required. */
  | 'expired'
  /** The identity check came back for another One Login account than the one signed in. */
  | 'differentPerson'
  /** Anything else: a token that failed validation, a client misconfiguration. */
  | 'failed';

export function signInProblemOf(err: unknown): SignInProblem {
  if (err instanceof OneLoginStateMismatch) return 'expired';
  if (err instanceof OneLoginAuthorizationError) {
    if (err.code === 'access_denied') return 'cancelled';
    if (err.code === 'temporarily_unavailable' || err.code === 'server_error') return 'unavailable';
    if (err.code === 'login_required') return 'expired';
  }
  return 'failed';
}

const PAGES: Record<SignInProblem, { status: number; next: 'signIn' | 'signOut' | 'retry' }> = {
  cancelled: { status: 400, next: 'signIn' },
  unavailable: { status: 503, next: 'retry' },
  expired: { status: 400, next: 'signIn' },
  differentPerson: { status: 403, next: 'signOut' },
  failed: { status: 400, next: 'signIn' },
};

/** The page for a problem; `purpose` decides where "try again" leads (sign-in or the identity check). */
export function renderSignInProblem(res: Response, problem: SignInProblem, purpose: 'sign-in' | 'identity') {
  const page = PAGES[problem];
  const retryHref = purpose === 'identity' ? paths.proveIdentity : paths.signIn;
  const button =
    page.next === 'signOut'
      ? { text: 'signInProblem.signOut', href: paths.signOut }
      : page.next === 'retry'
        ? { text: 'signInProblem.tryAgain', href: retryHref }
        : { text: 'signInProblem.signIn', href: retryHref };
  res.status(page.status).render('message.njk', {
    title: res.locals.t(`signInProblem.${problem}.heading`),
    heading: `signInProblem.${problem}.heading`,
    text: `signInProblem.${problem}.text`,
    button,
    extra: res.locals.t('signInProblem.otherWays'),
  });
}
