/**
 * @council-sdk/forms: receive and process GOV.UK Forms submissions (S3 files, emails, CSV and JSON).
 */
export * from '@council-sdk/core/errors';
export type { ClientOptions, RequestOptions } from '@council-sdk/core';
export { Paginated, type Page } from '@council-sdk/core';
export { FormDocumentClient, type FormDocumentClientOptions } from './client.js';
export {
  CSV_HEADERS,
  formatLondonTime,
  guardCsvValue,
  NAME_LABELS,
  NONE_OF_THE_ABOVE,
  unguardCsvValue,
} from './csv-conventions.js';
export { SubmissionParseError, type SubmissionFormat } from './errors.js';
export { parseCsvSubmissions, type ParseCsvOptions } from './parsers/csv.js';
export { type EmailAttachment, type EmailSubmission, parseEmailSubmission } from './parsers/email.js';
export { parseJsonSubmission } from './parsers/json.js';
export { generateSubmissionReference, isSubmissionReference, paymentLinkFor } from './references.js';
export { FormDocuments, type GetFormDocumentOptions } from './resources/form-documents.js';
export {
  CheckpointError,
  type CheckpointState,
  type CheckpointStore,
  FileCheckpointStore,
  MemoryCheckpointStore,
} from './s3/checkpoint.js';
export {
  compareSequencers,
  decodeS3EventKey,
  parseS3Event,
  S3EventError,
  type S3ObjectCreated,
} from './events/s3-event.js';
export {
  type EventSubmission,
  type FromEventOptions,
  type PendingSubmission,
  SubmissionsPendingError,
} from './s3/from-event.js';
export {
  type ClaimResult,
  FileIdempotencyStore,
  type IdempotencyStore,
  IdempotencyStoreError,
  MemoryIdempotencyStore,
} from './s3/idempotency.js';
export {
  parseSubmissionKey,
  type SubmissionFileFormat,
  type SubmissionKey,
  submissionKey,
} from './s3/keys.js';
export {
  type ListOptions,
  type ReceivedSubmission,
  type S3ClientLike,
  S3SubmissionSource,
  type S3SubmissionSourceOptions,
  type SubmissionFile,
  type SubmissionObject,
  type WatchedSubmission,
  type WatchOptions,
} from './s3/source.js';
export {
  ANSWER_TYPES,
  type AnswerSettings,
  type AnswerType,
  type DeliveryConfiguration,
  type FormDocument,
  type FormDocumentInput,
  FormDocumentSchema,
  type FormDocumentV2,
  FormDocumentV2Schema,
  AnswerSettingsSchema,
  DeliveryConfigurationSchema,
  RoutingConditionSchema,
  SelectionOptionSchema,
  StepDataSchema,
  StepSchema,
  isTrue,
  type RoutingCondition,
  type SelectionOption,
  type Step,
  type StepData,
} from './schemas/form-document.js';
export {
  type AnswerFields,
  type AnswerValue,
  type CsvAnswer,
  type CsvSubmission,
  type JsonAnswer,
  JsonAnswerSchema,
  type JsonSubmission,
  JsonSubmissionSchema,
  type Submission,
} from './schemas/submission.js';

/** This package's version. */
export const VERSION: string = __PKG_VERSION__;
