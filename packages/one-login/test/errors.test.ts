import {
  AccessDeniedError,
  ApiError,
  AuthorizationError,
  BadRequestError,
  CouncilSdkError,
  IdTokenValidationError,
  InvalidGrantError,
  LogoutTokenReplayError,
  LogoutTokenValidationError,
  OneLoginError,
  TokenEndpointError,
  TokenValidationError,
} from '@council-sdk/one-login';
import { describe, expect, it } from 'vitest';
import { follow, setup, useMsw } from './helpers';

useMsw();

describe('error hierarchy', () => {
  it('a token endpoint error is an ApiError with the OAuth code', async () => {
    const s = setup();
    const auth = await s.client.createAuthorizationRequest();
    const { location } = await follow(auth.url);
    await s.client.handleCallback(location as string, auth);
    const error = await s.client.handleCallback(location as string, auth).catch((e: unknown) => e);
    for (const cls of [InvalidGrantError, TokenEndpointError, BadRequestError, ApiError, CouncilSdkError]) {
      expect(error).toBeInstanceOf(cls);
    }
    expect(error).not.toBeInstanceOf(OneLoginError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_grant', name: 'InvalidGrantError' });
  });

  it('authorisation and token validation errors are OneLoginErrors, not ApiErrors', () => {
    const denied = new AccessDeniedError('access_denied', 'cancelled');
    expect(denied).toBeInstanceOf(AuthorizationError);
    expect(denied).toBeInstanceOf(OneLoginError);
    expect(denied).toBeInstanceOf(CouncilSdkError);
    expect(denied).not.toBeInstanceOf(ApiError);
    expect(JSON.parse(JSON.stringify(denied))).toEqual({
      name: 'AccessDeniedError',
      message: 'One Login returned access_denied: cancelled',
      code: 'access_denied',
      description: 'cancelled',
    });
    const replay = new LogoutTokenReplayError();
    expect(replay).toBeInstanceOf(LogoutTokenValidationError);
    expect(replay).toBeInstanceOf(TokenValidationError);
    expect(replay).not.toBeInstanceOf(IdTokenValidationError);
    expect(replay).toMatchObject({ token: 'logout_token', check: 'jti' });
  });

  it('instanceof works by brand, so a copy of the class from another install still matches', () => {
    const error = new IdTokenValidationError('nonce', 'x');
    // A structurally separate subclass with the same brand, as a duplicate install would define it.
    class DuplicateCopy extends CouncilSdkError {
      static override readonly brand = 'one-login.IdTokenValidationError';
    }
    expect(error).toBeInstanceOf(DuplicateCopy);
  });
});
