/**
 * Pay's refusals as the kernel's `ServiceError`: `code` is Pay's error code, the message is Pay's `description`,
 * and `details` carries the `field` or `header` it names. The wire layer writes them as Pay's
 * `{field?, header?, code, description}` body (alphagov/pay-publicapi model/RequestError.java).
 */
import { ServiceError } from '@council-sdk/core/testing';

export function payError(
  status: number,
  code: string,
  description: string,
  where: { field?: string; header?: string } = {},
): ServiceError {
  return new ServiceError(status, code, description, { ...where });
}

/** `Missing mandatory attribute: <field>` (P0101, or the resource's own code), 400. */
export const missing = (field: string, code = 'P0101') =>
  payError(400, code, `Missing mandatory attribute: ${field}`, { field });

/** `Invalid attribute value: <field>. <detail>` (P0102, or the resource's own code). */
export const invalid = (status: 400 | 422, field: string, detail: string, code = 'P0102') =>
  payError(status, code, `Invalid attribute value: ${field}. ${detail}`, { field });

/** Not found, in the operation's own code (P0200 get payment, P0500 cancel, P1000 capture...). */
export const notFound = (code: string) => payError(404, code, 'Not found');
