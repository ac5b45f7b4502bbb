/**
 * buildSubmission: what GOV.UK Forms would deliver for a given form document and answers, in every
 * format (JSON, single CSV, batch CSV, email), so a council can test its processing before going live.
 * The formats follow govuk-forms/forms-runner's submission writers; the conventions shared with the parsers live in
 * ../csv-conventions.ts.
 */
import { ValidationError } from '@council-sdk/core';
import { stringify } from 'csv-stringify/sync';
import {
  CSV_HEADERS,
  formatDateAnswer,
  formatLondonTime,
  guardCsvValue,
  NAME_FIELD_ORDER,
  NAME_LABELS,
  NAME_LABELS_CY,
  type NameField,
  NONE_OF_THE_ABOVE,
  REPEATABLE_PREFIX,
} from '../csv-conventions';
import { generateSubmissionReference } from '../references';
import {
  type FormDocument,
  type FormDocumentInput,
  FormDocumentSchema,
  isTrue,
  type Step,
} from '../schemas/form-document';
import {
  batchFilename,
  emailAttachmentFilename,
  s3UploadFilename,
  submissionFilename,
  uploadSuffixes,
} from './filenames';

export const JSON_SUBMISSION_SCHEMA_ID = 'https://www.forms.service.gov.uk/json-submissions/v1/schema';

export interface DateInput {
  day: number;
  month: number;
  year: number;
}
export interface UkAddressInput {
  address1: string;
  address2?: string;
  town_or_city: string;
  county?: string;
  postcode: string;
}
export interface InternationalAddressInput {
  street_address: string;
  country: string;
}
export interface NameInput {
  title?: string;
  full_name?: string;
  first_name?: string;
  middle_names?: string;
  last_name?: string;
}
export interface SelectionInput {
  /** Option value(s) (or names); `none_of_the_above` for "None of the above". */
  selection: string | string[];
  none_of_the_above_answer?: string;
}
export interface FileInput {
  /** The name the user's file had. */
  filename: string;
  content: string | Uint8Array;
  content_type?: string;
}

/**
 * One question's answer. Text-like questions take a string (or number); dates `YYYY-MM-DD`, a Date or
 * `{ day, month, year }`; selections an option value, several values, or `SelectionInput`; repeatable
 * questions an array of answers. `null` (or `''`) leaves an optional question unanswered.
 */
export type AnswerInput =
  | string
  | number
  | Date
  | DateInput
  | UkAddressInput
  | InternationalAddressInput
  | NameInput
  | SelectionInput
  | FileInput
  | null
  | AnswerInput[];

export interface BuildOptions {
  /** Default: a new random reference. */
  reference?: string;
  /** Default: now. */
  submittedAt?: Date;
  /** Submitted from a form preview: `TEST FORM SUBMISSION` emails, `test_form_submissions/` in S3. */
  preview?: boolean;
  /**
   * The language the user filled the form in (default `en`). forms-runner builds every submission from the form's
   * English document, whatever language it was filled in (app/services/form_submission_service.rb
   * `ensure_form_english`; app/models/submission.rb `form`, `journey`), so pass the English document and
   * `language: 'cy'` for a Welsh submission: the question texts, option names and form name stay English,
   * `language` says `cy`, and the S3 files carry the labels forms-runner takes from its Welsh locale ("None of the
   * above" and the name parts of CSV headings: SendS3SubmissionJob runs in the locale it was queued in), while the
   * email files stay English (app/jobs/send_submission_job.rb forces `en`).
   */
  language?: 'en' | 'cy';
}

export interface BuiltFile {
  /** The file's name as the user uploaded it. */
  original_filename: string;
  /**
   * The name forms-runner copies it into the bucket under (and writes in the S3 submission): unsafe characters
   * removed, at most 100 characters, `_<n>` when an earlier upload had the same name.
   */
  filename: string;
  /** The name it is attached to the submission email under: `<name>[_<n>]_<REF>.<ext>`. */
  email_filename: string;
  content: Uint8Array;
  content_type: string;
  question_text: string;
}

export interface OutputFile {
  filename: string;
  content: string;
}

