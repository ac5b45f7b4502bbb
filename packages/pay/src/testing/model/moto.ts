/**
 * `POST /v1/auth`: card details for a `moto_api` payment, authorised by its `one_time_token` (no API key).
 * Body rules: alphagov/pay-publicapi model/AuthorisationRequest.java (bean constraints: 422, P0101 when missing);
 * answers: exception/mapper/AuthorisationRequestExceptionMapper.java; connector checks:
 * alphagov/pay-connector token/TokenService.java, charge/service/motoapi/MotoApiCardNumberValidationService.java and
 * the motoapi exceptions.
 */
import type { PayContext } from './context.js';
import { invalid, missing, payError } from './errors.js';
import { authoriseCard } from './journey.js';
import { brandOf, passesLuhn } from './cards.js';

type Json = Record<string, unknown>;

const FIELDS = [
  ['one_time_token', 'blank'],
  ['card_number', 'null'],
  ['cvc', 'null'],
  ['expiry_date', 'null'],
  ['cardholder_name', 'blank'],
] as const;

/** Jackson reads a number or boolean into a String field as its text; an object or array is a type error. */
function text(body: Json, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw invalid(422, field, 'Must be a valid String format');
}

function parse(body: unknown): Record<(typeof FIELDS)[number][0], string> {
  const node = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Json) : {};
  const out = {} as Record<(typeof FIELDS)[number][0], string>;
  for (const [field, rule] of FIELDS) {
    const value = text(node, field);
    // @NotNull / @NotBlank: ViolationExceptionMapper answers 422 with the "missing" code.
    if (value === undefined || (rule === 'blank' && value.trim() === '')) {
      const error = missing(field);
      throw payError(422, error.code, error.message, { field });
    }
    out[field] = value;
  }
  const size = (field: string, ok: boolean, detail: string) => {
    if (!ok) throw invalid(422, field, detail);
  };
  size(
    'card_number',
    out.card_number.length >= 12 && out.card_number.length <= 19,
    'Must be between 12 and 19 characters long',
  );
  size('cvc', out.cvc.length >= 3 && out.cvc.length <= 4, 'Must be between 3 and 4 characters long');
  size('expiry_date', out.expiry_date.length === 5, 'Must be a valid date with the format MM/YY');
  size(
    'cardholder_name',
    out.cardholder_name.length <= 255,
    'Must be less than or equal to 255 characters long',
  );
  return out;
}

/** POST /v1/auth. Resolves on 204; throws Pay's answer otherwise. */
export function authoriseMoto(ctx: PayContext, body: unknown): void {
  const request = parse(body);
  const token = ctx.state.oneTimeTokens[request.one_time_token];
  if (!token) throw payError(400, 'P1211', 'The one_time_token is not valid');
  if (token.used) throw payError(400, 'P1212', 'The one_time_token has already been used');
  token.used = true;
  const p = ctx.record(token.payment_id);
  if (p.charge_status !== 'CREATED') throw payError(400, 'P1212', 'The one_time_token has already been used');
  const number = request.card_number.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(number) || !passesLuhn(number) || brandOf(number).brandSlug === 'maestro') {
    throw payError(402, 'P0010', 'The card_number is not a valid card number');
  }
  if (!/^(0[1-9]|1[0-2])\/\d{2}$/.test(request.expiry_date)) {
    throw payError(
      422,
      'P0102',
      'Invalid attribute value: expiry_date. Must be a valid date with the format MM/YY',
    );
  }
  if (!/^\d{3,4}$/.test(request.cvc)) {
    throw payError(422, 'P0102', 'Invalid attribute value: cvc. Must contain numbers only');
  }
  authoriseCard(ctx, p, {
    card_number: number,
    expiry_date: request.expiry_date,
    cvc: request.cvc,
    cardholder_name: request.cardholder_name,
  });
  if (p.status === 'failed') throw payError(402, 'P0010', 'The payment was rejected');
  if (p.status === 'error') throw payError(500, 'P0050', 'There was an error authorising the payment');
}
