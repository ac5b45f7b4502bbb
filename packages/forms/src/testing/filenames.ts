/**
 * File names the runner gives submissions (SubmissionFilenameGenerator): at most 100 characters,
 * `govuk_forms_<form name parameterised with _>_<REF>.csv|.json`, batches
 * `[test_]govuk_forms_<name>_<YYYY-MM-DD>[_<n>].csv` (weekly `<begin>--<end>`).
 */
const MAX_LENGTH = 100;
const PREFIX = 'govuk_forms_';

/** Rails' `String#parameterize(separator: "_")`: ASCII, lower case, runs of other characters -> `_`. */
export function parameterize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9\-_]+/gi, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^_|_$/g, '')
    .toLowerCase();
}

/** Rails' `truncate(max, separator: "_", omission: "")`: cut at the last `_` that fits. */
function truncateAtSeparator(text: string, max: number): string {
  if (text.length <= max) return text;
  const stop = text.lastIndexOf('_', max);
  return text.slice(0, stop === -1 ? max : stop);
}

export function submissionFilename(formName: string, reference: string, extension: '.csv' | '.json'): string {
  const referencePart = `_${reference}`;
  const max = MAX_LENGTH - extension.length - PREFIX.length - referencePart.length;
  return `${PREFIX}${truncateAtSeparator(parameterize(formName), max)}${referencePart}${extension}`;
}

export function batchFilename(options: {
  formName: string;
  preview: boolean;
  datePart: string;
  version?: number | undefined;
}): string {
  const modePrefix = options.preview ? 'test_' : '';
  const versionPart = options.version ? `_${options.version}` : '';
  const datePart = `_${options.datePart}`;
  const max = MAX_LENGTH - 4 - modePrefix.length - PREFIX.length - datePart.length - versionPart.length;
  return `${modePrefix}${PREFIX}${truncateAtSeparator(parameterize(options.formName), max)}${datePart}${versionPart}.csv`;
}

/** An uploaded file as attached to the submission email: `<name>_<REF>.<ext>`. */
export function emailAttachmentFilename(original: string, reference: string): string {
  const dot = original.lastIndexOf('.');
  const base = dot > 0 ? original.slice(0, dot) : original;
  const extension = dot > 0 ? original.slice(dot) : '';
  return `${base}_${reference}${extension}`;
}
