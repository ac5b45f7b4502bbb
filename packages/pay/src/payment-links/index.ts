// `@council-sdk/pay/payment-links`: prefilled payment links alone, for code that needs nothing else of Pay.
export {
  PAYMENT_LINK_MAX_AMOUNT,
  PAYMENT_LINK_MAX_REFERENCE_LENGTH,
  type PaymentLinkPrefill,
  paymentLinkUrl,
} from './payment-link-url.js';
