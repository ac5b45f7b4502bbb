import {
  type HttpClient,
  pathSegment,
  type RequestOptions,
  ValidationError,
  validateRequest,
} from '@council-sdk/core';
import { NotifyId } from '../schemas/common.js';
import {
  SendLetterRequest,
  SendLetterResponse,
  SendPrecompiledLetterResponse,
  SendPrecompiledLetterWire,
} from '../schemas/notifications.js';
import type { Bulk } from '../bulk.js';
import { MessageResource } from './messages.js';

/** The largest precompiled PDF accepted, in bytes (the official client's and Notify's 5 MB). */
export const MAX_PRECOMPILED_BYTES = 5 * 1024 * 1024;

export interface SendPrecompiledLetterInput {
  /** Required for precompiled letters; identifies the letter in Notify. */
  reference: string;
  /** The PDF bytes (a Buffer, Uint8Array or ArrayBuffer), at most 5 MB. */
  pdf: Uint8Array | ArrayBuffer;
  /** `second` when omitted. */
  postage?: 'first' | 'second' | 'economy';
}

/**
 * Letters: `send` from a template (the address goes in `personalisation.address_line_1..7`), `sendMany`,
 * precompiled PDFs and the rendered PDF of a sent letter.
 */
export class Letters extends MessageResource<SendLetterRequest, SendLetterResponse> {
  constructor(http: HttpClient, bulk: () => Bulk) {
    super(http, bulk, {
      type: 'letter',
      label: 'letter',
      request: SendLetterRequest,
      response: SendLetterResponse,
    });
  }

  /** Send a PDF you made yourself (it must meet Notify's letter specification). */
  async sendPrecompiled(
    input: SendPrecompiledLetterInput,
    options?: RequestOptions,
  ): Promise<SendPrecompiledLetterResponse> {
    const pdf = input?.pdf;
    const bytes =
      pdf instanceof Uint8Array ? pdf : pdf instanceof ArrayBuffer ? new Uint8Array(pdf) : undefined;
    if (!bytes)
      throw new ValidationError([{ path: 'pdf', message: 'must be a Buffer, Uint8Array or ArrayBuffer' }]);
    if (bytes.byteLength === 0) throw new ValidationError([{ path: 'pdf', message: 'must not be empty' }]);
    if (bytes.byteLength > MAX_PRECOMPILED_BYTES) {
      throw new ValidationError([{ path: 'pdf', message: 'must be 5MB or smaller' }]);
    }
    const wire: Record<string, unknown> = {
      reference: input.reference,
      content: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
    };
    if (input.postage !== undefined) wire.postage = input.postage;
    const req = validateRequest(SendPrecompiledLetterWire, wire, 'precompiled letter');
    return this._post(
      '/v2/notifications/letter',
      { body: req, response: SendPrecompiledLetterResponse },
      options,
    );
  }

  /**
   * The PDF of a letter notification. Notify answers 400 `PDFNotReadyError` until it has been rendered
   * (a `BadRequestError` with `code === 'PDFNotReadyError'`): try again later.
   */
  async getPdf(id: string, options?: RequestOptions): Promise<Uint8Array> {
    const notificationId = validateRequest(NotifyId, id, 'notification id');
    const path = `/v2/notifications/${pathSegment(notificationId, 'id')}/pdf`;
    return this._getBytes(path, {}, options);
  }
}
