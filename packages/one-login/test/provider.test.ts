import { inspect } from 'node:util';
import { OneLoginClient, ProviderMetadataError } from '@council-sdk/one-login';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { cacheLifetimeMs } from '../src/provider';
import { server, setup, signIn, useMsw } from './helpers';

useMsw();

function countRequests(match: (url: string) => boolean) {
  const seen: Request[] = [];
  server.events.on('request:start', ({ request }) => {
    if (match(request.url)) seen.push(request.clone());
  });
  return seen;
}

describe('Cache-Control', () => {
  it('parses max-age, no-store and no-cache', () => {
    expect(cacheLifetimeMs('max-age=86400')).toBe(86_400_000);
    expect(cacheLifetimeMs('max-age=3600, private')).toBe(3_600_000);
    expect(cacheLifetimeMs('public, s-maxage=10')).toBeUndefined();
    expect(cacheLifetimeMs('no-store')).toBe(0);
    expect(cacheLifetimeMs('no-cache, max-age=60')).toBe(0);
    expect(cacheLifetimeMs(undefined)).toBeUndefined();
  });
});

describe('discovery and key caching', () => {
  it('fetches discovery and the JWKS lazily, once, while Cache-Control allows', async () => {
    const seen = countRequests((u) => u.includes('/.well-known/'));
    const s = setup();
    expect(seen).toHaveLength(0);
    await signIn(s);
    await signIn(s);
    await signIn(s);
    expect(seen.map((r) => new URL(r.url).pathname).sort()).toEqual([
      '/.well-known/jwks.json',
      '/.well-known/openid-configuration',
    ]);
    server.events.removeAllListeners();
  });

  it('refetches discovery once max-age has passed', async () => {
    const seen = countRequests((u) => u.endsWith('/openid-configuration'));
    const s = setup();
    await s.client.discover();
    await s.fake.clock.advance(86_401_000);
    await s.client.discover();
    expect(seen).toHaveLength(2);
    server.events.removeAllListeners();
  });

  it('keeps the last good copy when a refresh fails', async () => {
    const s = setup({ client: { maxRetries: 0 } });
    const first = await s.client.discover();
    await s.fake.clock.advance(86_401_000);
    s.fake.faults.inject({ type: 'status', status: 500, times: 3, match: { path: /openid-configuration$/ } });
    await expect(s.client.discover()).resolves.toEqual(first);
    await expect(signIn(s)).resolves.toBeTruthy();
  });

  it('caches the DID document for its max-age (3600 s) and keeps it when a refresh fails', async () => {
    const seen = countRequests((u) => u.endsWith('/did.json'));
    const s = setup({ fake: { persona: 'identity-p2' }, client: { maxRetries: 0 } });
    const verifyOnce = async () => {
      const { result } = await signIn(s, { vtr: 'Cl.Cm.P2', claims: ['coreIdentityJWT'] });
      const info = await s.client.getUserInfo(result.tokens.access_token, { expectedSub: result.claims.sub });
      return s.client.verifyCoreIdentity(info.coreIdentityJWT as string, { sub: result.claims.sub });
    };
    await verifyOnce();
    await verifyOnce();
    expect(seen).toHaveLength(1);
    await s.fake.clock.advance(3_601_000);
    s.fake.faults.inject({ type: 'drop', times: 3, match: { path: /did\.json$/ } });
    await expect(verifyOnce()).resolves.toMatchObject({ vot: 'P2' });
    expect(seen).toHaveLength(2);
    server.events.removeAllListeners();
  });

  it('keeps the JWKS when a refresh for an unknown kid fails, and still refuses the unknown kid', async () => {
    const s = setup({ client: { maxRetries: 0 } });
    await signIn(s);
    s.fake.rotateSigningKeys({ alg: 'ES256' });
    await s.fake.clock.advance(60_000);
    s.fake.faults.inject({ type: 'status', status: 500, times: 1, match: { path: /jwks\.json$/ } });
    await expect(signIn(s)).rejects.toMatchObject({ check: 'kid' });
    await s.fake.clock.advance(60_000);
    await expect(signIn(s)).resolves.toBeTruthy();
  });

  it('sends a council-sdk User-Agent with the product token on every request', async () => {
    const seen = countRequests(() => true);
    const s = setup({ fake: { persona: 'identity-p2' } });
    const { result } = await signIn(s, { vtr: 'Cl.Cm.P2', claims: ['coreIdentityJWT'] });
    const info = await s.client.getUserInfo(result.tokens.access_token, { expectedSub: result.claims.sub });
    await s.client.verifyCoreIdentity(info.coreIdentityJWT as string, { sub: result.claims.sub });
    const backend = seen.filter((r) => !r.url.includes('/authorize'));
    expect(backend.length).toBeGreaterThanOrEqual(5);
    for (const r of backend)
      expect(r.headers.get('user-agent')).toMatch(/^council-sdk-one-login\/\S+ council-tests\/1\.0$/);
    server.events.removeAllListeners();
  });

  it('refuses a discovery document naming another issuer', async () => {
    const s = setup();
    server.use(
      http.get(s.fake.endpoints.discovery, () =>
        HttpResponse.json({ ...discoveryOf(s.fake), issuer: 'https://evil.example/' }),
      ),
    );
    await expect(s.client.discover()).rejects.toBeInstanceOf(ProviderMetadataError);
  });

  it('refuses discovered endpoints on plain http', async () => {
    const s = setup();
    server.use(
      http.get(s.fake.endpoints.discovery, () =>
        HttpResponse.json({
          ...discoveryOf(s.fake),
          token_endpoint: 'http://oidc.integration.account.gov.uk/token',
        }),
      ),
    );
    await expect(s.client.discover()).rejects.toBeInstanceOf(ProviderMetadataError);
  });

  it('shows no secrets when inspected or serialised', () => {
    const s = setup();
    const secretClient = new OneLoginClient({
      environment: 'integration',
      clientId: 'c',
      clientSecret: 'super-secret-value',
      redirectUri: 'https://rp.example/cb',
    });
    for (const c of [s.client, secretClient]) {
      const views = [JSON.stringify(c), inspect(c, { depth: 10, showHidden: true }), String(c)];
      for (const v of views) {
        expect(v).not.toContain('PRIVATE KEY');
        expect(v).not.toContain('super-secret-value');
      }
    }
  });
});

/** The fake's discovery document (through its state API's endpoints). */
function discoveryOf(fake: ReturnType<typeof setup>['fake']) {
  return {
    issuer: fake.issuer,
    authorization_endpoint: fake.endpoints.authorize,
    token_endpoint: fake.endpoints.token,
    userinfo_endpoint: fake.endpoints.userinfo,
    jwks_uri: fake.endpoints.jwks,
    end_session_endpoint: fake.endpoints.logout,
  };
}
