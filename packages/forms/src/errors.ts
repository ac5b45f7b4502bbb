/**
 * Parse errors. Everything the parsers throw is one of these (or core's ValidationError for bad
 * arguments), so a caller can write one `catch (e) { if (e instanceof SubmissionParseError) ... }`.
 */
import { CouncilSdkError, type ErrorIssue } from '@council-sdk/core';

export type SubmissionFormat = 'json' | 'csv' | 'email' | 's3';

/**
 * A submission file (JSON, CSV, email or S3 object) could not be read as a GOV.UK Forms submission.
 * `issues` names what is wrong (paths like `answers[2].question_id`, or `row 3`); values are never echoed,
 * because they are members of the public's personal data.
 */
export class SubmissionParseError extends CouncilSdkError {
  static override readonly brand: string = 'forms.SubmissionParseError';
  readonly format: SubmissionFormat;
  readonly issues: readonly ErrorIssue[];
  /** The S3 key or file name, when known. */
  readonly source: string | undefined;

  constructor(
    format: SubmissionFormat,
    issues: readonly ErrorIssue[],
    options: { source?: string; cause?: unknown } = {},
  ) {
    const summary = issues
      .slice(0, 5)
      .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
      .join('; ');
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
    super(
      `Invalid GOV.UK Forms ${format} submission${options.source ? ` (${options.source})` : ''}: ${summary}${more}`,
      { cause: options.cause },
    );
    this.format = format;
    this.issues = issues;
    this.source = options.source;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), format: this.format, issues: this.issues, source: this.source };
  }
}
