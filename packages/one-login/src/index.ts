export * from '@council-sdk/core/errors';
export {
  type CallbackResult,
  type HandleCallbackChecks,
  OneLoginClient,
  type OneLoginClientOptions,
  type OneLoginEnvironment,
  type TokenSet,
} from './client';
export {
  BACKCHANNEL_LOGOUT_EVENT,
  type ClientAssertionAlgorithm,
  ENVIRONMENTS,
  IDENTITY_CLAIMS,
  type IdentityClaimName,
} from './constants';
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
} from './errors';
export type { AuthorizationRequest, AuthorizationRequestOptions } from './resources/authorization';
export type { ClientJwks, ClientPublicJwk, PrivateKeyInput, RotatingPrivateKey } from './signing-keys';
export type { CallbackInput } from './resources/token';
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
} from './schemas/claims';
export type { ProviderMetadata } from './schemas/metadata';
export type { CredentialLevel, Vector, VtrInput } from './schemas/vtr';
export { type CoreIdentity, IDENTITY_LEVELS, type IdentityLevel } from './verify/core-identity';
export { InMemoryReplayStore, type ReplayStore } from './verify/logout-token';

export const VERSION: string = __PKG_VERSION__;
