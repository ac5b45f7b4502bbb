export {
  ApiError,
  type ApiErrorClass,
  type ApiErrorInit,
  AbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  CouncilSdkError,
  type ErrorIssue,
  errorClassForStatus,
  NotFoundError,
  PermissionDeniedError,
  PreconditionFailedError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
  UnprocessableEntityError,
  ValidationError,
} from './errors';
export {
  type AuthHook,
  type ErrorDescription,
  HttpClient,
  type HttpClientOptions,
  type HttpMethod,
  type HttpResponse,
  type QueryValue,
  type RequestOptions,
} from './http-client';
export type { Hooks, LogFields, Logger, RequestInfo, ResponseInfo, RetryInfo } from './logger';
export { type Page, type PageFetcher, Paginated } from './pagination';
export { pathSegment } from './paths';
export { isSensitiveKey, redact, redactValue, secretEncodings, shapeOf } from './redact';
export { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy } from './retry';
export { formatPath, issuesOf, type ParseResponseOptions, parseResponse, validateRequest } from './schema';
export { timingSafeEqualString } from './security';
export { insecureUrlProblem, isLoopbackHost } from './urls';

/** This package's version. */
export const VERSION: string = __PKG_VERSION__;
