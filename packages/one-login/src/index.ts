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
export {
  IN_PERSON_CHECK_DAYS,
  IN_PERSON_RESULT_EMAIL_SUBJECT,
  IN_PERSON_RETURN_VTR,
  type IdentityOutcome,
  type IdentityOutcomeEvidence,
  type IdentityOutcomeOptions,
  type IdentityOutcomeStatus,
  identityOutcome,
} from './identity-outcome.js';
export type { AuthorizationRequest } from './resources/authorization.js';
export type { CallbackInput } from './resources/token.js';
export type { ClientJwks, ClientPublicJwk, PrivateKeyInput, RotatingPrivateKey } from './signing-keys.js';
export type { UserInfo } from './schemas/claims.js';
export type { CredentialLevel, Vector } from './schemas/vtr.js';
// These names are both a zod schema (internal) and its type (public), so they are exported as type aliases: the
// declaration bundler turns `export type { Name }` of a name that is also a value into a value export that the
// built module does not have (Swatinem/rollup-plugin-dts#161; tooling/scripts/pack-check.mjs checks it).
export type AuthorizationRequestOptions = import('./resources/authorization.js').AuthorizationRequestOptions;
export type BirthDate = import('./schemas/claims.js').BirthDate;
export type CoreIdentityClaims = import('./schemas/claims.js').CoreIdentityClaims;
export type DrivingPermit = import('./schemas/claims.js').DrivingPermit;
export type IdTokenClaims = import('./schemas/claims.js').IdTokenClaims;
export type LogoutTokenClaims = import('./schemas/claims.js').LogoutTokenClaims;
export type Name = import('./schemas/claims.js').Name;
export type Passport = import('./schemas/claims.js').Passport;
export type PostalAddress = import('./schemas/claims.js').PostalAddress;
export type ReturnCode = import('./schemas/claims.js').ReturnCode;
export type ProviderMetadata = import('./schemas/metadata.js').ProviderMetadata;
export type VtrInput = import('./schemas/vtr.js').VtrInput;
export { type CoreIdentity, IDENTITY_LEVELS, type IdentityLevel } from './verify/core-identity.js';
export { InMemoryReplayStore, type ReplayStore } from './verify/logout-token.js';

/** This package's version. */
export const VERSION: string = __PKG_VERSION__;
