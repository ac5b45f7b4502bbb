import type { NotifyFake } from '@council-sdk/notify/testing';
import { z } from 'zod';
import { clockEndpoints, endpoint, found, SteeringError, type SteeringEndpoint } from './endpoint.js';

/** Notify's internal statuses (notifications-api `app/models.py` NOTIFICATION_STATUS_TYPES), as the fake keeps them. */
const InternalStatus = z.enum([
  'created',
  'sending',
  'pending',
  'sent',
  'delivered',
  'permanent-failure',
  'temporary-failure',
  'technical-failure',
  'pending-virus-check',
  'virus-scan-failed',
  'validation-failed',
  'cancelled',
  'returned-letter',
]);
const NotificationType = z.enum(['email', 'sms', 'letter']);

/**
 * The service permissions the Notify fake acts on (its model checks each before a send); Notify's other service
 * permissions (email_auth, edit_folder_permissions...) change nothing an API user sees, so a name outside this
 * list is far more likely a typo than an intent.
 */
const Permission = z.enum([
  'email',
  'sms',
  'letter',
  'international_sms',
  'international_letters',
  'sms_to_uk_landlines',
  'inbound_sms',
]);

const Settings = z.object({
  id: z.string(),
  name: z.string(),
  trial_mode: z.boolean(),
  permissions: z.array(z.string()),
  email_from: z.string(),
  sms_sender: z.string(),
  email_reply_to_ids: z.array(z.string()),
  sms_sender_ids: z.array(z.string()),
  inbound_number: z.string(),
  team_recipients: z.array(z.string()),
  contact_link: z.string().nullable(),
});
const SettingsChanges = z
  .object({
    trial_mode: z.boolean().describe('Trial mode: send only to team members and the guest list, no letters'),
    permissions: z
      .array(Permission)
      .max(20)
      .describe('The whole list (e.g. without "letter", letters are refused as Notify refuses them)'),
    team_recipients: z
      .array(z.string().min(1).max(320))
      .max(1000)
      .describe('Team members and guest list (email addresses, phone numbers)'),
    contact_link: z.string().max(500).nullable(),
  })
  .partial()
  .strict();

const limit = z.number().int().min(0).max(1_000_000_000);
const Limits = z.object({
  rate_limit: z.number(),
  email_message_limit: z.number(),
  sms_message_limit: z.number(),
  letter_message_limit: z.number(),
  international_sms_message_limit: z.number(),
});
const LimitChanges = z
  .object({
    rate_limit: limit.describe('API requests per 60 seconds per key type'),
    email_message_limit: limit,
    sms_message_limit: limit,
    letter_message_limit: limit,
    international_sms_message_limit: limit,
  })
  .partial()
  .strict();

const InboxMessage = z.object({
  id: z.string(),
  type: NotificationType,
  to: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  reference: z.string().nullable(),
  status: z.string().describe('As the API reports it (letters: accepted/received)'),
  template_id: z.string(),
  template_version: z.number(),
  personalisation: z.record(z.string(), z.unknown()),
  key_type: z.enum(['live', 'team', 'test']),
  created_at: z.string(),
});
const InboxQuery = z
  .object({
    to: z.string().max(320).optional().describe('Recipient (email address or phone number, as sent)'),
    type: NotificationType.optional(),
    reference: z.string().max(1000).optional(),
  })
  .strict();

const Notification = z.looseObject({ id: z.string(), type: NotificationType, status: InternalStatus });
const ReceivedText = z.object({
  id: z.string(),
  seq: z.number(),
  user_number: z.string(),
  notify_number: z.string(),
  content: z.string(),
  created_at: z.string(),
});
const CallbackAttempt = z.object({
  kind: z.enum(['delivery-status', 'received-text', 'returned-letter', 'complaint']),
  url: z.string(),
  payload: z.unknown(),
  attempt: z.number(),
  status: z.number().optional().describe('HTTP status; absent on a network error or timeout'),
  error: z.string().optional(),
  at: z.string(),
});

