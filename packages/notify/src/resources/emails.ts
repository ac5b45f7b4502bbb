import type { Bulk } from '../bulk.js';
import { SendEmailRequest, SendEmailResponse } from '../schemas/notifications.js';
import type { HttpClient } from '@council-sdk/core';
import { MessageResource } from './messages.js';

/** Emails from a template: `send` (POST /v2/notifications/email) and `sendMany`. */
export class Emails extends MessageResource<SendEmailRequest, SendEmailResponse> {
  constructor(http: HttpClient, bulk: () => Bulk) {
    super(http, bulk, {
      type: 'email',
      label: 'email',
      request: SendEmailRequest,
      response: SendEmailResponse,
    });
  }
}
