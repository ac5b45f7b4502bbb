import { inspect } from 'node:util';
import { CouncilSdkError, InvalidClientError, ResponseValidationError } from '@council-sdk/one-login';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { clientKeys, follow, server, setup, signIn, useMsw } from './helpers';

useMsw();

const views = (value: unknown) => [
  JSON.stringify(value),
  inspect(value, { depth: 20 }),
  inspect(value, { depth: 20, showHidden: true }),
  value instanceof Error ? `${value.message} ${value.stack}` : '',
];

describe('secrets never leak', () => {
  it('the callback result does not show the access token or ID token', async () => {
    const s = setup();
    const { result } = await signIn(s);
    expect(result.tokens.access_token.length).toBeGreaterThan(10);
    for (const v of views(result)) {
      expect(v).not.toContain(result.tokens.access_token);
      expect(v).not.toContain(result.tokens.id_token);
    }
  });

  it('userinfo does not show the core identity JWT', async () => {
    const s = setup({ fake: { persona: 'identity-p2' } });
    const { result } = await signIn(s, { vtr: 'Cl.Cm.P2', claims: ['coreIdentityJWT', 'address'] });
    const info = await s.client.getUserInfo(result.tokens.access_token, { expectedSub: result.claims.sub });
    expect(info.coreIdentityJWT).toMatch(/^eyJ/);
    expect(info.address).toHaveLength(1);
    for (const v of views(info)) expect(v).not.toContain(info.coreIdentityJWT as string);
  });

  it('a malformed token response does not leak the tokens in the error', async () => {
    const s = setup();
    server.use(
      http.post(s.fake.endpoints.token, () =>
        HttpResponse.json({
          access_token: 'leaky-access-token-value',
          token_type: 'MAC',
          id_token: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
        }),
      ),
    );
    const error = await signIn(s).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    for (const v of views(error)) {
      expect(v).not.toContain('leaky-access-token-value');
      expect(v).not.toContain('eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln');
    }
  });

  it('a token endpoint error echoing the client secret or code is redacted', async () => {
    const secret = 'client-secret-that-must-not-leak';
    const s = setup({
      clientConfig: { publicKeys: [], clientSecret: secret },
      client: { privateKey: undefined, clientSecret: secret },
    });
    const auth = await s.client.createAuthorizationRequest();
    const { location } = await follow(auth.url);
    const code = new URL(location as string).searchParams.get('code') as string;
    server.use(
      http.post(s.fake.endpoints.token, () =>
        HttpResponse.json(
          { error: 'invalid_client', error_description: `bad secret ${secret} for code ${code}` },
          { status: 400 },
        ),
      ),
    );
    const error = await s.client.handleCallback(location as string, auth).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidClientError);
    for (const v of views(error)) {
      expect(v).not.toContain(secret);
      expect(v).not.toContain(code);
    }
  });

  it('log lines carry no key, secret, code or token', async () => {
    const lines: string[] = [];
    const logger = {
      debug: (m: string, f?: unknown) => lines.push(m + JSON.stringify(f)),
      info: (m: string, f?: unknown) => lines.push(m + JSON.stringify(f)),
      warn: (m: string, f?: unknown) => lines.push(m + JSON.stringify(f)),
      error: (m: string, f?: unknown) => lines.push(m + JSON.stringify(f)),
    };
    const s = setup({ client: { logger } });
    const { location, result } = await signIn(s);
    const code = new URL(location).searchParams.get('code') as string;
    await s.client.getUserInfo(result.tokens.access_token, { expectedSub: result.claims.sub });
    expect(lines.length).toBeGreaterThan(0);
    const all = lines.join('\n');
    for (const secret of [code, result.tokens.access_token, result.tokens.id_token, 'PRIVATE KEY']) {
      expect(all).not.toContain(secret);
    }
  });

  it('a bad private key is refused without echoing it', async () => {
    const { OneLoginClient } = await import('@council-sdk/one-login');
    const lines = clientKeys.privateKeyPem.split('\n');
    const removed = lines.splice(3, 1)[0] as string;
    const broken = lines.join('\n');
    const error = (() => {
      try {
        return new OneLoginClient({
          environment: 'integration',
          clientId: 'c',
          redirectUri: 'https://rp.example/cb',
          privateKey: broken,
        });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CouncilSdkError);
    for (const v of views(error)) {
      expect(v).not.toContain(lines[2] as string);
      expect(v).not.toContain(removed);
    }
  });
});
