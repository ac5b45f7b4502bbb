/**
 * The submission email GOV.UK Forms sends through AWS SES, composed by a real MIME library (nodemailer's
 * MailComposer) so parsers meet what a mail server would deliver.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import { ZERO_WIDTH_SPACE } from '../parsers/email';
import type { BuiltSubmission } from './build';

export const FORMS_SENDER = 'GOV.UK Forms <no-reply@forms.service.gov.uk>';

export interface BuildEmailOptions {
  /** The attachments the form's email delivery is set to send (default: none, the answers are in the body). */
  formats?: ReadonlyArray<'csv' | 'json'>;
  /** Default: the form's `submission_email`, or `submissions@example.gov.uk`. */
  to?: string;
}

export interface BuiltEmail {
  /** `<REF>.eml` */
  filename: string;
  subject: string;
  /** The RFC 5322 message, as an `.eml` file holds it. */
  content: Buffer;
}

/** "GOV.UK" with a zero-width space after the dot, which stops mail clients turning it into a link. */
const GOVUK = `GOV.${ZERO_WIDTH_SPACE}UK`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function buildEmail(
  built: BuiltSubmission,
  options: BuildEmailOptions = {},
): Promise<BuiltEmail> {
  const formats = options.formats ?? [];
  const to = options.to ?? built.form.submission_email ?? 'submissions@example.gov.uk';
  // The body lists the steps on the user's route only (SesEmailFormatter takes `journey.completed_steps`).
  const lines: Array<[string, string]> = built.rendered
    .filter((answer) => answer.visited)
    .map((answer) => {
      const texts = answer.values.map((v, i) =>
        answer.answer_type === 'file' && v.answer_text !== ''
          ? `File attached: ${built.files[answer.fileIndexes[i] as number]?.email_filename ?? ''}`
          : v.answer_text,
      );
      const text = answer.repeatable ? texts.map((t, i) => `${i + 1}. ${t}`).join('\n\n') : (texts[0] ?? '');
      return [answer.question_text, text === '' ? '[This question was skipped]' : text];
    });
  const intro = `${built.preview ? 'This is a test submission from a preview of' : 'Submission to'} the form “${built.form_name}”.`;
  const footer = `${GOVUK} Forms reference number: ${built.reference}`;
  const submitted = `This form was submitted at ${built.submitted_at.toISOString()}`;
  // SesEmailFormatter: question, blank line, answer; sections separated by a rule (`---` in plain text).
  const answers = lines.map(([q, a]) => `${q}\n\n${a}`).join('\n\n---\n\n');
  const text = [intro, answers, '---', footer, submitted].join('\n\n');
  const rule = '<hr style="border: 0; height: 1px; background: #B1B4B6; Margin: 30px 0 30px 0;">';
  const html = [
    `<p>${escapeHtml(intro)}</p>`,
    lines
      .map(([q, a]) => `<h3>${escapeHtml(q)}</h3><p>${escapeHtml(a).replace(/\n/g, '<br/>')}</p>`)
      .join(rule),
    rule,
    `<p>${escapeHtml(footer)}</p>`,
    `<p>${escapeHtml(submitted)}</p>`,
  ].join('\n');
  const attachments = [
    ...built.files.map((f) => ({
      filename: f.email_filename,
      content: Buffer.from(f.content),
      contentType: f.content_type,
    })),
    ...(formats.includes('csv')
      ? [{ filename: built.email.csv.filename, content: built.email.csv.content, contentType: 'text/csv' }]
      : []),
    ...(formats.includes('json')
      ? [
          {
            filename: built.email.json.filename,
            content: built.email.json.content,
            contentType: 'application/json',
          },
        ]
      : []),
  ];
  const composer = new MailComposer({
    from: FORMS_SENDER,
    to,
    subject: built.email.subject,
    date: built.submitted_at,
    messageId: `<${built.reference}.${built.submitted_at.getTime()}@forms.service.gov.uk>`,
    text,
    html,
    attachments,
  });
  const content = await composer.compile().build();
  return { filename: `${built.reference}.eml`, subject: built.email.subject, content };
}
