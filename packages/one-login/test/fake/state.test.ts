import { createOneLoginFake } from '@council-sdk/one-login/testing';
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, clientKeys, follow, REDIRECT_URI, server, setup, signIn, useMsw } from '../helpers';

useMsw();

describe('fake state API', () => {
  it('snapshot is JSON and restore brings back codes and keys', async () => {
    const s = setup();
    const auth = await s.client.createAuthorizationRequest();
    const { location } = await follow(auth.url);
    const saved = JSON.parse(JSON.stringify(s.fake.snapshot()));
    server.resetHandlers();
    const restored = createOneLoginFake();
    restored.restore(saved);
    server.use(...restored.handlers);
    const result = await s.client.handleCallback(location as string, auth);
    expect(result.claims.sub).toBeTruthy();
  });

  it('reset forgets sessions and rotates keys but keeps registered clients', async () => {
    const s = setup();
    const auth = await s.client.createAuthorizationRequest();
    await follow(auth.url);
    const kid = s.fake.jwks().keys[0]?.kid;
    expect(s.fake.sessions()).toHaveLength(1);
    s.fake.reset();
    expect(s.fake.sessions()).toHaveLength(0);
    expect(s.fake.jwks().keys[0]?.kid).not.toBe(kid);
    expect(s.fake.clients().map((c) => c.clientId)).toEqual([CLIENT_ID]);
  });

  it('publishes a next key before using it', () => {
    const s = setup();
    const active = s.fake.jwks().keys.map((k) => k.kid);
    s.fake.rotateSigningKeys({ alg: 'ES256', step: 'publish' });
    expect(s.fake.jwks().keys).toHaveLength(3);
    expect(
      s.fake
        .signingKeys()
        .filter((k) => k.status === 'active')
        .map((k) => k.kid),
    ).toEqual(active);
    s.fake.rotateSigningKeys({ alg: 'ES256', step: 'use', retire: true });
    expect(s.fake.jwks().keys).toHaveLength(2);
  });

  it('rotateSigningKeys() publishes a new key, signs with it, and keeps the old one published', async () => {
    const s = setup();
    const old = s.fake.activeSigningKey('ES256').kid;
    s.fake.rotateSigningKeys({ alg: 'ES256' });
    const kids = s.fake.jwks().keys.map((k) => k.kid);
    expect(kids).toContain(old);
    expect(s.fake.activeSigningKey('ES256').kid).not.toBe(old);
    const { result } = await signIn(s);
    const header = JSON.parse(
      Buffer.from(result.tokens.id_token.split('.')[0] ?? '', 'base64url').toString(),
    );
    expect(header.kid).toBe(s.fake.activeSigningKey('ES256').kid);
    s.fake.rotateSigningKeys({ alg: 'ES256', retire: true });
    expect(s.fake.jwks().keys.map((k) => k.kid)).not.toContain(old);
  });

  it('refuses a snapshot of another layout version, naming both', () => {
    const s = setup();
    const snapshot = { ...s.fake.snapshot(), version: 1 };
    expect(() => s.fake.restore(snapshot)).toThrow(/one-login v1 snapshot into the one-login v2 fake/);
  });

  it('signIn() starts a session for a persona without a browser', () => {
    const s = setup();
    const session = s.fake.signIn({ persona: 'identity-p2', clientId: CLIENT_ID });
    expect(s.fake.sessions()).toEqual([session]);
    expect(session.sub).toBe(s.fake.personas().find((p) => p.id === 'identity-p2')?.sub);
    expect(() => s.fake.signIn({ persona: 'nobody', clientId: CLIENT_ID })).toThrow(/Unknown persona/);
  });

  it('never exposes client secrets through clients() or snapshot()', () => {
    const s = setup({ clientConfig: { publicKeys: [], clientSecret: 'do-not-leak-me' } });
    expect(JSON.stringify(s.fake.clients())).not.toContain('do-not-leak-me');
    expect(JSON.stringify(s.fake.snapshot())).not.toContain('do-not-leak-me');
  });
});

describe("the simulator's /config", () => {
  const CONFIG = 'https://oidc.integration.account.gov.uk/config';
  const post = (body: unknown) =>
    fetch(CONFIG, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('configures the response (persona) and errors as the simulator does', async () => {
    const s = setup();
    const res = await post({
      responseConfiguration: {
        sub: 'urn:fdc:gov.uk:2022:from-config',
        email: 'config@example.com',
        maxLoCAchieved: 'P2',
        coreIdentityVerifiableCredentials: {
          type: ['VerifiableCredential', 'IdentityCheckCredential'],
          credentialSubject: {
            name: [
              {
                nameParts: [
                  { type: 'GivenName', value: 'Ada' },
                  { type: 'FamilyName', value: 'Lovelace' },
                ],
              },
            ],
            birthDate: [{ value: '1815-12-10' }],
          },
        },
        postalAddressDetails: [{ postalCode: 'SW1A 1AA' }],
      },
      errorConfiguration: { idTokenErrors: ['INVALID_AUD'] },
    });
    expect(res.status).toBe(200);
    expect((await (await fetch(CONFIG)).json()).errorConfiguration.idTokenErrors).toEqual(['INVALID_AUD']);
    await expect(signIn(s)).rejects.toMatchObject({ check: 'aud' });
    s.fake.clearErrors();
    const { result } = await signIn(s, { vtr: 'Cl.Cm.P2', claims: ['coreIdentityJWT', 'address'] });
    expect(result.claims.sub).toBe('urn:fdc:gov.uk:2022:from-config');
    const info = await s.client.getUserInfo(result.tokens.access_token, { expectedSub: result.claims.sub });
    const identity = await s.client.verifyCoreIdentity(info.coreIdentityJWT as string, {
      sub: result.claims.sub,
    });
    expect(identity.currentName?.fullName).toBe('Ada Lovelace');
    expect(info.address?.[0]?.postalCode).toBe('SW1A 1AA');
  });

  it('registers a client from clientConfiguration with a static PEM public key', async () => {
    const s = setup();
    const { createPublicKey } = await import('node:crypto');
    const pem = createPublicKey(clientKeys.privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
    const res = await post({
      clientConfiguration: {
        clientId: 'from-config',
        publicKey: pem,
        redirectUrls: [REDIRECT_URI],
        idTokenSigningAlgorithm: 'RS256',
      },
    });
    expect(res.status).toBe(200);
    expect(s.fake.clients().map((c) => c.clientId)).toContain('from-config');
    expect(
      (
        await post({
          clientConfiguration: {
            clientId: 'x',
            publicKeySource: 'JWKS',
            redirectUrls: ['https://a.example/'],
          },
        })
      ).status,
    ).toBe(400);
  });
});

describe('fake housekeeping', () => {
  it('forgets codes and tokens an hour after they expire', async () => {
    const s = setup();
    await signIn(s);
    expect(s.fake.storeSizes().codes).toBe(1);
    await s.fake.clock.advance(2 * 3_600_000);
    await signIn(s);
    expect(s.fake.storeSizes().codes).toBe(1);
    expect(s.fake.storeSizes().accessTokens).toBe(1);
  });
});
