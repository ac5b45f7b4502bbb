import { setupServer } from 'msw/node';
import { NotifyClient, type NotifyClientOptions } from '../src/index.js';
import { createNotifyFake, type NotifyFake, type NotifyFakeOptions } from '../src/testing/index.js';

export const EMAIL_TEMPLATE = '9d751e0e-f929-4891-82a1-a3e1c3c18ee3';
export const SMS_TEMPLATE = 'f33517ff-2a88-4f6e-b855-c550268ce08a';
export const LETTER_TEMPLATE = '64415853-cb86-4cc4-b597-2aaa94ef8c39';

export const TEMPLATES: NonNullable<NotifyFakeOptions['templates']> = [
  {
    id: EMAIL_TEMPLATE,
    name: 'Parking permit email',
    type: 'email',
    subject: 'Parking permit application ((reference))',
    body: 'Dear ((full_name))\r\n\r\nYour application ((reference)) for ((vehicle_registration)) was received.\r\n\r\nPlease bring:\r\n((documents))',
  },
  {
    id: SMS_TEMPLATE,
    name: 'Parking permit SMS',
    type: 'sms',
    body: 'Application ((reference)) received. Amount paid: ((amount)).',
  },
  {
    id: LETTER_TEMPLATE,
    name: 'Permit letter',
    type: 'letter',
    subject: 'Your permit ((reference))',
    body: 'Dear ((full_name))\r\n\r\nYour permit is enclosed.',
  },
];

export const LETTER_ADDRESS = {
  address_line_1: 'A Resident',
  address_line_2: '1 High Street',
  address_line_3: 'Anytown',
  address_line_4: 'SW1A 1AA',
};

/** A fake with the standard templates, an msw server listening, and a client on the live key. */
export function setup(options: NotifyFakeOptions = {}) {
  const fake = createNotifyFake({ templates: TEMPLATES, ...options });
  const server = setupServer(...fake.handlers);
  return {
    fake,
    server,
    client(type: 'live' | 'team' | 'test' = 'live', extra: Partial<NotifyClientOptions> = {}) {
      return new NotifyClient({
        apiKey: fake.apiKeys[type],
        baseUrl: fake.baseUrl,
        retry: { baseDelayMs: 1, maxDelayMs: 5 },
        ...extra,
      });
    },
  };
}

export type Setup = ReturnType<typeof setup> & { fake: NotifyFake };
