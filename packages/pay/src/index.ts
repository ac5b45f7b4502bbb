export { PAY_BASE_URL } from './constants.js';
export { PayClient, type PayClientOptions } from './client.js';
export type { CallOptions } from './resources/shared.js';
export type { ClientOptions, RequestOptions } from '@council-sdk/core';
export type { CreatePaymentOptions } from './resources/payments.js';
// The resource classes are reached through the client (`pay.payments`), never constructed, so they are exported
// as types only: as aliases, because the declaration bundler turns `export type { AClass }` into a value export
// that the built module does not have (Swatinem/rollup-plugin-dts#161; tooling/scripts/pack-check.mjs checks it).
export type Payments = import('./resources/payments.js').Payments;
export type Agreements = import('./resources/agreements.js').Agreements;
export type Disputes = import('./resources/disputes.js').Disputes;
export type Moto = import('./resources/moto.js').Moto;
export type Refunds = import('./resources/refunds.js').Refunds;
export { MOTO_MIN_TIMEOUT_MS } from './resources/moto.js';
export * from './schemas/index.js';
export * from './helpers.js';
export {
  PAYMENT_LINK_MAX_AMOUNT,
  PAYMENT_LINK_MAX_REFERENCE_LENGTH,
  type PaymentLinkPrefill,
  paymentLinkUrl,
} from './payment-links/payment-link-url.js';
export {
  computeSignature,
  constructEvent,
  generateTestHeaderString,
  isKnownEventType,
  MAX_SIGNATURE_HEADER_LENGTH,
  type RawBody,
  SIGNATURE_HEADER,
  verifySignature,
  WebhookPayloadError,
  WebhookSignatureError,
  type WebhookSignatureFailure,
  type Webhooks,
  webhooks,
} from './webhooks.js';
export * from '@council-sdk/core/errors';
export { Paginated, type Page } from '@council-sdk/core';

/** This package's version. */
export const VERSION: string = __PKG_VERSION__;
