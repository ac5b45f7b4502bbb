import type { Bulk } from '../bulk.js';
import { SendSmsRequest, SendSmsResponse } from '../schemas/notifications.js';
import type { ResourceContext } from './base.js';
import { MessageResource } from './messages.js';

/** Text messages from a template: `send` (POST /v2/notifications/sms) and `sendMany`. */
export class Sms extends MessageResource<SendSmsRequest, SendSmsResponse> {
  constructor(ctx: ResourceContext, bulk: () => Bulk) {
    super(ctx, bulk, {
      type: 'sms',
      label: 'text message',
      request: SendSmsRequest,
      response: SendSmsResponse,
    });
  }
}
