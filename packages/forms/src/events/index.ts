/**
 * `@council-sdk/forms/events`: read S3 notifications (direct, SQS, SNS, EventBridge) without loading the rest of
 * the package, so a Lambda function that routes events starts fast. Nothing here imports the AWS SDK or zod.
 */
export {
  compareSequencers,
  decodeS3EventKey,
  parseS3Event,
  S3EventError,
  type S3ObjectCreated,
} from './s3-event.js';
export { parseSubmissionKey, type SubmissionFileFormat, type SubmissionKey } from '../s3/keys.js';
