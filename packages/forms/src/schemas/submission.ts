/**
 * The typed submission every parser returns, and the zod rules of the JSON submission v1 schema
 * (https://www.forms.service.gov.uk/json-submissions/v1/schema, vendored in specs/forms at the repository root).
 *
 * The schema's rules: each answer needs `question_id`, `question_text` and `answer_text` (a string, or an
 * array of strings for repeatable questions); the name/address parts are strings or arrays of strings;
 * `selections` is an array of strings; `can_have_multiple_answers` is a boolean. The schema does not forbid
 * extra fields and the runner emits some it does not list (`form_id`, `language`, `full_name`, `selection`,
 * `none_of_the_above_answer`), so every object here is loose: unknown fields are kept.
 */
import { z } from 'zod';

const StringOrStrings = z.union([z.string(), z.array(z.string())]);
/**
 * forms-runner writes every step of the form, and a single-choice question that was not on the user's route has no
 * selection at all: `answer_text` (and `selection`) is null there (app/models/question/selection.rb
 * `selection_name`), although the v1 schema says string. Read as an empty answer.
 */
const NullableAnswer = z.union([StringOrStrings, z.null()]).transform((v) => v ?? '');

export const JsonAnswerSchema = z.looseObject({
  /** Stable across edits of the form: the key to map answers by. */
  question_id: z.string(),
  question_text: z.string(),
  /** The whole answer as one string (name and address parts joined); an array for repeatable questions. */
  answer_text: NullableAnswer,
  title: StringOrStrings.optional(),
  first_name: StringOrStrings.optional(),
  middle_names: StringOrStrings.optional(),
  last_name: StringOrStrings.optional(),
  /** Emitted for `full_name` name questions; not in the v1 schema. */
  full_name: StringOrStrings.optional(),
  address1: StringOrStrings.optional(),
  address2: StringOrStrings.optional(),
  town_or_city: StringOrStrings.optional(),
  county: StringOrStrings.optional(),
  postcode: StringOrStrings.optional(),
  street_address: StringOrStrings.optional(),
  country: StringOrStrings.optional(),
  /** The option names chosen in a checkbox question. */
  selections: z.array(z.string()).optional(),
  /** Emitted for a radio question that has a "none of the above" follow-up; not in the v1 schema. */
  selection: NullableAnswer.optional(),
  /** The follow-up answer when "None of the above" was chosen; not in the v1 schema. */
  none_of_the_above_answer: StringOrStrings.optional(),
  /** Only present, and `true`, on repeatable questions ("add another answer"). */
  can_have_multiple_answers: z.boolean().optional(),
});

/** RFC 3339 date-time, as the schema's `format: date-time` requires (the runner sends UTC with milliseconds). */
const DateTime = z.iso.datetime({ offset: true });

export const JsonSubmissionSchema = z.looseObject({
  $schema: z.string().optional(),
  form_name: z.string(),
  /** Emitted by the runner; not in the v1 schema. */
  form_id: z.string().optional(),
  /** Added by forms v3 (immutable form versions); absent before. */
  form_version: z.union([z.string(), z.number()]).optional(),
  submission_reference: z.string().min(1),
  submitted_at: DateTime,
  /** `en` or `cy`, only on forms available in both languages; not in the v1 schema. */
  language: z.string().optional(),
  answers: z.array(JsonAnswerSchema),
});

export type AnswerValue = string | string[];

/** The answer fields every submission format can carry. */
export interface AnswerFields {
  question_text: string;
  /** The whole answer as one string; an array of strings for repeatable questions. */
  answer_text: AnswerValue;
  title?: AnswerValue;
  first_name?: AnswerValue;
  middle_names?: AnswerValue;
  last_name?: AnswerValue;
  full_name?: AnswerValue;
  address1?: AnswerValue;
  address2?: AnswerValue;
  town_or_city?: AnswerValue;
  county?: AnswerValue;
  postcode?: AnswerValue;
  street_address?: AnswerValue;
  country?: AnswerValue;
  selections?: string[];
  selection?: AnswerValue;
  none_of_the_above_answer?: AnswerValue;
  can_have_multiple_answers?: boolean;
  /** Fields the runner adds later are kept. */
  [field: string]: unknown;
}

/** An answer from a JSON submission: it always has the stable `question_id`. */
export interface JsonAnswer extends AnswerFields {
  question_id: string;
}

/**
 * An answer from a CSV submission. CSV files have no question ids (columns are headed by the question
 * text, which changes when the form is edited), so `question_id` is always absent: match CSV answers by
 * `question_text`, or prefer JSON delivery.
 */
export interface CsvAnswer extends AnswerFields {
  question_id?: undefined;
}

interface SubmissionBase {
  submission_reference: string;
  /** When the user submitted, as a Date. */
  submitted_at: Date;
  /** `submitted_at` exactly as in the file (UTC `...Z` in JSON, London time with offset in CSV). */
  submitted_at_raw: string;
  /** `en` or `cy`, only on forms available in both languages. */
  language?: string;
}

export interface JsonSubmission extends SubmissionBase {
  format: 'json';
  form_name: string;
  form_id?: string;
  /** The form version (forms v3 onwards). */
  form_version?: string | number;
  answers: JsonAnswer[];
  /** The whole parsed document, unknown fields included. */
  raw: Record<string, unknown>;
}

export interface CsvSubmission extends SubmissionBase {
  format: 'csv';
  /** CSV files carry no form name (it is only in the file name / email subject). */
  form_name?: undefined;
  answers: CsvAnswer[];
  /** The CSV row, header -> cell, exactly as in the file (injection guard included). */
  raw: Record<string, string>;
}

/** What every parser returns. Check `format` (or `answer.question_id`) before relying on question ids. */
export type Submission = JsonSubmission | CsvSubmission;
