/**
 * Identity checks at a Post Office ("face-to-face", F2F). What One Login does, from its public sources:
 *
 * - While the check is pending, a P2 request shows the user One Login's "pending" page and then returns them to the
 *   service with no identity (P0): govuk-one-login/ipv-core-back api-tests/features/p2-f2f-journey.feature
 *   ("Pending F2F request": a new medium-confidence journey gets `page-ipv-pending`) and the "Face to Face Pending"
 *   journey map (PENDING_PAGE -> RETURN_TO_RP). Orchestration then answers as for any identity below the level asked
 *   for: `access_denied`, or an authorisation code whose /userinfo has return codes and no coreIdentityJWT when the
 *   client has return codes enabled and asked for them and IPV sent some
 *   (govuk-one-login/authentication-api ipv-api/.../lambda/IPVCallbackHandler.java, IPVCallbackHelper
 *   `validateUserIdentityResponse`). So the service cannot tell "pending" from "failed" on the wire.
 * - When the check completes, One Login emails "Sign in to view the result of your identity check"; the link signs
 *   the user in and sends them to the service's registered `LandingPageUrl`; a new P2 request then returns the
 *   identity (or the failure): govuk-one-login/tech-docs source/integrate-with-integration-environment/
 *   helping-your-users-after-their-in-person-identity-checks.html.md.erb, and the "Successful P2 identity via F2F"
 *   scenario of p2-f2f-journey.feature (the return journey gets `page-ipv-reuse`, then a P2 identity).
 * - The user has 16 days from starting; after that the check cannot complete (same tech-docs page).
 */
import { ServiceError } from '@council-sdk/core/testing';
import type { InPersonCheck, Persona } from './personas';

export type InPersonOutcome = 'passed' | 'failed';

/** The persona (by `sub` or persona id) whose in-person check is pending, or a ServiceError saying why not. */
function pendingCheck(
  ctx: { state: { personas: Persona[] } },
  subOrId: string,
): { persona: Persona; check: InPersonCheck } {
  const persona = ctx.state.personas.find((p) => p.sub === subOrId || p.id === subOrId);
  if (!persona) throw new ServiceError(404, 'unknown_user', 'No persona has this sub or id');
  const check = persona.inPersonCheck;
  if (!check)
    throw new ServiceError(409, 'no_in_person_check', 'This persona has not started an in-person check');
  if (check.status !== 'pending')
    throw new ServiceError(
      409,
      'in_person_check_complete',
      `The in-person check has already ${check.status}`,
    );
  return { persona, check };
}

/**
 * The Post Office's result arrives. `passed`: the persona now has the identity the check confirmed (so a P2
 * request returns it); `failed`: still no identity, and the given return codes (if any) are what One Login sends.
 */
export function completeInPersonCheck(
  ctx: { state: { personas: Persona[] } },
  subOrId: string,
  outcome: InPersonOutcome,
  options: { returnCodes?: Persona['returnCodes'] } = {},
): Persona {
  const { persona, check } = pendingCheck(ctx, subOrId);
  const updated: Persona = {
    ...persona,
    inPersonCheck: { ...check, status: outcome },
    ...(outcome === 'passed' ? { identity: structuredClone(check.identityOnSuccess) } : {}),
    ...(outcome === 'failed' && options.returnCodes ? { returnCodes: options.returnCodes } : {}),
  };
  ctx.state.personas = ctx.state.personas.map((p) => (p === persona ? updated : p));
  return structuredClone(updated);
}

/** Put a persona back at "pending" (for a test that runs the journey again), dropping any identity it gained. */
export function startInPersonCheck(
  ctx: { state: { personas: Persona[] } },
  subOrId: string,
  identityOnSuccess?: NonNullable<Persona['identity']>,
): Persona {
  const persona = ctx.state.personas.find((p) => p.sub === subOrId || p.id === subOrId);
  if (!persona) throw new ServiceError(404, 'unknown_user', 'No persona has this sub or id');
  const onSuccess = identityOnSuccess ?? persona.inPersonCheck?.identityOnSuccess ?? persona.identity;
  if (!onSuccess)
    throw new ServiceError(400, 'no_identity', 'Give the identity the Post Office check would confirm');
  const { identity: _dropped, ...rest } = persona;
  const updated: Persona = {
    ...rest,
    inPersonCheck: { status: 'pending', identityOnSuccess: structuredClone(onSuccess) },
  };
  ctx.state.personas = ctx.state.personas.map((p) => (p === persona ? updated : p));
  return structuredClone(updated);
}
