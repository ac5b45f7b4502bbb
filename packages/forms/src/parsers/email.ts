import type { AddressObject, simpleParser as SimpleParser } from 'mailparser';
import { SubmissionParseError } from '../errors.js';
import { isSubmissionReference } from '../references.js';
import type { CsvSubmission, JsonSubmission, Submission } from '../schemas/submission.js';
import { parseCsvSubmissions } from './csv.js';
import { parseJsonSubmission } from './json.js';

export const ZERO_WIDTH_SPACE = '\u200B';

/** `Form submission: <form name> - reference: <REF>`; previews start `TEST FORM SUBMISSION:`. */
const SUBJECT = /^(Form submission|TEST FORM SUBMISSION): ([\s\S]*) - reference: ([A-Z0-9]+)$/;
const BODY_REFERENCE = /GOV\.UK Forms reference number: ([A-Z0-9]{8})/;

export interface EmailAttachment {
  filename: string | undefined;
  content_type: string;
  content: Buffer;
}

export interface EmailSubmission {
  subject: string;
  form_name: string;
  submission_reference: string;
  /** A submission from a form preview (`TEST FORM SUBMISSION`). */
  preview: boolean;
  from: string | undefined;
  /** The email's Date header. */
  date: Date | undefined;
  /** The submission read from the JSON attachment if there is one, else the CSV attachment. */
  submission: Submission | undefined;
  json: JsonSubmission | undefined;
  csv: CsvSubmission | undefined;
  /** Uploaded files (`<name>_<REF>.<ext>`): every attachment other than the submission CSV/JSON. */
  files: EmailAttachment[];
  /** The plain-text body, zero-width spaces removed. */
  text: string;
}

function addressText(value: AddressObject | AddressObject[] | undefined): string | undefined {
  if (!value) return undefined;
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');
}

/**
 * Parse a submission email as delivered (`.eml`: the raw RFC 5322 message) with mailparser: the subject's
 * form name and reference, and the CSV/JSON attachments parsed into a submission. Throws
 * `SubmissionParseError` when the message is not a GOV.UK Forms submission email, or an attachment is not
 * a valid submission.
 */
export async function parseEmailSubmission(
  eml: string | Uint8Array,
  options: { source?: string } = {},
): Promise<EmailSubmission> {
  if (typeof eml !== 'string' && !(eml instanceof Uint8Array)) {
    throw new SubmissionParseError(
      'email',
      [{ path: '', message: 'expected the raw message as text or bytes' }],
      options,
    );
  }
  let mail: Awaited<ReturnType<typeof SimpleParser>>;
  // Loaded on first use: most users never parse email, and the MIME stack is the heaviest part of the package.
  const simpleParser = await loadSimpleParser();
  try {
    mail = await simpleParser(typeof eml === 'string' ? eml : Buffer.from(eml), {
      skipHtmlToText: true,
      skipTextLinks: true,
      skipImageLinks: true,
    });
  } catch {
    throw new SubmissionParseError('email', [{ path: '', message: 'is not a MIME message' }], options);
  }
  const subject = (mail.subject ?? '').replaceAll(ZERO_WIDTH_SPACE, '').trim();
  const match = SUBJECT.exec(subject);
  if (!match) {
    throw new SubmissionParseError(
      'email',
      [{ path: 'subject', message: 'is not "Form submission: <form name> - reference: <REF>"' }],
      options,
    );
  }
  const text = (mail.text ?? '').replaceAll(ZERO_WIDTH_SPACE, '');
  const reference = match[3] as string;
  const bodyReference = BODY_REFERENCE.exec(text)?.[1];
  const issues = [];
  if (!isSubmissionReference(reference))
    issues.push({ path: 'subject', message: 'has no valid submission reference' });
  if (bodyReference !== undefined && bodyReference !== reference) {
    issues.push({ path: 'text', message: 'names a different reference from the subject' });
  }
  if (issues.length > 0) throw new SubmissionParseError('email', issues, options);

  let json: JsonSubmission | undefined;
  let csv: CsvSubmission | undefined;
  const files: EmailAttachment[] = [];
  for (const attachment of mail.attachments) {
    const filename = attachment.filename;
    const lower = filename?.toLowerCase() ?? '';
    const source = filename ?? 'attachment';
    const isSubmissionFile = lower.startsWith('govuk_forms_') || lower.startsWith('test_govuk_forms_');
    if (isSubmissionFile && lower.endsWith('.json') && !json) {
      json = parseJsonSubmission(attachment.content, { source });
    } else if (isSubmissionFile && lower.endsWith('.csv') && !csv) {
      const rows = parseCsvSubmissions(attachment.content, { source });
      csv = rows.find((r) => r.submission_reference === reference) ?? rows[0];
    } else {
      files.push({ filename, content_type: attachment.contentType, content: attachment.content });
    }
  }
  return {
    subject,
    form_name: match[2] as string,
    submission_reference: reference,
    preview: match[1] === 'TEST FORM SUBMISSION',
    from: addressText(mail.from),
    date: mail.date,
    submission: json ?? csv,
    json,
    csv,
    files,
    text,
  };
}

let simpleParserPromise: Promise<typeof SimpleParser> | undefined;
function loadSimpleParser(): Promise<typeof SimpleParser> {
  simpleParserPromise ??= import('mailparser').then(
    (mod) =>
      mod.simpleParser ??
      (mod as unknown as { default: { simpleParser: typeof SimpleParser } }).default.simpleParser,
  );
  return simpleParserPromise;
}
