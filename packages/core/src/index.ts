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
} from './errors.js';
export {
  type AuthHook,
  type ErrorDescription,
  HttpClient,
  type HttpClientOptions,
  type HttpMethod,
  type HttpResponse,
  type HttpRequest,
  type QueryValue,
} from './http-client.js';
export {
  type ClientOptions,
  createHttpClient,
  pickClientOptions,
  type ServiceTransport,
} from './client-options.js';
export {
  APIResource,
  type CallSpec,
  type PageReader,
  type RequestOptions,
  requestOptions,
} from './resource.js';
export type { Hooks, LogFields, Logger, RequestInfo, ResponseInfo, RetryInfo } from './logger.js';
export { type Page, type PageFetcher, Paginated } from './pagination.js';
export { pathSegment } from './paths.js';
export { isSensitiveKey, redact, redactValue, secretEncodings, shapeOf } from './redact.js';
export { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy, sleep } from './retry.js';
export { formatPath, issuesOf, type ParseResponseOptions, parseResponse, validateRequest } from './schema.js';
export { timingSafeEqualString } from './security.js';
export { insecureUrlProblem, isLoopbackHost } from './urls.js';
export { abortable } from './abort.js';

/** This package's version. */
export const VERSION: string = __PKG_VERSION__;
