/**
 * How the fake reads a create-payment body, field by field, as alphagov/pay-publicapi json/RequestJsonParser.java,
 * the bean constraints of model/CreateCardPaymentRequest.java and pay-connector's ChargesApiResource/ChargeService
 * read it: which mistake gets P0101 (missing, null or blank), P0102 (wrong type: 400; out of range: 422) or P0104
 * (a field that must not be sent), with Pay's own status codes and descriptions.
 */
import { describe, expect, it } from 'vitest';
import { type Harness, payFake, webPayment } from './harness.js';

async function answer(res: Response) {
  return { status: res.status, body: await res.json() };
}

async function refusal(h: Harness, body: unknown, headers: Record<string, string> = {}) {
  const result = await answer(await h.create(body, headers));
  expect(h.fake.payments.list()).toHaveLength(0);
  return result;
}

describe('mandatory fields: reference, description, amount', () => {
  for (const field of ['reference', 'description'] as const) {
    it(`answers 400 P0101 for a missing, null, empty or blank ${field}, and creates nothing`, async () => {
      const h = await payFake();
      const { [field]: _, ...without } = webPayment();
      for (const body of [
        without,
        webPayment({ [field]: null }),
        webPayment({ [field]: '' }),
        webPayment({ [field]: '   ' }),
      ]) {
        expect(await refusal(h, body)).toEqual({
          status: 400,
          body: { field, code: 'P0101', description: `Missing mandatory attribute: ${field}` },
        });
      }
    });

    it(`answers 400 P0102 for a ${field} that is not a string, or contains < > |`, async () => {
      const h = await payFake();
      for (const value of [42, { whatever: 1 }, true, 'a <b>', 'a | b']) {
        expect(await refusal(h, webPayment({ [field]: value }))).toEqual({
          status: 400,
          body: {
            field,
            code: 'P0102',
            description: `Invalid attribute value: ${field}. Must be a valid string format`,
          },
        });
      }
    });

    it(`answers 422 P0102 for a ${field} over 255 characters`, async () => {
      const h = await payFake();
      expect(await refusal(h, webPayment({ [field]: 'r'.repeat(256) }))).toEqual({
        status: 422,
        body: {
          field,
          code: 'P0102',
          description: `Invalid attribute value: ${field}. Must be less than or equal to 255 characters length`,
        },
      });
    });
  }

  it('answers 400 P0101 for a missing or null amount', async () => {
    const h = await payFake();
    const { amount: _, ...without } = webPayment();
    for (const body of [without, webPayment({ amount: null })]) {
      expect(await refusal(h, body)).toEqual({
        status: 400,
        body: { field: 'amount', code: 'P0101', description: 'Missing mandatory attribute: amount' },
      });
    }
  });

  it('answers 400 P0102 for an amount that is not a 32-bit integer (string, float, blank, too big)', async () => {
    const h = await payFake();
    for (const amount of ['1250', 12.5, '', 2 ** 31, true]) {
      expect(await refusal(h, webPayment({ amount }))).toEqual({
        status: 400,
        body: {
          field: 'amount',
          code: 'P0102',
          description: 'Invalid attribute value: amount. Must be a valid numeric format',
        },
      });
    }
  });

  it('answers 400 P0102 for an amount written as a decimal, even a whole one (1250.0, 1e3), as Jackson reads it', async () => {
    const h = await payFake();
    // PHP's json_encode writes a float as 1250.0: Pay's isInt check refuses it, so the fake must too.
    for (const amount of ['1250.0', '1e3', '1.25E3', '-0.0']) {
      const body = JSON.stringify(webPayment()).replace('"amount":1250', `"amount":${amount}`);
      expect(await refusal(h, body)).toEqual({
        status: 400,
        body: {
          field: 'amount',
          code: 'P0102',
          description: 'Invalid attribute value: amount. Must be a valid numeric format',
        },
      });
    }
    // Written as an integer, the same value is taken.
    expect((await h.create(JSON.stringify(webPayment()))).status).toBe(201);
  });

  it('answers 422 P0102 for a negative amount or one over 10,000,000', async () => {
    const h = await payFake();
    expect((await refusal(h, webPayment({ amount: -1 }))).body.description).toBe(
      'Invalid attribute value: amount. Must be greater than or equal to 1',
    );
    expect(await refusal(h, webPayment({ amount: 10_000_001 }))).toEqual({
      status: 422,
      body: {
        field: 'amount',
        code: 'P0102',
        description: 'Invalid attribute value: amount. Must be less than or equal to 10000000',
      },
    });
  });

  it('answers 422 P0102 for a zero amount, as the connector does (ZERO_AMOUNT_NOT_ALLOWED)', async () => {
    const h = await payFake();
    expect(await refusal(h, webPayment({ amount: 0 }))).toEqual({
      status: 422,
      body: {
        field: 'amount',
        code: 'P0102',
        description:
          'Invalid attribute value: amount. Must be greater than or equal to 1. Refer to https://docs.payments.service.gov.uk/making_payments/#amount',
      },
    });
  });

  it('reads fields in pay-publicapi order: amount before reference before description', async () => {
    const h = await payFake();
    expect((await refusal(h, { description: '', reference: 5 })).body.field).toBe('amount');
    expect((await refusal(h, { amount: 100, description: '', reference: 5 })).body.field).toBe('reference');
  });
});

