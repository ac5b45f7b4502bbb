/**
 * The official simulator's `errorConfiguration` (govuk-one-login/simulator src/types/error-configuration.ts):
 * switches that make the fake answer with broken tokens or authorisation errors, for testing a relying party's
 * error handling.
 */
export type IdTokenError =
  | 'INVALID_ISS'
  | 'INVALID_AUD'
  | 'INVALID_ALG_HEADER'
  | 'INVALID_SIGNATURE'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_VALID_YET'
  | 'NONCE_NOT_MATCHING'
  | 'INCORRECT_VOT';
export type CoreIdentityError =
  | 'INVALID_ALG_HEADER'
  | 'INVALID_SIGNATURE'
  | 'INVALID_ISS'
  | 'INVALID_AUD'
  | 'INCORRECT_SUB'
  | 'TOKEN_EXPIRED';
export type AuthoriseError = 'ACCESS_DENIED' | 'TEMPORARILY_UNAVAILABLE';

export interface ErrorConfiguration {
  authoriseErrors: AuthoriseError[];
  idTokenErrors: IdTokenError[];
  coreIdentityErrors: CoreIdentityError[];
}

export const noErrors = (): ErrorConfiguration => ({
  authoriseErrors: [],
  idTokenErrors: [],
  coreIdentityErrors: [],
});
