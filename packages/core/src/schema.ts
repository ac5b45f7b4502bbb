/**
 * zod at the edges: requests are validated strictly before anything is sent, responses are parsed
 * leniently (response schemas use `z.looseObject`, so fields the service adds later pass through).
 */
import type { z } from 'zod';
import { type ErrorIssue, ResponseValidationError, ValidationError } from './errors';
import { redactValue } from './redact';

/** `['personalisation', 'name']` -> `personalisation.name`; `[2, 'amount']` -> `[2].amount`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

export function issuesOf(error: z.ZodError): ErrorIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

/**
 * Validate a request before sending it. Throws `ValidationError` listing every bad field (never the
 * values: a field can hold a secret or personal data).
 */
export function validateRequest<S extends z.ZodType>(schema: S, input: unknown, label?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success)
    throw new ValidationError(issuesOf(result.error), label ? `Invalid ${label}` : undefined);
  return result.data;
}

/** Parse a response body. Throws `ResponseValidationError` carrying the raw (redacted) body. */
export function parseResponse<S extends z.ZodType>(
  schema: S,
  data: unknown,
  context?: string,
  secrets: readonly string[] = [],
): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success)
    throw new ResponseValidationError(issuesOf(result.error), redactValue(data, secrets), context);
  return result.data;
}
