import type { HttpClient } from '@council-sdk/core';
import { validateRequest } from '@council-sdk/core';
import { AuthoriseRequest } from '../schemas/moto.js';
import { type CallOptions, callOptions } from './shared.js';

/** Pay asks for a timeout of at least 15 s on `POST /v1/auth`: authorisation waits on the card network. */
export const MOTO_MIN_TIMEOUT_MS = 15_000;

export class Moto {
  readonly #http: HttpClient;
  readonly #defaultTimeoutMs: number;
  constructor(http: HttpClient, defaultTimeoutMs: number) {
    this.#http = http;
    this.#defaultTimeoutMs = defaultTimeoutMs;
  }

  /**
   * POST /v1/auth: send card details for a `moto_api` payment (no API key: the payment's `one_time_token`
   * authorises). Resolves when authorised; a declined card is a 402 `ApiError` with code P0010.
   */
  async authorise(body: AuthoriseRequest, options: CallOptions = {}): Promise<void> {
    const request = validateRequest(AuthoriseRequest, body, 'MOTO authorisation');
    await this.#http.request({
      method: 'POST',
      path: '/v1/auth',
      body: request,
      // Authorised by the payment's one-time token: the API key is never sent here.
      auth: false,
      ...callOptions(options),
      timeoutMs: Math.max(MOTO_MIN_TIMEOUT_MS, options.timeoutMs ?? this.#defaultTimeoutMs),
      // The card number and the token never appear in an error or log line.
      secrets: [request.one_time_token, request.card_number],
    });
  }
}
