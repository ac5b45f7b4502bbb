/**
 * /authorize, specified by govuk-one-login/authentication-api oidc-api/.../lambda/AuthorisationHandler.java,
 * services/AuthorisationService.java (parse failures), validators/QueryParamsAuthorizeValidator.java,
 * validators/BaseAuthorizeValidator.java and validators/RequestObjectAuthorizeValidator.java.
 */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  AUTHORIZE,
  authorize,
  CLIENT_ID,
  fakeWith,
  get,
  keys,
  pkcePair,
  REDIRECT_URI,
  useMsw,
} from './helpers';

useMsw();

/** Expect an OAuth error redirect to the client, carrying `state` unless told otherwise. */
function expectRedirectError(
  answer: Awaited<ReturnType<typeof authorize>>,
  error: string,
  description: string,
  state: string | null = 'a b&c',
) {
  expect(answer.status).toBe(302);
  expect(answer.location?.startsWith(REDIRECT_URI)).toBe(true);
  expect(answer.params?.get('error')).toBe(error);
  expect(answer.params?.get('error_description')).toBe(description);
  expect(answer.params?.get('state')).toBe(state);
}

/** Expect One Login's plain 400 page: no redirect, the body alone. */
function expectErrorPage(answer: Awaited<ReturnType<typeof authorize>>, body: string) {
  expect(answer.status).toBe(400);
  expect(answer.location).toBeNull();
  expect(answer.body).toBe(body);
}

describe('/authorize: who the answer goes to', () => {
  it('answers 400 "Request is missing parameters" without client_id (no redirect)', async () => {
    fakeWith();
    expectErrorPage(await authorize({ client_id: undefined }), 'Request is missing parameters');
  });

  it('answers 400 "Request is missing parameters" without redirect_uri (no redirect)', async () => {
    fakeWith();
    expectErrorPage(await authorize({ redirect_uri: undefined }), 'Request is missing parameters');
  });

  it('answers 400 "Invalid request" to an unknown client (no redirect)', async () => {
    fakeWith();
    expectErrorPage(await authorize({ client_id: 'nobody' }), 'Invalid request');
  });

  it('answers 400 "Invalid request" to a redirect_uri not registered for the client (no redirect)', async () => {
    fakeWith();
    expectErrorPage(await authorize({ redirect_uri: 'https://evil.example/cb' }), 'Invalid request');
  });

  it('answers 400 "Invalid request" to an unparseable request with an unregistered redirect_uri', async () => {
    fakeWith();
    expectErrorPage(
      await authorize({ redirect_uri: 'https://evil.example/cb', prompt: 'bogus' }),
      'Invalid request',
    );
  });

  it('answers 400 "Invalid request" to a response_mode other than query or fragment (no redirect)', async () => {
    fakeWith();
    expectErrorPage(await authorize({ response_mode: 'form_post' }), 'Invalid request');
  });
});

describe('/authorize: requests Nimbus cannot parse (invalid_request, "Invalid request")', () => {
  const cases: [string, Record<string, string | undefined>][] = [
    ['no response_type', { response_type: undefined }],
    ['an unknown response_type', { response_type: 'banana' }],
    ['no scope', { scope: undefined }],
    ['a scope without openid', { scope: 'email' }],
    ['an unknown prompt', { prompt: 'bogus' }],
    ['prompt none combined with login', { prompt: 'none login' }],
    ['a max_age that is not an integer', { max_age: 'ten' }],
    ['a ui_locales value that is not a language tag', { ui_locales: '123456' }],
    ['claims that are not JSON', { claims: '{userinfo' }],
  ];
  for (const [what, params] of cases) {
    it(`redirects invalid_request "Invalid request" for ${what}`, async () => {
      fakeWith();
      expectRedirectError(await authorize(params), 'invalid_request', 'Invalid request');
    });
  }
});

