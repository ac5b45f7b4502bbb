/**
 * forms-admin's form-document endpoint as govuk-forms/forms-admin serves it (config/routes.rb,
 * app/controllers/api/form_documents_controller.rb, app/controllers/api/errors_controller.rb), over raw HTTP.
 */
import { exampleForms } from '@council-sdk/forms/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startFake } from './harness';

const { en, cy, form_id: formId } = exampleForms.missedBinCollection;
const englishOnly = { ...en, form_id: '8080', name: 'English only', available_languages: ['en'] };

let h: Harness;
beforeAll(async () => {
  h = await startFake({
    api: {
      forms: [en, cy, englishOnly, { document: { ...en, name: 'Draft name' }, tags: ['draft'] }],
    },
  });
});
afterEach(() => h.fake.reset());
afterAll(() => h.close());

const get = (path: string) =>
  fetch(`${h.origin}/forms-api${path}`, { headers: { accept: 'application/json' } });

describe('GET /api/v2/forms/:form_id/:tag', () => {
  it('serves the stored document exactly as stored (render json: form_document.content)', async () => {
    const res = await get(`/api/v2/forms/${formId}/live`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(en)));
  });

  it('serves English when no language is asked for (language ||= "en")', async () => {
    const res = await get(`/api/v2/forms/${formId}/live`);
    expect(((await res.json()) as { language: string }).language).toBe('en');
  });

  it('serves the Welsh document for ?language=cy', async () => {
    const res = await get(`/api/v2/forms/${formId}/live?language=cy`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }).name).toBe(cy.name);
  });

  it('answers 404 {"error":"not_found"} for a language the form is not in, never falling back to English', async () => {
    const res = await get('/api/v2/forms/8080/live?language=cy');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not_found' });
  });

  it('answers 404 for an empty ?language= (only an absent language means English)', async () => {
    const res = await get(`/api/v2/forms/${formId}/live?language=`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'not_found' });
  });

  it('serves each tag’s own document: draft differs from live', async () => {
    const res = await get(`/api/v2/forms/${formId}/draft`);
    expect(((await res.json()) as { name: string }).name).toBe('Draft name');
    const archived = await get(`/api/v2/forms/${formId}/archived`);
    expect(archived.status).toBe(404);
  });

  it('answers 404 {"error":"not_found"} for a tag other than draft, live or archived, and for an unknown form', async () => {
    for (const path of [`/api/v2/forms/${formId}/published`, '/api/v2/forms/999999/live']) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'not_found' });
    }
  });

  it('answers an injected 500 as {"error":"internal_server_error"}', async () => {
    h.fake.faults.inject({ type: 'status', status: 500 });
    const res = await get(`/api/v2/forms/${formId}/live`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal_server_error' });
  });
});

describe('steering the documents', () => {
  it('adds and replaces a document per form, tag and language; languages() lists what is served', async () => {
    expect(h.fake.api.languages(formId)).toEqual(['en', 'cy']);
    h.fake.api.add({ ...cy, name: 'Enw newydd' });
    const res = await get(`/api/v2/forms/${formId}/live?language=cy`);
    expect(((await res.json()) as { name: string }).name).toBe('Enw newydd');
    h.fake.api.remove(formId, 'live', 'cy');
    expect(h.fake.api.languages(formId)).toEqual(['en']);
    expect((await get(`/api/v2/forms/${formId}/live?language=cy`)).status).toBe(404);
  });
});
