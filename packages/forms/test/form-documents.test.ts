import { inspect } from 'node:util';
import {
  AuthenticationError,
  FormDocumentClient,
  FormDocumentSchema,
  isTrue,
  NotFoundError,
  ResponseValidationError,
  ValidationError,
} from '@council-sdk/forms';
import { createFormsApiFake, exampleForms } from '@council-sdk/forms/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const API_TOKEN = 'forms-api-token-0123456789abcdef';
const baseUrl = 'http://127.0.0.1:4000/forms-api';
const fake = createFormsApiFake({
  baseUrl,
  apiToken: API_TOKEN,
  forms: [
    exampleForms.missedBinCollection.en,
    exampleForms.missedBinCollection.cy,
    { document: { ...exampleForms.missedBinCollection.en, name: 'Draft name' }, tags: ['draft'] },
  ],
});
const server = setupServer(...fake.handlers);
const client = new FormDocumentClient({ baseUrl, apiToken: API_TOKEN, maxRetries: 0 });
const formId = exampleForms.missedBinCollection.form_id;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  fake.reset();
  server.resetHandlers();
});
afterAll(() => server.close());

describe('FormDocumentClient against the form-document endpoint fake', () => {
  it('gets the live document by default, with steps, settings and delivery configurations typed', async () => {
    const form = await client.forms.get(formId);
    expect(form.name).toBe('Report a missed bin collection');
    expect(form.form_id).toBe(formId);
    expect(form.steps.map((s) => s.data.answer_type)).toEqual([
      'address',
      'date',
      'selection',
      'file',
      'name',
      'email',
    ]);
    const bin = form.steps[2]!;
    expect(bin.data.answer_settings?.none_of_the_above_question?.question_text).toBe(
      'Which other bin was not collected?',
    );
    expect(isTrue(bin.data.answer_settings?.only_one_option)).toBe(true);
    expect(form.delivery_configurations?.[0]).toMatchObject({ delivery_method: 's3', formats: ['json'] });
  });

  it('gets a tag and a language', async () => {
    expect((await client.forms.get(formId, { tag: 'draft' })).name).toBe('Draft name');
    expect((await client.forms.get(formId, { language: 'cy' })).name).toBe(
      'Rhoi gwybod am fin na chafodd ei gasglu',
    );
  });

  it('sends the token as a bearer token, and a wrong token is refused with AuthenticationError', async () => {
    const wrong = new FormDocumentClient({ baseUrl, apiToken: 'wrong-token-value', maxRetries: 0 });
    await expect(wrong.forms.get(formId)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('answers 404 NotFoundError for an unknown form or a tag it does not have', async () => {
    await expect(client.forms.get('99999')).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.forms.get(formId, { tag: 'archived' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('validates arguments before sending anything', async () => {
    await expect(client.forms.get('', {})).rejects.toBeInstanceOf(ValidationError);
    await expect(client.forms.get(formId, { tag: 'published' as never })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('retries a 503 from the service (GET is safe to retry)', async () => {
    fake.faults.inject({ type: 'status', status: 503, times: 1 });
    const retrying = new FormDocumentClient({ baseUrl, apiToken: API_TOKEN, maxRetries: 2 });
    expect((await retrying.get(formId)).name).toBe('Report a missed bin collection');
  });

  it('keeps fields the schema does not know, and refuses a document without steps', async () => {
    const parsed = FormDocumentSchema.parse({ ...exampleForms.missedBinCollection.en, brand_new_field: 1 });
    expect((parsed as Record<string, unknown>).brand_new_field).toBe(1);
    server.use(
      http.get(`${baseUrl}/api/v2/forms/:id/:tag`, () => HttpResponse.json({ form_id: 1, name: 'x' })),
    );
    await expect(client.forms.get(formId)).rejects.toBeInstanceOf(ResponseValidationError);
  });

  it('never shows the API token in errors, JSON or inspect output', async () => {
    const wrong = new FormDocumentClient({ baseUrl, apiToken: 'secret-token-do-not-leak', maxRetries: 0 });
    const error = await wrong.forms.get(formId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    for (const text of [
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
      String(error),
      JSON.stringify(wrong),
      inspect(wrong, { depth: 10 }),
    ]) {
      expect(text).not.toContain('secret-token-do-not-leak');
    }
  });

  it('snapshots and restores the seeded documents', () => {
    const snapshot = JSON.parse(JSON.stringify(fake.snapshot()));
    fake.remove(formId);
    expect(fake.forms()).toEqual([]);
    fake.restore(snapshot);
    expect(
      fake
        .forms()
        .map((f) => f.tag)
        .sort(),
    ).toEqual(['draft', 'live', 'live']);
  });
});
