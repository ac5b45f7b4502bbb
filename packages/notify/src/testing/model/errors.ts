/**
 * The refusals the fake's model throws, in notifications-api's terms (`app/v2/errors.py`, `app/errors.py`):
 * the wire layer writes each as `{status_code, errors: [{error, message}]}`.
 */
import { ServiceError } from '@council-sdk/core/testing';

export interface NotifyErrorItem {
  error: string;
  message: string;
}

/** One ServiceError per response; `details.errors` holds every item when a schema check finds several. */
export function notifyError(status: number, error: string, message: string): ServiceError {
  return new ServiceError(status, error, message, { errors: [{ error, message }] });
}

export const badRequest = (message: string, status = 400) => notifyError(status, 'BadRequestError', message);

export const authError = (status: number, message: string) => notifyError(status, 'AuthError', message);

export const notFound = () => notifyError(404, 'NoResultFound', 'No result found');

/** A JSON-schema failure: one `ValidationError` item per message (`app/schema_validation/__init__.py`). */
export function validationError(messages: string[]): ServiceError {
  const errors = messages.map((message) => ({ error: 'ValidationError', message }));
  return new ServiceError(400, 'ValidationError', messages[0] ?? '', { errors });
}

/** The items of a ServiceError's body. */
export function errorItems(error: ServiceError): NotifyErrorItem[] {
  const items = error.details.errors;
  return Array.isArray(items)
    ? (items as NotifyErrorItem[])
    : [{ error: error.code, message: error.message }];
}
