import { issuesOf } from '@council-sdk/core';
import { SubmissionParseError } from '../errors.js';
import { type JsonAnswer, type JsonSubmission, JsonSubmissionSchema } from '../schemas/submission.js';
import { decodeText } from './text.js';

/**
 * Parse a JSON submission (an S3 `form_submission.json`, or the `.json` attachment of a submission email).
 * Accepts the file's text or bytes, or an already-parsed object. Validates the v1 schema's rules, keeps
 * every field the runner adds beyond them, and gives `submitted_at` as a Date (the raw string is kept in
 * `submitted_at_raw`). Throws `SubmissionParseError` for anything else.
 */
export function parseJsonSubmission(input: unknown, options: { source?: string } = {}): JsonSubmission {
  let data: unknown = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const text = decodeText(input, 'json', options.source);
    try {
      data = JSON.parse(text);
    } catch {
      // The SyntaxError's message quotes the input; it stays out of the error.
      throw new SubmissionParseError('json', [{ path: '', message: 'is not valid JSON' }], options);
    }
  }
  const result = JsonSubmissionSchema.safeParse(data);
  if (!result.success) throw new SubmissionParseError('json', issuesOf(result.error), options);
  const parsed = result.data;
  const submittedAt = new Date(parsed.submitted_at);
  if (Number.isNaN(submittedAt.getTime())) {
    throw new SubmissionParseError(
      'json',
      [{ path: 'submitted_at', message: 'is not a real date and time' }],
      options,
    );
  }
  const { form_name, form_id, form_version, submission_reference, submitted_at, language, answers } = parsed;
  const submission: JsonSubmission = {
    format: 'json',
    form_name,
    submission_reference,
    submitted_at: submittedAt,
    submitted_at_raw: submitted_at,
    answers: answers as JsonAnswer[],
    raw: data as Record<string, unknown>,
  };
  if (form_id !== undefined) submission.form_id = form_id;
  if (form_version !== undefined) submission.form_version = form_version;
  if (language !== undefined) submission.language = language;
  return submission;
}
