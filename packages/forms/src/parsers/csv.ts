import type { ErrorIssue } from '@council-sdk/core';
import { parse } from 'csv-parse/sync';
import {
  CSV_HEADERS,
  CSV_HEADERS_CY,
  NAME_FIELD_ORDER,
  NAME_LABELS,
  NAME_LABELS_CY,
  type NameField,
  NONE_OF_THE_ABOVE,
  REPEATABLE_PREFIX,
  unguardCsvValue,
} from '../csv-conventions.js';
import { SubmissionParseError } from '../errors.js';
import type { AnswerValue, CsvAnswer, CsvSubmission } from '../schemas/submission.js';
import { decodeText } from './text.js';

export interface ParseCsvOptions {
  /** A file name or S3 key, used in error messages. */
  source?: string;
}

type Column =
  | { kind: 'answer'; index: number; question_text: string }
  | { kind: 'name'; question_text: string; parts: Array<{ field: NameField; index: number }> };

/** RFC 3339 with an offset, as Rails writes it (`2022-09-14T08:00:00+01:00`); `Z` accepted too. */
const SUBMITTED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

const NAME_HEADER = new RegExp(
  `^([\\s\\S]*) - (${[...Object.values(NAME_LABELS), ...Object.values(NAME_LABELS_CY)].map(escapeRegExp).join('|')})$`,
);
const NAME_FIELD_BY_LABEL = new Map<string, NameField>();
for (const [field, label] of Object.entries(NAME_LABELS)) NAME_FIELD_BY_LABEL.set(label, field as NameField);
for (const [field, label] of Object.entries(NAME_LABELS_CY))
  NAME_FIELD_BY_LABEL.set(label, field as NameField);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Parse GOV.UK Forms CSV: a single-submission file (S3 `form_submission.csv`, or an email attachment) or a
 * daily/weekly batch (one row per submission). Pass several files (a batch split because the form changed
 * during the period) as an array: every row of every file is returned, in order.
 *
 * - quoted newlines, a byte-order mark and CRLF line ends are handled by csv-parse;
 * - `Submitted at` (London time with offset) becomes a Date; the raw string is kept;
 * - the TAB the runner puts before values starting `= + - @ TAB CR` is removed;
 * - name questions' columns (`<question> - First name`, ...) are folded back into one answer;
 * - a repeatable answer (`Answer: x\nAnswer: y`) becomes an array;
 * - dates stay `dd/mm/YYYY` and phone numbers keep the runner's spacing (`01234 567890`): CSV answers are
 *   the display strings, not structured values.
 *
 * CSV has no question ids: answers carry `question_text` only. Throws `SubmissionParseError`.
 */
export function parseCsvSubmissions(
  input: string | Uint8Array | ReadonlyArray<string | Uint8Array>,
  options: ParseCsvOptions = {},
): CsvSubmission[] {
  if (Array.isArray(input)) {
    return (input as ReadonlyArray<string | Uint8Array>).flatMap((file, i) =>
      parseOneFile(file, { source: options.source ?? `file ${i + 1}` }),
    );
  }
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new SubmissionParseError('csv', [{ path: '', message: 'expected CSV text or bytes' }], options);
  }
  return parseOneFile(input as string | Uint8Array, options);
}

function parseOneFile(input: string | Uint8Array, options: ParseCsvOptions): CsvSubmission[] {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new SubmissionParseError('csv', [{ path: '', message: 'expected CSV text or bytes' }], options);
  }
  const text = decodeText(input, 'csv', options.source);
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, relax_quotes: false }) as string[][];
  } catch (error) {
    // csv-parse's messages quote the offending record; only its code and line number are kept.
    const code = (error as { code?: unknown }).code;
    const line = (error as { lines?: unknown }).lines;
    throw new SubmissionParseError(
      'csv',
      [
        {
          path: typeof line === 'number' ? `line ${line}` : '',
          message: `is not well-formed CSV${typeof code === 'string' ? ` (${code})` : ''}`,
        },
      ],
      options,
    );
  }
  const header = rows[0];
  if (!header) throw new SubmissionParseError('csv', [{ path: '', message: 'is empty' }], options);
  let layout = readHeader(header, options);
  // A last column headed "Language" is the runner's language column only if it holds language codes; on a
  // single-language form it can be a question called "Language".
  const languageColumn = layout.language;
  if (
    languageColumn !== undefined &&
    rows.slice(1).some((row) => !['en', 'cy', ''].includes(unguardCsvValue(row[languageColumn] ?? '').trim()))
  ) {
    layout = {
      ...layout,
      language: undefined,
      columns: [
        ...layout.columns,
        { kind: 'answer', index: languageColumn, question_text: header[languageColumn] as string },
      ],
    };
  }
  const issues: ErrorIssue[] = [];
  const submissions: CsvSubmission[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r] as string[];
    const submission = readRow(row, header, layout, `row ${r}`, issues);
    if (submission) submissions.push(submission);
  }
  if (issues.length > 0) throw new SubmissionParseError('csv', issues, options);
  return submissions;
}

interface Layout {
  reference: number;
  submittedAt: number;
  language: number | undefined;
  columns: Column[];
}

