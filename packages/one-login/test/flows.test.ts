import { describe, expect, it } from 'vitest';
import { CLIENT_ID, follow, REDIRECT_URI, setup, signIn, useMsw } from './helpers';

useMsw();

describe('sign-in flows against the fake', () => {
  it('signs in for authentication only (Cl.Cm) with PKCE and validates the ID token', async () => {
    const s = setup();
    const { auth, location, result } = await signIn(s, { scopes: ['email', 'phone'] });
    expect(auth.codeVerifier).toBeDefined();
    expect(new URL(auth.url).searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.startsWith(REDIRECT_URI)).toBe(true);
    expect(result.claims.sub).toMatch(/^urn:fdc:gov\.uk:2022:/);
    expect(result.claims.vot).toBe('Cl.Cm');
    expect(result.claims.aud).toBe(CLIENT_ID);
    const info = await s.client.getUserInfo(result.tokens.access_token, { expectedSub: result.claims.sub });
    expect(info.email).toBe('test.user@example.com');
    expect(info.phone_number).toBe('+447700900000');
    expect(info.coreIdentityJWT).toBeUndefined();
  });

  it('proves identity at P2 and returns every identity claim', async () => {
    const s = setup({ fake: { persona: 'identity-p2' } });
    const { result } = await signIn(s, {
      scopes: ['email'],
      vtr: 'Cl.Cm.P2',
      claims: ['coreIdentityJWT', 'address', 'passport', 'drivingPermit', 'returnCode'],
    });
    expect(result.claims.vot).toBe('Cl.Cm');
    const info = await s.client.getUserInfo(result.tokens.access_token, { expectedSub: result.claims.sub });
    expect(info.address?.[0]?.postalCode).toBe('BA2 5AA');
    expect(info.passport?.[0]?.documentNumber).toBe('321654987');
    expect(info.drivingPermit?.[0]?.personalNumber).toBe('DECER607085K99AE');
    expect(typeof info.coreIdentityJWT).toBe('string');
    const identity = await s.client.verifyCoreIdentity(info.coreIdentityJWT as string, {
      sub: result.claims.sub,
    });
    expect(identity.vot).toBe('P2');
    expect(identity.currentName?.fullName).toBe('Kenneth Decerqueira');
    expect(identity.birthDate).toBe('1965-07-08');
  });

  it('sends parameters in a signed request object (JAR) when asked', async () => {
    const s = setup({ fake: { persona: 'identity-p2' } });
    const { auth, result } = await signIn(s, {
      useJar: true,
      vtr: ['Cl.Cm.P2'],
      claims: ['coreIdentityJWT'],
    });
    const q = new URL(auth.url).searchParams;
    expect([...q.keys()].sort()).toEqual(['client_id', 'request', 'response_type', 'scope']);
    expect(result.claims.vot).toBe('Cl.Cm');
  });
});

describe('the fake refuses bad authorisation requests', () => {
  it('answers 400 to an unregistered redirect URI', async () => {
    const s = setup({ clientConfig: { redirectUris: ['https://council.example/other'] } });
    const auth = await s.client.createAuthorizationRequest();
    const res = await follow(auth.url);
    expect(res.status).toBe(400);
  });
});
