// The fake Notify both clients talk to, with one email template. Limits are lifted unless a benchmark sets them
// (the throughput benchmark measures clients, not the rate limiter).
import { createNotifyFake } from '@council-sdk/notify/testing';
import type { SetupFn } from '../harness/fake-setup.js';

const perMinute = (rate?: { limit: number; intervalMs: number }) =>
  rate ? Math.round((rate.limit * 60_000) / rate.intervalMs) : 1_000_000_000;

export const setup: SetupFn = async ({ origin, options }) => {
  const fake = createNotifyFake({
    baseUrl: origin,
    templates: [
      {
        name: 'Permit received',
        type: 'email',
        subject: 'Parking permit application ((reference))',
        body: 'Dear ((full_name)),\n\nWe have received your application ((reference)) for vehicle ((vehicle_registration)).',
      },
    ],
    limits: {
      // A benchmark's { limit, intervalMs } as Notify's rate_limit (requests per 60 s); lifted when none is set.
      rate_limit: perMinute(options.rateLimit as { limit: number; intervalMs: number } | undefined),
      email_message_limit: 1_000_000_000,
      sms_message_limit: 1_000_000_000,
      letter_message_limit: 1_000_000_000,
    },
  });
  const template = fake.templates.list()[0]!;
  return {
    handlers: fake.handlers,
    info: { apiKey: fake.apiKeys.live, templateId: template.id },
    commands: {
      count: () => fake.notifications.list().length,
      // Forget sent notifications between rounds so the fake's own bookkeeping does not drift over the run.
      reset: () => {
        const before = fake.notifications.list().length;
        fake.reset();
        return before;
      },
    },
  };
};
