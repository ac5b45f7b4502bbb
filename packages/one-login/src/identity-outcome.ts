/**
 * What an identity request (vtr `Cl.Cm.P2`) came back with, including the in-person ("face-to-face", Post Office)
 * journey. Facts from GOV.UK One Login's public sources:
 *
 * - Proven: /userinfo carries `https://vocab.account.gov.uk/v1/coreIdentityJWT`; "absent claim = identity not
 *   proven" (tech-docs source/integrate-with-integration-environment/process-identity-information.html.md.erb).
 * - Not proven: `access_denied` at the redirect URI, or, for a client with return codes enabled that asked for the
 *   `returnCode` claim, an authorisation code whose /userinfo has only authentication data and `returnCode` values
 *   (tech-docs prove-users-identity.html.md.erb "Understand your user's return code claim"; partials/_authorize-errors;
 *   govuk-one-login/authentication-api ipv-api/.../lambda/IPVCallbackHandler.java).
 * - Pending at a Post Office looks exactly like "not proven" on the wire: One Login shows the user its own "pending"
 *   page and returns them with no identity (govuk-one-login/ipv-core-back api-tests/features/p2-f2f-journey.feature,
 *   "Pending F2F request"). Only the service can know the user is waiting: it learns it when the user says so or,
 *   once the result is in, when they arrive at its `LandingPageUrl` from the "Sign in to view the result of your
 *   identity check" email (tech-docs helping-your-users-after-their-in-person-identity-checks.html.md.erb). Hence
 *   the `awaitingInPersonResult` input below.
 */
import { AccessDeniedError } from './errors';
import type { UserInfo } from './schemas/claims';

/** Days a user has, from starting an in-person check, to complete it; after that they must start again. */
export const IN_PERSON_CHECK_DAYS = 16;

/** The subject of the email One Login sends when an in-person result is ready (it can take up to 24 hours). */
export const IN_PERSON_RESULT_EMAIL_SUBJECT = 'Sign in to view the result of your identity check';

/**
 * The requests a `LandingPageUrl` makes, in order: authenticate (`Cl.Cm`, which reuses the One Login session the
 * email link started), show the "in-person check return" screen, then ask for identity (`Cl.Cm.P2`).
 */
export const IN_PERSON_RETURN_VTR = { authenticate: ['Cl.Cm'], identity: ['Cl.Cm.P2'] } as const;

export type IdentityOutcomeStatus = 'proven' | 'pending-in-person' | 'not-proven';

/** How the outcome was decided: the evidence, so a service can log it (no personal data in it). */
export interface IdentityOutcomeEvidence {
  /** `userinfo`: a code was issued and /userinfo read; `access_denied`: the identity request was refused. */
  via: 'userinfo' | 'access_denied';
  /** Whether /userinfo held a core identity JWT (always false for `access_denied`). */
  coreIdentityJWT: boolean;
  /** The `returnCode` letters, if any (they can come with a proven identity too). */
  returnCodes: string[];
}

export interface IdentityOutcome {
  status: IdentityOutcomeStatus;
  evidence: IdentityOutcomeEvidence;
}

export interface IdentityOutcomeOptions {
  /**
   * True when the service knows this user chose to prove their identity at a Post Office and has not yet come back
   * through the landing page with the result. A not-proven answer then means "still pending", not "failed".
   */
  awaitingInPersonResult?: boolean;
}

/**
 * Classifies the answer to an identity request: the /userinfo of that request (`client.getUserInfo`), or the
 * `AccessDeniedError` that `client.handleCallback` threw. Any other error is not an identity outcome and is thrown
 * back to the caller unchanged.
 */
export function identityOutcome(
  answer: UserInfo | AccessDeniedError,
  options: IdentityOutcomeOptions = {},
): IdentityOutcome {
  const notProven: IdentityOutcomeStatus = options.awaitingInPersonResult
    ? 'pending-in-person'
    : 'not-proven';
  if (answer instanceof AccessDeniedError) {
    return { status: notProven, evidence: { via: 'access_denied', coreIdentityJWT: false, returnCodes: [] } };
  }
  if (answer instanceof Error) throw answer;
  const hasCoreIdentity = typeof answer.coreIdentityJWT === 'string' && answer.coreIdentityJWT !== '';
  return {
    status: hasCoreIdentity ? 'proven' : notProven,
    evidence: {
      via: 'userinfo',
      coreIdentityJWT: hasCoreIdentity,
      returnCodes: (answer.returnCode ?? []).map((r) => r.code),
    },
  };
}