export function notifyEndpoints(fake: () => NotifyFake): SteeringEndpoint[] {
  const notification = (id: string) => found(fake().notification(id), `notification ${id}`);
  return [
    endpoint({
      method: 'GET',
      path: '/__steer/notify/settings',
      description: "The service's settings (trial mode, permissions, team members and guest list).",
      answer: Settings,
      handle: () => fake().settings.get(),
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/notify/settings',
      description: 'Change settings: trial mode, permissions (the whole list), team members and guest list.',
      body: SettingsChanges,
      answer: Settings,
      handle: ({ body }) => fake().settings.update(body as Parameters<NotifyFake['settings']['update']>[0]),
    }),
    endpoint({
      method: 'GET',
      path: '/__steer/notify/limits',
      description: 'The rate limit and the daily message limits.',
      answer: Limits,
      handle: () => fake().limits.get(),
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/notify/limits',
      description:
        'Change the rate limit (per 60 s per key type) or a daily limit; e.g. `{"sms_message_limit": 0}`.',
      body: LimitChanges,
      answer: Limits,
      handle: ({ body }) => fake().limits.set(body),
    }),
    endpoint({
      method: 'GET',
      path: '/__steer/notify/inbox',
      description:
        'Messages sent, oldest first, with their rendered subject and body; filter by recipient, type or reference.',
      query: InboxQuery,
      answer: z.array(InboxMessage),
      handle: ({ query }) => fake().inbox(query),
    }),
    endpoint({
      method: 'GET',
      path: '/__steer/notify/inbox/last',
      description: 'The newest message (to `to`, when given); 404 when there is none.',
      query: z.object({ to: z.string().max(320).optional() }).strict(),
      answer: InboxMessage,
      handle: ({ query }) =>
        found(fake().lastMessage(query.to), query.to ? `message to ${query.to}` : 'message'),
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/notify/notifications/:id/status',
      description:
        'Move a notification to `status`, or one natural step (created, sending, its final status) without one. ' +
        'A final status sends the delivery-status callback (the answer waits for its first attempt).',
      body: z.object({ status: InternalStatus.optional() }).strict(),
      answer: Notification,
      handle: async ({ params, body }) => {
        notification(params['id']!);
        return await fake().advance(params['id']!, body.status);
      },
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/notify/notifications/deliver-all',
      description: 'Move every notification not yet final to its final status, with callbacks.',
      answer: z.object({ moved: z.number() }),
      handle: async () => ({ moved: await fake().deliverAll() }),
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/notify/received-texts',
      description:
        "A text message from a user to the service's inbound number (and its received-text callback, when one is " +
        'configured: out of the box the sandbox configures only the delivery-status callback).',
      body: z
        .object({
          user_number: z.string().min(1).max(30).describe('The sender, e.g. 07700900123'),
          content: z.string().min(1).max(918),
        })
        .strict(),
      answer: ReceivedText,
      status: 201,
      handle: ({ body }) => fake().receivedTexts.add(body),
    }),
    endpoint({
      method: 'GET',
      path: '/__steer/notify/received-texts',
      description: 'Text messages received, oldest first.',
      answer: z.array(ReceivedText),
      handle: () => fake().receivedTexts.list(),
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/notify/letters/:id/return',
      description: 'Return a letter: it becomes `returned-letter` and the returned-letter callback is sent.',
      answer: Notification,
      handle: async ({ params }) => {
        const id = params['id']!;
        if (notification(id).type !== 'letter') throw new SteeringError(409, `${id} is not a letter`);
        await fake().callbacks.returnLetter(id);
        return fake().notification(id);
      },
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/notify/emails/:id/complaint',
      description:
        'The recipient marks the email as spam (and the complaint callback, when one is configured).',
      answer: z.object({ complained: z.string() }),
      handle: async ({ params }) => {
        const id = params['id']!;
        if (notification(id).type !== 'email') throw new SteeringError(409, `${id} is not an email`);
        await fake().callbacks.complain(id);
        return { complained: id };
      },
    }),
    endpoint({
      method: 'GET',
      path: '/__steer/notify/callbacks',
      description:
        'Every callback attempt (delivery status, received text, returned letter, complaint), oldest first.',
      answer: z.array(CallbackAttempt),
      handle: () => fake().callbacks.attempts(),
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/notify/callbacks/settle',
      description: 'Run every pending callback retry now, until none is left.',
      answer: z.array(CallbackAttempt),
      handle: async () => {
        await fake().callbacks.settle();
        return fake().callbacks.attempts();
      },
    }),
    ...clockEndpoints(
      'notify',
      () => fake().clock,
      'messages move on towards their final status and callback retries fall due',
    ),
  ];
}