describe('/authorize: query parameter validation (QueryParamsAuthorizeValidator)', () => {
  it('refuses a request without state, with no state in the redirect', async () => {
    fakeWith();
    expectRedirectError(
      await authorize({ state: undefined }),
      'invalid_request',
      'Request is missing state parameter',
      null,
    );
  });

  it('refuses a blank state as a missing one', async () => {
    fakeWith();
    expectRedirectError(
      await authorize({ state: ' ' }),
      'invalid_request',
      'Request is missing state parameter',
      null,
    );
  });

  it('redirects request_uri_not_supported for a request_uri', async () => {
    fakeWith();
    expectRedirectError(
      await authorize({ request_uri: 'https://council.example/request.jwt' }),
      'request_uri_not_supported',
      'Use of the request_uri parameter is not supported',
    );
  });

  it('redirects unsupported_response_type for response_type token', async () => {
    fakeWith();
    expectRedirectError(
      await authorize({ response_type: 'token' }),
      'unsupported_response_type',
      'Unsupported response type',
    );
  });

  it('redirects invalid_scope for a scope One Login does not know', async () => {
    fakeWith();
    expectRedirectError(
      await authorize({ scope: 'openid admin' }),
      'invalid_scope',
      'Invalid, unknown or malformed scope',
    );
  });

  it('redirects invalid_scope for a known scope the client is not registered for', async () => {
    fakeWith({ scopes: ['openid', 'email'] });
    expectRedirectError(
      await authorize({ scope: 'openid phone' }),
      'invalid_scope',
      'Invalid, unknown or malformed scope',
    );
  });

  it('redirects "Request contains invalid claims" for a userinfo claim One Login does not know', async () => {
    fakeWith();
    expectRedirectError(
      await authorize({ claims: '{"userinfo":{"email":null}}' }),
      'invalid_request',
      'Request contains invalid claims',
    );
  });

  it('redirects "Request contains invalid claims" for a claim the client is not registered for', async () => {
    fakeWith({ claims: ['coreIdentityJWT'] });
    expectRedirectError(
      await authorize({
        vtr: '["Cl.Cm.P2"]',
        claims: '{"userinfo":{"https://vocab.account.gov.uk/v1/address":null}}',
      }),
      'invalid_request',
      'Request contains invalid claims',
    );
  });

  it('ignores id_token claims and accepts identity claims without an identity level', async () => {
    fakeWith();
    const answer = await authorize({
      claims: '{"id_token":{"email":null},"userinfo":{"https://vocab.account.gov.uk/v1/address":null}}',
    });
    expect(answer.params?.get('code')).toBeTruthy();
  });

  it('redirects "Request is missing nonce parameter" without a nonce', async () => {
    fakeWith();
    expectRedirectError(
      await authorize({ nonce: undefined }),
      'invalid_request',
      'Request is missing nonce parameter',
    );
  });

  it('refuses a blank nonce as a missing one', async () => {
    fakeWith();
    expectRedirectError(
      await authorize({ nonce: '  ' }),
      'invalid_request',
      'Request is missing nonce parameter',
    );
  });

  it('accepts a request without a nonce from a client allowed to omit it', async () => {
    fakeWith({ permitMissingNonce: true });
    expect((await authorize({ nonce: undefined })).params?.get('code')).toBeTruthy();
  });

  it('redirects invalid_request without code_challenge when the client has PKCE enforced', async () => {
    fakeWith({ pkceEnforced: true });
    expectRedirectError(
      await authorize(),
      'invalid_request',
      'Request is missing code_challenge parameter, but PKCE is enforced.',
    );
  });

  it('redirects invalid_request for a code_challenge without code_challenge_method', async () => {
    fakeWith();
    expectRedirectError(
      await authorize({ code_challenge: pkcePair().challenge }),
      'invalid_request',
      'Request is missing code_challenge_method parameter. code_challenge_method is required when code_challenge is present.',
    );
  });

  it('redirects invalid_request for code_challenge_method plain', async () => {
    fakeWith();
    expectRedirectError(
      await authorize({ code_challenge: pkcePair().challenge, code_challenge_method: 'plain' }),
      'invalid_request',
      'Invalid value for code_challenge_method parameter.',
    );
  });

  const invalidVtr: [string, string][] = [
    ['a vtr that is not JSON', 'Cl.Cm'],
    ['an identity level without Cl.Cm', '["Cl.P2"]'],
    ['mixed identity and non-identity vectors', '["Cl.Cm","Cl.Cm.P2"]'],
    ['an unsupported identity level', '["Cl.Cm.P4"]'],
    ['two identity components', '["Cl.Cm.P1.P2"]'],
    ['an unknown credential level', '["Cm"]'],
  ];
  for (const [what, vtr] of invalidVtr) {
    it(`redirects "Request vtr not valid" for ${what}`, async () => {
      fakeWith();
      expectRedirectError(await authorize({ vtr }), 'invalid_request', 'Request vtr not valid');
    });
  }

  it('accepts vector components in any order ("P2.Cl.Cm")', async () => {
    fakeWith({}, { persona: 'identity-p2' });
    expect((await authorize({ vtr: '["P2.Cl.Cm"]' })).params?.get('code')).toBeTruthy();
  });

  it('redirects "Request vtr is not permitted" for identity from a client without identity verification', async () => {
    fakeWith({ identityVerificationSupported: false });
    expectRedirectError(
      await authorize({ vtr: '["Cl.Cm.P2"]' }),
      'invalid_request',
      'Request vtr is not permitted',
    );
  });

  it('redirects "Request vtr is not permitted" for a level outside the client\'s clientLoCs', async () => {
    fakeWith({ clientLoCs: ['P0', 'P1'] });
    expectRedirectError(
      await authorize({ vtr: '["Cl.Cm.P2"]' }),
      'invalid_request',
      'Request vtr is not permitted',
    );
  });

  it('redirects "Request vtr is not permitted" for identity from a client_secret_post client', async () => {
    fakeWith({ publicKeys: [], clientSecret: 'secret', identityVerificationSupported: true });
    expectRedirectError(
      await authorize({ vtr: '["Cl.Cm.P2"]' }),
      'invalid_request',
      'Request vtr is not permitted',
    );
  });

  it('redirects "Max age is negative in query params" for max_age below -1', async () => {
    fakeWith();
    expectRedirectError(
      await authorize({ max_age: '-2' }),
      'invalid_request',
      'Max age is negative in query params',
    );
  });

  it('treats max_age=-1 as no max_age', async () => {
    fakeWith({ maxAgeEnabled: true });
    expect((await authorize({ max_age: '-1' })).params?.get('code')).toBeTruthy();
  });

  it('redirects "Invalid value for channel parameter." for an unknown channel', async () => {
    fakeWith();
    expectRedirectError(
      await authorize({ channel: 'fax' }),
      'invalid_request',
      'Invalid value for channel parameter.',
    );
  });

  it('accepts ui_locales it cannot serve (the language just falls back)', async () => {
    fakeWith();
    expect((await authorize({ ui_locales: 'fr cy' })).params?.get('code')).toBeTruthy();
  });
});

