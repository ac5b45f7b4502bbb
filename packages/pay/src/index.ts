export { PAY_BASE_URL } from './constants.js';
export { PayClient, type PayClientOptions, describePayError, payErrorClass } from './client.js';
export type { CallOptions } from './resources/shared.js';
export type { CreatePaymentOptions, Payments } from './resources/payments.js';
export type { Agreements } from './resources/agreements.js';
export type { Disputes } from './resources/disputes.js';
export type { Moto } from './resources/moto.js';
export type { Refunds } from './resources/refunds.js';
export { MOTO_MIN_TIMEOUT_MS } from './resources/moto.js';
export * from './schemas/index.js';
export * from './helpers.js';
export {
  PAYMENT_LINK_MAX_AMOUNT,
  PAYMENT_LINK_MAX_REFERENCE_LENGTH,
  type PaymentLinkPrefill,
  paymentLinkUrl,
} from './payment-links/index.js';
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
