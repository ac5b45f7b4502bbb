import { type FormDocumentInput, FormDocumentSchema } from '@council-sdk/forms';
import type { AnswerInput } from '@council-sdk/forms/testing';
import { z } from 'zod';
import type { FormsSandboxFake } from '../services/forms.js';
import { clockEndpoints, endpoint, found, type SteeringEndpoint } from './endpoint.js';

const FormTag = z.enum(['draft', 'live', 'archived']);
const FormLanguage = z.enum(['en', 'cy']);

/** One answer, as `buildSubmission` takes it (the question's type decides which shape fits). */
const AnswerValue = z.union([
  z.string().max(100_000),
  z.number(),
  z.null(),
  z.object({ day: z.number().int(), month: z.number().int(), year: z.number().int() }).strict(),
  z
    .object({
      address1: z.string(),
      address2: z.string().optional(),
      town_or_city: z.string(),
      county: z.string().optional(),
      postcode: z.string(),
    })
    .strict(),
  z.object({ street_address: z.string(), country: z.string() }).strict(),
  z
    .object({
      title: z.string(),
      full_name: z.string(),
      first_name: z.string(),
      middle_names: z.string(),
      last_name: z.string(),
    })
    .partial()
    .strict(),
  z
    .object({
      selection: z.union([z.string(), z.array(z.string())]),
      none_of_the_above_answer: z.string().optional(),
    })
    .strict(),
  z
    .object({
      filename: z.string().min(1).max(255),
      content: z.string().max(700_000).describe('The file as text'),
      content_type: z.string().optional(),
    })
    .strict(),
]);
const Answer = z.union([AnswerValue, z.array(AnswerValue).max(100).describe('A repeatable question')]);

const SubmissionBody = z
  .object({
    form_id: z.string().min(1).max(100).describe('A form the form-document endpoint serves'),
    tag: FormTag.optional().describe('Default live'),
    language: FormLanguage.optional().describe('Default en'),
    answers: z.record(z.string(), Answer).describe('By question (step) id'),
    format: z.enum(['json', 'csv']).optional().describe('Default json'),
    reference: z.string().min(1).max(50).optional().describe('Default: a new random reference'),
    preview: z.boolean().optional().describe('A preview submission: written under test_form_submissions/'),
    submissionFirst: z
      .boolean()
      .optional()
      .describe('Write the submission file before the uploaded files (a race to test against)'),
    withholdFiles: z.boolean().optional().describe('Write the submission file but not its uploaded files'),
  })
  .strict();

const ObjectSummary = z.object({
  key: z.string(),
  size: z.number(),
  etag: z.string(),
  last_modified: z.string(),
  content_type: z.string(),
});
const StoredDocument = z.object({
  tag: FormTag,
  language: FormLanguage,
  document: z.looseObject({ form_id: z.union([z.string(), z.number()]), name: z.string() }),
});

const utf8 = new TextDecoder('utf-8', { fatal: true });
function asText(body: Uint8Array): string | undefined {
  try {
    return utf8.decode(body);
  } catch {
    return undefined;
  }
}

export function formsEndpoints(fake: () => FormsSandboxFake): SteeringEndpoint[] {
  return [
    endpoint({
      method: 'POST',
      path: '/__steer/forms/submissions',
      description:
        'A user completes a form: the submission is built from `answers` at the fake clock and delivered to the ' +
        'bucket as forms-runner does (uploaded files first, then form_submission.json or .csv).',
      body: SubmissionBody,
      answer: z.object({
        reference: z.string(),
        form_id: z.string(),
        key: z.string().describe('The submission file'),
        folder: z.string(),
        file_keys: z.array(z.string()),
      }),
      status: 201,
      handle: ({ body }) => {
        const { form_id, tag, language, answers, ...options } = body;
        // The form must be served in the language asked for, but forms-runner builds the submission from its
        // English document (govuk-forms/forms-runner app/services/form_submission_service.rb).
        found(
          fake().formsApi.find(form_id, { tag: tag ?? 'live', language: language ?? 'en' }),
          `${tag ?? 'live'} form ${form_id} in ${language ?? 'en'}`,
        );
        const form = found(
          fake().formsApi.find(form_id, { tag: tag ?? 'live', language: 'en' }),
          `${tag ?? 'live'} form ${form_id} in en`,
        );
        const { submission, delivery } = fake().s3.submit(form, answers as Record<string, AnswerInput>, {
          ...options,
          language: language ?? 'en',
        });
        return { reference: submission.reference, form_id: submission.form_id, ...delivery };
      },
    }),
    endpoint({
      method: 'GET',
      path: '/__steer/forms/objects',
      description: 'Every object in the bucket, in key order, without bodies.',
      answer: z.array(ObjectSummary),
      handle: () => fake().s3.objects(),
    }),
    endpoint({
      method: 'GET',
      path: '/__steer/forms/object',
      description: 'One object: `body` when it is text, and always `body_base64`.',
      query: z.object({ key: z.string().min(1).max(1024) }).strict(),
      answer: z.object({
        key: z.string(),
        content_type: z.string(),
        metadata: z.record(z.string(), z.string()),
        body: z.string().optional(),
        body_base64: z.string(),
      }),
      handle: ({ query }) => {
        const o = found(fake().s3.getObject(query.key), `object ${query.key}`);
        const text = asText(o.body);
        return {
          key: o.key,
          content_type: o.content_type,
          metadata: o.metadata,
          ...(text === undefined ? {} : { body: text }),
          body_base64: Buffer.from(o.body).toString('base64'),
        };
      },
    }),
    endpoint({
      method: 'GET',
      path: '/__steer/forms/documents',
      description: 'Every form document the form-document endpoint serves, with its tag and language.',
      answer: z.array(StoredDocument),
      handle: () => fake().formsApi.forms(),
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/forms/documents',
      description:
        'Publish a form document (forms-admin v2 shape), or replace the one with the same form id, tag and ' +
        'language (the document\'s own `language`, default en). Default tags: ["live"].',
      body: z
        .object({
          document: FormDocumentSchema,
          tags: z.array(FormTag).min(1).max(3).optional(),
        })
        .strict(),
      answer: StoredDocument.shape.document,
      status: 201,
      // The original, not zod's output: the endpoint serves a document exactly as it was put.
      handle: ({ body, rawBody }) =>
        fake().formsApi.add((rawBody as { document: FormDocumentInput }).document, body.tags),
    }),
    endpoint({
      method: 'DELETE',
      path: '/__steer/forms/documents/:formId',
      description: "Remove a form's documents (every tag and language, or `?tag=` and `?language=` only).",
      query: z.object({ tag: FormTag.optional(), language: FormLanguage.optional() }).strict(),
      answer: z.object({ removed: z.number() }),
      handle: ({ params, query }) => {
        const before = fake().formsApi.forms().length;
        fake().formsApi.remove(params['formId']!, query.tag, query.language);
        return { removed: before - fake().formsApi.forms().length };
      },
    }),
    ...clockEndpoints(
      'forms',
      () => fake().forms.clock,
      'submissions are stamped with it and presigned URLs expire on it',
    ),
  ];
}
