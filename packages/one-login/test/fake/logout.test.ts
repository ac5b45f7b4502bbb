/**
 * Logout and back-channel logout: govuk-one-login/authentication-api oidc-api/.../lambda/BackChannelLogoutRequestHandler.java
 * (the token), oidc-api/.../services/HttpRequestService.java (form POST, 15 s timeout, only 200 counts) and
 * ci/terraform/oidc/logout-sqs.tf (a failure is retried from the queue: three receives in all).
 */
import { decodeProtectedHeader } from 'jose';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  assertion,
  BACKCHANNEL_URI,
  CLIENT_ID,
  claimsOf,
  codeFor,
  fakeWith,
  get,
  grant,
  ISSUER,
  LOGOUT,
  POST_LOGOUT_URI,
  server,
  token,
  useMsw,
} from './helpers';

useMsw();

/** The client's back-channel logout endpoint, answering `statuses` in turn (then 200). */
function relyingParty(statuses: number[] = []) {
  const received: { contentType: string | null; logoutToken: string | null }[] = [];
  server.use(
    http.post(BACKCHANNEL_URI, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      received.push({
        contentType: request.headers.get('content-type'),
        logoutToken: form.get('logout_token'),
      });
      return new HttpResponse(null, { status: statuses.shift() ?? 200 });
    }),
  );
  return received;
}

async function signedIn(fake: ReturnType<typeof fakeWith>) {
  const res = await token(grant(await codeFor(), await assertion(fake)));
  return res.body.id_token as string;
}

describe('back-channel logout', () => {
  it('POSTs logout_token as a form: ES256, typ logout+jwt, jti, aud, sub, iss, iat, exp two minutes on, events, no sid', async () => {
    const fake = fakeWith();
    const received = relyingParty();
    const sub = claimsOf(await signedIn(fake)).sub;
    await fake.endSession(sub as string);
    expect(received).toHaveLength(1);
    expect(received[0]?.contentType).toBe('application/x-www-form-urlencoded');
    const jwt = received[0]?.logoutToken as string;
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'ES256', typ: 'logout+jwt' });
    const claims = claimsOf(jwt);
    expect(claims).toMatchObject({
      iss: ISSUER,
      aud: CLIENT_ID,
      sub,
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
    });
    expect(typeof claims.jti).toBe('string');
    expect((claims.exp as number) - (claims.iat as number)).toBe(120);
    expect(claims).not.toHaveProperty('sid');
  });

  it('retries a delivery that was not answered 200 after 30 s with a fresh token, three attempts in all, then gives up', async () => {
    const fake = fakeWith();
    const received = relyingParty([204, 500, 503, 200]);
    fake.signIn({ persona: 'authenticated', clientId: CLIENT_ID });
    const sub = fake.sessions()[0]?.sub as string;
    await fake.endSession(sub);
    expect(fake.backChannelLogouts()[0]).toMatchObject({ delivery: 'pending', attempts: 1, status: 204 });
    await fake.clock.advance(29_999);
    expect(received).toHaveLength(1);
    await fake.clock.advance(1);
    await fake.settle();
    expect(received).toHaveLength(2);
    await fake.clock.advance(30_000);
    await fake.settle();
    expect(fake.backChannelLogouts()[0]).toMatchObject({ delivery: 'failed', attempts: 3, status: 503 });
    await fake.clock.advance(10 * 60_000);
    expect(received).toHaveLength(3);
    // Each attempt carries a freshly signed token, as One Login signs one per receive from its queue.
    const jtis = received.map((r) => claimsOf(r.logoutToken as string).jti);
    expect(new Set(jtis).size).toBe(3);
    expect(fake.backChannelLogouts()[0]?.jti).toBe(jtis[2]);
  });

  it('ends the session: its access tokens stop working at /userinfo', async () => {
    const fake = fakeWith();
    relyingParty();
    const res = await token(grant(await codeFor(), await assertion(fake)));
    await fake.endSession(claimsOf(res.body.id_token as string).sub as string);
    const info = await fetch(`${ISSUER}userinfo`, {
      headers: { authorization: `Bearer ${res.body.access_token}`, 'user-agent': 't' },
    });
    expect(info.status).toBe(401);
  });

  it('sends a logout token to a client on request, session or not (sendBackChannelLogout)', async () => {
    const fake = fakeWith();
    const received = relyingParty();
    expect(
      await fake.sendBackChannelLogout({ sub: 'urn:fdc:gov.uk:2022:someone', clientId: CLIENT_ID }),
    ).toMatchObject({
      status: 200,
    });
    expect(claimsOf(received[0]?.logoutToken as string).sub).toBe('urn:fdc:gov.uk:2022:someone');
  });
});

