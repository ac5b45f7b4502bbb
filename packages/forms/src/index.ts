/**
 * @council-sdk/forms: receive and process GOV.UK Forms submissions (S3 files, emails, CSV and JSON).
 */
export * from '@council-sdk/core/errors';
export { FormDocumentClient, type FormDocumentClientOptions } from './client';
export {
  CSV_HEADERS,
  formatLondonTime,
  guardCsvValue,
  NAME_LABELS,
  NONE_OF_THE_ABOVE,
  unguardCsvValue,
} from './csv-conventions';
export { SubmissionParseError, type SubmissionFormat } from './errors';
export { parseCsvSubmissions, type ParseCsvOptions } from './parsers/csv';
export { type EmailAttachment, type EmailSubmission, parseEmailSubmission } from './parsers/email';
export { parseJsonSubmission } from './parsers/json';
export { generateSubmissionReference, isSubmissionReference, paymentLinkFor } from './references';
export { FormDocuments, type GetFormDocumentOptions } from './resources/form-documents';
export {
  CheckpointError,
  type CheckpointState,
  type CheckpointStore,
  FileCheckpointStore,
  MemoryCheckpointStore,
} from './s3/checkpoint';
export {
  compareSequencers,
  decodeS3EventKey,
  parseS3Event,
  S3EventError,
  type S3ObjectCreated,
} from './events/s3-event';
export {
  type EventSubmission,
  type FromEventOptions,
  type PendingSubmission,
  SubmissionsPendingError,
} from './s3/from-event';
export {
  type ClaimResult,
  FileIdempotencyStore,
  type IdempotencyStore,
  IdempotencyStoreError,
  MemoryIdempotencyStore,
} from './s3/idempotency';
export { parseSubmissionKey, type SubmissionFileFormat, type SubmissionKey, submissionKey } from './s3/keys';
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
} from './s3/source';
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
} from './schemas/form-document';
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
} from './schemas/submission';

/** This package's version. */
export const VERSION: string = __PKG_VERSION__;
