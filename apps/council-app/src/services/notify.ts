import { CallbackAuthenticationError, type NotifyCallbackEvent, NotifyClient } from '@council-sdk/notify';
import type { Config } from '../config.js';
import { HookRejected, type NotifyService } from './ports.js';

/** GOV.UK Notify through @council-sdk/notify: templated email and SMS, and delivery-status callbacks. */
export function createNotifyService(config: Config): NotifyService {
  const notify = new NotifyClient({
    apiKey: config.NOTIFY_API_KEY,
    baseUrl: config.NOTIFY_BASE_URL,
    userAgent: 'council-app/0.1',
  });
  return {
    async sendEmail(body) {
      const res = await notify.emails.send(body);
      return { id: res.id };
    },
    async sendSms(body) {
      const res = await notify.sms.send(body);
      return { id: res.id };
    },
    async findByReference(reference, channel) {
      // Newest first; one page is plenty for the one or two messages a reference has.
      for await (const n of notify.notifications.list({ reference, template_type: channel })) {
        return { id: n.id };
      }
      return undefined;
    },
    verifyDeliveryStatusCallback(authorization, body) {
      let event: NotifyCallbackEvent;
      try {
        event = notify.callbacks.constructEvent(
          body,
          authorization,
          config.NOTIFY_CALLBACK_TOKEN,
          'delivery-status',
        );
      } catch (err) {
        throw new HookRejected(
          (err as Error).message,
          err instanceof CallbackAuthenticationError ? 401 : 400,
        );
      }
      if (event.type !== 'delivery-status') throw new HookRejected('not a delivery-status callback', 400);
      return { id: event.data.id, status: event.data.status, reference: event.data.reference };
    },
  };
}
