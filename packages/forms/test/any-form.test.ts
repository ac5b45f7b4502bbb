/**
 * For any form document and any valid answers, the fake's JSON validates against the published schema,
 * and the JSON and CSV parsers read back the same answers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsvSubmissions, parseJsonSubmission } from '@council-sdk/forms';
import { type AnswerInput, buildSubmission } from '@council-sdk/forms/testing';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const ajv = new Ajv2020({ strict: false });
addFormats(ajv);
const validate = ajv.compile(
  JSON.parse(readFileSync(join(__dirname, '../../../specs/forms/json-submission-schema-v1.json'), 'utf8')),
);

/** Text a user could type. Two CSV ambiguities are excluded (see README): a value starting `Answer: `, and a repeatable value with a line starting `Answer: `. */
const text = fc
  .string({ unit: 'grapheme', maxLength: 30 })
  .filter((s) => !s.startsWith('Answer: ') && !s.includes('\nAnswer: ') && !s.startsWith('Ateb: '));
const filled = text.filter((s) => s.trim() !== '');
const word = fc
  .string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 })
  .filter((s) => !s.includes(' - '));

type StepSpec = {
  data: { answer_type: string; [field: string]: unknown };
  answer: fc.Arbitrary<AnswerInput>;
};

const date = fc
  .record({
    year: fc.integer({ min: 1900, max: 2100 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ year, month, day }) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);

const repeatableOf = (answer: fc.Arbitrary<AnswerInput>, repeatable: boolean) =>
  repeatable ? fc.array(answer, { minLength: 1, maxLength: 3 }) : answer;

const stepSpec: fc.Arbitrary<StepSpec> = fc.oneof(
  fc
    .record({
      // Not phone_number: its CSV spaces UK numbers where its JSON does not (test/fake/submissions.test.ts).
      type: fc.constantFrom('text', 'email', 'organisation_name', 'number'),
      repeatable: fc.boolean(),
    })
    .map(({ type, repeatable }) => ({
      data: { answer_type: type, is_repeatable: repeatable, answer_settings: { input_type: 'long_text' } },
      answer: repeatableOf(filled, repeatable),
    })),
  fc.boolean().map((repeatable) => ({
    data: { answer_type: 'date', is_repeatable: repeatable },
    answer: repeatableOf(date, repeatable),
  })),
  fc
    .record({
      input_type: fc.constantFrom('full_name', 'first_and_last_name', 'first_middle_and_last_name'),
      title: fc.boolean(),
      repeatable: fc.boolean(),
    })
    .map(({ input_type, title, repeatable }) => ({
      data: {
        answer_type: 'name',
        is_repeatable: repeatable,
        answer_settings: { input_type, title_needed: title ? 'true' : 'false' },
      },
      answer: repeatableOf(
        fc.record({
          title: text,
          full_name: filled,
          first_name: filled,
          middle_names: text,
          last_name: filled,
        }),
        repeatable,
      ),
    })),
  fc
    .record({ international: fc.boolean(), repeatable: fc.boolean() })
    .map(({ international, repeatable }) => ({
      data: {
        answer_type: 'address',
        is_repeatable: repeatable,
        answer_settings: {
          input_type: { uk_address: String(!international), international_address: String(international) },
        },
      },
      answer: repeatableOf(
        international
          ? fc.record({ street_address: filled, country: filled })
          : fc.record({
              address1: filled,
              address2: text,
              town_or_city: filled,
              county: text,
              postcode: fc.constantFrom('SW1A 2AA', 'cf10 1aa'),
            }),
        repeatable,
      ),
    })),
  fc
    .record({
      options: fc.uniqueArray(word, { minLength: 1, maxLength: 4 }),
      multiple: fc.boolean(),
      optional: fc.boolean(),
      noneQuestion: fc.boolean(),
    })
    .chain(({ options, multiple, optional, noneQuestion }) => {
      const values = options.map((_, i) => `v${i}`);
      const hasNone = optional && noneQuestion;
      const choice = multiple ? fc.subarray(values, { minLength: 1 }) : fc.constantFrom(...values);
      const answers: fc.Arbitrary<AnswerInput>[] = [choice];
      if (optional) {
        answers.push(
          hasNone
            ? text.map((other) => ({
                selection: multiple ? ['none_of_the_above'] : 'none_of_the_above',
                none_of_the_above_answer: other || 'x',
              }))
            : fc.constant(multiple ? ['none_of_the_above'] : 'none_of_the_above'),
        );
      }
      return fc.constant({
        data: {
          answer_type: 'selection',
          is_optional: optional,
          answer_settings: {
            only_one_option: multiple ? 'false' : 'true',
            selection_options: options.map((name, i) => ({ name, value: values[i] })),
            ...(hasNone
              ? { none_of_the_above_question: { question_text: 'Other?', is_optional: 'false' } }
              : {}),
          },
        },
        answer: fc.oneof(...answers),
      });
    }),
  fc.constant({
    data: { answer_type: 'file', is_optional: true },
    answer: fc.oneof(
      fc.constant(null),
      fc.record({
        filename: fc.constantFrom('a.pdf', 'photo 1.jpg', 'x.docx'),
        content: fc.uint8Array({ maxLength: 8 }),
      }),
    ),
  }),
);

const formAndAnswers = fc
  .record({
    name: word,
    language: fc.constantFrom('en', 'cy'),
    multilingual: fc.boolean(),
    steps: fc.array(fc.tuple(stepSpec, word), { minLength: 1, maxLength: 6 }),
  })
  .chain(({ name, language, multilingual, steps }) => {
    // forms-runner builds every submission from the English document; the user's language is an option.
    const form = {
      form_id: '55',
      name,
      language: 'en',
      submissionLanguage: multilingual ? language : 'en',
      available_languages: multilingual ? ['en', 'cy'] : ['en'],
      steps: steps.map(([spec, title], i) => ({
        id: `s${i}`,
        position: i + 1,
        data: { question_text: `Q${i} ${title}`, ...spec.data },
      })),
    };
    const answers = fc.tuple(...steps.map(([spec]) => spec.answer));
    return fc.tuple(fc.constant(form), answers);
  });

describe('any form document, any valid answers', () => {
  it('JSON validates against the v1 schema, and JSON and CSV parse to the same answers', () => {
    fc.assert(
      fc.property(formAndAnswers, ([form, values]) => {
        const answers: Record<string, AnswerInput> = {};
        values.forEach((v, i) => {
          answers[`s${i}`] = v;
        });
        const { submissionLanguage, ...document } = form;
        const built = buildSubmission(document, answers, { language: submissionLanguage });
        expect(validate(JSON.parse(built.json))).toBe(true);
        const json = parseJsonSubmission(built.json);
        const [csv] = parseCsvSubmissions(built.csv);
        expect(json.answers).toHaveLength(form.steps.length);
        expect(csv?.answers).toHaveLength(form.steps.length);
        json.answers.forEach((answer, i) => {
          const fromCsv = csv?.answers[i];
          expect(fromCsv?.question_text).toBe(answer.question_text);
          // A skipped optional repeatable question is [] in JSON and an empty cell in CSV.
          const same = (v: unknown) => (Array.isArray(v) && v.length === 0 ? '' : v);
          expect(same(fromCsv?.answer_text)).toEqual(same(answer.answer_text));
          for (const f of ['title', 'full_name', 'first_name', 'middle_names', 'last_name'] as const) {
            expect(same(fromCsv?.[f])).toEqual(same(answer[f]));
          }
        });
        expect(csv?.language).toBe(form.available_languages.length > 1 ? submissionLanguage : undefined);
      }),
      { numRuns: 300 },
    );
  });
});
