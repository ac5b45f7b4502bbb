import { S3Client } from '@aws-sdk/client-s3';
import { S3SubmissionSource } from '@council-sdk/forms';
import type { Config } from '../config.js';
import type { FormsService } from './ports.js';

/** GOV.UK Forms submissions delivered to the council's S3 bucket, through @council-sdk/forms. */
export function createFormsService(config: Config): FormsService {
  const s3Client = new S3Client({
    region: config.S3_REGION,
    // Path-style addressing works with both AWS and the sandbox's S3.
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: true,
    ...(config.AWS_ACCESS_KEY_ID && config.AWS_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: config.AWS_ACCESS_KEY_ID,
            secretAccessKey: config.AWS_SECRET_ACCESS_KEY,
          },
        }
      : {}),
  });
  const source = new S3SubmissionSource({ bucket: config.S3_BUCKET, region: config.S3_REGION, s3Client });

  return {
    async ingest({ formId, checkpoint, handle, signal }) {
      for await (const item of source.watch({
        formId,
        checkpoint,
        once: true,
        ...(signal ? { signal } : {}),
        onParseError: (err, key) => {
          // A file we cannot read must not block the rest; it stays in the bucket for a person to look at.
          console.error(
            JSON.stringify({ level: 'error', message: 'unreadable Forms submission', key, err: err.message }),
          );
        },
      })) {
        const s = item.submission;
        await handle({
          key: item.key,
          form_id: formId,
          // CSV files carry no form name; the seeded form is the missed-bin report.
          form_name: s.form_name ?? 'Report a missed bin collection',
          submission_reference: s.submission_reference,
          submitted_at: s.submitted_at.toISOString(),
          language: s.language,
          answers: s.answers.map((a) => ({ question_text: a.question_text, answer_text: a.answer_text })),
        });
        await item.ack();
      }
    },
  };
}
