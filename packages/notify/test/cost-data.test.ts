// Typed cost data and sanitised content, read back from the fake (which serves them as notifications-api's
// app/models.py serialize_with_cost_data and app/v2/notifications/post_notifications.py do).
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  type CostDetails,
  Notification,
  type SanitisedContent,
  type SendEmailResponse,
} from '../src/index.js';
import { EMAIL_TEMPLATE, LETTER_ADDRESS, LETTER_TEMPLATE, SMS_TEMPLATE, setup } from './helpers.js';

const s = setup();
beforeAll(() => s.server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => s.fake.reset());
afterAll(() => s.server.close());
const notify = () => s.client();

describe('cost data', () => {
  it('types every cost field the API documents, per channel', () => {
    expectTypeOf<CostDetails['billable_sms_fragments']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<CostDetails['international_rate_multiplier']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<CostDetails['sms_rate']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<CostDetails['billable_sheets_of_paper']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<Notification['cost_in_pounds']>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<Notification['is_cost_data_ready']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<NonNullable<SendEmailResponse['sanitised_content']>>().toEqualTypeOf<SanitisedContent>();
  });

  it('a delivered text message costs fragments × rate multiplier × rate', async () => {
    const { id } = await notify().sms.send({
      template_id: SMS_TEMPLATE,
      phone_number: '07700900123',
      personalisation: { reference: 'R1', amount: '1' },
    });
    await s.fake.advance(id, 'delivered');
    const n = await notify().notifications.get(id);
    expect(n.is_cost_data_ready).toBe(true);
    const { billable_sms_fragments, international_rate_multiplier, sms_rate } = n.cost_details ?? {};
    expect(billable_sms_fragments).toBe(1);
    expect(international_rate_multiplier).toBe(1);
    expect(typeof sms_rate).toBe('number');
    expect(n.cost_in_pounds).toBeCloseTo(
      (billable_sms_fragments as number) * (international_rate_multiplier as number) * (sms_rate as number),
      4,
    );
  });

  it('a letter reports its sheets of paper and postage', async () => {
    const { id } = await notify().letters.send({
      template_id: LETTER_TEMPLATE,
      personalisation: { ...LETTER_ADDRESS, full_name: 'A Resident', reference: 'R2' },
    });
    await s.fake.advance(id, 'delivered');
    const n = await notify().notifications.get(id);
    expect(n.cost_details).toMatchObject({ postage: 'second' });
    expect(n.cost_details?.billable_sheets_of_paper).toBeGreaterThan(0);
    expect(n.cost_in_pounds).toBeGreaterThan(0);
  });

  it('an email costs nothing and has no cost details', async () => {
    const { id } = await notify().emails.send({
      template_id: EMAIL_TEMPLATE,
      email_address: 'resident@example.com',
      personalisation: { full_name: 'A', reference: 'R3', vehicle_registration: 'X', documents: 'none' },
    });
    const n = await notify().notifications.get(id);
    expect([n.is_cost_data_ready, n.cost_in_pounds, n.cost_details]).toEqual([true, 0, {}]);
  });

  it('parses leniently: unknown cost fields are kept, missing ones are fine, a wrong type is refused', () => {
    const base = {
      id: 'x',
      type: 'sms',
      status: 'created',
      template: { id: 'a', version: 1, uri: 'u' },
      body: 'b',
      created_at: '2026-01-01T00:00:00.000000Z',
    };
    expect(
      Notification.parse({ ...base, cost_details: { sms_rate: 0.0227, new_field: 1 } }).cost_details,
    ).toEqual({
      sms_rate: 0.0227,
      new_field: 1,
    });
    expect(
      Notification.parse({ ...base, is_cost_data_ready: false, cost_in_pounds: null, cost_details: {} })
        .cost_in_pounds,
    ).toBeNull();
    expect(Notification.safeParse({ ...base, cost_details: { billable_sms_fragments: 'one' } }).success).toBe(
      false,
    );
  });
});
