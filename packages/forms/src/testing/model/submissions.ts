/**
 * S3 delivery of a completed submission, as govuk-forms/forms-runner app/services/s3_submission_service.rb does it:
 * every uploaded file is copied into the submission's folder first ("so that processors can have automations run
 * when the CSV file arrives and the referenced files will already be present"), then exactly one
 * `form_submission.csv` or `form_submission.json` is put. Keys come from its `generate_key`:
 * `<form_submissions|test_form_submissions>/<form id>/<YYYYMMDDTHHMMSSZ>_<reference>/<file name>`.
 */
import type { Bucket } from './objects';

export type DeliveryFormat = 'json' | 'csv';

export interface SubmissionDeliveryInput {
  form_id: string;
  reference: string;
  submitted_at: Date;
  /** Submitted from a form preview: `test_form_submissions/`. */
  preview: boolean;
  format: DeliveryFormat;
  /** The submission file's content (forms-runner's JSON or CSV for S3). */
  content: string;
  /** Uploaded files, already named as forms-runner names them for S3. */
  files: Array<{ filename: string; content: Uint8Array; content_type: string }>;
  /** `files-first` (forms-runner), `submission-first` (to test a processor against the race) or `withhold-files`. */
  order?: 'files-first' | 'submission-first' | 'withhold-files' | undefined;
}

export interface SubmissionDeliveryResult {
  /** The submission file's key. */
  key: string;
  /** The folder, with a trailing slash. */
  folder: string;
  /** The uploaded files' keys, in the order written (empty when withheld). */
  file_keys: string[];
}

/** `strftime("%Y%m%dT%H%M%SZ")` of the submission time in UTC. */
function folderTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

export function submissionFolderKey(
  input: Pick<SubmissionDeliveryInput, 'form_id' | 'reference' | 'submitted_at' | 'preview'>,
): string {
  const root = input.preview ? 'test_form_submissions' : 'form_submissions';
  return `${root}/${input.form_id}/${folderTimestamp(input.submitted_at)}_${input.reference}/`;
}

/** Write the uploaded files of a submission into its folder (after a `withhold-files` delivery, or as part of one). */
export function deliverUploadedFiles(
  bucket: Bucket,
  input: Pick<SubmissionDeliveryInput, 'form_id' | 'reference' | 'submitted_at' | 'preview' | 'files'>,
): string[] {
  const folder = submissionFolderKey(input);
  return input.files.map((file) => {
    const key = `${folder}${file.filename}`;
    // No content type: forms-runner uploads the file to its own bucket without one and copies it across as it is
    // (app/services/question/file_upload_s3_service.rb `upload_to_s3`, s3_submission_service.rb `copy_file_to_bucket`),
    // so S3 keeps its default, binary/octet-stream.
    bucket.putObject({ key, body: file.content });
    return key;
  });
}

export function deliverSubmission(bucket: Bucket, input: SubmissionDeliveryInput): SubmissionDeliveryResult {
  const folder = submissionFolderKey(input);
  const key = `${folder}form_submission.${input.format}`;
  // No content type either (s3_submission_service.rb `upload_submission_to_s3` sends none): binary/octet-stream.
  const putSubmission = () => bucket.putObject({ key, body: input.content });
  let fileKeys: string[] = [];
  const order = input.order ?? 'files-first';
  if (order === 'withhold-files') putSubmission();
  else if (order === 'submission-first') {
    putSubmission();
    fileKeys = deliverUploadedFiles(bucket, input);
  } else {
    fileKeys = deliverUploadedFiles(bucket, input);
    putSubmission();
  }
  return { key, folder, file_keys: fileKeys };
}
