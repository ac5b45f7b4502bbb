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

/*
 * Uploaded files, as govuk-forms/forms-runner app/lib/file_upload_filename_generator.rb names them: the characters
 * `/ \ : * ? " < > |` removed, the base name cut so the whole name fits in 100 characters, and a `_<n>` suffix (from
 * app/lib/flow/journey.rb `populate_file_suffixes`) when an earlier file question of the same submission had the
 * same name. Ruby counts characters (code points), so these do too.
 */
const FILE_MAX_FILENAME_LENGTH = 100;
/** app/services/reference_number_service.rb `REFERENCE_LENGTH`. */
const REFERENCE_LENGTH = 8;

function chars(text: string): string[] {
  return Array.from(text);
}

/** `FileUploadFilenameGenerator.sanitize`: `filename.gsub(/[\/\\:*?"<>|]/, "")`. */
export function sanitizeUploadFilename(filename: string): string {
  return filename.replace(/[/\\:*?"<>|]/g, '');
}

/**
 * Ruby's `File.extname` on Linux: the last `.` of the last path component and what follows, ignoring leading dots
 * (`.bashrc` has none); a name ending in `.` has the extension `.`.
 */
export function rubyExtname(filename: string): string {
  const base = filename.slice(filename.lastIndexOf('/') + 1).replace(/^\.+/, '');
  const dot = base.lastIndexOf('.');
  return dot === -1 ? '' : base.slice(dot);
}

/** Ruby's `File.basename(name, extension)`: the extension comes off only when the name is longer than it. */
function rubyBasename(name: string, extension: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  return extension !== '' && base.length > extension.length && base.endsWith(extension)
    ? base.slice(0, -extension.length)
    : base;
}

/** ActiveSupport's `truncate(max, omission: "")`, where a negative room leaves nothing. */
function truncateChars(text: string, max: number): string {
  const list = chars(text);
  if (list.length <= max) return text;
  return list.slice(0, Math.max(0, max)).join('');
}

function uploadName(
  filename: string,
  room: (extension: string) => number,
): { base: string; extension: string } {
  const extension = rubyExtname(filename);
  const base = truncateChars(rubyBasename(sanitizeUploadFilename(filename), extension), room(extension));
  return { base, extension };
}

/** `to_s3_submission`: the name an uploaded file is copied into the council's bucket under. */
export function s3UploadFilename(original: string, suffix = ''): string {
  const { base, extension } = uploadName(
    original,
    (ext) => FILE_MAX_FILENAME_LENGTH - chars(ext).length - chars(suffix).length,
  );
  return `${base}${suffix}${extension}`;
}

/** `truncate_for_reference`: what two uploads are compared by when deciding on a `_<n>` suffix. */
export function uploadFilenameForComparison(original: string): string {
  const { base, extension } = uploadName(
    original,
    (ext) => FILE_MAX_FILENAME_LENGTH - chars(ext).length - REFERENCE_LENGTH,
  );
  return `${base}${extension}`;
}

/**
 * `Flow::Journey#populate_file_suffixes`: the n-th upload (in question order) whose comparison name an earlier
 * upload already had gets `_<how many earlier ones had it>`; the first keeps no suffix.
 */
export function uploadSuffixes(originals: readonly string[]): string[] {
  const seen: string[] = [];
  return originals.map((original) => {
    const name = uploadFilenameForComparison(original);
    const count = seen.filter((s) => s === name).length;
    seen.push(name);
    return count === 0 ? '' : `_${count}`;
  });
}

/** `to_email_attachment`: an uploaded file as attached to the submission email, `<name><suffix>_<REF><ext>`. */
export function emailAttachmentFilename(original: string, reference: string, suffix = ''): string {
  const referencePart = `_${reference}`;
  const { base, extension } = uploadName(
    original,
    (ext) =>
      FILE_MAX_FILENAME_LENGTH - chars(referencePart).length - chars(ext).length - chars(suffix).length,
  );
  return `${base}${suffix}${referencePart}${extension}`;
}
