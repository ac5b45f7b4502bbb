import { exampleAnswers, exampleForms } from '@council-sdk/forms/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { fieldsOf, steering } from './steering.js';

let sandbox: Sandbox;
let call: ReturnType<typeof steering>;
const formId = String(exampleForms.missedBinCollection.en.form_id);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  call = steering(sandbox);
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(async () => {
  await sandbox.reset();
});

const submit = (body: Record<string, unknown>) => call('POST', '/__steer/forms/submissions', { body });

describe('/__steer/forms: submissions into the bucket', () => {
  it('delivers a completed form as forms-runner does: the uploaded file, then form_submission.json', async () => {
    const delivered = await submit({
      form_id: formId,
      answers: exampleAnswers.missedBinCollection,
      reference: 'ABCD2345',
    });
    expect(delivered.status).toBe(201);
    expect(delivered.body.reference).toBe('ABCD2345');
    expect(delivered.body.key).toMatch(/form_submission\.json$/);
    expect(delivered.body.file_keys).toHaveLength(1);
    const keys = (await call('GET', '/__steer/forms/objects')).body.map((o: { key: string }) => o.key);
    expect(keys).toEqual(expect.arrayContaining([delivered.body.key, ...delivered.body.file_keys]));

    const object = await call('GET', '/__steer/forms/object', { query: { key: delivered.body.key } });
    expect(JSON.parse(object.body.body)).toMatchObject({ submission_reference: 'ABCD2345' });
    expect(Buffer.from(object.body.body_base64, 'base64').toString('utf8')).toBe(object.body.body);
  });

  it('delivers the CSV format when asked', async () => {
    const delivered = await submit({
      form_id: formId,
      answers: exampleAnswers.missedBinCollection,
      format: 'csv',
    });
    expect(delivered.body.key).toMatch(/form_submission\.csv$/);
  });

  it('refuses an unknown format or answers that are not an object, naming the field, and writes nothing', async () => {
    const format = await submit({
      form_id: formId,
      answers: exampleAnswers.missedBinCollection,
      format: 'xml',
    });
    expect(format.status).toBe(400);
    expect(fieldsOf(format)).toEqual(['format']);
    const answers = await submit({ form_id: formId, answers: 'everything' });
    expect(answers.status).toBe(400);
    expect(fieldsOf(answers)).toEqual(['answers']);
    expect((await call('GET', '/__steer/forms/objects')).body).toEqual([]);
  });

  it('answers 404 for a form the endpoint does not serve, and for a missing object', async () => {
    expect((await submit({ form_id: '999999', answers: {} })).status).toBe(404);
    expect((await call('GET', '/__steer/forms/object', { query: { key: 'nothing/here.json' } })).status).toBe(
      404,
    );
  });
});

describe('/__steer/forms: form documents', () => {
  it('publishes a form document that forms-admin then serves, and removes it again', async () => {
    const document = { ...exampleForms.missedBinCollection.en, form_id: 4242, name: 'Report fly-tipping' };
    const put = await call('POST', '/__steer/forms/documents', { body: { document } });
    expect(put.status).toBe(201);
    expect(put.body.name).toBe('Report fly-tipping');
    const served = await fetch(`${sandbox.url}/forms-api/api/v2/forms/4242/live`);
    expect(served.status).toBe(200);
    expect(((await served.json()) as { name: string }).name).toBe('Report fly-tipping');

    const removed = await call('DELETE', '/__steer/forms/documents/:formId', { params: { formId: '4242' } });
    expect(removed.body).toEqual({ removed: 1 });
    expect((await fetch(`${sandbox.url}/forms-api/api/v2/forms/4242/live`)).status).toBe(404);
  });

  it('refuses a document without a name, naming the field, and publishes nothing', async () => {
    const before = (await call('GET', '/__steer/forms/documents')).body.length;
    const { name: _name, ...nameless } = { ...exampleForms.missedBinCollection.en, form_id: 4243 };
    const bad = await call('POST', '/__steer/forms/documents', { body: { document: nameless } });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['document.name']);
    expect((await call('GET', '/__steer/forms/documents')).body).toHaveLength(before);
    const tag = await call('POST', '/__steer/forms/documents', {
      body: { document: exampleForms.missedBinCollection.en, tags: ['published'] },
    });
    expect(fieldsOf(tag)).toEqual(['tags.0']);
  });

  it('moves the clock on: a submission is stamped with the fake time', async () => {
    const before = Date.parse((await call('GET', '/__steer/forms/clock')).body.now);
    await call('POST', '/__steer/forms/clock/advance', { body: { ms: 86_400_000 } });
    const delivered = await submit({ form_id: formId, answers: exampleAnswers.missedBinCollection });
    const object = await call('GET', '/__steer/forms/object', { query: { key: delivered.body.key } });
    const submittedAt = Date.parse(JSON.parse(object.body.body).submitted_at);
    expect(submittedAt - before).toBeGreaterThanOrEqual(86_400_000);
  });
});
