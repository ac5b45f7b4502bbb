import { APIResource, type HttpClient, type RequestOptions, validateRequest } from '@council-sdk/core';
import { AuthoriseRequest } from '../schemas/moto.js';

/** Pay asks for a timeout of at least 15 s on `POST /v1/auth`: authorisation waits on the card network. */
export const MOTO_MIN_TIMEOUT_MS = 15_000;

export class Moto extends APIResource {
  readonly #defaultTimeoutMs: number;
  constructor(http: HttpClient, defaultTimeoutMs: number) {
    super(http);
    this.#defaultTimeoutMs = defaultTimeoutMs;
  }

  /**
   * POST /v1/auth: send card details for a `moto_api` payment (no API key: the payment's `one_time_token`
   * authorises). Resolves when authorised; a declined card is a 402 `ApiError` with code P0010.
   */
  async authorise(body: AuthoriseRequest, options?: RequestOptions): Promise<void> {
    const request = validateRequest(AuthoriseRequest, body, 'MOTO authorisation');
    await this._post(
      '/v1/auth',
      {
        body: request,
        transport: {
          // Authorised by the payment's one-time token: the API key is never sent here.
          auth: false,
          timeoutMs: Math.max(MOTO_MIN_TIMEOUT_MS, options?.timeoutMs ?? this.#defaultTimeoutMs),
          // The card number and the token never appear in an error or log line.
          secrets: [request.one_time_token, request.card_number],
        },
      },
      options,
    );
  }
}
