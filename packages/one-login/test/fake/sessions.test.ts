/**
 * Sessions and the ID token: govuk-one-login/authentication-api oidc-api/.../lambda/AuthorisationHandler.java
 * (`handleAuthJourney`, `maxAgeExpired`: a live session is reused and keeps its auth_time unless max_age, for a
 * client with max_age enabled, has run out), orchestration-shared/.../services/TokenService.java
 * (`generateIDToken`: sid, vot, auth_time, nonce) and VectorOfTrust.getLowestVtr.
 */
import { describe, expect, it } from 'vitest';
import { assertion, claimsOf, codeFor, fakeWith, grant, token, useMsw } from './helpers';

useMsw();

async function idTokenFor(
  fake: ReturnType<typeof fakeWith>,
  params: Record<string, string | undefined> = {},
) {
  const res = await token(grant(await codeFor(params), await assertion(fake)));
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  return claimsOf(res.body.id_token as string);
}

describe('sessions and auth_time', () => {
  it('keeps auth_time from the first sign-in while the session lives', async () => {
    const fake = fakeWith();
    const first = await idTokenFor(fake);
    await fake.clock.advance(10 * 60_000);
    const second = await idTokenFor(fake);
    expect(second.auth_time).toBe(first.auth_time);
  });

  it('ignores max_age for a client without max_age enabled', async () => {
    const fake = fakeWith();
    const first = await idTokenFor(fake);
    await fake.clock.advance(10 * 60_000);
    expect((await idTokenFor(fake, { max_age: '60' })).auth_time).toBe(first.auth_time);
  });

  it('re-authenticates when max_age has run out, for a client with max_age enabled', async () => {
    const fake = fakeWith({ maxAgeEnabled: true });
    const first = await idTokenFor(fake);
    await fake.clock.advance(10 * 60_000);
    const within = await idTokenFor(fake, { max_age: '3600' });
    expect(within.auth_time).toBe(first.auth_time);
    const expired = await idTokenFor(fake, { max_age: '60' });
    expect(expired.auth_time).toBe((first.auth_time as number) + 600);
  });

  it('re-authenticates for prompt=login', async () => {
    const fake = fakeWith();
    const first = await idTokenFor(fake);
    await fake.clock.advance(60_000);
    expect((await idTokenFor(fake, { prompt: 'login' })).auth_time).toBe((first.auth_time as number) + 60);
  });

  it('ends a session an hour after the last interaction', async () => {
    const fake = fakeWith();
    const first = await idTokenFor(fake);
    await fake.clock.advance(59 * 60_000);
    expect((await idTokenFor(fake)).auth_time).toBe(first.auth_time);
    await fake.clock.advance(61 * 60_000);
    expect(fake.sessions()).toEqual([]);
    expect((await idTokenFor(fake)).auth_time).toBe((first.auth_time as number) + 120 * 60);
  });
});

describe('the ID token', () => {
  it('has a new sid for every sign-in (the client session id)', async () => {
    const fake = fakeWith();
    expect((await idTokenFor(fake)).sid).not.toBe((await idTokenFor(fake)).sid);
  });

  it('carries vot of the lowest vector asked for', async () => {
    const fake = fakeWith();
    expect((await idTokenFor(fake, { vtr: '["Cl.Cm","Cl"]' })).vot).toBe('Cl');
    expect((await idTokenFor(fake)).vot).toBe('Cl.Cm');
  });

  it('leaves nonce out when the request had none (a client allowed to omit it)', async () => {
    const fake = fakeWith({ permitMissingNonce: true });
    expect(await idTokenFor(fake, { nonce: undefined })).not.toHaveProperty('nonce');
  });

  it('expires two minutes after it is issued', async () => {
    const fake = fakeWith();
    const claims = await idTokenFor(fake);
    expect((claims.exp as number) - (claims.iat as number)).toBe(120);
  });
});
