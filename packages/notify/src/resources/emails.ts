import type { Bulk } from '../bulk.js';
import { SendEmailRequest, SendEmailResponse } from '../schemas/notifications.js';
import type { ResourceContext } from './base.js';
import { MessageResource } from './messages.js';

/** Emails from a template: `send` (POST /v2/notifications/email) and `sendMany`. */
export class Emails extends MessageResource<SendEmailRequest, SendEmailResponse> {
  constructor(ctx: ResourceContext, bulk: () => Bulk) {
    super(ctx, bulk, {
      type: 'email',
      label: 'email',
      request: SendEmailRequest,
      response: SendEmailResponse,
    });
  }
}
