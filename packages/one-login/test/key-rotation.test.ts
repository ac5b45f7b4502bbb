/**
 * Key rotation against our own provider (msw handlers publishing keys we rotate with jose), independent of the
 * One Login fake: a token signed with a newly published key is accepted on the first try, even seconds after the
 * last fetch of the key set, while tokens with made-up kids cause only a handful of fetches a minute. The same for
 * the DID document's keys.
 */
import { randomUUID } from 'node:crypto';
import { OneLoginClient } from '@council-sdk/one-login';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientKeys } from './helpers';

const ISSUER = 'https://op.example.test/';
const DID_URL = 'https://identity.example.test/.well-known/did.json';
const DID_ID = 'did:web:identity.example.test';
const CLIENT_ID = 'rotation-client';
const SUB = 'urn:fdc:gov.uk:2022:rotation';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

type Signer = { kid: string; privateKey: CryptoKey; publicJwk: JWK };
async function newKey(kid: string): Promise<Signer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

/** A provider whose published keys the test changes, counting every fetch of the key documents. */
function provider() {
  const op = { jwks: [] as Signer[], did: [] as Signer[], jwksFetches: 0, didFetches: 0 };
  server.use(
    http.get(`${ISSUER}.well-known/openid-configuration`, () =>
      HttpResponse.json({
        issuer: ISSUER,
        authorization_endpoint: `${ISSUER}authorize`,
        token_endpoint: `${ISSUER}token`,
        userinfo_endpoint: `${ISSUER}userinfo`,
        jwks_uri: `${ISSUER}.well-known/jwks.json`,
      }),
    ),
    http.get(`${ISSUER}.well-known/jwks.json`, () => {
      op.jwksFetches++;
      return HttpResponse.json(
        { keys: op.jwks.map((k) => k.publicJwk) },
        { headers: { 'cache-control': 'max-age=86400' } },
      );
    }),
    http.get(DID_URL, () => {
      op.didFetches++;
      return HttpResponse.json(
        {
          id: DID_ID,
          assertionMethod: op.did.map((k) => ({
            id: `${DID_ID}#${k.kid}`,
            type: 'JsonWebKey',
            controller: DID_ID,
            publicKeyJwk: k.publicJwk,
          })),
        },
        { headers: { 'cache-control': 'max-age=3600' } },
      );
    }),
  );
  return op;
}

function client(clock: { ms: number }) {
  return new OneLoginClient({
    environment: { issuer: ISSUER, didDocumentUrl: DID_URL, coreIdentityIssuer: ISSUER },
    clientId: CLIENT_ID,
    privateKey: clientKeys.privateKeyPem,
    redirectUri: 'https://council.example/cb',
    now: () => new Date(clock.ms),
  });
}

const seconds = (clock: { ms: number }) => Math.floor(clock.ms / 1000);

function logoutToken(clock: { ms: number }, key: Signer | { kid: string; privateKey: CryptoKey }) {
  return new SignJWT({
    events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
    sub: SUB,
    jti: randomUUID(),
  })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'logout+jwt' })
    .setIssuer(ISSUER)
    .setAudience(CLIENT_ID)
    .setIssuedAt(seconds(clock))
    .setExpirationTime(seconds(clock) + 120)
    .sign(key.privateKey);
}

function coreIdentityJwt(clock: { ms: number }, key: Signer, vot = 'P2') {
  return new SignJWT({
    vot,
    vc: {
      type: ['VerifiableCredential', 'IdentityCheckCredential'],
      credentialSubject: { name: [], birthDate: [] },
    },
  })
    .setProtectedHeader({ alg: 'ES256', kid: `${DID_ID}#${key.kid}` })
    .setIssuer(ISSUER)
    .setAudience(CLIENT_ID)
    .setSubject(SUB)
    .setIssuedAt(seconds(clock))
    .setNotBefore(seconds(clock))
    .setExpirationTime(seconds(clock) + 1800)
    .sign(key.privateKey);
}

