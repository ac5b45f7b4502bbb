/** Pay's error bodies and codes in core's terms: the only error knowledge that is Pay's own. */
import {
  type ApiErrorClass,
  type ApiErrorInit,
  ConflictError,
  type ErrorDescription,
  PreconditionFailedError,
} from '@council-sdk/core';

/** Pay's error body `{field?, header?, code, description}` in core's terms; `code` (P0xxx) is kept. */
export function describePayError(status: number, body: unknown): ErrorDescription {
  if (!body || typeof body !== 'object') {
    if (status === 401)
      return { message: 'Pay rejected the API key (401): check it is a current key for this account' };
    return typeof body === 'string' && body.length > 0 && body.length < 500 ? { message: body } : {};
  }
  const b = body as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const description = str(b.description);
  const where = str(b.field) ? ` (field ${str(b.field)})` : str(b.header) ? ` (header ${str(b.header)})` : '';
  return {
    message: description ? `${description}${where}` : undefined,
    code: str(b.code),
    errors: [b],
  };
}

/** The classes Pay's codes call for, whatever the status says. */
export function payErrorClass(init: ApiErrorInit): ApiErrorClass | undefined {
  switch (init.code) {
    case 'P0604': // refund_amount_available no longer matches
      return PreconditionFailedError;
    case 'P0191': // Idempotency-Key reused with a different body
    case 'P0502': // cancel: the payment is finished
    case 'P1003': // capture: the payment cannot be captured in its state
      return ConflictError;
    default:
      return undefined;
  }
}
