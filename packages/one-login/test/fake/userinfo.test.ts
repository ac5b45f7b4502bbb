/**
 * /userinfo refusals: govuk-one-login/authentication-api oidc-api/.../lambda/UserInfoHandler.java and
 * oidc-api/.../services/AccessTokenService.java (401, empty body, Nimbus BearerTokenError in WWW-Authenticate: MISSING_TOKEN only when
 * the Authorization header is missing, INVALID_TOKEN for one that does not parse).
 */
import { describe, expect, it } from 'vitest';
import { assertion, codeFor, fakeWith, grant, token, USERINFO, useMsw } from './helpers';

useMsw();

const INVALID = 'Bearer error="invalid_token", error_description="Invalid access token"';

async function userinfo(authorization?: string) {
  const res = await fetch(USERINFO, {
    headers: { 'user-agent': 'fake-spec/1.0', ...(authorization ? { authorization } : {}) },
  });
  return { status: res.status, www: res.headers.get('www-authenticate'), body: await res.text() };
}

describe('/userinfo', () => {
  it('answers the claims for a valid access token', async () => {
    const fake = fakeWith();
    const { body } = await token(grant(await codeFor({ scope: 'openid email' }), await assertion(fake)));
    const res = await fetch(USERINFO, {
      headers: { 'user-agent': 't', authorization: `Bearer ${body.access_token}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ sub: fake.personas()[0]?.sub, email_verified: true });
  });

  it('answers 401 with WWW-Authenticate Bearer and no body without an access token', async () => {
    fakeWith();
    expect(await userinfo()).toEqual({ status: 401, www: 'Bearer', body: '' });
  });

  it('answers 401 invalid_token "Invalid access token" for an Authorization header that is not a bearer token', async () => {
    fakeWith();
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'token-without-scheme']) {
      expect(await userinfo(header)).toEqual({ status: 401, www: INVALID, body: '' });
    }
  });

  it('answers 401 invalid_token "Invalid access token" for an unknown token', async () => {
    fakeWith();
    expect(await userinfo('Bearer nope')).toEqual({ status: 401, www: INVALID, body: '' });
  });

  it('answers 401 invalid_token "Invalid access token" once the access token has expired (180 s)', async () => {
    const fake = fakeWith();
    const { body } = await token(grant(await codeFor(), await assertion(fake)));
    await fake.clock.advance(180_000);
    expect(await userinfo(`Bearer ${body.access_token}`)).toEqual({ status: 401, www: INVALID, body: '' });
  });

  it('answers 403 without a User-Agent', async () => {
    fakeWith();
    expect((await fetch(USERINFO, { headers: { 'user-agent': '', authorization: 'Bearer x' } })).status).toBe(
      403,
    );
  });
});
