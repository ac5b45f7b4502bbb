/**
 * The S3 key layout forms-runner writes (S3SubmissionService#generate_key):
 * `form_submissions/<form_id>/<YYYYMMDDTHHMMSSZ>_<REF>/form_submission.csv|json`, previews under
 * `test_form_submissions/`, and uploaded files in the same folder under their own names.
 */

export type SubmissionFileFormat = 'json' | 'csv';

export interface SubmissionKey {
  key: string;
  form_id: string;
  reference: string;
  /** From the key: the submission time to the second (UTC). */
  submitted_at: Date;
  format: SubmissionFileFormat;
  /** Submitted from a form preview (`test_form_submissions/`). */
  preview: boolean;
  /** The folder holding the submission and its uploaded files, with a trailing slash. */
  folder: string;
}

export const LIVE_FOLDER = 'form_submissions/';
/** S3's limit on a key, in bytes. */
export const MAX_S3_KEY_LENGTH = 1024;
export const PREVIEW_FOLDER = 'test_form_submissions/';

const KEY =
  /^(test_)?form_submissions\/([^/]+)\/(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z_([^/]+)\/form_submission\.(json|csv)$/;

/** `20220914T070000Z`: the timestamp in a submission folder name. */
export function formatKeyTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

export function submissionFolder(options: {
  formId: string;
  submittedAt: Date;
  reference: string;
  preview?: boolean;
  prefix?: string;
}): string {
  const root = options.preview ? PREVIEW_FOLDER : LIVE_FOLDER;
  return `${options.prefix ?? ''}${root}${options.formId}/${formatKeyTimestamp(options.submittedAt)}_${options.reference}/`;
}

export function submissionKey(options: {
  formId: string;
  submittedAt: Date;
  reference: string;
  format: SubmissionFileFormat;
  preview?: boolean;
  prefix?: string;
}): string {
  return `${submissionFolder(options)}form_submission.${options.format}`;
}

/** Read a key; undefined for anything that is not a submission file (uploaded files, other objects). */
export function parseSubmissionKey(key: string, prefix = ''): SubmissionKey | undefined {
  // S3 keys are at most 1,024 bytes (and never fewer bytes than UTF-16 units): anything longer is not a key.
  if (typeof key !== 'string' || key.length > MAX_S3_KEY_LENGTH) return undefined;
  if (!key.startsWith(prefix)) return undefined;
  const m = KEY.exec(key.slice(prefix.length));
  if (!m) return undefined;
  const [, test, formId, y, mo, d, h, mi, s, reference, format] = m as unknown as string[];
  const submitted_at = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!));
  if (Number.isNaN(submitted_at.getTime())) return undefined;
  return {
    key,
    form_id: formId as string,
    reference: reference as string,
    submitted_at,
    format: format as SubmissionFileFormat,
    preview: test === 'test_',
    folder: key.slice(0, key.lastIndexOf('/') + 1),
  };
}
