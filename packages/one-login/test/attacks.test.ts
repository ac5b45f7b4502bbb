import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import {
  CoreIdentityValidationError,
  IdTokenValidationError,
  InvalidGrantError,
  LogoutTokenReplayError,
  StateMismatchError,
  SubjectMismatchError,
} from '@council-sdk/one-login';
import { base64url, type JWK, SignJWT } from 'jose';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_ID,
  clientKeys,
  follow,
  REDIRECT_URI,
  type Setup,
  server,
  setup,
  signIn,
  useMsw,
} from './helpers';

useMsw();

const ISSUER = 'https://oidc.integration.account.gov.uk/';
const SUB = 'urn:fdc:gov.uk:2022:attack-target';

function privateKeyOf(s: Setup, alg: 'ES256' | 'RS256') {
  const key = s.fake.activeSigningKey(alg);
  if (!key) throw new Error('no key');
  return key;
}

function idClaims(s: Setup, nonce: string, overrides: Record<string, unknown> = {}) {
  const now = Math.floor(s.fake.clock.now().getTime() / 1000);
  return {
    iss: ISSUER,
    aud: CLIENT_ID,
    sub: SUB,
    iat: now,
    exp: now + 120,
    nonce,
    vot: 'Cl.Cm',
    ...overrides,
  };
}

/** Run a real authorization, then have /token hand back a forged ID token. */
async function callbackWithIdToken(
  s: Setup,
  forge: (nonce: string) => Promise<string> | string,
  request: Parameters<Setup['client']['createAuthorizationRequest']>[0] = {},
) {
  const auth = await s.client.createAuthorizationRequest(request);
  const { location } = await follow(auth.url);
  const idToken = await forge(auth.nonce);
  server.use(
    http.post(s.fake.endpoints.token, () =>
      HttpResponse.json({
        access_token: 'forged-access-token',
        token_type: 'Bearer',
        expires_in: 180,
        id_token: idToken,
      }),
    ),
  );
  return s.client.handleCallback(location as string, auth).catch((e: unknown) => e);
}

const segment = (value: unknown) => base64url.encode(JSON.stringify(value));

