import { describe, expect, it } from 'vitest';
import { BadRequestError, NotFoundError, ValidationError } from '../src/index.js';
import { useFakePay, webPayment } from './setup.js';

describe('agreements and recurring payments', () => {
  const t = useFakePay();
  const agreement = {
    reference: 'CT-2025-0001',
    description: 'Council tax by monthly card payment',
    user_identifier: 'user-123',
  };

  it('creates an agreement (created) and gets it', async () => {
    const a = await t.pay.agreements.create(agreement);
    expect(a).toMatchObject({ ...agreement, status: 'created' });
    expect(a.agreement_id).toHaveLength(26);
    expect(await t.pay.agreements.get(a.agreement_id)).toMatchObject({ agreement_id: a.agreement_id });
  });

  it('activates the agreement when the set-up payment succeeds, then takes recurring payments', async () => {
    const a = await t.pay.agreements.create(agreement);
    const setup = await t.pay.payments.create(webPayment({ set_up_agreement: a.agreement_id }));
    t.fake.completePayment(setup.payment_id);
    const active = await t.pay.agreements.get(a.agreement_id);
    expect(active.status).toBe('active');
    expect(active.payment_instrument?.card_details?.last_digits_card_number).toBe('1111');

    const recurring = await t.pay.payments.create({
      amount: 10_000,
      description: 'Council tax instalment',
      reference: 'CT-2025-0001-02',
      authorisation_mode: 'agreement',
      agreement_id: a.agreement_id,
    });
    expect(recurring._links?.next_url).toBeUndefined();
    const done = await t.pay.payments.get(recurring.payment_id);
    expect(done.state.status).toBe('success');
    expect((await t.pay.payments.list({ agreement_id: a.agreement_id }).toArray()).length).toBe(2);
  });

  it('declines recurring payments for the card whose recurring payments fail, and stops the agreement', async () => {
    const a = await t.pay.agreements.create(agreement);
    const setup = await t.pay.payments.create(webPayment({ set_up_agreement: a.agreement_id }));
    t.fake.completePayment(setup.payment_id, { card: { card_number: '5105105105105100' } });
    expect((await t.pay.agreements.get(a.agreement_id)).status).toBe('active');
    const recurring = await t.pay.payments.create({
      amount: 100,
      description: 'Instalment',
      reference: 'R2',
      authorisation_mode: 'agreement',
      agreement_id: a.agreement_id,
    });
    expect((await t.pay.payments.get(recurring.payment_id)).state).toMatchObject({
      status: 'failed',
      code: 'P0010',
      can_retry: false,
    });
    expect((await t.pay.agreements.get(a.agreement_id)).status).toBe('inactive');
  });

  it('does not activate the agreement when the set-up card fails', async () => {
    const a = await t.pay.agreements.create(agreement);
    const setup = await t.pay.payments.create(webPayment({ set_up_agreement: a.agreement_id }));
    t.fake.completePayment(setup.payment_id, { card: { card_number: '4000000000000002' } });
    expect((await t.pay.payments.get(setup.payment_id)).state.status).toBe('failed');
    expect((await t.pay.agreements.get(a.agreement_id)).status).toBe('created');
  });

  it('refuses an agreement payment for an agreement that is not active (400 P0102 agreement_id)', async () => {
    const a = await t.pay.agreements.create(agreement);
    const error = await t.pay.payments
      .create({
        amount: 100,
        description: 'x',
        reference: 'y',
        authorisation_mode: 'agreement',
        agreement_id: a.agreement_id,
      })
      .catch((e) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ code: 'P0102' });
    expect(error.body).toMatchObject({ field: 'agreement_id' });
  });

  it('refuses agreement mode with a return_url, before sending', async () => {
    const error = await t.pay.payments
      .create({ ...webPayment(), authorisation_mode: 'agreement', agreement_id: 'a'.repeat(26) })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues.map((i: { path: string }) => i.path)).toContain('return_url');
  });

  it('cancels an active agreement, and refuses to cancel one that is not active (P2501)', async () => {
    const a = await t.pay.agreements.create(agreement);
    await expect(t.pay.agreements.cancel(a.agreement_id)).rejects.toMatchObject({
      status: 400,
      code: 'P2501',
    });
    const setup = await t.pay.payments.create(webPayment({ set_up_agreement: a.agreement_id }));
    t.fake.completePayment(setup.payment_id);
    await t.pay.agreements.cancel(a.agreement_id);
    const cancelled = await t.pay.agreements.get(a.agreement_id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.cancelled_date).toEqual(expect.any(String));
  });

  it('answers NotFoundError for an unknown agreement', async () => {
    await expect(t.pay.agreements.get('z'.repeat(26))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('searches agreements by status and reference, lazily paged', async () => {
    for (let i = 0; i < 5; i++) {
      await t.fake.clock.advance(1000);
      await t.pay.agreements.create({ ...agreement, reference: i < 3 ? 'A' : 'B' });
    }
    expect(await t.pay.agreements.list({ reference: 'A', display_size: 2 }).toArray()).toHaveLength(3);
    expect(await t.pay.agreements.list({ status: 'active' }).toArray()).toHaveLength(0);
    expect(await t.pay.agreements.list({ status: 'created', display_size: 1 }).toArray()).toHaveLength(5);
  });

  it('validates agreement bodies before sending', async () => {
    await expect(t.pay.agreements.create({ reference: '', description: 'x' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(t.pay.agreements.create({ reference: 'a|b', description: 'x' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});