describe('optional fields and null', () => {
  it('takes null as "not sent" for email and prefilled cardholder details', async () => {
    const h = await payFake();
    const res = await h.create(
      webPayment({
        email: null,
        prefilled_cardholder_details: { cardholder_name: null, billing_address: { line1: null } },
      }),
    );
    expect(res.status).toBe(201);
    expect((await res.json()).email).toBeUndefined();
  });

  it('answers 400 P0102 for a null or non-boolean delayed_capture or moto ("Must be true or false")', async () => {
    const h = await payFake();
    for (const field of ['delayed_capture', 'moto']) {
      for (const value of [null, 'true', 1]) {
        expect(await refusal(h, webPayment({ [field]: value }))).toEqual({
          status: 400,
          body: {
            field,
            code: 'P0102',
            description: `Invalid attribute value: ${field}. Must be true or false`,
          },
        });
      }
    }
  });

  it('answers 400 for a null, blank or non-string language and 422 for an unknown one', async () => {
    const h = await payFake();
    const description = 'Invalid attribute value: language. Must be "en" or "cy"';
    for (const language of [null, '', ' ', 1]) {
      expect(await refusal(h, webPayment({ language }))).toEqual({
        status: 400,
        body: { field: 'language', code: 'P0102', description },
      });
    }
    expect(await refusal(h, webPayment({ language: 'fr' }))).toEqual({
      status: 422,
      body: { field: 'language', code: 'P0102', description },
    });
  });

  it('answers 400 for a null or non-string authorisation_mode and 422 for an unknown one (external included)', async () => {
    const h = await payFake();
    const description =
      'Invalid attribute value: authorisation_mode. Must be one of web, moto_api, agreement';
    expect(await refusal(h, webPayment({ authorisation_mode: null }))).toMatchObject({
      status: 400,
      body: { description },
    });
    for (const mode of ['foo', 'external']) {
      expect(await refusal(h, webPayment({ authorisation_mode: mode }))).toMatchObject({
        status: 422,
        body: { description },
      });
    }
  });

  it('answers 400 P0102 "Field must be a string" for an email or cardholder name of another type', async () => {
    const h = await payFake();
    expect(await refusal(h, webPayment({ email: 42 }))).toEqual({
      status: 400,
      body: {
        field: 'email',
        code: 'P0102',
        description: 'Invalid attribute value: email. Field must be a string',
      },
    });
    expect(
      (await refusal(h, webPayment({ prefilled_cardholder_details: { cardholder_name: 7 } }))).body.field,
    ).toBe('cardholder_name');
  });

  it('answers 422 P0102 for an email over 254 characters and a postcode over 25', async () => {
    const h = await payFake();
    expect(await refusal(h, webPayment({ email: `${'e'.repeat(250)}@x.uk` }))).toMatchObject({
      status: 422,
      body: {
        field: 'email',
        description: 'Invalid attribute value: email. Must be less than or equal to 254 characters length',
      },
    });
    expect(
      await refusal(
        h,
        webPayment({ prefilled_cardholder_details: { billing_address: { postcode: 'p'.repeat(26) } } }),
      ),
    ).toMatchObject({
      status: 422,
      body: {
        field: 'postcode',
        description: 'Invalid attribute value: postcode. Must be less than or equal to 25 characters length',
      },
    });
  });

  it('answers 422 P0102 field metadata with pay-java-commons’ messages', async () => {
    const h = await payFake();
    const cases: Array<[unknown, string]> = [
      [null, 'Value must not be null'],
      [[1, 2], 'Must be an object of JSON key-value pairs'],
      ['flat', 'Must be an object of JSON key-value pairs'],
      [{ '': 'x' }, 'Keys must be between 1 and 30 characters long'],
      [{ ['k'.repeat(31)]: 1 }, 'Keys must be between 1 and 30 characters long'],
      [{ k: null }, 'Must not have null values'],
      [{ k: { nested: 1 } }, 'Values must be of type String, Boolean or Number'],
      [{ k: 'v'.repeat(101) }, 'Values must be no greater than 100 characters long'],
      [
        Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`key${i}`, i])),
        'Cannot have more than 15 key-value pairs',
      ],
    ];
    for (const [metadata, message] of cases) {
      expect(await refusal(h, webPayment({ metadata })), JSON.stringify(metadata)).toEqual({
        status: 422,
        body: {
          field: 'metadata',
          code: 'P0102',
          description: `Invalid attribute value: metadata. ${message}`,
        },
      });
    }
  });
});

