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
      seed: (count: number, forms: number, sorted = true) => {
        const start = Date.UTC(2026, 0, 1);
        const keys: string[] = [];
        for (let i = 0; i < count; i++) {
          const key = submissionKey({
            formId: String(1000 + (i % forms)),
            submittedAt: new Date(start + i * 1000),
            reference: `R${String(i).padStart(7, '0')}`,
            format: 'json',
          });
          keys.push(key);
          if (i % 10 === 0) keys.push(key.replace('form_submission.json', 'photo.jpg'));
        }
        // The fake sorts every key on every ListObjectsV2 page (see README). V8's sort is linear on sorted input,
        // so putting the objects in key order (ASCII keys: string order is S3's byte order) keeps a
        // 100,000-object listing to seconds instead of minutes; S3 itself never shows insertion order.
        if (sorted) keys.sort();
        for (const key of keys) {
          if (key.endsWith('.json')) fake.put(key, '{}', { content_type: 'application/json' });
          else fake.put(key, 'x', { content_type: 'image/jpeg' });
        }
        return keys.length;
      },
    },
  };
};
