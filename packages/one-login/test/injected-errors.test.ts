import {
  AccessDeniedError,
  ConnectionError,
  CoreIdentityValidationError,
  IdTokenValidationError,
  ServerError,
  TemporarilyUnavailableError,
  type TokenCheck,
} from '@council-sdk/one-login';
import type { CoreIdentityError, IdTokenError } from '@council-sdk/one-login/testing';
import { describe, expect, it } from 'vitest';
import { setup, signIn, useMsw } from './helpers';

useMsw();

describe("the simulator's ID token errors are rejected with typed errors", () => {
  const cases: [IdTokenError, TokenCheck][] = [
    ['INVALID_ISS', 'iss'],
    ['INVALID_AUD', 'aud'],
    ['INVALID_ALG_HEADER', 'alg'],
    ['INVALID_SIGNATURE', 'signature'],
    ['TOKEN_EXPIRED', 'exp'],
    ['TOKEN_NOT_VALID_YET', 'iat'],
    ['NONCE_NOT_MATCHING', 'nonce'],
    ['INCORRECT_VOT', 'vot'],
  ];
  for (const [name, check] of cases) {
    it(`${name} -> IdTokenValidationError (${check})`, async () => {
      const s = setup();
      s.fake.setErrorConfiguration({ idTokenErrors: [name] });
      const error = await signIn(s).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IdTokenValidationError);
      expect((error as IdTokenValidationError).check).toBe(check);
    });
  }

  it('INVALID_SIGNATURE with an RS256 client too', async () => {
    const s = setup({ clientConfig: { idTokenSigningAlgorithm: 'RS256' } });
    s.fake.setErrorConfiguration({ idTokenErrors: ['INVALID_SIGNATURE'] });
    await expect(signIn(s)).rejects.toMatchObject({ check: 'signature' });
  });
});

describe("the simulator's core identity errors are rejected with typed errors", () => {
  const cases: [CoreIdentityError, TokenCheck][] = [
    ['INVALID_ALG_HEADER', 'alg'],
    ['INVALID_SIGNATURE', 'signature'],
    ['INVALID_ISS', 'iss'],
    ['INVALID_AUD', 'aud'],
    ['INCORRECT_SUB', 'sub'],
    ['TOKEN_EXPIRED', 'exp'],
  ];
  for (const [name, check] of cases) {
    it(`${name} -> CoreIdentityValidationError (${check})`, async () => {
      const s = setup({ fake: { persona: 'identity-p2' } });
      s.fake.setErrorConfiguration({ coreIdentityErrors: [name] });
      const { result } = await signIn(s, { vtr: 'Cl.Cm.P2', claims: ['coreIdentityJWT'] });
      const info = await s.client.getUserInfo(result.tokens.access_token, { expectedSub: result.claims.sub });
      const error = await s.client
        .verifyCoreIdentity(info.coreIdentityJWT as string, { sub: result.claims.sub })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CoreIdentityValidationError);
      expect((error as CoreIdentityValidationError).check).toBe(check);
    });
  }
});

describe('authorisation errors', () => {
  it('ACCESS_DENIED -> AccessDeniedError', async () => {
    const s = setup();
    s.fake.setErrorConfiguration({ authoriseErrors: ['ACCESS_DENIED'] });
    const error = await signIn(s).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessDeniedError);
    expect((error as AccessDeniedError).code).toBe('access_denied');
  });

  it('TEMPORARILY_UNAVAILABLE -> TemporarilyUnavailableError', async () => {
    const s = setup();
    s.fake.setErrorConfiguration({ authoriseErrors: ['TEMPORARILY_UNAVAILABLE'] });
    await expect(signIn(s)).rejects.toBeInstanceOf(TemporarilyUnavailableError);
  });
});

describe('transport faults', () => {
  it('a 503 from /token surfaces as a ServerError', async () => {
    const s = setup();
    s.fake.faults.inject({ type: 'status', status: 503, times: 5, match: { method: 'POST' } });
    await expect(signIn(s)).rejects.toBeInstanceOf(ServerError);
  });

  it('a dropped connection to discovery surfaces as a ConnectionError when nothing is cached', async () => {
    const s = setup({ client: { maxRetries: 0 } });
    s.fake.faults.inject({ type: 'drop', times: 5, match: { path: /openid-configuration$/ } });
    await expect(s.client.createAuthorizationRequest()).rejects.toBeInstanceOf(ConnectionError);
  });

  it('retries a GET of discovery after one 503 and carries on', async () => {
    const s = setup();
    s.fake.faults.inject({ type: 'status', status: 503, times: 1, match: { path: /openid-configuration$/ } });
    await expect(s.client.createAuthorizationRequest()).resolves.toHaveProperty('url');
  });
});