describe('metadata keys', () => {
  it('refuses metadata keys that differ only in case (422 "Must have case insensitive unique keys")', async () => {
    const h = await payFake();
    expect(await refusal(h, webPayment({ metadata: { ledger_code: 'A', Ledger_Code: 'B' } }))).toEqual({
      status: 422,
      body: {
        field: 'metadata',
        code: 'P0102',
        description: 'Invalid attribute value: metadata. Must have case insensitive unique keys',
      },
    });
  });
});

describe('return_url', () => {
  it('answers 400 P0101 (no field) for a web payment without a return_url, as the connector does', async () => {
    const h = await payFake();
    const { return_url: _, ...without } = webPayment();
    for (const body of [without, webPayment({ return_url: null })]) {
      expect(await refusal(h, body)).toEqual({
        status: 400,
        body: { code: 'P0101', description: 'Missing mandatory attribute: return_url' },
      });
    }
  });

  it('answers 422 P0102 (no field) for a return_url that is not a URL', async () => {
    const h = await payFake();
    for (const returnUrl of ['council.example/return', '', 'ftp://council.example.gov.uk/x']) {
      expect(await refusal(h, webPayment({ return_url: returnUrl }))).toEqual({
        status: 422,
        body: {
          code: 'P0102',
          description: 'Invalid attribute value: return_url. Must be a valid URL format',
        },
      });
    }
  });

  it('answers 400 P0102 field return_url for a return_url that is not a string', async () => {
    const h = await payFake();
    expect(await refusal(h, webPayment({ return_url: 5 }))).toEqual({
      status: 400,
      body: {
        field: 'return_url',
        code: 'P0102',
        description: 'Invalid attribute value: return_url. Must be a valid URL format',
      },
    });
  });

  it('answers 422 P0920 for a non-https return_url on a live account', async () => {
    const h = await payFake({
      accounts: [{ id: 'live', mode: 'live', apiKeys: ['api_live_council_sdk_fake_00000000000000'] }],
    });
    const res = await h.call('/v1/payments', {
      key: 'api_live_council_sdk_fake_00000000000000',
      json: webPayment({ return_url: 'http://council.example.gov.uk/return' }),
    });
    expect(await answer(res)).toEqual({
      status: 422,
      body: {
        field: 'return_url',
        code: 'P0920',
        description:
          'Invalid attribute value: return_url. Must begin with https:// for a live gateway account',
      },
    });
  });
});

