/**
 * How /authorize refuses, as `ServiceError`s the wire layer renders: either a page (400, no redirect: the request
 * cannot be trusted to name where to send the user) or an OAuth error redirect to the client's registered URI.
 * govuk-one-login/authentication-api oidc-api/.../lambda/AuthorisationHandler.java: `generateBadRequestResponse`
 * (400 "Invalid request"), `generateMissingParametersResponse` (400 "Request is missing parameters", ErrorResponse
 * ERROR_1001) and `generateErrorResponse` (302 with `error`, `error_description`, `state`, in the query or, with
 * `response_mode=fragment`, the fragment).
 */
import { ServiceError } from '@council-sdk/core/testing';

/** The standard descriptions of Nimbus's `OAuth2Error` / `OIDCError` constants, which One Login answers with. */
export const DESCRIPTIONS = {
  invalid_request: 'Invalid request',
  unauthorized_client: 'Unauthorized client',
  access_denied: 'Access denied by resource owner or authorization server',
  unsupported_response_type: 'Unsupported response type',
  invalid_scope: 'Invalid, unknown or malformed scope',
  server_error: 'Unexpected server error',
  temporarily_unavailable: 'The authorization server is temporarily unavailable',
  request_uri_not_supported: 'Use of the request_uri parameter is not supported',
  unmet_authentication_requirements: 'Unmet authentication requirements',
  login_required: 'Login required',
} as const;

export interface AuthorizeRedirectDetails {
  redirectUri: string;
  state?: string;
  responseMode?: 'query' | 'fragment';
}

/** 400 page with the real service's plain body. */
export function errorPage(message: 'Invalid request' | 'Request is missing parameters'): ServiceError {
  return new ServiceError(400, 'invalid_request', message);
}

export function errorRedirect(
  at: AuthorizeRedirectDetails,
  error: keyof typeof DESCRIPTIONS | string,
  description: string = (DESCRIPTIONS as Record<string, string>)[error] ?? error,
): ServiceError {
  return new ServiceError(302, error, description, { ...at });
}

export function isRedirectError(
  error: ServiceError,
): error is ServiceError & { details: AuthorizeRedirectDetails } {
  return typeof error.details.redirectUri === 'string';
}

/** Where an authorisation answer goes: the query, or the fragment for `response_mode=fragment`. */
export function redirectTo(
  uri: string,
  params: Record<string, string | undefined>,
  responseMode?: 'query' | 'fragment',
): string {
  const url = new URL(uri);
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) search.set(k, v);
  if (responseMode === 'fragment') url.hash = search.toString();
  else for (const [k, v] of search) url.searchParams.set(k, v);
  return url.toString();
}
