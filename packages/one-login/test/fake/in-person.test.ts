/**
 * An identity check at a Post Office, pending then completed. Sources: govuk-one-login/ipv-core-back
 * api-tests/features/p2-f2f-journey.feature (pending: `page-ipv-pending`, then back to the service with no
 * identity; completed: a P2 identity on the next journey), govuk-one-login/authentication-api
 * ipv-api/.../lambda/IPVCallbackHandler.java (no identity: access_denied, or a code with return codes), and
 * govuk-one-login/tech-docs .../helping-your-users-after-their-in-person-identity-checks.html.md.erb.
 */
import { describe, expect, it } from 'vitest';
import { assertion, authorize, codeFor, fakeWith, grant, token, USERINFO, useMsw } from './helpers';

useMsw();

const VOCAB = 'https://vocab.account.gov.uk/v1/';
const IDENTITY_REQUEST = {
  scope: 'openid email',
  vtr: '["Cl.Cm.P2"]',
  claims: JSON.stringify({ userinfo: { [`${VOCAB}coreIdentityJWT`]: null, [`${VOCAB}returnCode`]: null } }),
};

async function userinfoFor(fake: ReturnType<typeof fakeWith>, params: Record<string, string>) {
  const { body } = await token(grant(await codeFor(params), await assertion(fake)));
  const res = await fetch(USERINFO, {
    headers: { 'user-agent': 't', authorization: `Bearer ${body.access_token}` },
  });
  return (await res.json()) as Record<string, unknown>;
}

describe('an in-person (Post Office) identity check', () => {
  it('while pending, refuses an identity request with access_denied, as for any identity not proven', async () => {
    const fake = fakeWith();
    fake.setDefaultPersona('in-person-pending');
    const answer = await authorize(IDENTITY_REQUEST);
    expect(answer.status).toBe(302);
    expect(answer.params?.get('error')).toBe('access_denied');
    expect(answer.params?.get('code')).toBeNull();
  });

  it('while pending, with return codes enabled, issues a code whose /userinfo has no coreIdentityJWT', async () => {
    const fake = fakeWith({ returnCodesEnabled: true });
    fake.setDefaultPersona('in-person-pending');
    const info = await userinfoFor(fake, IDENTITY_REQUEST);
    expect(info.sub).toBe(fake.personas().find((p) => p.id === 'in-person-pending')?.sub);
    expect(info).not.toHaveProperty(`${VOCAB}coreIdentityJWT`);
  });

  it('while pending, still signs the user in for an authentication-only request (Cl.Cm)', async () => {
    const fake = fakeWith();
    fake.setDefaultPersona('in-person-pending');
    const info = await userinfoFor(fake, { scope: 'openid email', vtr: '["Cl.Cm"]' });
    expect(info.email).toBe('post.office@example.com');
  });

  it('once the check has passed, returns the confirmed identity to the next identity request', async () => {
    const fake = fakeWith();
    fake.setDefaultPersona('in-person-pending');
    const sub = fake.personas().find((p) => p.id === 'in-person-pending')?.sub ?? '';
    expect(fake.completeInPersonCheck(sub).identity?.vot).toBe('P2');
    const info = await userinfoFor(fake, IDENTITY_REQUEST);
    const jwt = info[`${VOCAB}coreIdentityJWT`];
    expect(typeof jwt).toBe('string');
    const claims = JSON.parse(Buffer.from(String(jwt).split('.')[1] ?? '', 'base64url').toString());
    expect(claims).toMatchObject({ sub, vot: 'P2' });
    expect(claims.vc.credentialSubject.name[0].nameParts[0].value).toBe('Sarah');
  });

  it('once the check has failed, still refuses identity, with the return codes the test gave', async () => {
    const fake = fakeWith({ returnCodesEnabled: true });
    fake.setDefaultPersona('in-person-pending');
    fake.completeInPersonCheck('in-person-pending', 'failed', { returnCodes: [{ code: 'X' }] });
    const info = await userinfoFor(fake, IDENTITY_REQUEST);
    expect(info).not.toHaveProperty(`${VOCAB}coreIdentityJWT`);
    expect(info[`${VOCAB}returnCode`]).toEqual([{ code: 'X' }]);
  });

  it('completes a check only once, and only one that was started', () => {
    const fake = fakeWith();
    fake.completeInPersonCheck('in-person-pending');
    expect(() => fake.completeInPersonCheck('in-person-pending')).toThrow(/already passed/);
    expect(() => fake.completeInPersonCheck('identity-p2')).toThrow(/not started an in-person check/);
    expect(() => fake.completeInPersonCheck('urn:fdc:gov.uk:2022:nobody')).toThrow(/No persona/);
  });

  it('keeps where the check stands in a snapshot', async () => {
    const fake = fakeWith();
    fake.setDefaultPersona('in-person-pending');
    fake.completeInPersonCheck('in-person-pending');
    const snapshot = fake.snapshot();
    fake.reset();
    fake.setDefaultPersona('in-person-pending');
    expect((await authorize(IDENTITY_REQUEST)).params?.get('error')).toBe('access_denied');
    fake.restore(snapshot);
    fake.setDefaultPersona('in-person-pending');
    expect((await authorize(IDENTITY_REQUEST)).params?.get('code')).toBeTruthy();
  });

  it('can start the check again (pending, without the identity it gained) and survives reset()', async () => {
    const fake = fakeWith();
    fake.setDefaultPersona('in-person-pending');
    fake.completeInPersonCheck('in-person-pending');
    expect(fake.startInPersonCheck('in-person-pending').identity).toBeUndefined();
    expect((await authorize(IDENTITY_REQUEST)).params?.get('error')).toBe('access_denied');
    fake.completeInPersonCheck('in-person-pending');
    fake.reset();
    expect(fake.personas().find((p) => p.id === 'in-person-pending')?.inPersonCheck?.status).toBe('pending');
  });
});