describe('fields that must not be sent (P0104)', () => {
  it('answers 400 P0104 for a return_url with authorisation_mode moto_api', async () => {
    const h = await payFake();
    expect(await refusal(h, webPayment({ authorisation_mode: 'moto_api' }))).toEqual({
      status: 400,
      body: { code: 'P0104', description: 'Unexpected attribute: return_url' },
    });
  });

  it('answers 400 P0104 for agreement_id without authorisation_mode agreement', async () => {
    const h = await payFake();
    expect(await refusal(h, webPayment({ agreement_id: 'a'.repeat(26) }))).toEqual({
      status: 400,
      body: { code: 'P0104', description: 'Unexpected attribute: agreement_id' },
    });
  });

  it('answers 400 P0104 for agreement_payment_type without set_up_agreement or agreement mode', async () => {
    const h = await payFake();
    expect(await refusal(h, webPayment({ agreement_payment_type: 'recurring' }))).toEqual({
      status: 400,
      body: { code: 'P0104', description: 'Unexpected attribute: agreement_payment_type' },
    });
  });

  it('answers 400 P0104 for email, prefilled details or moto on an agreement payment', async () => {
    const h = await payFake();
    const base = {
      amount: 100,
      description: 'd',
      reference: 'r',
      authorisation_mode: 'agreement',
      agreement_id: 'a'.repeat(26),
    };
    for (const [field, value] of [
      ['email', 'a@example.com'],
      ['prefilled_cardholder_details', { cardholder_name: 'X' }],
      ['moto', true],
    ] as const) {
      expect(await refusal(h, { ...base, [field]: value })).toEqual({
        status: 400,
        body: { code: 'P0104', description: `Unexpected attribute: ${field}` },
      });
    }
  });

  it('answers 400 P0104 set_up_agreement for set_up_agreement on an agreement payment, with or without agreement_id', async () => {
    const h = await payFake();
    const agreementId = 'a'.repeat(26);
    const base = { amount: 100, description: 'd', reference: 'r', authorisation_mode: 'agreement' };
    for (const body of [
      { ...base, set_up_agreement: agreementId },
      { ...base, agreement_id: agreementId, set_up_agreement: agreementId },
    ]) {
      expect(await refusal(h, body)).toEqual({
        status: 400,
        body: { code: 'P0104', description: 'Unexpected attribute: set_up_agreement' },
      });
    }
  });

  it('answers 400 P0104 agreement_id for set_up_agreement on a moto_api payment (it reaches the connector as agreement_id)', async () => {
    const h = await payFake();
    const body = {
      amount: 100,
      description: 'd',
      reference: 'r',
      authorisation_mode: 'moto_api',
      set_up_agreement: 'a'.repeat(26),
    };
    expect(await refusal(h, body)).toEqual({
      status: 400,
      body: { code: 'P0104', description: 'Unexpected attribute: agreement_id' },
    });
  });

  it('does not check agreement_id for the characters NAXSI blocks (only reference and description)', async () => {
    const h = await payFake();
    const res = await h.create({
      amount: 100,
      description: 'd',
      reference: 'r',
      authorisation_mode: 'agreement',
      agreement_id: `${'a'.repeat(24)}<|`,
    });
    expect(await answer(res)).toEqual({
      status: 400,
      body: {
        field: 'agreement_id',
        code: 'P0102',
        description: 'Invalid attribute value: agreement_id. Agreement does not exist',
      },
    });
  });

  it('drops a prefilled billing country that is not 2 characters, as the connector does (no refusal)', async () => {
    const h = await payFake();
    const address = { line1: '1 High Street', city: 'Town', postcode: 'AB1 2CD' };
    const kept = await h.payment(
      webPayment({ prefilled_cardholder_details: { billing_address: { ...address, country: 'GB' } } }),
    );
    expect(kept.card_details.billing_address.country).toBe('GB');
    const dropped = await h.payment(
      webPayment({
        prefilled_cardholder_details: { billing_address: { ...address, country: 'United Kingdom' } },
      }),
    );
    expect(dropped.card_details.billing_address).toEqual(address);
  });

  it('takes prefilled_cardholder_details with no value in it as not sent: an agreement payment may carry it', async () => {
    const h = await payFake();
    const agreement = h.fake.agreements.create({ reference: 'CT-1', description: 'Council tax' });
    const setUp = await h.payment(webPayment({ set_up_agreement: agreement.agreement_id }));
    h.fake.completePayment(setUp.payment_id);
    for (const prefilled of [
      {},
      { cardholder_name: null, billing_address: {} },
      { billing_address: { line1: null } },
    ]) {
      const res = await h.create({
        amount: 100,
        description: 'd',
        reference: 'r',
        authorisation_mode: 'agreement',
        agreement_id: agreement.agreement_id,
        prefilled_cardholder_details: prefilled,
      });
      expect(res.status).toBe(201);
    }
    const web = await h.payment(webPayment({ prefilled_cardholder_details: { cardholder_name: null } }));
    expect(web.card_details).toBeUndefined();
  });

  it('answers 422 P0102 for an agreement_id or set_up_agreement that is not 26 characters', async () => {
    const h = await payFake();
    expect(await refusal(h, webPayment({ set_up_agreement: 'short' }))).toEqual({
      status: 422,
      body: {
        field: 'set_up_agreement',
        code: 'P0102',
        description: 'Invalid attribute value: set_up_agreement. Field [set_up_agreement] length must be 26',
      },
    });
  });

  it('answers 400 P0102 field agreement_id for an agreement that does not exist or is not active', async () => {
    const h = await payFake();
    const recurring = (agreementId: string) => ({
      amount: 100,
      description: 'd',
      reference: 'r',
      authorisation_mode: 'agreement',
      agreement_id: agreementId,
    });
    expect(await refusal(h, recurring('a'.repeat(26)))).toEqual({
      status: 400,
      body: {
        field: 'agreement_id',
        code: 'P0102',
        description: 'Invalid attribute value: agreement_id. Agreement does not exist',
      },
    });
    const agreement = h.fake.agreements.create({ reference: 'CT-1', description: 'Council tax' });
    expect(await refusal(h, recurring(agreement.agreement_id as string))).toEqual({
      status: 400,
      body: {
        field: 'agreement_id',
        code: 'P0102',
        description: 'Invalid attribute value: agreement_id. Agreement must be active',
      },
    });
  });
});

