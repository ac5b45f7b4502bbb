import { afterAll, beforeAll, expect, it } from 'vitest';
import { EMAIL_TEMPLATE, setup } from './helpers.js';

const s = setup();
beforeAll(() => s.server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => s.server.close());

it('sends an email through the fake and reads it back', async () => {
  const notify = s.client();
  const res = await notify.emails.send({
    template_id: EMAIL_TEMPLATE,
    email_address: 'amala@example.com',
    personalisation: {
      full_name: 'Amala',
      reference: 'P-1',
      vehicle_registration: 'AB12 CDE',
      documents: ['a', 'b'],
      extra: 'yes',
    },
  });
  expect(res.content.subject).toBe('Parking permit application P-1');
  const n = await notify.notifications.get(res.id);
  expect(n.status).toBe('created');
  expect(s.fake.lastMessage('amala@example.com')?.body).toContain('Dear Amala');
});
