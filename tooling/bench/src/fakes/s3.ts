// The fake S3 bucket GOV.UK Forms delivers to, seeded with many submission files for the paging benchmark.
import { submissionKey } from '@council-sdk/forms';
import { createS3Fake } from '@council-sdk/forms/testing';
import type { SetupFn } from '../harness/fake-setup.js';

export const setup: SetupFn = async ({ origin }) => {
  const fake = createS3Fake({ baseUrl: origin });
  return {
    handlers: fake.handlers,
    info: { ...fake.clientConfig(), bucket: fake.bucket },
    commands: {
      /** `count` submission files over `forms` forms, one second apart, plus an uploaded file every tenth one. */
      seed: (count: number, forms: number) => {
        const start = Date.UTC(2026, 0, 1);
        const body = '{}';
        for (let i = 0; i < count; i++) {
          const formId = String(1000 + (i % forms));
          const key = submissionKey({
            formId,
            submittedAt: new Date(start + i * 1000),
            reference: `R${String(i).padStart(7, '0')}`.slice(0, 8).toUpperCase(),
            format: 'json',
          });
          fake.put(key, body, { content_type: 'application/json' });
          if (i % 10 === 0) fake.put(key.replace('form_submission.json', 'photo.jpg'), 'x');
        }
        return fake.objects().length;
      },
    },
  };
};
