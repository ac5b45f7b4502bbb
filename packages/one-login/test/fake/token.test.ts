/**
 * /token, specified by govuk-one-login/authentication-api oidc-api/.../lambda/TokenHandler.java,
 * orchestration-shared/.../services/TokenService.java (`validateTokenRequestParams`),
 * orchestration-shared/.../validation/TokenClientAuthValidatorFactory.java, PrivateKeyJwtClientAuthValidator.java,
 * ClientSecretPostClientAuthValidator.java and services/ClientSignatureValidationService.java. Every refusal is
 * 400 `{error, error_description}` (ApiResponse.badRequest).
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ASSERTION_TYPE,
  assertion,
  CLIENT_ID,
  claimsOf,
  codeFor,
  fakeWith,
  grant,
  ISSUER,
  pkcePair,
  REDIRECT_URI,
  TOKEN,
  token,
  useMsw,
} from './helpers';

useMsw();

const refused = (error: string, error_description: string) => ({
  status: 400,
  body: { error, error_description },
});

describe('/token: the request', () => {
  it('answers with no-cache, no-store and Pragma no-cache, refusals included', async () => {
    const fake = fakeWith();
    const ok = await fetch(TOKEN, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'fake-spec/1.0' },
      body: new URLSearchParams(grant(await codeFor(), await assertion(fake))),
    });
    const refusal = await fetch(TOKEN, {
      method: 'POST',
      headers: { 'user-agent': 'fake-spec/1.0' },
      body: '',
    });
    for (const res of [ok, refusal]) {
      expect(res.headers.get('cache-control')).toBe('no-cache, no-store');
      expect(res.headers.get('pragma')).toBe('no-cache');
    }
    expect([ok.status, refusal.status]).toEqual([200, 400]);
  });

  it('issues a Bearer access token (180 s) and an ID token for a valid code and assertion', async () => {
    const fake = fakeWith();
    const res = await token(grant(await codeFor(), await assertion(fake)));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 180 });
    expect(claimsOf(res.body.id_token as string)).toMatchObject({
      iss: ISSUER,
      aud: CLIENT_ID,
      nonce: 'n-1',
    });
  });

  it('answers 403 without a User-Agent', async () => {
    const fake = fakeWith();
    const res = await fetch(TOKEN, {
      method: 'POST',
      headers: { 'user-agent': '' },
      body: 'grant_type=authorization_code',
    });
    expect(res.status).toBe(403);
    expect(fake.sessions()).toEqual([]);
  });

  it('refuses a request without grant_type (invalid_request)', async () => {
    const fake = fakeWith();
    const form = { ...grant(await codeFor(), await assertion(fake)), grant_type: undefined };
    expect(await token(form)).toEqual(refused('invalid_request', 'Request is missing grant_type parameter'));
  });

  it('refuses an unsupported grant type (unsupported_grant_type)', async () => {
    const fake = fakeWith();
    const form = { ...grant(await codeFor(), await assertion(fake)), grant_type: 'client_credentials' };
    expect(await token(form)).toEqual(refused('unsupported_grant_type', 'Unsupported grant type'));
  });

  it('refuses a request without redirect_uri (invalid_request)', async () => {
    const fake = fakeWith();
    const form = { ...grant(await codeFor(), await assertion(fake)), redirect_uri: undefined };
    expect(await token(form)).toEqual(
      refused('invalid_request', 'Request is missing redirect_uri parameter'),
    );
  });

  it('refuses a request without code (invalid_request)', async () => {
    const fake = fakeWith();
    expect(await token(grant('', await assertion(fake)))).toEqual(
      refused('invalid_request', 'Request is missing code parameter'),
    );
  });

  it('refuses a request with no client authentication (invalid_request)', async () => {
    fakeWith();
    const form = { grant_type: 'authorization_code', code: await codeFor(), redirect_uri: REDIRECT_URI };
    expect(await token(form)).toEqual(refused('invalid_request', 'Invalid token authentication method used'));
  });

  it('refuses a blank refresh_token before client authentication (invalid_request "Invalid refresh token")', async () => {
    fakeWith();
    const form = { grant_type: 'refresh_token', refresh_token: '', client_assertion_type: ASSERTION_TYPE };
    expect(await token(form)).toEqual(refused('invalid_request', 'Invalid refresh token'));
  });

  it('refuses a refresh_token grant: the fake never issues refresh tokens (invalid_grant)', async () => {
    const fake = fakeWith();
    const form = {
      grant_type: 'refresh_token',
      refresh_token: 'r',
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: await assertion(fake),
    };
    expect(await token(form)).toEqual(refused('invalid_grant', 'Invalid Refresh token'));
  });
});

describe('/token: private_key_jwt', () => {
  it('refuses a wrong client_assertion_type (invalid_request "Invalid private_key_jwt")', async () => {
    const fake = fakeWith();
    const form = grant(await codeFor(), await assertion(fake), { client_assertion_type: 'jwt' });
    expect(await token(form)).toEqual(refused('invalid_request', 'Invalid private_key_jwt'));
  });

  it('refuses an assertion that is not a JWT (invalid_request "Invalid private_key_jwt")', async () => {
    fakeWith();
    expect(await token(grant(await codeFor(), 'not-a-jwt'))).toEqual(
      refused('invalid_request', 'Invalid private_key_jwt'),
    );
  });

  it('refuses an assertion whose iss and sub differ (invalid_request "Invalid private_key_jwt")', async () => {
    const fake = fakeWith();
    const form = grant(await codeFor(), await assertion(fake, { sub: 'someone-else' }));
    expect(await token(form)).toEqual(refused('invalid_request', 'Invalid private_key_jwt'));
  });

  it('refuses a client_id parameter that differs from the assertion (invalid_request "Invalid private_key_jwt")', async () => {
    const fake = fakeWith();
    const form = grant(await codeFor(), await assertion(fake), { client_id: 'someone-else' });
    expect(await token(form)).toEqual(refused('invalid_request', 'Invalid private_key_jwt'));
  });

  it('refuses an assertion from an unknown client (invalid_client "Client authentication failed")', async () => {
    const fake = fakeWith();
    const form = grant(await codeFor(), await assertion(fake, { iss: 'nobody', sub: 'nobody' }));
    expect(await token(form)).toEqual(refused('invalid_client', 'Client authentication failed'));
  });

  it('refuses an expired assertion, past 30 s of skew (invalid_grant "private_key_jwt has expired")', async () => {
    const fake = fakeWith();
    const now = Math.floor(fake.clock.now().getTime() / 1000);
    const code = await codeFor();
    expect(await token(grant(code, await assertion(fake, { exp: now - 30 })))).toEqual(
      refused('invalid_grant', 'private_key_jwt has expired'),
    );
    expect((await token(grant(code, await assertion(fake, { exp: now - 29 })))).status).toBe(200);
  });

  it('refuses an assertion signed by an unregistered key (invalid_client "Invalid signature in private_key_jwt")', async () => {
    const fake = fakeWith();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(await token(grant(await codeFor(), await assertion(fake, { key: privateKey })))).toEqual(
      refused('invalid_client', 'Invalid signature in private_key_jwt'),
    );
  });

  it('refuses an ES256 assertion (invalid_client "Invalid signature in private_key_jwt")', async () => {
    const fake = fakeWith();
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(
      await token(grant(await codeFor(), await assertion(fake, { alg: 'ES256', key: privateKey }))),
    ).toEqual(refused('invalid_client', 'Invalid signature in private_key_jwt'));
  });

  it('refuses an HS256 assertion as unparseable (invalid_request "Invalid private_key_jwt")', async () => {
    const fake = fakeWith();
    const form = grant(await codeFor(), await assertion(fake, { alg: 'HS256', key: new Uint8Array(32) }));
    expect(await token(form)).toEqual(refused('invalid_request', 'Invalid private_key_jwt'));
  });

  it('refuses a wrong aud (invalid_client "Invalid signature in private_key_jwt")', async () => {
    const fake = fakeWith();
    const form = grant(await codeFor(), await assertion(fake, { aud: `${ISSUER}authorize` }));
    expect(await token(form)).toEqual(refused('invalid_client', 'Invalid signature in private_key_jwt'));
  });

  it('accepts the issuer, the token endpoint, or both, as the assertion aud', async () => {
    const fake = fakeWith();
    for (const aud of [ISSUER, TOKEN, [ISSUER, TOKEN]]) {
      expect((await token(grant(await codeFor(), await assertion(fake, { aud })))).status).toBe(200);
    }
  });

  it('accepts an assertion without jti, as One Login does (it does not require one)', async () => {
    const fake = fakeWith();
    expect((await token(grant(await codeFor(), await assertion(fake, { jti: null })))).status).toBe(200);
  });

  it('accepts a reused assertion jti, as One Login does (it keeps no record of them)', async () => {
    const fake = fakeWith();
    const reused = await assertion(fake, { jti: 'same' });
    expect((await token(grant(await codeFor(), reused))).status).toBe(200);
    expect((await token(grant(await codeFor(), reused))).status).toBe(200);
  });

  it('refuses private_key_jwt from a client registered for client_secret_post (invalid_client)', async () => {
    const fake = fakeWith({ clientSecret: 'right-secret', publicKeys: [] });
    const form = grant(await codeFor(), await assertion(fake));
    expect(await token(form)).toEqual(
      refused('invalid_client', 'Client is not registered to use private_key_jwt'),
    );
  });
});

describe('/token: client_secret_post', () => {
  const secretGrant = (code: string, secret: string, clientId = CLIENT_ID) => ({
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    client_id: clientId,
    client_secret: secret,
  });

  it('issues tokens for the right secret', async () => {
    fakeWith({ clientSecret: 'right-secret', publicKeys: [] });
    expect((await token(secretGrant(await codeFor(), 'right-secret'))).status).toBe(200);
  });

  it('refuses a wrong secret (invalid_client "Invalid client secret")', async () => {
    fakeWith({ clientSecret: 'right-secret', publicKeys: [] });
    expect(await token(secretGrant(await codeFor(), 'wrong-secret'))).toEqual(
      refused('invalid_client', 'Invalid client secret'),
    );
  });

  it('refuses a secret for a private_key_jwt client (invalid_client)', async () => {
    fakeWith();
    expect(await token(secretGrant(await codeFor(), 'any'))).toEqual(
      refused('invalid_client', 'Client is not registered to use client_secret_post'),
    );
  });

  it('refuses an unknown client (invalid_client "Client authentication failed")', async () => {
    fakeWith();
    expect(await token(secretGrant(await codeFor(), 'any', 'nobody'))).toEqual(
      refused('invalid_client', 'Client authentication failed'),
    );
  });
});

describe('/token: the code', () => {
  it('refuses a code used before (invalid_grant)', async () => {
    const fake = fakeWith();
    const code = await codeFor();
    expect((await token(grant(code, await assertion(fake)))).status).toBe(200);
    expect(await token(grant(code, await assertion(fake)))).toEqual(
      refused('invalid_grant', 'Invalid grant'),
    );
  });

  it('refuses an unknown code (invalid_grant)', async () => {
    const fake = fakeWith();
    expect(await token(grant('nope', await assertion(fake)))).toEqual(
      refused('invalid_grant', 'Invalid grant'),
    );
  });

  it('refuses a code older than five minutes (invalid_grant)', async () => {
    const fake = fakeWith();
    const code = await codeFor();
    await fake.clock.advance(5 * 60_000);
    expect(await token(grant(code, await assertion(fake)))).toEqual(
      refused('invalid_grant', 'Invalid grant'),
    );
  });

  it('refuses a code issued to another client (invalid_grant)', async () => {
    const fake = fakeWith();
    const code = await codeFor();
    fake.registerClient({
      clientId: 'other',
      redirectUris: [REDIRECT_URI],
      publicKeys: [fake.clients()[0]?.publicKeys?.[0] as never],
    });
    const form = grant(code, await assertion(fake, { iss: 'other', sub: 'other' }));
    expect(await token(form)).toEqual(refused('invalid_grant', 'Invalid grant'));
  });

  it('refuses a redirect_uri different from the authorisation request (invalid_grant)', async () => {
    const fake = fakeWith();
    const form = grant(await codeFor(), await assertion(fake), { redirect_uri: 'https://council.example/x' });
    expect(await token(form)).toEqual(refused('invalid_grant', 'Invalid grant'));
  });
});

describe('/token: PKCE', () => {
  const pkceFailed = refused('invalid_grant', 'PKCE code verification failed');

  it('issues tokens for the verifier of the challenge', async () => {
    const fake = fakeWith();
    const { verifier, challenge } = pkcePair();
    const code = await codeFor({ code_challenge: challenge, code_challenge_method: 'S256' });
    expect((await token(grant(code, await assertion(fake), { code_verifier: verifier }))).status).toBe(200);
  });

  it('refuses a wrong code_verifier (invalid_grant)', async () => {
    const fake = fakeWith();
    const code = await codeFor({ code_challenge: pkcePair().challenge, code_challenge_method: 'S256' });
    expect(await token(grant(code, await assertion(fake), { code_verifier: pkcePair().verifier }))).toEqual(
      pkceFailed,
    );
  });

  it('refuses a missing code_verifier when the request had a challenge (invalid_grant)', async () => {
    const fake = fakeWith();
    const code = await codeFor({ code_challenge: pkcePair().challenge, code_challenge_method: 'S256' });
    expect(await token(grant(code, await assertion(fake)))).toEqual(pkceFailed);
  });

  it('refuses a code_verifier when the request had no challenge (invalid_grant)', async () => {
    const fake = fakeWith();
    expect(
      await token(grant(await codeFor(), await assertion(fake), { code_verifier: pkcePair().verifier })),
    ).toEqual(pkceFailed);
  });

  it('refuses a code_verifier that is not RFC 7636 syntax (invalid_grant)', async () => {
    const fake = fakeWith();
    const code = await codeFor({ code_challenge: pkcePair().challenge, code_challenge_method: 'S256' });
    expect(await token(grant(code, await assertion(fake), { code_verifier: 'short' }))).toEqual(pkceFailed);
  });
});