type Channel = 's3' | 'email';

interface RenderedAnswer {
  question_id: string;
  question_text: string;
  answer_type: string;
  repeatable: boolean;
  /** One JSON field set per answer (several for a repeatable question). */
  values: Array<Record<string, unknown> & { answer_text: string }>;
  /** CSV columns of one answer: [header suffix, field]. */
  nameFields?: NameField[];
  fileIndexes: number[];
  /** False for a step that was not on the user's route: written blank, and left out of the email's body. */
  visited: boolean;
}

export interface BuiltSubmission {
  form_id: string;
  form_name: string;
  reference: string;
  submitted_at: Date;
  /** `en`/`cy` on multilingual forms, undefined otherwise. */
  language: string | undefined;
  preview: boolean;
  /** The JSON file as delivered to S3 (`form_submission.json`). */
  json: string;
  /** The CSV file as delivered to S3 (`form_submission.csv`). */
  csv: string;
  /** Uploaded files. */
  files: BuiltFile[];
  /** The email delivery: subject and the attachments' names and content. */
  email: { subject: string; json: OutputFile; csv: OutputFile };
  /** The form document the submission was built from. */
  form: FormDocument;
  /** @internal rendered answers with English labels (emails and batch CSVs). */
  readonly rendered: RenderedAnswer[];
  /** @internal rendered answers with the labels of the submission's language (the S3 files). */
  readonly s3Rendered: RenderedAnswer[];
}

function fail(path: string, message: string): never {
  throw new ValidationError([{ path, message }], 'Invalid answers for buildSubmission');
}

function orderedSteps(form: FormDocument): Step[] {
  const steps = [...form.steps];
  if (steps.every((s) => typeof s.position === 'number')) {
    steps.sort((a, b) => (a.position as number) - (b.position as number));
  }
  return steps;
}

/** Rails' `blank?`: nothing, or only whitespace. */
function isBlank(input: AnswerInput | undefined): boolean {
  return input === null || input === undefined || (typeof input === 'string' && input.trim() === '');
}

/**
 * The runner's rule for questions with several fields: all blank skips an optional question; otherwise
 * each required field must be filled in.
 */
function checkParts(
  path: string,
  fields: Record<string, string>,
  required: string[],
  optional: boolean,
): void {
  const all = Object.values(fields).every((v) => v.trim() === '');
  if (all) {
    if (!optional) fail(path, 'is required');
    return;
  }
  for (const field of required)
    if ((fields[field] ?? '').trim() === '') fail(`${path}.${field}`, 'is required');
}

/** Every answered step, in order, as the runner renders it with `noneLabel` for "None of the above". */
function renderAnswers(
  form: FormDocument,
  answers: Record<string, AnswerInput>,
  { noneLabel, reference, files }: { noneLabel: string; reference: string; files: BuiltFile[] },
): RenderedAnswer[] {
  const rendered: RenderedAnswer[] = [];
  for (const step of orderedSteps(form)) {
    const id = String(step.id);
    const data = step.data;
    if (!(id in answers)) {
      rendered.push(unvisited(step, { noneLabel, reference }));
      continue;
    }
    const input = answers[id] as AnswerInput;
    const optional = isTrue(data.is_optional);
    const repeatable = isTrue(data.is_repeatable);
    const inputs: Array<AnswerInput> = repeatable ? (Array.isArray(input) ? input : [input]) : [input];
    if (repeatable && (data.answer_type === 'selection' || data.answer_type === 'file')) {
      fail(id, `${data.answer_type} questions cannot be repeatable`);
    }
    if (!repeatable && Array.isArray(input) && data.answer_type !== 'selection') {
      fail(id, 'is not a repeatable question');
    }
    const answer: RenderedAnswer = {
      question_id: id,
      question_text: data.question_text,
      answer_type: data.answer_type,
      repeatable,
      values: [],
      fileIndexes: [],
      visited: true,
    };
    inputs.forEach((one, i) => {
      const path = repeatable ? `${id}[${i}]` : id;
      if (isBlank(one) && !optional) fail(path, 'is required');
      const value = renderAnswer(step, one, { path, noneLabel, reference, files });
      if (value.fileIndex !== undefined) answer.fileIndexes.push(value.fileIndex);
      answer.values.push(value.fields);
    });
    if (data.answer_type === 'name') answer.nameFields = nameFieldsFor(step);
    rendered.push(answer);
  }
  return rendered;
}