describe('/authorize: after validation', () => {
  it('redirects unmet_authentication_requirements for prompt=select_account', async () => {
    fakeWith();
    expectRedirectError(
      await authorize({ prompt: 'select_account' }),
      'unmet_authentication_requirements',
      'Unmet authentication requirements',
    );
  });

  it('accepts prompt=none and prompt=login', async () => {
    fakeWith();
    expect((await authorize({ prompt: 'none' })).params?.get('code')).toBeTruthy();
    expect((await authorize({ prompt: 'login' })).params?.get('code')).toBeTruthy();
  });

  it('redirects access_denied for a client that requires JAR when the request has no request object', async () => {
    fakeWith({ jarValidationRequired: true });
    expectRedirectError(
      await authorize(),
      'access_denied',
      'JAR required for client but request does not contain Request Object',
    );
  });

  it('answers in the fragment with response_mode=fragment, errors included', async () => {
    fakeWith();
    const ok = await authorize({ response_mode: 'fragment' });
    expect(new URL(ok.location as string).search).toBe('');
    expect(ok.params?.get('code')).toBeTruthy();
    const refused = await authorize({ response_mode: 'fragment', nonce: undefined });
    expect(new URL(refused.location as string).hash).toContain('error=invalid_request');
  });

  it('uses the last value of a repeated parameter, as API Gateway does', async () => {
    fakeWith();
    const url = new URL(AUTHORIZE);
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      nonce: 'n',
    }))
      url.searchParams.set(k, v);
    url.searchParams.append('state', 'first');
    url.searchParams.append('state', 'last');
    expect((await get(url.toString())).params?.get('state')).toBe('last');
  });

  it('URL-encodes state in the redirect', async () => {
    fakeWith();
    const answer = await authorize({ state: 'a b&c=d' });
    expect(answer.params?.get('state')).toBe('a b&c=d');
    expect(answer.params?.get('code')).toBeTruthy();
  });

  it("answers the simulator's injected ACCESS_DENIED after validating the request", async () => {
    const fake = fakeWith();
    fake.setErrorConfiguration({ authoriseErrors: ['ACCESS_DENIED'] });
    expectRedirectError(
      await authorize({ nonce: undefined }),
      'invalid_request',
      'Request is missing nonce parameter',
    );
    expectRedirectError(
      await authorize(),
      'access_denied',
      'Access denied by resource owner or authorization server',
    );
  });
});

