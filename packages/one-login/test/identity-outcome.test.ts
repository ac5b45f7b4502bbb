import {
  AccessDeniedError,
  IN_PERSON_CHECK_DAYS,
  IN_PERSON_RETURN_VTR,
  identityOutcome,
  TemporarilyUnavailableError,
} from '@council-sdk/one-login';
import { describe, expect, it } from 'vitest';
import { type Setup, setup, signIn, useMsw } from './helpers';

useMsw();

/** Ask for identity as a service does, and classify whatever comes back. */
async function askForIdentity(s: Setup, awaitingInPersonResult = false) {
  try {
    const { result } = await signIn(s, {
      vtr: IN_PERSON_RETURN_VTR.identity[0],
      claims: ['coreIdentityJWT', 'returnCode'],
    });
    const info = await s.client.getUserInfo(result.tokens.access_token, { expectedSub: result.claims.sub });
    return identityOutcome(info, { awaitingInPersonResult });
  } catch (err) {
    if (err instanceof AccessDeniedError) return identityOutcome(err, { awaitingInPersonResult });
    throw err;
  }
}

describe('identityOutcome', () => {
  it('is proven when /userinfo holds a core identity JWT', async () => {
    const outcome = await askForIdentity(setup({ fake: { persona: 'identity-p2' } }));
    expect(outcome).toEqual({
      status: 'proven',
      evidence: { via: 'userinfo', coreIdentityJWT: true, returnCodes: [] },
    });
  });

  it('is not proven, with the return codes as evidence, when identity failed', async () => {
    const outcome = await askForIdentity(setup({ fake: { persona: 'identity-failed' } }));
    expect(outcome).toEqual({
      status: 'not-proven',
      evidence: { via: 'userinfo', coreIdentityJWT: false, returnCodes: ['B'] },
    });
  });

  it('is not proven from access_denied (no return codes registered)', async () => {
    const s = setup({ fake: { persona: 'identity-failed' }, clientConfig: { returnCodesEnabled: false } });
    expect(await askForIdentity(s)).toEqual({
      status: 'not-proven',
      evidence: { via: 'access_denied', coreIdentityJWT: false, returnCodes: [] },
    });
  });

  it('is pending-in-person when the service knows the user is waiting for a Post Office result', async () => {
    const s = setup({ fake: { persona: 'in-person-pending' } });
    expect((await askForIdentity(s, true)).status).toBe('pending-in-person');
    // One Login itself says nothing of it: without that knowledge the same answer reads as not proven.
    expect((await askForIdentity(s, false)).status).toBe('not-proven');
  });

  it('is proven after the Post Office check passes and the user comes back', async () => {
    const s = setup({ fake: { persona: 'in-person-pending' } });
    expect((await askForIdentity(s, true)).status).toBe('pending-in-person');
    s.fake.completeInPersonCheck('in-person-pending', 'passed');
    const outcome = await askForIdentity(s, true);
    expect(outcome.status).toBe('proven');
  });

  it('throws back any error that is not an identity answer', () => {
    const err = new TemporarilyUnavailableError('temporarily_unavailable');
    expect(() => identityOutcome(err as unknown as AccessDeniedError)).toThrow(err);
  });

  it('never carries the core identity JWT or personal data in its evidence', async () => {
    const outcome = await askForIdentity(setup({ fake: { persona: 'identity-p2' } }));
    const text = JSON.stringify(outcome);
    expect(text).not.toMatch(/eyJ|Kenneth|@/);
    expect(IN_PERSON_CHECK_DAYS).toBe(16);
  });
});
