/**
 * What the sandbox's One Login pages show, in the language the authorize request asked for (`ui_locales`), with
 * the persona already signed in from this browser chosen: the view models only, so the service keeps the routes.
 */
import type { Request, Response } from 'express';
import {
  cookieValue,
  LANGUAGE_COOKIE,
  type OneLoginPageWords,
  oneLoginLanguage,
  oneLoginPageWords,
  SIGNED_IN_COOKIE,
} from './locales/one-login.js';
import { escapeHtml } from './html.js';

interface PendingSignIn {
  id: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  vtr: string[];
  claims: string[];
  uiLocales?: string | undefined;
}

interface PersonaChoice {
  id: string;
  sub: string;
  label: string;
  description?: string | undefined;
  email?: string | undefined;
}

const COOKIE = { path: '/one-login', httpOnly: true, sameSite: 'lax' } as const;

/** The words for a page with no sign-in in progress: the language the browser's last sign-in page used. */
export function wordsForBrowser(req: Request): OneLoginPageWords {
  return oneLoginPageWords(cookieValue(req.headers.cookie, LANGUAGE_COOKIE));
}

/** The error page's locals (a sign-in link used or expired), in the browser's language. */
export function signInErrorLocals(req: Request, kind: 'expired' | 'finished') {
  const t = wordsForBrowser(req);
  return {
    htmlLang: t.lang,
    serviceName: 'GOV.UK One Login',
    overviewText: t.overview,
    title: t.linkNotValidTitle,
    heading: kind === 'expired' ? t.linkExpiredHeading : t.alreadyFinishedHeading,
    message: t.startAgain,
  };
}

/** Remembers who signed in from this browser, so the next sign-in page offers them first (as One Login would). */
export function rememberSignedIn(res: Response, sub: string): void {
  res.cookie(SIGNED_IN_COOKIE, sub, COOKIE);
}

/**
 * The persona page's locals. `sessions` are the fake's live One Login sessions: the persona this browser signed in
 * as is preselected only while their session lasts (signing out everywhere ends it).
 */
export function signInPageLocals(
  req: Request,
  res: Response,
  input: {
    pending: PendingSignIn;
    personas: readonly PersonaChoice[];
    sessions: readonly { sub: string }[];
    errors: readonly { error: string; text: string }[];
    action: string;
  },
) {
  const { pending, personas, sessions } = input;
  const t = oneLoginPageWords(oneLoginLanguage(pending.uiLocales));
  res.cookie(LANGUAGE_COOKIE, t.lang, COOKIE);
  const remembered = cookieValue(req.headers.cookie, SIGNED_IN_COOKIE);
  const signedIn = personas.find((p) => p.sub === remembered && sessions.some((s) => s.sub === p.sub));
  const identityLevel = pending.vtr.find((v) => /P\d/.test(v));
  // Persona names and descriptions are the configuration's (English): marked so on a Welsh page.
  const english = t.lang === 'en' ? undefined : { lang: 'en' };
  return {
    t,
    htmlLang: t.lang,
    title: t.heading,
    section: 'one-login',
    clientId: pending.clientId,
    interaction: pending.id,
    action: input.action,
    requestRows: [
      { key: { text: t.service }, value: { text: pending.clientId } },
      { key: { text: t.returnsTo }, value: { text: pending.redirectUri } },
      { key: { text: t.scopes }, value: { text: pending.scopes.join(' ') } },
      {
        key: { text: t.level },
        value: { text: `${JSON.stringify(pending.vtr)}${identityLevel ? ` – ${t.identityRequested}` : ''}` },
      },
      ...(pending.claims.length
        ? [{ key: { text: t.identityClaims }, value: { text: pending.claims.join(', ') } }]
        : []),
    ],
    personaItems: [
      ...personas.map((p, i) => {
        const label = english ? `<span lang="en">${escapeHtml(p.label)}</span>` : escapeHtml(p.label);
        return {
          value: `persona:${p.id}`,
          html:
            p === signedIn
              ? `${label} <strong class="govuk-tag govuk-tag--green" data-testid="signed-in">${t.signedIn}</strong>`
              : label,
          hint: { text: p.description ?? p.email, attributes: english },
          checked: signedIn ? p === signedIn : i === 0,
        };
      }),
      { divider: t.or },
      ...input.errors.map((e) => ({
        value: `error:${e.error}`,
        text: `${t.returnError} – ${t.errors[e.error as keyof OneLoginPageWords['errors']] ?? e.text}`,
      })),
    ],
  };
}
