export { NotifyClient, type NotifyClientOptions, DEFAULT_BASE_URL } from './client.js';
export { parseApiKey, type ParsedApiKey, TokenSigner } from './auth.js';
export { TooManyRequestsError, isDailyLimit } from './errors.js';
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
  type ConstructCallbackOptions,
  constructCallbackEvent,
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
export type { Emails } from './resources/emails.js';
export type { Letters, SendPrecompiledLetterInput } from './resources/letters.js';
export { MAX_PRECOMPILED_BYTES } from './resources/letters.js';
export type { Notifications } from './resources/notifications.js';
export type { ReceivedTexts } from './resources/received-texts.js';
export type { Sms } from './resources/sms.js';
export type { Templates } from './resources/templates.js';
export * from './schemas/callbacks.js';
export * from './schemas/common.js';
export * from './schemas/notifications.js';
export * from './schemas/received-texts.js';
export * from './schemas/templates.js';
export * from './schemas/upload.js';
export * from '@council-sdk/core/errors';
export { Paginated, type Page } from '@council-sdk/core';
