/**
 * zod at the edges: requests are validated strictly before anything is sent, responses are parsed
 * leniently (response schemas use `z.looseObject`, so fields the service adds later pass through).
 */
import type { z } from 'zod';
import { type ErrorIssue, ResponseValidationError, ValidationError } from './errors.js';
import { redact, redactValue, shapeOf } from './redact.js';

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

export interface ParseResponseOptions {
  /** Strings scrubbed (in every encoding) from the error. `HttpClient#parse` passes the client's own. */
  secrets?: readonly string[];
  /**
   * Keep the (redacted) body in the error instead of its shape. Off by default: response bodies carry personal
   * data (names, addresses, passport numbers) that must not reach logs.
   */
  keepBody?: boolean;
}

/**
 * Parse a response body. Throws `ResponseValidationError` naming the broken fields and carrying the body's shape
 * (keys and types, no values) unless `keepBody` asks for the redacted body. Prefer `HttpClient#parse`, which knows
 * the client's secrets.
 */
export function parseResponse<S extends z.ZodType>(
  schema: S,
  data: unknown,
  context?: string,
  options: ParseResponseOptions | readonly string[] = {},
): z.output<S> {
  const { secrets = [], keepBody = false } = Array.isArray(options)
    ? { secrets: options as readonly string[] }
    : (options as ParseResponseOptions);
  const result = schema.safeParse(data);
  if (!result.success) {
    const issues = issuesOf(result.error).map((i) => ({
      path: redact(i.path, secrets),
      message: redact(i.message, secrets),
    }));
    const body = keepBody ? redactValue(data, secrets) : shapeOf(data, secrets);
    throw new ResponseValidationError(issues, body, context);
  }
  return result.data;
}
