import type { Bulk } from '../bulk.js';
import { SendSmsRequest, SendSmsResponse } from '../schemas/notifications.js';
import type { HttpClient } from '@council-sdk/core';
import { MessageResource } from './messages.js';

/** Text messages from a template: `send` (POST /v2/notifications/sms) and `sendMany`. */
export class Sms extends MessageResource<SendSmsRequest, SendSmsResponse> {
  constructor(http: HttpClient, bulk: () => Bulk) {
    super(http, bulk, {
      type: 'sms',
      label: 'text message',
      request: SendSmsRequest,
      response: SendSmsResponse,
    });
  }
}