/**
 * A step that was not on the user's route. forms-runner writes every step of the form into the JSON and CSV
 * (app/lib/json_submission_generator.rb and csv_generator.rb take `journey.all_steps`, app/lib/flow/journey.rb),
 * an unvisited one as a fresh, unanswered question: blank fields, and for a selection question no selection at all
 * (`selection_name` is nil, so `answer_text` is null in JSON; `selections` is empty).
 */
function unvisited(step: Step, context: { noneLabel: string; reference: string }): RenderedAnswer {
  const data = step.data;
  const asOptional = { ...step, data: { ...data, is_optional: true } } as Step;
  const { fields } = renderAnswer(asOptional, null, { path: String(step.id), files: [], ...context });
  return {
    question_id: String(step.id),
    question_text: data.question_text,
    answer_type: data.answer_type,
    repeatable: isTrue(data.is_repeatable),
    values: [fields],
    fileIndexes: [],
    visited: false,
    ...(data.answer_type === 'name' ? { nameFields: nameFieldsFor(step) } : {}),
  };
}

/**
 * Build a submission of `form` with `answers` keyed by step id. A step missing from `answers` was not on
 * the user's route (routing skipped it): forms-runner still writes it, blank, into the JSON and CSV (not into the
 * email's body); `null` answers an optional question with nothing.
 */
export function buildSubmission(
  formDocument: FormDocumentInput | FormDocument,
  answers: Record<string, AnswerInput>,
  options: BuildOptions = {},
): BuiltSubmission {
  const form = FormDocumentSchema.parse(formDocument);
  if (form.language === 'cy') {
    fail(
      'formDocument',
      "forms-runner builds a Welsh submission from the form's English document: pass the English document and { language: 'cy' }",
    );
  }
  const reference = options.reference ?? generateSubmissionReference();
  const submittedAt = options.submittedAt ?? new Date();
  const preview = options.preview ?? false;
  const multilingual = (form.available_languages?.length ?? 0) > 1;
  if (options.language === 'cy' && !multilingual) fail('language', 'the form is not available in Welsh');
  // JsonSubmissionGenerator/CsvGenerator: `language` (submission_locale) only on multilingual forms.
  const language = multilingual ? (options.language ?? 'en') : undefined;

  const known = new Set(form.steps.map((s) => String(s.id)));
  for (const key of Object.keys(answers)) if (!known.has(key)) fail(key, 'is not a step of this form');
  const files: BuiltFile[] = [];
  const rendered = renderAnswers(form, answers, { noneLabel: NONE_OF_THE_ABOVE.en, reference, files });
  // The S3 job runs in the submission's locale: only "None of the above" changes in the answers.
  const s3Rendered =
    language === 'cy'
      ? renderAnswers(form, answers, { noneLabel: NONE_OF_THE_ABOVE.cy, reference, files: [] })
      : rendered;

  const suffixes = uploadSuffixes(files.map((f) => f.original_filename));
  files.forEach((file, i) => {
    const suffix = suffixes[i] ?? '';
    file.filename = s3UploadFilename(file.original_filename, suffix);
    file.email_filename = emailAttachmentFilename(file.original_filename, reference, suffix);
  });

  const built: Omit<BuiltSubmission, 'json' | 'csv' | 'email'> = {
    form_id: form.form_id,
    form_name: form.name,
    reference,
    submitted_at: submittedAt,
    language,
    preview,
    files,
    form,
    rendered,
    s3Rendered,
  };
  const subject = `${preview ? 'TEST FORM SUBMISSION' : 'Form submission'}: ${form.name} - reference: ${reference}`;
  return {
    ...built,
    json: jsonFile(built, 's3'),
    csv: csvFile([built], 's3'),
    email: {
      subject,
      json: {
        filename: submissionFilename(form.name, reference, '.json'),
        content: jsonFile(built, 'email'),
      },
      csv: { filename: submissionFilename(form.name, reference, '.csv'), content: csvFile([built], 'email') },
    },
  };
}

