import { type Paginated, pathSegment, type RequestOptions, validateRequest } from '@council-sdk/core';
import {
  Agreement,
  AgreementSearchQuery,
  AgreementSearchResults,
  CreateAgreementRequest,
} from '../schemas/agreements.js';
import { PayResource } from './shared.js';

/**
 * Agreements for recurring payments: create one, take a first payment with `set_up_agreement: agreement_id` (the
 * user enters their card), then take later payments with `authorisation_mode: 'agreement'` and `agreement_id`.
 */
/** What a search of /v1/agreements validates and reads. */
const AGREEMENT_SEARCH = {
  query: AgreementSearchQuery,
  label: 'agreement search',
  results: AgreementSearchResults,
};

export class Agreements extends PayResource {
  /** POST /v1/agreements (status `created` until a payment sets it up). */
  async create(body: CreateAgreementRequest, options?: RequestOptions): Promise<Agreement> {
    const request = validateRequest(CreateAgreementRequest, body, 'agreement');
    return this._post('/v1/agreements', { body: request, response: Agreement }, options);
  }

  /** GET /v1/agreements/{agreementId}. */
  async get(agreementId: string, options?: RequestOptions): Promise<Agreement> {
    const path = `/v1/agreements/${pathSegment(agreementId, 'agreementId')}`;
    return this._get(path, { response: Agreement, context: 'GET /v1/agreements/{agreementId}' }, options);
  }

  /** GET /v1/agreements: search by `reference`/`status`, lazily paged. */
  list(query: AgreementSearchQuery = {}, options?: RequestOptions): Paginated<Agreement, string> {
    return this._search<Agreement>('/v1/agreements', AGREEMENT_SEARCH, query, options);
  }

  /** POST /v1/agreements/{agreementId}/cancel: only `active` agreements. */
  async cancel(agreementId: string, options?: RequestOptions): Promise<void> {
    await this._post(`/v1/agreements/${pathSegment(agreementId, 'agreementId')}/cancel`, {}, options);
  }
}