describe('ID token / logout token signing key rotation', () => {
  it('accepts a token signed with a key published seconds after the last fetch, on the first try', async () => {
    const op = provider();
    const clock = { ms: Date.UTC(2026, 0, 1) };
    const rp = client(clock);
    const oldKey = await newKey('key-2026-01');
    op.jwks = [oldKey];
    await expect(rp.verifyLogoutToken(await logoutToken(clock, oldKey))).resolves.toMatchObject({ sub: SUB });
    expect(op.jwksFetches).toBe(1);

    // The provider publishes a new key and starts signing with it, three seconds later.
    const newer = await newKey('key-2026-02');
    op.jwks = [oldKey, newer];
    clock.ms += 3_000;
    await expect(rp.verifyLogoutToken(await logoutToken(clock, newer))).resolves.toMatchObject({ sub: SUB });
    expect(op.jwksFetches).toBe(2);
  });

  it('a flood of made-up kids costs only a handful of fetches a minute', async () => {
    const op = provider();
    const clock = { ms: Date.UTC(2026, 0, 1) };
    const rp = client(clock);
    const real = await newKey('real');
    op.jwks = [real];
    await rp.verifyLogoutToken(await logoutToken(clock, real));
    const forger = await newKey('forger');
    const fetchesBefore = op.jwksFetches;
    // Ten forged tokens a second for a minute, each naming a kid never seen before.
    for (let i = 0; i < 600; i++) {
      clock.ms += 100;
      const error = await rp
        .verifyLogoutToken(await logoutToken(clock, { kid: `made-up-${i}`, privateKey: forger.privateKey }))
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ check: 'kid' });
    }
    expect(op.jwksFetches - fetchesBefore).toBeLessThanOrEqual(6);
    // And a real rotation still gets through once the minute's budget allows.
    const newer = await newKey('real-2');
    op.jwks = [real, newer];
    clock.ms += 60_000;
    await expect(rp.verifyLogoutToken(await logoutToken(clock, newer))).resolves.toMatchObject({ sub: SUB });
  });

  it('concurrent tokens with the new key share one refetch', async () => {
    const op = provider();
    const clock = { ms: Date.UTC(2026, 0, 1) };
    const rp = client(clock);
    const oldKey = await newKey('a');
    op.jwks = [oldKey];
    await rp.verifyLogoutToken(await logoutToken(clock, oldKey));
    const newer = await newKey('b');
    op.jwks = [oldKey, newer];
    clock.ms += 1_000;
    const tokens = await Promise.all([1, 2, 3, 4].map(() => logoutToken(clock, newer)));
    const results = await Promise.all(tokens.map((t) => rp.verifyLogoutToken(t)));
    expect(results.every((r) => r.sub === SUB)).toBe(true);
    expect(op.jwksFetches).toBe(2);
  });
});

describe('DID document key rotation (core identity)', () => {
  it('accepts a core identity JWT signed with a DID key published seconds after the last fetch', async () => {
    const op = provider();
    const clock = { ms: Date.UTC(2026, 0, 1) };
    const rp = client(clock);
    const first = await newKey('did-key-1');
    op.did = [first];
    await expect(
      rp.verifyCoreIdentity(await coreIdentityJwt(clock, first), { sub: SUB }),
    ).resolves.toMatchObject({
      vot: 'P2',
    });
    const second = await newKey('did-key-2');
    op.did = [first, second];
    clock.ms += 2_000;
    await expect(
      rp.verifyCoreIdentity(await coreIdentityJwt(clock, second), { sub: SUB }),
    ).resolves.toMatchObject({ vot: 'P2' });
    expect(op.didFetches).toBe(2);
  });

  it('made-up DID kids cost only a handful of fetches a minute', async () => {
    const op = provider();
    const clock = { ms: Date.UTC(2026, 0, 1) };
    const rp = client(clock);
    const real = await newKey('real');
    op.did = [real];
    await rp.verifyCoreIdentity(await coreIdentityJwt(clock, real), { sub: SUB });
    const before = op.didFetches;
    for (let i = 0; i < 300; i++) {
      clock.ms += 200;
      const forged = await coreIdentityJwt(clock, { ...real, kid: `made-up-${i}` });
      await expect(rp.verifyCoreIdentity(forged, { sub: SUB })).rejects.toMatchObject({ check: 'kid' });
    }
    expect(op.didFetches - before).toBeLessThanOrEqual(6);
  });
});

describe('the identity level of a core identity JWT (vot)', () => {
  async function identityWith(vot: string) {
    const op = provider();
    const clock = { ms: Date.UTC(2026, 0, 1) };
    const rp = client(clock);
    const key = await newKey('did-key');
    op.did = [key];
    return { rp, jwt: await coreIdentityJwt(clock, key, vot) };
  }

  for (const vot of ['P0', 'P1']) {
    it(`refuses a ${vot} identity when P2 is asked for (the default)`, async () => {
      const { rp, jwt } = await identityWith(vot);
      await expect(rp.verifyCoreIdentity(jwt, { sub: SUB })).rejects.toMatchObject({ check: 'vot' });
      await expect(rp.verifyCoreIdentity(jwt, { sub: SUB, vot: 'P2' })).rejects.toMatchObject({
        check: 'vot',
      });
    });
  }

  it('accepts P1 when the caller asked for P1, and P2 or above when it asked for P2', async () => {
    const p1 = await identityWith('P1');
    await expect(p1.rp.verifyCoreIdentity(p1.jwt, { sub: SUB, vot: 'P1' })).resolves.toMatchObject({
      vot: 'P1',
    });
    const p3 = await identityWith('P3');
    await expect(p3.rp.verifyCoreIdentity(p3.jwt, { sub: SUB })).resolves.toMatchObject({ vot: 'P3' });
  });

  it('refuses a vot that is not an identity level, and an unknown level asked for', async () => {
    const odd = await identityWith('Cl.Cm');
    await expect(odd.rp.verifyCoreIdentity(odd.jwt, { sub: SUB })).rejects.toMatchObject({ check: 'vot' });
    await expect(odd.rp.verifyCoreIdentity(odd.jwt, { sub: SUB, vot: 'P9' as never })).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });
});
