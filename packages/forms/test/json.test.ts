import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonSubmission, SubmissionParseError } from '@council-sdk/forms';
import { buildSubmission, exampleAnswers, exampleForms } from '@council-sdk/forms/testing';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { everyAnswer, everyAnswerTypeForm } from './fixtures';

const schemaPath = join(__dirname, '../../../specs/forms/json-submission-schema-v1.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const official = {
  form_name: 'Apply for a juggling licence',
  submission_reference: '8E3YY3RX',
  submitted_at: '2022-09-14T07:00:00.000Z',
  answers: [
    {
      question_id: 'abCD1234',
      question_text: 'What is your name?',
      answer_text: 'Sam Jones',
      first_name: 'Sam',
      last_name: 'Jones',
    },
  ],
};

describe('generated JSON against the published v1 schema (ajv, draft 2020-12)', () => {
  it('validates a submission with every answer type, in English and Welsh', () => {
    for (const language of ['en', 'cy'] as const) {
      const built = buildSubmission(everyAnswerTypeForm.en, everyAnswer, { language });
      const valid = validate(JSON.parse(built.json));
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('validates the email flavour and the seeded example form', () => {
    const built = buildSubmission(exampleForms.missedBinCollection.en, exampleAnswers.missedBinCollection);
    expect(validate(JSON.parse(built.email.json.content))).toBe(true);
    expect(validate(JSON.parse(built.json))).toBe(true);
  });

  it('the schema and the zod parser agree on what is invalid', () => {
    const broken = [
      { ...official, answers: [{ question_text: 'Q', answer_text: 'A' }] },
      { ...official, answers: [{ question_id: 'x', question_text: 'Q', answer_text: 3 }] },
      {
        ...official,
        answers: [{ question_id: 'x', question_text: 'Q', answer_text: 'A', selections: 'Bins' }],
      },
      { ...official, submitted_at: 'yesterday' },
      {
        ...official,
        answers: [
          { question_id: 'x', question_text: 'Q', answer_text: 'A', can_have_multiple_answers: 'yes' },
        ],
      },
    ];
    for (const doc of broken) {
      expect(validate(doc)).toBe(false);
      expect(() => parseJsonSubmission(doc)).toThrow(SubmissionParseError);
    }
    expect(validate(official)).toBe(true);
    expect(parseJsonSubmission(official).submission_reference).toBe('8E3YY3RX');
  });
});

describe('repeatable questions in generated JSON', () => {
  it('follow RepeatableStep: can_have_multiple_answers after the question text, then arrays', () => {
    const built = buildSubmission(everyAnswerTypeForm.en, {
      repName17: [
        { first_name: 'Kim', last_name: 'Lee' },
        { first_name: 'Jo', last_name: 'Bloggs' },
      ],
      optRep19: null,
    });
    const answers = JSON.parse(built.json).answers as Array<Record<string, unknown>>;
    const names = answers.find((a) => a.question_id === 'repName17') as Record<string, unknown>;
    const skipped = answers.find((a) => a.question_id === 'optRep19');
    expect(Object.keys(names)).toEqual([
      'question_id',
      'question_text',
      'can_have_multiple_answers',
      'first_name',
      'last_name',
      'answer_text',
    ]);
    expect(names.answer_text).toEqual(['Kim Lee', 'Jo Bloggs']);
    // A skipped optional repeatable question: empty arrays.
    expect(skipped).toEqual({
      question_id: 'optRep19',
      question_text: 'Previous addresses',
      can_have_multiple_answers: true,
      answer_text: [],
    });
  });

  it('writes an unvisited single-choice question with a null answer_text (not what the v1 schema says), which the parser reads as empty', () => {
    const built = buildSubmission(everyAnswerTypeForm.en, { emailQ11: 'a@example.com' });
    const radio = (JSON.parse(built.json).answers as Array<Record<string, unknown>>).find(
      (a) => a.question_id === 'radioNo9',
    );
    expect(radio).toEqual({
      question_id: 'radioNo9',
      question_text: 'Which bin?',
      selection: null,
      answer_text: null,
    });
    expect(validate(JSON.parse(built.json))).toBe(false);
    const parsed = parseJsonSubmission(built.json).answers.find((a) => a.question_id === 'radioNo9');
    expect(parsed).toMatchObject({ answer_text: '', selection: '' });
  });
});

describe('parseJsonSubmission', () => {
  it('gives submitted_at as a Date and keeps the raw string', () => {
    const s = parseJsonSubmission(JSON.stringify(official));
    expect(s.submitted_at).toBeInstanceOf(Date);
    expect(s.submitted_at.toISOString()).toBe('2022-09-14T07:00:00.000Z');
    expect(s.submitted_at_raw).toBe('2022-09-14T07:00:00.000Z');
    expect(s.format).toBe('json');
  });

  it('keeps fields the runner emits beyond the schema (language, full_name, selection, none_of_the_above_answer)', () => {
    const s = parseJsonSubmission({
      ...official,
      form_id: '42',
      language: 'cy',
      future_field: { a: 1 },
      answers: [
        { question_id: 'a', question_text: 'Enw', answer_text: 'Dr Alex', title: 'Dr', full_name: 'Alex' },
        {
          question_id: 'b',
          question_text: 'Pa fin?',
          answer_text: 'Dim un o’r uchod - Brown',
          selection: 'Dim un o’r uchod',
          none_of_the_above_answer: 'Brown',
          answer_type: 'selection',
        },
      ],
    });
    expect(s.language).toBe('cy');
    expect(s.form_id).toBe('42');
    expect(s.raw.future_field).toEqual({ a: 1 });
    expect(s.answers[0]?.full_name).toBe('Alex');
    expect(s.answers[1]).toMatchObject({
      selection: 'Dim un o’r uchod',
      none_of_the_above_answer: 'Brown',
      answer_type: 'selection',
    });
  });

  it('reads repeatable answers as arrays', () => {
    const s = parseJsonSubmission({
      ...official,
      answers: [
        {
          question_id: 'r',
          question_text: 'Other people',
          answer_text: ['Kim Lee', 'Jo Bloggs'],
          first_name: ['Kim', 'Jo'],
          last_name: ['Lee', 'Bloggs'],
          can_have_multiple_answers: true,
        },
      ],
    });
    expect(s.answers[0]?.answer_text).toEqual(['Kim Lee', 'Jo Bloggs']);
    expect(s.answers[0]?.first_name).toEqual(['Kim', 'Jo']);
  });

  it('accepts bytes with a byte-order mark', () => {
    const bytes = new TextEncoder().encode(`\uFEFF${JSON.stringify(official)}`);
    expect(parseJsonSubmission(bytes).form_name).toBe('Apply for a juggling licence');
  });

  it('names the bad fields without echoing the personal data in them', () => {
    try {
      parseJsonSubmission({
        ...official,
        answers: [{ question_id: 'x', question_text: 'Secret question', answer_text: 42 }],
      });
      throw new Error('expected a parse error');
    } catch (error) {
      expect(error).toBeInstanceOf(SubmissionParseError);
      const e = error as SubmissionParseError;
      expect(e.format).toBe('json');
      expect(e.issues.map((i) => i.path)).toContain('answers[0].answer_text');
      expect(JSON.stringify(e)).not.toContain('Secret question');
    }
  });

  it('refuses text that is not JSON without quoting it', () => {
    expect(() => parseJsonSubmission('{"name": "Sam Jones", oops')).toThrow(SubmissionParseError);
    try {
      parseJsonSubmission('{"name": "Sam Jones", oops');
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('Sam Jones');
    }
  });
});
