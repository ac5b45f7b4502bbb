import { type HttpClient, Paginated, validateRequest, pathSegment } from '@council-sdk/core';
import {
  Agreement,
  AgreementSearchQuery,
  AgreementSearchResults,
  CreateAgreementRequest,
} from '../schemas/agreements.js';
import { type CallOptions, callOptions } from './shared.js';

/**
 * Agreements for recurring payments: create one, take a first payment with `set_up_agreement: agreement_id` (the
 * user enters their card), then take later payments with `authorisation_mode: 'agreement'` and `agreement_id`.
 */
export class Agreements {
  readonly #http: HttpClient;
  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** POST /v1/agreements (status `created` until a payment sets it up). */
  async create(body: CreateAgreementRequest, options: CallOptions = {}): Promise<Agreement> {
    const request = validateRequest(CreateAgreementRequest, body, 'agreement');
    const res = await this.#http.request({
      method: 'POST',
      path: '/v1/agreements',
      body: request,
      ...callOptions(options),
    });
    return this.#http.parse(Agreement, res.data, 'POST /v1/agreements');
  }

  /** GET /v1/agreements/{agreementId}. */
  async get(agreementId: string, options: CallOptions = {}): Promise<Agreement> {
    const res = await this.#http.request({
      method: 'GET',
      path: `/v1/agreements/${pathSegment(agreementId, 'agreementId')}`,
      ...callOptions(options),
    });
    return this.#http.parse(Agreement, res.data, 'GET /v1/agreements/{agreementId}');
  }

  /** GET /v1/agreements: search by `reference`/`status`, lazily paged. */
  list(query: AgreementSearchQuery = {}, options: CallOptions = {}): Paginated<Agreement, string> {
    const parsed = validateRequest(AgreementSearchQuery, query, 'agreement search');
    return new Paginated<Agreement, string>(
      async (next, signal) => {
        const res = await this.#http.request({
          method: 'GET',
          path: next ?? '/v1/agreements',
          ...(next ? {} : { query: parsed }),
          ...callOptions({ ...options, ...(signal ? { signal } : {}) }),
        });
        const page = this.#http.parse(AgreementSearchResults, res.data, 'GET /v1/agreements');
        return { items: page.results, next: page._links?.next_page?.href };
      },
      options.signal ? { signal: options.signal } : {},
    );
  }

  /** POST /v1/agreements/{agreementId}/cancel: only `active` agreements. */
  async cancel(agreementId: string, options: CallOptions = {}): Promise<void> {
    await this.#http.request({
      method: 'POST',
      path: `/v1/agreements/${pathSegment(agreementId, 'agreementId')}/cancel`,
      ...callOptions(options),
    });
  }
}