describe('account switches', () => {
  it('answers 422 P0942 for recurring payments on an account without them, 422 P0195 for moto_api and 422 P0196 for moto', async () => {
    const h = await payFake();
    h.fake.accounts.configure('test-account', {
      recurringEnabled: false,
      motoApiEnabled: false,
      motoEnabled: false,
    });
    const agreementId = 'a'.repeat(26);
    expect((await refusal(h, webPayment({ set_up_agreement: agreementId }))).body.code).toBe('P0942');
    expect(
      await refusal(h, { amount: 100, description: 'd', reference: 'r', authorisation_mode: 'moto_api' }),
    ).toEqual({
      status: 422,
      body: {
        code: 'P0195',
        description: 'Using authorisation_mode of moto_api is not allowed for this account',
      },
    });
    expect(await refusal(h, webPayment({ moto: true }))).toMatchObject({
      status: 422,
      body: { code: 'P0196' },
    });
    const agreement = await h.call('/v1/agreements', { json: { reference: 'r', description: 'd' } });
    expect(agreement.status).toBe(422);
    expect((await agreement.json()).code).toBe('P0942');
  });

  it('answers 403 P0941 to payments and refunds on an account Pay has disabled', async () => {
    const h = await payFake();
    const p = await h.payment();
    h.fake.completePayment(p.payment_id);
    h.fake.accounts.configure('test-account', { disabled: true });
    const disabled = {
      code: 'P0941',
      description:
        'GOV.UK Pay has disabled payment and refund creation on this account. Contact support with your error code - https://www.payments.service.gov.uk/support/ .',
    };
    expect(await answer(await h.create(webPayment()))).toEqual({ status: 403, body: disabled });
    expect(
      await answer(await h.call(`/v1/payments/${p.payment_id}/refunds`, { json: { amount: 100 } })),
    ).toEqual({
      status: 403,
      body: disabled,
    });
  });
});