describe('forged ID tokens', () => {
  it('rejects alg: none', async () => {
    const s = setup();
    const kid = privateKeyOf(s, 'ES256').kid;
    const error = await callbackWithIdToken(
      s,
      (nonce) => `${segment({ alg: 'none', kid })}.${segment(idClaims(s, nonce))}.`,
    );
    expect(error).toBeInstanceOf(IdTokenValidationError);
    expect(error).toMatchObject({ check: 'alg' });
  });

  it('rejects HS256 signed with the published RSA public key as the secret', async () => {
    const s = setup({ clientConfig: { idTokenSigningAlgorithm: 'RS256' } });
    const key = privateKeyOf(s, 'RS256');
    const publicPem = createPublicKey({ key: key.publicJwk as never, format: 'jwk' }).export({
      type: 'spki',
      format: 'pem',
    });
    const error = await callbackWithIdToken(s, (nonce) =>
      new SignJWT(idClaims(s, nonce))
        .setProtectedHeader({ alg: 'HS256', kid: key.kid })
        .sign(Buffer.from(String(publicPem))),
    );
    expect(error).toMatchObject({ check: 'alg' });
  });

  it("rejects a token whose alg differs from its key's (RS256 under an ES256 kid)", async () => {
    const s = setup();
    const rsa = privateKeyOf(s, 'RS256');
    const ec = privateKeyOf(s, 'ES256');
    const error = await callbackWithIdToken(s, async (nonce) =>
      new SignJWT(idClaims(s, nonce))
        .setProtectedHeader({ alg: 'RS256', kid: ec.kid })
        .sign(await import('jose').then((j) => j.importJWK(rsa.privateJwk, 'RS256'))),
    );
    expect(error).toMatchObject({ check: 'alg' });
  });

  it('rejects a token signed by a key that is not in the JWKS (kid unknown)', async () => {
    const s = setup();
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const error = await callbackWithIdToken(s, (nonce) =>
      new SignJWT(idClaims(s, nonce))
        .setProtectedHeader({ alg: 'ES256', kid: 'attacker-key' })
        .sign(privateKey),
    );
    expect(error).toMatchObject({ check: 'kid' });
  });

  it('rejects a token signed by another key under a published kid', async () => {
    const s = setup();
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const kid = privateKeyOf(s, 'ES256').kid;
    const error = await callbackWithIdToken(s, (nonce) =>
      new SignJWT(idClaims(s, nonce)).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey),
    );
    expect(error).toMatchObject({ check: 'signature' });
  });

  it('rejects a genuine ID token issued to another client (audience)', async () => {
    const s = setup();
    s.fake.registerClient({
      clientId: 'other-service',
      redirectUris: [REDIRECT_URI],
      publicKeys: [clientKeys.publicJwk],
    });
    const { OneLoginClient } = await import('@council-sdk/one-login');
    const other = new OneLoginClient({
      environment: 'integration',
      clientId: 'other-service',
      privateKey: clientKeys.privateKeyPem,
      redirectUri: REDIRECT_URI,
    });
    const { result } = await signIn({ fake: s.fake, client: other });
    const error = await callbackWithIdToken(s, () => result.tokens.id_token);
    expect(error).toBeInstanceOf(IdTokenValidationError);
    expect(error).toMatchObject({ check: 'aud' });
  });

  it('rejects a multi-audience token without azp', async () => {
    const s = setup();
    const key = privateKeyOf(s, 'ES256');
    const error = await callbackWithIdToken(s, async (nonce) =>
      new SignJWT(idClaims(s, nonce, { aud: [CLIENT_ID, 'someone-else'] }))
        .setProtectedHeader({ alg: 'ES256', kid: key.kid })
        .sign(await import('jose').then((j) => j.importJWK(key.privateJwk, 'ES256'))),
    );
    expect(error).toMatchObject({ check: 'aud' });
  });

  async function signedWithRealKey(s: Setup, claims: Record<string, unknown>) {
    const key = privateKeyOf(s, 'ES256');
    const { importJWK } = await import('jose');
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .sign(await importJWK(key.privateJwk, 'ES256'));
  }

  it('accepts a correctly forged-looking token signed with the real key (the control for the tests below)', async () => {
    const s = setup();
    const result = await callbackWithIdToken(s, (nonce) => signedWithRealKey(s, idClaims(s, nonce)));
    expect(result).toMatchObject({ claims: { sub: SUB } });
  });

  it('rejects an at_hash that does not match the access token', async () => {
    const s = setup();
    const error = await callbackWithIdToken(s, (nonce) =>
      signedWithRealKey(s, idClaims(s, nonce, { at_hash: 'AAAAAAAAAAAAAAAAAAAAAA' })),
    );
    expect(error).toMatchObject({ check: 'at_hash' });
  });

  it('rejects an auth_time older than max_age, and a missing auth_time when max_age was sent', async () => {
    const s = setup();
    const now = Math.floor(s.fake.clock.now().getTime() / 1000);
    const old = await callbackWithIdToken(
      s,
      (nonce) => signedWithRealKey(s, idClaims(s, nonce, { auth_time: now - 3600 })),
      {
        maxAge: 300,
      },
    );
    expect(old).toMatchObject({ check: 'auth_time' });
    const missing = await callbackWithIdToken(s, (nonce) => signedWithRealKey(s, idClaims(s, nonce)), {
      maxAge: 300,
    });
    expect(missing).toMatchObject({ check: 'auth_time' });
  });

  it('rejects a vot below the level requested (Cl when Cl.Cm was asked for)', async () => {
    const s = setup();
    const error = await callbackWithIdToken(s, (nonce) =>
      signedWithRealKey(s, idClaims(s, nonce, { vot: 'Cl' })),
    );
    expect(error).toMatchObject({ check: 'vot' });
  });

  it('rejects a token from another issuer signed with the real key', async () => {
    const s = setup();
    const error = await callbackWithIdToken(s, (nonce) =>
      signedWithRealKey(s, idClaims(s, nonce, { iss: 'https://oidc.account.gov.uk/' })),
    );
    expect(error).toMatchObject({ check: 'iss' });
  });

  it('refetches the JWKS at most once per interval however many unknown kids arrive', async () => {
    const s = setup();
    await signIn(s);
    let jwksFetches = 0;
    server.events.on('request:start', ({ request }) => {
      if (request.url.endsWith('/.well-known/jwks.json')) jwksFetches++;
    });
    for (let i = 0; i < 5; i++) {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const error = await callbackWithIdToken(s, (nonce) =>
        new SignJWT(idClaims(s, nonce))
          .setProtectedHeader({ alg: 'ES256', kid: `made-up-${i}` })
          .sign(privateKey),
      );
      expect(error).toMatchObject({ check: 'kid' });
    }
    server.events.removeAllListeners();
    expect(jwksFetches).toBeLessThanOrEqual(1);
  });
});