function nameFieldsFor(step: Step): NameField[] {
  const settings = step.data.answer_settings ?? {};
  const fields: NameField[] = [];
  if (isTrue(settings.title_needed)) fields.push('title');
  if (settings.input_type === 'full_name') fields.push('full_name');
  else {
    fields.push('first_name');
    if (settings.input_type === 'first_middle_and_last_name') fields.push('middle_names');
    fields.push('last_name');
  }
  return fields;
}

interface RenderContext {
  path: string;
  noneLabel: string;
  reference: string;
  files: BuiltFile[];
}

function asObject(input: AnswerInput, path: string, what: string): Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || input instanceof Date) {
    fail(path, `expected ${what}`);
  }
  return input as unknown as Record<string, unknown>;
}

function str(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** UKPostcode.parse(...).to_s: upper case, one space before the inward code. */
function normalisePostcode(postcode: string): string {
  const compact = postcode.replace(/\s+/g, '').toUpperCase();
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

function renderAnswer(
  step: Step,
  input: AnswerInput,
  context: RenderContext,
): { fields: Record<string, unknown> & { answer_text: string }; fileIndex?: number } {
  const { path } = context;
  const data = step.data;
  const settings = data.answer_settings ?? {};
  const blank = isBlank(input);
  switch (data.answer_type) {
    case 'name': {
      const value = blank ? {} : asObject(input, path, 'a name');
      const fields: Record<string, unknown> & { answer_text: string } = { answer_text: '' };
      const nameFields = nameFieldsFor(step);
      for (const field of nameFields) fields[field] = str(value[field]);
      checkParts(
        path,
        Object.fromEntries(nameFields.map((f) => [f, str(fields[f])])),
        nameFields.filter((f) => f === 'full_name' || f === 'first_name' || f === 'last_name'),
        isTrue(data.is_optional),
      );
      fields.answer_text = NAME_FIELD_ORDER.map((f) => str(fields[f]))
        .filter((v) => v.trim() !== '')
        .join(' ');
      // The runner lists the parts before answer_text.
      const { answer_text, ...parts } = fields;
      return { fields: { ...parts, answer_text } };
    }
    case 'address': {
      const value = blank ? {} : asObject(input, path, 'an address');
      const inputType = settings.input_type;
      // govuk-forms/forms-runner app/models/question/address.rb `is_international_address?`: a question that takes
      // international addresses takes only those (street address and country), whatever `uk_address` says.
      const international =
        typeof inputType === 'object' && inputType !== null && isTrue(inputType.international_address);
      const ukShaped = ['address1', 'address2', 'town_or_city', 'county', 'postcode'].some((k) => k in value);
      if (international && ukShaped)
        fail(path, 'this question takes an international address ({ street_address, country })');
      if (!international && ('street_address' in value || 'country' in value))
        fail(path, 'this question takes a UK address ({ address1, town_or_city, postcode, ... })');
      if (international) {
        const street_address = str(value.street_address);
        const country = str(value.country);
        checkParts(
          path,
          { street_address, country },
          ['street_address', 'country'],
          isTrue(data.is_optional),
        );
        return {
          fields: {
            street_address,
            country,
            answer_text: [street_address, country].filter((v) => v.trim() !== '').join(', '),
          },
        };
      }
      const fields = {
        address1: str(value.address1),
        address2: str(value.address2),
        town_or_city: str(value.town_or_city),
        county: str(value.county),
        postcode: value.postcode ? normalisePostcode(str(value.postcode)) : '',
      };
      checkParts(path, fields, ['address1', 'town_or_city', 'postcode'], isTrue(data.is_optional));
      return {
        fields: {
          ...fields,
          answer_text: Object.values(fields)
            .filter((v) => v.trim() !== '')
            .join(', '),
        },
      };
    }
    case 'date': {
      if (blank) return { fields: { answer_text: '' } };
      let y: number;
      let m: number;
      let d: number;
      if (input instanceof Date)
        [y, m, d] = [input.getUTCFullYear(), input.getUTCMonth() + 1, input.getUTCDate()];
      else if (typeof input === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(input)) {
        [y, m, d] = input.split('-').map(Number) as [number, number, number];
      } else {
        const v = asObject(input, path, 'a date (YYYY-MM-DD, a Date or { day, month, year })');
        [y, m, d] = [Number(v.year), Number(v.month), Number(v.day)];
      }
      const check = new Date(Date.UTC(y, m - 1, d));
      if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
        fail(path, 'is not a real date');
      }
      return { fields: { answer_text: formatDateAnswer(y, m, d) } };
    }
    case 'selection':
      return { fields: renderSelection(step, input, context) };
    case 'file': {
      if (blank) return { fields: { answer_text: '' } };
      const value = asObject(input, path, 'a file ({ filename, content })');
      const filename = str(value.filename);
      if (filename === '') fail(path, 'needs a filename');
      const content =
        typeof value.content === 'string'
          ? new TextEncoder().encode(value.content)
          : (value.content as Uint8Array);
      if (!(content instanceof Uint8Array)) fail(path, 'needs content (a string or bytes)');
      // Named once every upload is known (a later duplicate changes nothing here, an earlier one does).
      context.files.push({
        original_filename: filename,
        filename,
        email_filename: filename,
        content,
        content_type: str(value.content_type) || 'application/octet-stream',
        question_text: data.question_text,
      });
      return { fields: { answer_text: filename }, fileIndex: context.files.length - 1 };
    }
    case 'phone_number': {
      // As typed: only the CSV spaces it (see csvPhoneNumber); JSON and email take QuestionBase#show_answer.
      return { fields: { answer_text: blank ? '' : str(input).trim() } };
    }
    case 'national_insurance_number': {
      const compact = blank ? '' : str(input).replace(/\s+/g, '').toUpperCase();
      const formatted = /^[A-Z]{2}\d{6}[A-D]$/.test(compact)
        ? `${compact.slice(0, 2)} ${compact.slice(2, 4)} ${compact.slice(4, 6)} ${compact.slice(6, 8)} ${compact.slice(8)}`
        : compact;
      return { fields: { answer_text: formatted } };
    }
    default: {
      if (!blank && typeof input === 'object') fail(path, 'expected text');
      // Kept as typed (an optional answer of spaces stays spaces); only null/undefined is "no answer".
      return { fields: { answer_text: str(input) } };
    }
  }
}

function renderSelection(
  step: Step,
  input: AnswerInput,
  context: RenderContext,
): Record<string, unknown> & { answer_text: string } {
  const { path, noneLabel } = context;
  const settings = step.data.answer_settings ?? {};
  const multiple = !isTrue(settings.only_one_option);
  const optional = isTrue(step.data.is_optional);
  const options = settings.selection_options ?? [];
  const noneQuestion = optional ? settings.none_of_the_above_question : undefined;
  let chosen: string[];
  let noneAnswer: string | undefined;
  if (isBlank(input)) chosen = [];
  else if (typeof input === 'string') chosen = [input];
  else if (Array.isArray(input)) chosen = input.map((v) => str(v));
  else {
    const v = asObject(input, path, 'a selection');
    chosen = Array.isArray(v.selection) ? v.selection.map(str) : [str(v.selection)];
    if (v.none_of_the_above_answer !== undefined) noneAnswer = str(v.none_of_the_above_answer);
  }
  if (!multiple && chosen.length > 1) fail(path, 'only one option can be chosen');
  const names = chosen.map((value) => {
    if (value === 'none_of_the_above' || value === noneLabel) {
      if (!optional) fail(path, '"None of the above" is only offered on optional selection questions');
      return noneLabel;
    }
    const option =
      options.find((o) => (o.value ?? o.name) === value) ?? options.find((o) => o.name === value);
    if (!option) fail(path, 'is not one of the options');
    return option.name;
  });
  const noneChosen = names.includes(noneLabel);
  if (noneChosen && names.length > 1) fail(path, '"None of the above" cannot be chosen with other options');
  const fields: Record<string, unknown> = {};
  if (multiple) fields.selections = names;
  else if (noneQuestion) fields.selection = names[0] ?? '';
  if (noneChosen && noneQuestion) {
    if (!noneAnswer && !isTrue(noneQuestion.is_optional))
      fail(path, 'the "None of the above" question is required');
    fields.none_of_the_above_answer = noneAnswer ?? '';
    return { ...fields, answer_text: `${noneLabel} - ${noneAnswer ?? ''}` };
  }
  return { ...fields, answer_text: multiple ? names.join(', ') : (names[0] ?? '') };
}

function fileNameFor(built: Pick<BuiltSubmission, 'files'>, index: number, channel: Channel): string {
  const file = built.files[index] as BuiltFile;
  return channel === 's3' ? file.filename : file.email_filename;
}

function answerValues(
  built: Pick<BuiltSubmission, 'files'>,
  answer: RenderedAnswer,
  channel: Channel,
): Array<Record<string, unknown> & { answer_text: string }> {
  if (answer.answer_type !== 'file') return answer.values;
  let next = 0;
  return answer.values.map((v) =>
    v.answer_text === ''
      ? v
      : { ...v, answer_text: fileNameFor(built, answer.fileIndexes[next++] as number, channel) },
  );
}

type BuiltCore = Omit<BuiltSubmission, 'json' | 'csv' | 'email'>;

function isSkippedRepeatable(answer: RenderedAnswer): boolean {
  return answer.values.length === 1 && answer.values[0]?.answer_text === '';
}

function jsonFile(built: BuiltCore, channel: Channel): string {
  const answers = (channel === 's3' ? built.s3Rendered : built.rendered).map((answer) => {
    const values = answerValues(built, answer, channel);
    const head = { question_id: answer.question_id, question_text: answer.question_text };
    if (!answer.visited && answer.answer_type === 'selection' && !('selections' in (values[0] ?? {}))) {
      // An unanswered single-choice question: Question::Selection#selection_name is nil.
      const blank = values[0] ?? { answer_text: '' };
      return { ...head, ...blank, ...('selection' in blank ? { selection: null } : {}), answer_text: null };
    }
    if (!answer.repeatable) return { ...head, ...values[0] };
    // Repeatable questions (RepeatableStep#show_answer_in_json): `can_have_multiple_answers` after the
    // question text, then every field holding one entry per answer; a skipped optional one has empty arrays.
    const merged: Record<string, unknown[]> = {};
    for (const field of Object.keys(values[0] ?? { answer_text: '' })) merged[field] = [];
    if (!isSkippedRepeatable(answer)) {
      for (const value of values) {
        for (const [field, v] of Object.entries(value)) {
          const list = merged[field] ?? [];
          list.push(v);
          merged[field] = list;
        }
      }
    }
    return { ...head, can_have_multiple_answers: true, ...merged };
  });
  // govuk-forms/forms-runner app/lib/json_submission_generator.rb: these fields in this order, `language` last and
  // only on multilingual forms, nothing else (no form id: that is in the S3 key).
  const document: Record<string, unknown> = {
    $schema: JSON_SUBMISSION_SCHEMA_ID,
    form_name: built.form_name,
    submission_reference: built.reference,
    submitted_at: built.submitted_at.toISOString(),
    answers,
  };
  if (built.language !== undefined) document.language = built.language;
  return JSON.stringify(document, null, 2);
}

/**
 * govuk-forms/forms-runner app/models/question/phone_number.rb `show_answer_in_csv`, in the CSV only: a number of a
 * 0 and digits gets a space after its fifth digit, so a spreadsheet keeps it as text.
 */
function csvPhoneNumber(value: string): string {
  return /^0\d*$/.test(value) ? value.replace(/^(\d{5})(\d*)$/, '$1 $2') : value;
}

function csvColumns(built: BuiltCore, channel: Channel): Array<[string, string]> {
  const columns: Array<[string, string]> = [];
  const cell = (answer: RenderedAnswer, values: string[]) => {
    // A skipped optional repeatable question is written like a plain one: an empty cell, no "Answer: ".
    if (!answer.repeatable || isSkippedRepeatable(answer)) return values[0] ?? '';
    const prefix = REPEATABLE_PREFIX.en;
    return values.map((v) => `${prefix}${v}`).join('\n');
  };
  // Name-part labels come from the locale the delivery job runs in: the submission's for S3, English for email.
  const welsh = channel === 's3' && built.language === 'cy';
  const nameLabels = welsh ? NAME_LABELS_CY : NAME_LABELS;
  for (const answer of channel === 's3' ? built.s3Rendered : built.rendered) {
    const values = answerValues(built, answer, channel);
    if (answer.nameFields) {
      for (const field of answer.nameFields) {
        columns.push([
          `${answer.question_text} - ${nameLabels[field]}`,
          cell(
            answer,
            values.map((v) => str(v[field])),
          ),
        ]);
      }
    } else {
      columns.push([
        answer.question_text,
        cell(
          answer,
          values.map((v) =>
            answer.answer_type === 'phone_number' ? csvPhoneNumber(v.answer_text) : v.answer_text,
          ),
        ),
      ]);
    }
  }
  return columns;
}

function headerAndRow(built: BuiltCore, channel: Channel): { header: string[]; row: string[] } {
  const columns = csvColumns(built, channel);
  const header: string[] = [CSV_HEADERS.reference, CSV_HEADERS.submittedAt, ...columns.map(([h]) => h)];
  const row: string[] = [
    built.reference,
    formatLondonTime(built.submitted_at),
    ...columns.map(([, v]) => guardCsvValue(v)),
  ];
  if (built.language !== undefined) {
    header.push(CSV_HEADERS.language);
    row.push(built.language);
  }
  return { header, row };
}

/** Ruby's CSV.generate: `\n` line ends, quotes only where needed (`,` `"` CR LF), and `""` for an empty string. */
function toCsv(rows: string[][]): string {
  // Ruby also quotes a field holding a lone carriage return, which csv-stringify would leave bare.
  return stringify(rows, { record_delimiter: '\n', quoted_empty: true, quoted_match: /\r/ });
}

function csvFile(builts: BuiltCore[], channel: Channel): string {
  const first = builts[0] as BuiltCore;
  const { header } = headerAndRow(first, channel);
  return toCsv([header, ...builts.map((b) => headerAndRow(b, channel).row)]);
}

export type BatchPeriod =
  | { schedule: 'daily'; date: string | Date }
  | { schedule: 'weekly'; begin: string | Date; end: string | Date };

function day(value: string | Date): string {
  return typeof value === 'string' ? value : value.toISOString().slice(0, 10);
}

/**
 * A daily or weekly batch: one row per submission, and a new file each time the headers change from one
 * submission to the next (the form was edited during the period), numbered `_1`, `_2`... when there is
 * more than one. Batches go by email,
 * so uploaded files are named as in emails unless `channel: 's3'`.
 */
export function buildBatchCsv(
  submissions: readonly BuiltSubmission[],
  period: BatchPeriod,
  options: { preview?: boolean; channel?: Channel } = {},
): OutputFile[] {
  if (submissions.length === 0) fail('submissions', 'a batch needs at least one submission');
  const channel = options.channel ?? 'email';
  // CsvGenerator.generate_batched_submissions: a new file whenever a submission's headers differ from the
  // previous one's. The runner orders submissions by form version, then date; pass them in that order.
  const groups: Array<{ header: string[]; rows: string[][] }> = [];
  for (const built of submissions) {
    const { header, row } = headerAndRow(built, channel);
    let group = groups.at(-1);
    if (!group || JSON.stringify(group.header) !== JSON.stringify(header)) {
      group = { header, rows: [] };
      groups.push(group);
    }
    group.rows.push(row);
  }
  const datePart =
    period.schedule === 'daily' ? day(period.date) : `${day(period.begin)}--${day(period.end)}`;
  const formName = (submissions[0] as BuiltSubmission).form_name;
  return groups.map((group, i) => ({
    filename: batchFilename({
      formName,
      preview: options.preview ?? false,
      datePart,
      version: groups.length > 1 ? i + 1 : undefined,
    }),
    content: toCsv([group.header, ...group.rows]),
  }));
}