function readHeader(header: string[], options: ParseCsvOptions): Layout {
  const clean = header.map(unguardCsvValue);
  const isHeader = (i: number, key: keyof typeof CSV_HEADERS) =>
    clean[i] === CSV_HEADERS[key] || clean[i] === CSV_HEADERS_CY[key];
  if (!isHeader(0, 'reference') || !isHeader(1, 'submittedAt')) {
    throw new SubmissionParseError(
      'csv',
      [
        {
          path: 'header',
          message: `must start with "${CSV_HEADERS.reference}", "${CSV_HEADERS.submittedAt}"`,
        },
      ],
      options,
    );
  }
  const last = clean.length - 1;
  const language = last >= 2 && isHeader(last, 'language') ? last : undefined;
  const end = language ?? clean.length;
  const columns: Column[] = [];
  for (let i = 2; i < end; i++) {
    const text = clean[i] as string;
    const match = NAME_HEADER.exec(text);
    if (match) {
      const question_text = match[1] as string;
      const field = NAME_FIELD_BY_LABEL.get(match[2] as string) as NameField;
      const previous = columns[columns.length - 1];
      // Consecutive parts of the same question form one name answer; a part seen twice starts a new one
      // (two name questions with the same text).
      if (
        previous?.kind === 'name' &&
        previous.question_text === question_text &&
        !previous.parts.some((p) => p.field === field)
      ) {
        previous.parts.push({ field, index: i });
      } else {
        columns.push({ kind: 'name', question_text, parts: [{ field, index: i }] });
      }
    } else {
      columns.push({ kind: 'answer', index: i, question_text: text });
    }
  }
  return { reference: 0, submittedAt: 1, language, columns };
}

/** `Answer: x\nAnswer: y` -> ['x', 'y']; anything else -> undefined. */
function splitRepeatable(cell: string): string[] | undefined {
  for (const prefix of Object.values(REPEATABLE_PREFIX)) {
    if (cell.startsWith(prefix)) return cell.slice(prefix.length).split(`\n${prefix}`);
  }
  return undefined;
}

function readValue(cell: string): AnswerValue {
  const value = unguardCsvValue(cell);
  const repeated = splitRepeatable(value);
  return repeated ?? value;
}

function noneOfTheAboveAnswer(value: string): string | undefined {
  for (const label of Object.values(NONE_OF_THE_ABOVE)) {
    if (value.startsWith(`${label} - `)) return value.slice(label.length + 3);
  }
  return undefined;
}

function readRow(
  row: string[],
  header: string[],
  layout: Layout,
  where: string,
  issues: ErrorIssue[],
): CsvSubmission | undefined {
  const reference = unguardCsvValue(row[layout.reference] ?? '').trim();
  const submittedAtRaw = unguardCsvValue(row[layout.submittedAt] ?? '').trim();
  const before = issues.length;
  if (reference === '') issues.push({ path: `${where}.Reference`, message: 'is blank' });
  const submittedAt = SUBMITTED_AT.test(submittedAtRaw) ? new Date(submittedAtRaw) : undefined;
  if (!submittedAt || Number.isNaN(submittedAt.getTime())) {
    issues.push({ path: `${where}.Submitted at`, message: 'is not a date and time with an offset' });
  }
  if (issues.length > before) return undefined;

  const raw: Record<string, string> = {};
  header.forEach((h, i) => {
    const key = h in raw ? `${h} (${i + 1})` : h;
    raw[key] = row[i] ?? '';
  });

  const answers: CsvAnswer[] = layout.columns.map((column) => {
    if (column.kind === 'name') return readName(column, row);
    const value = readValue(row[column.index] ?? '');
    const answer: CsvAnswer = { question_text: column.question_text, answer_text: value };
    if (Array.isArray(value)) answer.can_have_multiple_answers = true;
    else {
      const other = noneOfTheAboveAnswer(value);
      if (other !== undefined) answer.none_of_the_above_answer = other;
    }
    return answer;
  });

  const submission: CsvSubmission = {
    format: 'csv',
    submission_reference: reference,
    submitted_at: submittedAt as Date,
    submitted_at_raw: submittedAtRaw,
    answers,
    raw,
  };
  if (layout.language !== undefined) {
    const language = unguardCsvValue(row[layout.language] ?? '').trim();
    if (language !== '') submission.language = language;
  }
  return submission;
}

function readName(column: Extract<Column, { kind: 'name' }>, row: string[]): CsvAnswer {
  const values = new Map<NameField, AnswerValue>();
  for (const part of column.parts) values.set(part.field, readValue(row[part.index] ?? ''));
  const answer: CsvAnswer = { question_text: column.question_text, answer_text: '' };
  const repeatable = [...values.values()].some(Array.isArray);
  if (repeatable) {
    const count = Math.max(...[...values.values()].map((v) => (Array.isArray(v) ? v.length : 1)));
    const asArray = (v: AnswerValue) => (Array.isArray(v) ? v : [v]);
    const texts: string[] = [];
    for (let i = 0; i < count; i++) {
      texts.push(
        NAME_FIELD_ORDER.filter((f) => values.has(f))
          .map((f) => asArray(values.get(f) as AnswerValue)[i] ?? '')
          .filter((v) => v.trim() !== '')
          .join(' '),
      );
    }
    for (const field of NAME_FIELD_ORDER) {
      const v = values.get(field);
      if (v !== undefined) answer[field] = asArray(v);
    }
    answer.answer_text = texts;
    answer.can_have_multiple_answers = true;
    return answer;
  }
  for (const field of NAME_FIELD_ORDER) {
    const v = values.get(field);
    if (v !== undefined) answer[field] = v;
  }
  answer.answer_text = NAME_FIELD_ORDER.filter((f) => values.has(f))
    .map((f) => values.get(f) as string)
    .filter((v) => v.trim() !== '')
    .join(' ');
  return answer;
}