describe('callback and code attacks', () => {
  it('rejects a callback whose state is not the one in the session (CSRF)', async () => {
    const s = setup();
    const auth = await s.client.createAuthorizationRequest();
    const { location } = await follow(auth.url);
    await expect(
      s.client.handleCallback(location as string, { ...auth, state: 'a-different-state' }),
    ).rejects.toBeInstanceOf(StateMismatchError);
    const noState = new URL(location as string);
    noState.searchParams.delete('state');
    await expect(s.client.handleCallback(noState, auth)).rejects.toBeInstanceOf(StateMismatchError);
  });

  it('rejects a callback naming another issuer (RFC 9207 iss)', async () => {
    const s = setup();
    const auth = await s.client.createAuthorizationRequest();
    const { location } = await follow(auth.url);
    const url = new URL(location as string);
    url.searchParams.set('iss', 'https://evil.example/');
    await expect(s.client.handleCallback(url, auth)).rejects.toBeInstanceOf(StateMismatchError);
  });

  it('rejects a callback with the state parameter repeated', async () => {
    const s = setup();
    const auth = await s.client.createAuthorizationRequest();
    const { location } = await follow(auth.url);
    const { ValidationError } = await import('@council-sdk/one-login');
    await expect(s.client.handleCallback(`${location}&state=other`, auth)).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  // One Login refuses a used code (OrchAuthCodeService: isUsed) but does not revoke what it issued, so neither
  // does the fake: the client must not rely on revocation.
  it('rejects a replayed code (invalid_grant)', async () => {
    const s = setup();
    const auth = await s.client.createAuthorizationRequest();
    const { location } = await follow(auth.url);
    await s.client.handleCallback(location as string, auth);
    await expect(s.client.handleCallback(location as string, auth)).rejects.toBeInstanceOf(InvalidGrantError);
  });

  it('rejects a code exchanged with the wrong PKCE verifier', async () => {
    const s = setup();
    const auth = await s.client.createAuthorizationRequest();
    const { location } = await follow(auth.url);
    const wrong = { ...auth, codeVerifier: 'x'.repeat(43) };
    await expect(s.client.handleCallback(location as string, wrong)).rejects.toBeInstanceOf(
      InvalidGrantError,
    );
  });

  it('rejects userinfo for a different user than the ID token', async () => {
    const s = setup();
    const { result } = await signIn(s);
    await expect(
      s.client.getUserInfo(result.tokens.access_token, { expectedSub: 'urn:fdc:gov.uk:2022:someone-else' }),
    ).rejects.toBeInstanceOf(SubjectMismatchError);
  });
});

describe('logout token attacks', () => {
  it('rejects a replayed logout token', async () => {
    const s = setup();
    const token = await s.fake.createLogoutToken({ sub: SUB, clientId: CLIENT_ID });
    await expect(s.client.verifyLogoutToken(token)).resolves.toMatchObject({ sub: SUB });
    await expect(s.client.verifyLogoutToken(token)).rejects.toBeInstanceOf(LogoutTokenReplayError);
  });

  it('rejects an ID token presented as a logout token', async () => {
    const s = setup();
    const { result } = await signIn(s);
    await expect(s.client.verifyLogoutToken(result.tokens.id_token)).rejects.toMatchObject({ check: 'typ' });
  });
});

describe('core identity attacks', () => {
  async function identitySetup() {
    const s = setup({ fake: { persona: 'identity-p2' } });
    const didKey = s.fake.activeDidKey();
    if (!didKey) throw new Error('no DID key');
    const doc = s.fake.didDocument() as { id: string };
    const now = Math.floor(s.fake.clock.now().getTime() / 1000);
    const claims = {
      iss: 'https://identity.integration.account.gov.uk/',
      aud: CLIENT_ID,
      sub: SUB,
      nbf: now,
      iat: now,
      exp: now + 1800,
      vot: 'P2',
      vc: { type: ['VerifiableCredential'], credentialSubject: { name: [], birthDate: [] } },
    };
    return { s, didKey, didId: doc.id, claims };
  }

  it('rejects a core identity JWT signed by a key that is not in the DID document', async () => {
    const { s, didId, claims } = await identitySetup();
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: `${didId}#attacker-key` })
      .sign(privateKey);
    const error = await s.client.verifyCoreIdentity(jwt, { sub: SUB }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoreIdentityValidationError);
    expect(error).toMatchObject({ check: 'kid' });
  });

  it('rejects a core identity JWT signed by another key under a listed kid', async () => {
    const { s, didKey, claims } = await identitySetup();
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: didKey.kid })
      .sign(privateKey);
    await expect(s.client.verifyCoreIdentity(jwt, { sub: SUB })).rejects.toMatchObject({
      check: 'signature',
    });
  });

  it('rejects a kid pointing at another controller, even when signed with a real key', async () => {
    const { s, didKey, claims } = await identitySetup();
    const fragment = didKey.kid.slice(didKey.kid.indexOf('#'));
    const key = await import('jose').then((j) => j.importJWK(didKey.privateJwk, 'ES256'));
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: `did:web:evil.example${fragment}` })
      .sign(key);
    await expect(s.client.verifyCoreIdentity(jwt, { sub: SUB })).rejects.toMatchObject({
      check: 'controller',
    });
  });

  it('rejects a DID document entry controlled by another DID', async () => {
    const { s, didId, claims } = await identitySetup();
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const kid = `${didId}#planted`;
    server.use(
      http.get(s.fake.didDocumentUrl, () =>
        HttpResponse.json({
          id: didId,
          assertionMethod: [
            {
              id: kid,
              type: 'JsonWebKey',
              controller: 'did:web:evil.example',
              publicKeyJwk: publicKey.export({ format: 'jwk' }) as JWK,
            },
          ],
        }),
      ),
    );
    const jwt = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);
    await expect(s.client.verifyCoreIdentity(jwt, { sub: SUB })).rejects.toMatchObject({
      check: 'controller',
    });
  });

  it('rejects a core identity JWT signed with RS256 or issued for another user', async () => {
    const { s, didKey, claims } = await identitySetup();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rs = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: didKey.kid })
      .sign(privateKey);
    await expect(s.client.verifyCoreIdentity(rs, { sub: SUB })).rejects.toMatchObject({ check: 'alg' });
    const key = await import('jose').then((j) => j.importJWK(didKey.privateJwk, 'ES256'));
    const valid = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: didKey.kid }).sign(key);
    await expect(s.client.verifyCoreIdentity(valid, { sub: SUB })).resolves.toMatchObject({ vot: 'P2' });
    await expect(
      s.client.verifyCoreIdentity(valid, { sub: 'urn:fdc:gov.uk:2022:other' }),
    ).rejects.toMatchObject({ check: 'sub' });
  });
});
