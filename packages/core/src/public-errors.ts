/**
 * The errors users catch, as one entry point (`@council-sdk/core/errors`): every SDK re-exports it with
 * `export * from '@council-sdk/core/errors'`, so `import { RateLimitError } from '@council-sdk/pay'` works and
 * the list lives in one place.
 */
export {
  AbortError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  CouncilSdkError,
  type ErrorIssue,
  NotFoundError,
  PermissionDeniedError,
  PreconditionFailedError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
  UnprocessableEntityError,
  ValidationError,
} from './errors.js';