describe('headers and unparsable bodies', () => {
  it('answers 422 P0102 header Idempotency-Key for a malformed or over-long key', async () => {
    const h = await payFake();
    expect(await refusal(h, webPayment(), { 'Idempotency-Key': 'not valid!' })).toEqual({
      status: 422,
      body: {
        header: 'Idempotency-Key',
        code: 'P0102',
        description: 'Header [Idempotency-Key] can only contain alphanumeric characters and hyphens',
      },
    });
    expect(await refusal(h, webPayment(), { 'Idempotency-Key': 'k'.repeat(256) })).toEqual({
      status: 422,
      body: {
        header: 'Idempotency-Key',
        code: 'P0102',
        description: 'Header [Idempotency-Key] can have a size between 1 and 255',
      },
    });
  });

  it('answers 400 P0197 for a body that is not JSON, and P0101 amount for JSON that is not an object', async () => {
    const h = await payFake();
    expect(await refusal(h, '{"amount": 12')).toEqual({
      status: 400,
      body: { code: 'P0197', description: 'Unable to parse JSON' },
    });
    expect((await refusal(h, '[1, 2]')).body).toEqual({
      field: 'amount',
      code: 'P0101',
      description: 'Missing mandatory attribute: amount',
    });
  });
});

describe('refund, agreement and MOTO bodies', () => {
  async function captured(h: Harness) {
    const p = await h.payment();
    h.fake.completePayment(p.payment_id);
    return p.payment_id as string;
  }

  it('answers 400 P0601 for a missing refund amount, 400 P0602 for a wrong type and 422 P0602 out of range', async () => {
    const h = await payFake();
    const id = await captured(h);
    const refund = (json: unknown) => h.call(`/v1/payments/${id}/refunds`, { json }).then(answer);
    expect(await refund({})).toEqual({
      status: 400,
      body: { field: 'amount', code: 'P0601', description: 'Missing mandatory attribute: amount' },
    });
    expect(await refund({ amount: 'lots' })).toEqual({
      status: 400,
      body: {
        field: 'amount',
        code: 'P0602',
        description: 'Invalid attribute value: amount. Must be a valid numeric format',
      },
    });
    // A refund amount written as a decimal is not an int either; refund_amount_available is read with asInt().
    expect(await refund('{"amount":100.0,"refund_amount_available":1250}')).toEqual({
      status: 400,
      body: {
        field: 'amount',
        code: 'P0602',
        description: 'Invalid attribute value: amount. Must be a valid numeric format',
      },
    });
    expect((await refund('{"amount":100,"refund_amount_available":1250.0}')).status).toBe(202);
    expect(await refund({ amount: 0 })).toEqual({
      status: 422,
      body: {
        field: 'amount',
        code: 'P0602',
        description: 'Invalid attribute value: amount. Must be greater than or equal to 1',
      },
    });
    expect(await refund('{')).toEqual({
      status: 400,
      body: { code: 'P0697', description: 'Unable to parse JSON' },
    });
  });

  it('answers 400 P2101 for a blank agreement reference and 422 P0102 for one over 255 characters', async () => {
    const h = await payFake();
    const create = (json: unknown) => h.call('/v1/agreements', { json }).then(answer);
    expect(await create({ reference: ' ', description: 'd' })).toEqual({
      status: 400,
      body: { field: 'reference', code: 'P2101', description: 'Missing mandatory attribute: reference' },
    });
    expect(await create({ reference: 'r'.repeat(256), description: 'd' })).toEqual({
      status: 422,
      body: {
        field: 'reference',
        code: 'P0102',
        description:
          'Invalid attribute value: reference. Must be less than or equal to 255 characters length',
      },
    });
  });

  it('answers MOTO mistakes as Pay does: 422 P0101 missing, 400 P1211 unknown token, 402 P0010 invalid card number', async () => {
    const h = await payFake();
    const moto = await h.payment({
      amount: 300,
      description: 'Phone',
      reference: 'TEL',
      authorisation_mode: 'moto_api',
    });
    const token = moto._links.auth_url_post.params.one_time_token as string;
    const card = {
      one_time_token: token,
      card_number: '4444333322221111',
      cvc: '123',
      expiry_date: '12/29',
      cardholder_name: 'J',
    };
    const auth = (json: unknown) => h.call('/v1/auth', { key: null, json }).then(answer);
    const { card_number: _, ...noNumber } = card;
    expect(await auth(noNumber)).toEqual({
      status: 422,
      body: { field: 'card_number', code: 'P0101', description: 'Missing mandatory attribute: card_number' },
    });
    expect(await auth({ ...card, one_time_token: 'nope' })).toEqual({
      status: 400,
      body: { code: 'P1211', description: 'The one_time_token is not valid' },
    });
    expect(await auth({ ...card, card_number: '4444333322221112' })).toEqual({
      status: 402,
      body: { code: 'P0010', description: 'The card_number is not a valid card number' },
    });
    expect(await auth(card)).toEqual({
      status: 400,
      body: { code: 'P1212', description: 'The one_time_token has already been used' },
    });
  });
});

