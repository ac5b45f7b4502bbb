import { S3Client } from '@aws-sdk/client-s3';
import { S3SubmissionSource } from '@council-sdk/forms';
import type { Config } from '../config.js';
import type { FormSubmission, FormsService } from './ports.js';

/** GOV.UK Forms submissions delivered to the council's S3 bucket, through @council-sdk/forms. */
export function createFormsService(config: Config): FormsService {
  const s3Client = new S3Client({
    region: config.S3_REGION,
    ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT, forcePathStyle: true } : {}),
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
    async poll({ formId, checkpoint, signal }) {
      const submissions: FormSubmission[] = [];
      let last = checkpoint;
      for await (const item of source.list({ formId, ...(checkpoint ? { after: checkpoint } : {}) })) {
        if (signal?.aborted) break;
        const { submission } = await source.get(item.key);
        submissions.push({
          key: item.key,
          form_id: formId,
          form_name: submission.form_name ?? 'Report a missed bin collection',
          submission_reference: submission.submission_reference,
          submitted_at: submission.submitted_at.toISOString(),
          answers: submission.answers.map((a) => ({
            question_text: a.question_text,
            answer_text: a.answer_text,
          })),
        });
        last = item.key;
      }
      return { submissions, checkpoint: last };
    },
  };
}
