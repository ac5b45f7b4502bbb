export * from '@council-sdk/core/errors';
export type { ClientOptions, RequestOptions } from '@council-sdk/core';
export {
  type CallbackResult,
  type HandleCallbackChecks,
  OneLoginClient,
  type OneLoginClientOptions,
  type OneLoginEnvironment,
  type TokenSet,
} from './client.js';
export {
  BACKCHANNEL_LOGOUT_EVENT,
  type ClientAssertionAlgorithm,
  ENVIRONMENTS,
  IDENTITY_CLAIMS,
  type IdentityClaimName,
} from './constants.js';
export {
  AccessDeniedError,
  AuthorizationError,
  type AuthorizationErrorCode,
  CoreIdentityValidationError,
  IdTokenValidationError,
  InvalidClientError,
  InvalidGrantError,
  KeyNotFoundError,
  LoginRequiredError,
  LogoutTokenReplayError,
  LogoutTokenValidationError,
  OneLoginError,
  ProviderMetadataError,
  StateMismatchError,
  SubjectMismatchError,
  TemporarilyUnavailableError,
  type TokenCheck,
  TokenEndpointError,
  type TokenKind,
  TokenValidationError,
} from './errors.js';
export type { AuthorizationRequest, AuthorizationRequestOptions } from './resources/authorization.js';
export type { ClientJwks, ClientPublicJwk, PrivateKeyInput, RotatingPrivateKey } from './signing-keys.js';
export type { CallbackInput } from './resources/token.js';
export type {
  BirthDate,
  CoreIdentityClaims,
  DrivingPermit,
  IdTokenClaims,
  LogoutTokenClaims,
  Name,
  Passport,
  PostalAddress,
  ReturnCode,
  UserInfo,
} from './schemas/claims.js';
export type { ProviderMetadata } from './schemas/metadata.js';
export type { CredentialLevel, Vector, VtrInput } from './schemas/vtr.js';
export { type CoreIdentity, IDENTITY_LEVELS, type IdentityLevel } from './verify/core-identity.js';
export { InMemoryReplayStore, type ReplayStore } from './verify/logout-token.js';

/** This package's version. */
export const VERSION: string = __PKG_VERSION__;
