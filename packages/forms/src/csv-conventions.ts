/**
 * The conventions of GOV.UK Forms CSV files, shared by the parser and the fake's builder so the two
 * cannot drift apart. Source: govuk-forms/forms-runner (its CSV generator and the question
 * classes that write each answer type).
 */

export const CSV_HEADERS = {
  reference: 'Reference',
  submittedAt: 'Submitted at',
  language: 'Language',
} as const;

/**
 * The same headers in Welsh, accepted when reading. The runner builds these headers through I18n; the
 * fake writes English headers (see README, "Welsh forms").
 */
export const CSV_HEADERS_CY = {
  reference: 'Cyfeirnod',
  submittedAt: 'Cyflwynwyd am',
  language: 'Iaith',
} as const;

export type NameField = 'title' | 'first_name' | 'middle_names' | 'last_name' | 'full_name';

/** Name questions are split into one column per part: `<question> - First name`. */
export const NAME_LABELS: Record<NameField, string> = {
  title: 'Title',
  first_name: 'First name',
  middle_names: 'Middle names',
  last_name: 'Last name',
  full_name: 'Full name',
};

/**
 * The same labels in Welsh (govuk-forms/forms-runner config/locales/cy.yml `question/name.label`): the S3 CSV of a
 * Welsh submission carries them, as its delivery job runs in the Welsh locale.
 */
export const NAME_LABELS_CY: Record<NameField, string> = {
  title: 'Teitl',
  first_name: 'Enw cyntaf',
  middle_names: 'Enwau canol',
  last_name: 'Enw olaf',
  full_name: 'Enw llawn',
};

/** Order the runner joins name parts in for `answer_text`. */
export const NAME_FIELD_ORDER: readonly NameField[] = [
  'title',
  'full_name',
  'first_name',
  'middle_names',
  'last_name',
];

/** The option name of "None of the above", by language. */
export const NONE_OF_THE_ABOVE = { en: 'None of the above', cy: 'Dim un o’r uchod' } as const;

/** A repeatable question's answers share one cell: `Answer: x\nAnswer: y`. */
export const REPEATABLE_PREFIX = { en: 'Answer: ', cy: 'Ateb: ' } as const;

/**
 * The CSV-injection guard: a value starting with one of these is prefixed with a TAB, so a spreadsheet
 * does not run it as a formula.
 */
const GUARDED = /^[=+\-@\t\r]/;

export function guardCsvValue(value: string): string {
  return GUARDED.test(value) ? `\t${value}` : value;
}

/**
 * Undo `guardCsvValue`. A TAB that the guard could not have added (not followed by a guarded character)
 * stays. Some forms-runner versions wrote the guard as the four characters `0x09` (a Ruby string that was
 * meant to be a TAB); that prefix, before a guarded character, is removed too.
 */
export function unguardCsvValue(value: string): string {
  if (value.length > 1 && value[0] === '\t' && GUARDED.test(value.slice(1))) return value.slice(1);
  if (value.length > 4 && value.startsWith('0x09') && GUARDED.test(value.slice(4))) return value.slice(4);
  return value;
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/**
 * `2022-09-14T08:00:00+01:00`: the CSV `Submitted at` value, London time with its offset and no
 * milliseconds (Rails' `TimeWithZone#iso8601`; `+00:00` in winter, never `Z`).
 */
export function formatLondonTime(date: Date): string {
  const parts: Record<string, string> = {};
  for (const part of londonParts.formatToParts(date)) parts[part.type] = part.value;
  const wholeSeconds = Math.floor(date.getTime() / 1000) * 1000;
  const local = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  const offsetMinutes = Math.round((local - wholeSeconds) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** `dd/mm/YYYY`, the format of date answers in every submission format. */
export function formatDateAnswer(year: number, month: number, day: number): string {
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${String(year).padStart(4, '0')}`;
}