describe('/logout', () => {
  it('redirects to a registered post_logout_redirect_uri with state, and logs the user out everywhere', async () => {
    const fake = fakeWith();
    const received = relyingParty();
    const idToken = await signedIn(fake);
    const url = new URL(LOGOUT);
    url.search = new URLSearchParams({
      id_token_hint: idToken,
      post_logout_redirect_uri: POST_LOGOUT_URI,
      state: 's 1',
    }).toString();
    const answer = await get(url.toString());
    expect(answer.status).toBe(302);
    expect(answer.location?.startsWith(POST_LOGOUT_URI)).toBe(true);
    expect(answer.params?.get('state')).toBe('s 1');
    await fake.settle();
    expect(received).toHaveLength(1);
    expect(fake.sessions()).toEqual([]);
  });

  /** GET /logout with these parameters (undefined ones left out). */
  const logoutWith = (params: Record<string, string | undefined>) => {
    const url = new URL(LOGOUT);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
    return get(url.toString());
  };

  it('sends the browser to the signed-out page with error_code and error_description for an unregistered post_logout_redirect_uri, keeping state', async () => {
    const fake = fakeWith();
    relyingParty();
    const answer = await logoutWith({
      id_token_hint: await signedIn(fake),
      post_logout_redirect_uri: 'https://evil.example/',
      state: 's 1',
    });
    expect(answer.status).toBe(302);
    expect(answer.location?.split('?')[0]).toBe(`${ISSUER}signed-out`);
    expect(Object.fromEntries(answer.params ?? [])).toEqual({
      error_code: 'invalid_request',
      error_description: 'client registry does not contain post_logout_redirect_uri',
      state: 's 1',
    });
    await fake.settle();
    expect(fake.sessions()).toEqual([]);
  });

  it('sends the browser to the signed-out page with state, ignoring post_logout_redirect_uri, without an id_token_hint', async () => {
    fakeWith();
    const answer = await logoutWith({ post_logout_redirect_uri: POST_LOGOUT_URI, state: 'st' });
    expect(answer.location).toBe(`${ISSUER}signed-out?state=st`);
  });

  it('sends the browser to the signed-out page with state when the id_token_hint has no post_logout_redirect_uri', async () => {
    const fake = fakeWith();
    relyingParty();
    const answer = await logoutWith({ id_token_hint: await signedIn(fake), state: 'st' });
    expect(answer.location).toBe(`${ISSUER}signed-out?state=st`);
    await fake.settle();
  });

  it('answers "unable to validate id_token_hint" for an ID token One Login did not sign, whatever the post_logout_redirect_uri', async () => {
    const fake = fakeWith();
    relyingParty();
    const [header, payload] = (await signedIn(fake)).split('.');
    const forged = `${header}.${payload}.${'A'.repeat(86)}`;
    const answer = await logoutWith({
      id_token_hint: forged,
      post_logout_redirect_uri: POST_LOGOUT_URI,
      state: 'st',
    });
    expect(answer.location?.split('?')[0]).toBe(`${ISSUER}signed-out`);
    expect(Object.fromEntries(answer.params ?? [])).toEqual({
      error_code: 'invalid_request',
      error_description: 'unable to validate id_token_hint',
      state: 'st',
    });
    await fake.settle();
  });

  it('accepts an expired id_token_hint: only its signature is checked', async () => {
    const fake = fakeWith();
    relyingParty();
    const idToken = await signedIn(fake);
    await fake.advance(60 * 60 * 1000);
    const answer = await logoutWith({ id_token_hint: idToken, post_logout_redirect_uri: POST_LOGOUT_URI });
    expect(answer.location).toBe(POST_LOGOUT_URI);
    await fake.settle();
  });

  it('keeps the query of a registered post_logout_redirect_uri and adds state to it', async () => {
    const withQuery = `${POST_LOGOUT_URI}?from=one-login`;
    const fake = fakeWith({ postLogoutRedirectUris: [withQuery] });
    relyingParty();
    const answer = await logoutWith({
      id_token_hint: await signedIn(fake),
      post_logout_redirect_uri: withQuery,
      state: 'st',
    });
    expect(answer.location).toBe(`${withQuery}&state=st`);
    await fake.settle();
  });
});