describe('/authorize: request objects (RequestObjectAuthorizeValidator)', () => {
  async function requestObject(claims: Record<string, unknown>, key = createPrivateKey(keys.privateKeyPem)) {
    const now = Math.floor(Date.parse('2026-03-02T10:00:00Z') / 1000);
    const body = {
      iss: CLIENT_ID,
      aud: AUTHORIZE,
      exp: now + 300,
      response_type: 'code',
      scope: 'openid',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      state: 'jar-state',
      nonce: 'n',
      ...claims,
    };
    for (const k of Object.keys(body))
      if ((body as Record<string, unknown>)[k] === undefined) delete (body as Record<string, unknown>)[k];
    const jwt = await new SignJWT(body).setProtectedHeader({ alg: 'RS256', kid: keys.kid }).sign(key);
    const url = new URL(AUTHORIZE);
    url.search = new URLSearchParams({
      response_type: 'code',
      scope: 'openid',
      client_id: CLIENT_ID,
      request: jwt,
    }).toString();
    return url;
  }

  it('signs in from a valid request object and ignores other query parameters', async () => {
    fakeWith();
    const url = await requestObject({});
    url.searchParams.set('redirect_uri', 'https://evil.example/cb');
    const answer = await get(url.toString());
    expect(answer.location?.startsWith(REDIRECT_URI)).toBe(true);
    expect(answer.params?.get('state')).toBe('jar-state');
    expect(answer.params?.get('code')).toBeTruthy();
  });

  it('answers 400 "Invalid request" to a request object signed by another key', async () => {
    fakeWith();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expectErrorPage(await get((await requestObject({}, privateKey)).toString()), 'Invalid request');
  });

  it('answers 400 "Invalid request" to an expired request object', async () => {
    fakeWith();
    const now = Math.floor(Date.parse('2026-03-02T10:00:00Z') / 1000);
    expectErrorPage(await get((await requestObject({ exp: now - 60 })).toString()), 'Invalid request');
  });

  it('redirects "Request is missing state parameter" for a request object without state', async () => {
    fakeWith();
    const answer = await get((await requestObject({ state: undefined })).toString());
    expectRedirectError(answer, 'invalid_request', 'Request is missing state parameter', null);
  });

  it('redirects access_denied for a request object whose aud is not the authorize endpoint', async () => {
    fakeWith();
    const answer = await get(
      (await requestObject({ aud: 'https://oidc.integration.account.gov.uk/token' })).toString(),
    );
    expectRedirectError(
      answer,
      'access_denied',
      'Access denied by resource owner or authorization server',
      'jar-state',
    );
  });

  it('redirects unauthorized_client for a request object whose client_id differs from the query', async () => {
    fakeWith();
    const answer = await get((await requestObject({ client_id: 'someone-else' })).toString());
    expectRedirectError(answer, 'unauthorized_client', 'Unauthorized client', 'jar-state');
  });

  it('redirects "Max age is negative in request object" for a negative max_age claim', async () => {
    fakeWith();
    const answer = await get((await requestObject({ max_age: -5 })).toString());
    expectRedirectError(answer, 'invalid_request', 'Max age is negative in request object', 'jar-state');
  });

  it('redirects "ui_locales parameter is invalid" for a ui_locales claim that is not a language tag', async () => {
    fakeWith();
    const answer = await get((await requestObject({ ui_locales: '123456' })).toString());
    expectRedirectError(answer, 'invalid_request', 'ui_locales parameter is invalid', 'jar-state');
  });

  it('accepts the vtr claim as an array', async () => {
    fakeWith({}, { persona: 'identity-p2' });
    const answer = await get((await requestObject({ vtr: ['Cl.Cm.P2'] })).toString());
    expect(answer.params?.get('code')).toBeTruthy();
  });
});
