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
export {
  IN_PERSON_CHECK_DAYS,
  IN_PERSON_RESULT_EMAIL_SUBJECT,
  IN_PERSON_RETURN_VTR,
  type IdentityOutcome,
  type IdentityOutcomeEvidence,
  type IdentityOutcomeOptions,
  type IdentityOutcomeStatus,
  identityOutcome,
} from './identity-outcome';
export type { AuthorizationRequest } from './resources/authorization';
export type { CallbackInput } from './resources/token';
export type { ClientJwks, ClientPublicJwk, PrivateKeyInput, RotatingPrivateKey } from './signing-keys';
export type { UserInfo } from './schemas/claims';
export type { CredentialLevel, Vector } from './schemas/vtr';
// These names are both a zod schema (internal) and its type (public), so they are exported as type aliases: the
// declaration bundler turns `export type { Name }` of a name that is also a value into a value export that the
// built module does not have (Swatinem/rollup-plugin-dts#161; tooling/scripts/pack-check.mjs checks it).
export type AuthorizationRequestOptions = import('./resources/authorization').AuthorizationRequestOptions;
export type BirthDate = import('./schemas/claims').BirthDate;
export type CoreIdentityClaims = import('./schemas/claims').CoreIdentityClaims;
export type DrivingPermit = import('./schemas/claims').DrivingPermit;
export type IdTokenClaims = import('./schemas/claims').IdTokenClaims;
export type LogoutTokenClaims = import('./schemas/claims').LogoutTokenClaims;
export type Name = import('./schemas/claims').Name;
export type Passport = import('./schemas/claims').Passport;
export type PostalAddress = import('./schemas/claims').PostalAddress;
export type ReturnCode = import('./schemas/claims').ReturnCode;
export type ProviderMetadata = import('./schemas/metadata').ProviderMetadata;
export type VtrInput = import('./schemas/vtr').VtrInput;
export { type CoreIdentity, IDENTITY_LEVELS, type IdentityLevel } from './verify/core-identity';
export { InMemoryReplayStore, type ReplayStore } from './verify/logout-token';

export const VERSION: string = __PKG_VERSION__;
