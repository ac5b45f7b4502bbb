import { type SubmissionFormat, SubmissionParseError } from '../errors.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Bytes or text -> text without a byte-order mark (Excel and some S3 tooling add one). */
export function decodeText(input: string | Uint8Array, format: SubmissionFormat, source?: string): string {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = decoder.decode(input);
    } catch {
      throw new SubmissionParseError(
        format,
        [{ path: '', message: 'is not UTF-8 text' }],
        source ? { source } : {},
      );
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
