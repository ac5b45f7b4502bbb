import { ValidationError, validateRequest } from '@council-sdk/core';
import { type FileUpload, PrepareUploadOptions } from './schemas/upload.js';

/** Notify's limit for a file sent by email: 2 MB of file bytes (before base64). */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

/**
 * Turn a file into the personalisation value Notify expects for a download link:
 * `personalisation: { link_to_file: prepareUpload(pdf, { filename: 'report.pdf' }) }`.
 * The 2 MB limit is checked in bytes (a string is measured as UTF-8), with a `ValidationError`, not a thrown string.
 */
export function prepareUpload(
  file: Uint8Array | ArrayBuffer | string,
  options: PrepareUploadOptions = {},
): FileUpload {
  const opts = validateRequest(PrepareUploadOptions, options, 'upload options');
  let bytes: Uint8Array;
  if (typeof file === 'string') bytes = new TextEncoder().encode(file);
  else if (file instanceof Uint8Array) bytes = file;
  else if (file instanceof ArrayBuffer) bytes = new Uint8Array(file);
  else
    throw new ValidationError([
      { path: 'file', message: 'must be a Buffer, Uint8Array, ArrayBuffer or string' },
    ]);
  if (bytes.byteLength === 0) throw new ValidationError([{ path: 'file', message: 'must not be empty' }]);
  if (bytes.byteLength > MAX_UPLOAD_BYTES) {
    throw new ValidationError([{ path: 'file', message: 'must be 2MB (2,097,152 bytes) or smaller' }]);
  }
  const out: FileUpload = {
    file: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  };
  if (opts.filename !== undefined) out.filename = opts.filename;
  if (opts.confirm_email_before_download !== undefined) {
    out.confirm_email_before_download = opts.confirm_email_before_download;
  }
  if (opts.retention_period !== undefined) out.retention_period = opts.retention_period;
  return out;
}