describe('search parameters', () => {
  it('answers one 422 P0401 naming every bad payment search parameter in Pay’s order, and 404 P0402 past the last page', async () => {
    const h = await payFake();
    const bad = await h.call('/v1/payments?display_size=501&from_date=yesterday&state=capturable&reference=');
    expect(await answer(bad)).toEqual({
      status: 422,
      body: {
        code: 'P0401',
        description:
          'Invalid parameters: state, from_date, display_size. See Public API documentation for the correct data formats',
      },
    });
    await h.payment();
    expect(await answer(await h.call('/v1/payments?page=2'))).toEqual({
      status: 404,
      body: { code: 'P0402', description: 'Page not found' },
    });
  });

  it('reads from_date and to_date as ISO zoned date-times: offsets, no seconds, nanoseconds and zone ids pass', async () => {
    const h = await payFake();
    for (const value of [
      '2026-03-02T09:00Z',
      '2026-03-02T10:00:00+01:00',
      '2026-03-02T09:00:00.123456789Z',
      '2026-03-02T09:00:00Z[Europe/London]',
    ]) {
      const res = await h.call(`/v1/payments?from_date=${encodeURIComponent(value)}`);
      expect(res.status).toBe(200);
    }
  });

  it('refuses dates that are not on the calendar (30 February) in from_date and from_settled_date', async () => {
    const h = await payFake();
    const res = await h.call('/v1/payments?from_date=2026-02-30T00:00:00Z&from_settled_date=2026-02-30');
    expect(await answer(res)).toEqual({
      status: 422,
      body: {
        code: 'P0401',
        description:
          'Invalid parameters: from_date, from_settled_date. See Public API documentation for the correct data formats',
      },
    });
  });

  it('filters on an offset from_date by its instant', async () => {
    const h = await payFake();
    await h.payment();
    // The payment was made at 09:00Z; 09:30+01:00 is 08:30Z, before it.
    const before = await (
      await h.call(`/v1/payments?from_date=${encodeURIComponent('2026-03-02T09:30:00+01:00')}`)
    ).json();
    expect(before.total).toBe(1);
    const after = await (
      await h.call(`/v1/payments?from_date=${encodeURIComponent('2026-03-02T10:30:00+01:00')}`)
    ).json();
    expect(after.total).toBe(0);
  });

  it('answers a page or display_size past 2^31-1 with 422 naming only the parameters found bad before it', async () => {
    const h = await payFake();
    expect(await answer(await h.call('/v1/payments?page=99999999999&display_size=0'))).toEqual({
      status: 422,
      body: {
        code: 'P0401',
        description: 'Invalid parameters: . See Public API documentation for the correct data formats',
      },
    });
    expect((await answer(await h.call('/v1/refunds?to_date=soon&display_size=99999999999'))).body).toEqual({
      code: 'P1101',
      description: 'Invalid parameters: to_date. See Public API documentation for the correct data formats',
    });
  });

  it('matches reference exactly but ignoring case, and email and cardholder_name anywhere, ignoring case (ledger’s LIKE)', async () => {
    const h = await payFake();
    const p = await h.payment(webPayment({ reference: 'PERMIT-1', email: 'Resident@Example.org' }));
    await h.payment(webPayment({ reference: 'PERMIT-10', email: 'other@example.org' }));
    h.fake.completePayment(p.payment_id, { card: { cardholder_name: 'Jo Citizen' } });
    const ids = async (query: string) =>
      ((await (await h.call(`/v1/payments?${query}`)).json()).results as Array<{ payment_id: string }>).map(
        (r) => r.payment_id,
      );
    expect(await ids('reference=permit-1')).toEqual([p.payment_id]);
    expect(await ids('reference=PERMIT')).toEqual([]);
    expect(await ids('email=resident%40example')).toEqual([p.payment_id]);
    expect(await ids('email=resident_%40')).toEqual([]);
    expect(await ids('email=res%25dent')).toEqual([p.payment_id]);
    expect(await ids('cardholder_name=citizen')).toEqual([p.payment_id]);
    const agreement = h.fake.agreements.create({ reference: 'CT-Ref-1', description: 'Council tax' });
    const found = await (await h.call('/v1/agreements?reference=ct-ref-1')).json();
    expect(found.results.map((a: { agreement_id: string }) => a.agreement_id)).toEqual([
      agreement.agreement_id,
    ]);
  });

  it('accepts card_brand but filters nothing by it (ledger reads card_brands), and refuses one over 20 characters', async () => {
    const h = await payFake();
    const p = await h.payment();
    h.fake.completePayment(p.payment_id, { card: { card_number: '5105105105105100' } });
    const found = await (await h.call('/v1/payments?card_brand=visa')).json();
    expect(found.results.map((r: { payment_id: string }) => r.payment_id)).toEqual([p.payment_id]);
    expect((await answer(await h.call(`/v1/payments?card_brand=${'v'.repeat(21)}`))).body.description).toBe(
      'Invalid parameters: card_brand. See Public API documentation for the correct data formats',
    );
  });

  it('names a bad dispute status "state", as the dispute validator does, and uses refunds’ own code P1101', async () => {
    const h = await payFake();
    expect((await answer(await h.call('/v1/disputes?status=open'))).body.description).toBe(
      'Invalid parameters: state. See Public API documentation for the correct data formats',
    );
    expect((await answer(await h.call('/v1/refunds?to_settled_date=tomorrow'))).body).toEqual({
      code: 'P1101',
      description:
        'Invalid parameters: to_settled_date. See Public API documentation for the correct data formats',
    });
  });
});
