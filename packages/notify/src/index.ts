export { NotifyClient, type NotifyClientOptions, DEFAULT_BASE_URL } from './client.js';
export { parseApiKey, type ParsedApiKey } from './auth.js';
export { DailyLimitError, isDailyLimit, TooManyRequestsError } from './errors.js';
export { prepareUpload, MAX_UPLOAD_BYTES } from './upload.js';
export {
  Bulk,
  type BulkMessage,
  type BulkOptions,
  type BulkProgress,
  type BulkResult,
} from './bulk.js';
export {
  CallbackAuthenticationError,
  CallbackPayloadError,
  type CallbackKind,
  type Callbacks,
  callbacks,
  type ConstructCallbackOptions,
  constructCallbackEvent,
  constructEvent,
  detectCallbackKind,
  MAX_AUTHORIZATION_HEADER_LENGTH,
  MAX_CALLBACK_BODY_LENGTH,
  MIN_CALLBACK_TOKEN_LENGTH,
  type NotifyCallbackEvent,
  parseCallback,
  verifyCallbackToken,
} from './callbacks.js';
export {
  type CreateUnsubscribeUrlOptions,
  createUnsubscribeUrl,
  MIN_UNSUBSCRIBE_SECRET_LENGTH,
  ONE_CLICK_BODY,
  type UnsubscribeFailure,
  type UnsubscribeRequest,
  UnsubscribeRequestError,
  type VerifyUnsubscribeRequestInput,
  verifyUnsubscribeRequest,
} from './unsubscribe.js';
export type { CallOptions } from './resources/base.js';
export type { ClientOptions, RequestOptions } from '@council-sdk/core';
export type { SendPrecompiledLetterInput } from './resources/letters.js';
export { MAX_PRECOMPILED_BYTES } from './resources/letters.js';
// The resource classes are reached through the client (`notify.emails`), never constructed, so they are exported
// as types only: as aliases, because the declaration bundler turns `export type { AClass }` into a value export
// that the built module does not have (Swatinem/rollup-plugin-dts#161; tooling/scripts/pack-check.mjs checks it).
export type Emails = import('./resources/emails.js').Emails;
export type Letters = import('./resources/letters.js').Letters;
export type Notifications = import('./resources/notifications.js').Notifications;
export type ReceivedTexts = import('./resources/received-texts.js').ReceivedTexts;
export type Sms = import('./resources/sms.js').Sms;
export type Templates = import('./resources/templates.js').Templates;
export * from './schemas/callbacks.js';
export * from './schemas/common.js';
export * from './schemas/notifications.js';
export * from './schemas/received-texts.js';
export * from './schemas/templates.js';
export * from './schemas/upload.js';
export * from '@council-sdk/core/errors';
export { Paginated, type Page } from '@council-sdk/core';

/** This package's version. */
export const VERSION: string = __PKG_VERSION__;
