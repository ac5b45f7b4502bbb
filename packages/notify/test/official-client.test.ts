/**
 * The official notifications-node-client, unchanged, against the fake: anyone migrating can point their
 * existing code at the fake (or the sandbox) first.
 */
import { NotifyClient as OfficialClient } from 'notifications-node-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_TEMPLATE, LETTER_ADDRESS, LETTER_TEMPLATE, SMS_TEMPLATE, setup } from './helpers.js';

const s = setup();
beforeAll(() => s.server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => s.server.close());

const official = () => new OfficialClient(s.fake.baseUrl, s.fake.apiKeys.live);

describe('notifications-node-client 8.x against the fake', () => {
  it('sendEmail, getNotificationById, getNotifications', async () => {
    const client = official();
    const res = await client.sendEmail(EMAIL_TEMPLATE, 'amala@example.com', {
      personalisation: {
        full_name: 'Amala',
        reference: 'P-9',
        vehicle_registration: 'AB12',
        documents: ['passport'],
      },
      reference: 'official-1',
    });
    expect(res.status).toBe(201);
    expect(res.data.content.subject).toBe('Parking permit application P-9');
    const got = await client.getNotificationById(res.data.id);
    expect(got.data.email_address).toBe('amala@example.com');
    const list = await client.getNotifications('email', 'created', 'official-1');
    expect(list.data.notifications.map((n: { id: string }) => n.id)).toEqual([res.data.id]);
  });

  it('sendSms and sendLetter, sendPrecompiledLetter, getPdfForLetterNotification', async () => {
    const client = official();
    const sms = await client.sendSms(SMS_TEMPLATE, '07700 900123', {
      personalisation: { reference: 'R', amount: '£10' },
    });
    expect(sms.data.content.body).toBe('Application R received. Amount paid: £10.');
    const letter = await client.sendLetter(LETTER_TEMPLATE, {
      personalisation: { ...LETTER_ADDRESS, full_name: 'A', reference: 'R' },
    });
    expect(letter.status).toBe(201);
    const pdf = await client.getPdfForLetterNotification(letter.data.id);
    expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const pre = await client.sendPrecompiledLetter('pre-1', Buffer.from('%PDF-1.7 test'), 'first');
    expect(pre.data).toMatchObject({ reference: 'pre-1', postage: 'first' });
  });

  it('templates: getTemplateById, getTemplateByIdAndVersion, getAllTemplates, previewTemplateById', async () => {
    const client = official();
    expect((await client.getTemplateById(SMS_TEMPLATE)).data.type).toBe('sms');
    expect((await client.getTemplateByIdAndVersion(SMS_TEMPLATE, 1)).data.version).toBe(1);
    expect((await client.getAllTemplates('letter')).data.templates.map((t: { id: string }) => t.id)).toEqual([
      LETTER_TEMPLATE,
    ]);
    const preview = await client.previewTemplateById(SMS_TEMPLATE, { reference: 'X', amount: '1' });
    expect(preview.data.body).toBe('Application X received. Amount paid: 1.');
  });

  it('getReceivedTexts and prepareUpload (its null option fields are accepted)', async () => {
    const client = official();
    await s.fake.receivedTexts.add({ user_number: '07700900111', content: 'STOP' });
    const texts = await client.getReceivedTexts();
    expect(texts.data.received_text_messages[0]?.content).toBe('STOP');
    const file = client.prepareUpload(Buffer.from('a,b\n1,2'), { filename: 'data.csv' });
    const res = await client.sendEmail(EMAIL_TEMPLATE, 'amala@example.com', {
      personalisation: { full_name: 'A', reference: 'R', vehicle_registration: 'V', documents: file },
    });
    expect(res.status).toBe(201);
  });

  it('sees the service’s own error bodies on failure', async () => {
    const client = official();
    const error = await client.sendSms(SMS_TEMPLATE, '07700900123', {}).catch((e: unknown) => e);
    const response = (error as { response: { status: number; data: unknown } }).response;
    expect(response.status).toBe(400);
    expect(response.data).toEqual({
      status_code: 400,
      errors: [{ error: 'BadRequestError', message: 'Missing personalisation: reference, amount' }],
    });
  });
});
