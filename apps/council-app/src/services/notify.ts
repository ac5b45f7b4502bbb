import { constructCallbackEvent, NotifyClient } from '@council-sdk/notify';
import type { Config } from '../config.js';
import type { NotifyService } from './ports.js';

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
    verifyDeliveryStatusCallback(authorization, body) {
      const event = constructCallbackEvent(body, {
        authorization,
        bearerToken: config.NOTIFY_CALLBACK_TOKEN,
        kind: 'delivery-status',
      });
      if (event.type !== 'delivery-status') throw new Error('not a delivery-status callback');
      return { id: event.data.id, status: event.data.status, reference: event.data.reference };
    },
  };
}
