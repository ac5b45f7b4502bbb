/**
 * The words of the sandbox's One Login pages (the persona page /authorize sends the browser to, and its errors) in
 * English and Welsh. One Login shows Welsh when the authorize request has `ui_locales=cy`; the Welsh is One
 * Login's own where it has the phrase (govuk-one-login/authentication-frontend `src/locales/cy/translation.json`,
 * MIT, © Crown Copyright: `general.back`, `general.continue.label`, `general.pageTitle`, `error.timeoutError`),
 * and the sandbox's own for the persona choice, which One Login does not have.
 */
export interface OneLoginPageWords {
  lang: 'en' | 'cy';
  pageTitle: string;
  signingInTo: (clientId: string) => string;
  heading: string;
  intro: string;
  service: string;
  returnsTo: string;
  scopes: string;
  level: string;
  identityRequested: string;
  identityClaims: string;
  persona: string;
  signedIn: string;
  or: string;
  returnError: string;
  errors: Record<'access_denied' | 'temporarily_unavailable' | 'server_error' | 'login_required', string>;
  continue: string;
  choosePersona: string;
  linkNotValidTitle: string;
  linkExpiredHeading: string;
  alreadyFinishedHeading: string;
  startAgain: string;
  overview: string;
}

const en: OneLoginPageWords = {
  lang: 'en',
  pageTitle: 'Choose who to sign in as – GOV.UK One Login (sandbox)',
  signingInTo: (clientId) => `Signing in to ${clientId}`,
  heading: 'Choose who to sign in as',
  intro: 'This is the sandbox’s One Login. Pick the outcome you want your service to receive.',
  service: 'Service',
  returnsTo: 'Returns to',
  scopes: 'Scopes',
  level: 'Level asked for (vtr)',
  identityRequested: 'identity requested',
  identityClaims: 'Identity claims',
  persona: 'Persona',
  signedIn: 'Signed in now',
  or: 'or',
  returnError: 'Return an error',
  errors: {
    access_denied: 'access_denied: the user could not, or would not, sign in',
    temporarily_unavailable: 'temporarily_unavailable: One Login is down for a moment',
    server_error: 'server_error: something went wrong in One Login',
    login_required: 'login_required: re-authentication failed (end the session)',
  },
  continue: 'Continue',
  choosePersona: 'Choose a persona or an error',
  linkNotValidTitle: 'Sign-in link not valid',
  linkExpiredHeading: 'This sign-in link has expired or has already been used',
  alreadyFinishedHeading: 'This sign-in has already finished',
  startAgain: 'Go back to the service and start signing in again.',
  overview: 'Go to the sandbox overview',
};

const cy: OneLoginPageWords = {
  lang: 'cy',
  pageTitle: 'Dewiswch fel pwy i fewngofnodi – GOV.UK One Login (blwch tywod)',
  signingInTo: (clientId) => `Mewngofnodi i ${clientId}`,
  heading: 'Dewiswch fel pwy i fewngofnodi',
  intro: 'Dyma One Login y blwch tywod. Dewiswch y canlyniad rydych am i’ch gwasanaeth ei gael.',
  service: 'Gwasanaeth',
  returnsTo: 'Yn dychwelyd i',
  scopes: 'Cwmpasau',
  level: 'Lefel y gofynnwyd amdani (vtr)',
  identityRequested: 'gofynnwyd am hunaniaeth',
  identityClaims: 'Hawliadau hunaniaeth',
  persona: 'Persona',
  signedIn: 'Wedi mewngofnodi nawr',
  or: 'neu',
  returnError: 'Dychwelyd gwall',
  errors: {
    access_denied: 'access_denied: ni allai’r defnyddiwr fewngofnodi, neu nid oedd am wneud hynny',
    temporarily_unavailable: 'temporarily_unavailable: nid yw One Login ar gael am ennyd',
    server_error: 'server_error: aeth rhywbeth o’i le yn One Login',
    login_required: 'login_required: methodd yr ail-ddilysu (mae’r sesiwn yn dod i ben)',
  },
  continue: 'Parhau', // general.continue.label
  choosePersona: 'Dewiswch bersona neu wall',
  linkNotValidTitle: 'Nid yw’r ddolen fewngofnodi’n ddilys',
  // error.timeoutError.header
  linkExpiredHeading: 'Mae’n ddrwg gennym, mae’r dudalen wedi dod i ben',
  alreadyFinishedHeading: 'Mae’r mewngofnodi hwn wedi gorffen yn barod',
  startAgain: 'Ewch yn ôl i’r gwasanaeth roeddech chi’n ceisio ei ddefnyddio a dechrau mewngofnodi eto.',
  overview: 'Mynd i drosolwg y blwch tywod',
};

/**
 * The language of One Login's pages for an authorize request's `ui_locales` (space-separated, in order of
 * preference; One Login supports `en` and `cy`, its discovery document's `ui_locales_supported`): the first
 * supported one, else English.
 */
export function oneLoginLanguage(uiLocales: string | undefined): 'en' | 'cy' {
  for (const tag of (uiLocales ?? '').split(/\s+/)) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'cy' || primary === 'en') return primary;
  }
  return 'en';
}

export function oneLoginPageWords(language: string | undefined): OneLoginPageWords {
  return language === 'cy' ? cy : en;
}

/** One Login remembers the language in a `lng` cookie (authentication-frontend); so does the sandbox's page. */
export const LANGUAGE_COOKIE = 'lng';
/** The persona last signed in from this browser (the sandbox's stand-in for One Login's session cookie). */
export const SIGNED_IN_COOKIE = 'sandbox-one-login-sub';

/** One cookie's value from a request's `Cookie` header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(pair.slice(at + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
