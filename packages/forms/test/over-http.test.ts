/**
 * The sandbox serves the fakes' handlers over real HTTP with @mswjs/http-middleware, under path prefixes
 * (`/s3`, `/forms-api`). These tests do the same, so a handler that only works in-process fails here.
 */
import type { AddressInfo } from 'node:net';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { FormDocumentClient, S3SubmissionSource } from '@council-sdk/forms';
import {
  buildSubmission,
  createFormsApiFake,
  createS3Fake,
  exampleAnswers,
  exampleForms,
  type FormsApiFake,
  type S3Fake,
} from '@council-sdk/forms/testing';
import { createMiddleware } from '@mswjs/http-middleware';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: ReturnType<ReturnType<typeof express>['listen']>;
let origin: string;
let s3: S3Fake;
let formsApi: FormsApiFake;

beforeAll(async () => {
  const app = express();
  let middleware: express.RequestHandler = (_req, _res, next) => next();
  app.use((req, res, next) => middleware(req, res, next));
  await new Promise<void>((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  s3 = createS3Fake({ baseUrl: `${origin}/s3`, bucket: 'council-forms' });
  formsApi = createFormsApiFake({
    baseUrl: `${origin}/forms-api`,
    forms: [exampleForms.missedBinCollection.en, exampleForms.missedBinCollection.cy],
  });
  middleware = createMiddleware(...s3.handlers, ...formsApi.handlers) as express.RequestHandler;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('fakes served over HTTP under a path prefix', () => {
  it('S3: the AWS SDK uploads, and the source watches and parses, over a real socket', async () => {
    const s3Client = new S3Client({ ...s3.clientConfig(), maxAttempts: 1 });
    await s3Client.send(
      new PutObjectCommand({ Bucket: 'council-forms', Key: 'uploads/hello.txt', Body: 'hello' }),
    );
    expect(s3.getObject('uploads/hello.txt')?.body).toEqual(new TextEncoder().encode('hello'));

    const built = buildSubmission(exampleForms.missedBinCollection.en, exampleAnswers.missedBinCollection, {
      language: 'cy',
    });
    s3.deliver(built, { format: 'csv' });
    const source = new S3SubmissionSource({ bucket: 'council-forms', s3Client });
    const received = [];
    for await (const item of source.watch({ once: true })) received.push(item);
    expect(received.map((r) => r.reference)).toEqual([built.reference]);
    expect(received[0]?.submission.language).toBe('cy');
    expect(received[0]?.files.map((f) => f.filename)).toEqual(['bin.jpg']);
  });

  it('forms API: FormDocumentClient reads the seeded document', async () => {
    const client = new FormDocumentClient({ baseUrl: `${origin}/forms-api`, maxRetries: 0 });
    const form = await client.forms.get(exampleForms.missedBinCollection.form_id, { language: 'cy' });
    expect(form.language).toBe('cy');
    expect(form.steps).toHaveLength(6);
  });
});

describe('createFormsFake', () => {
  it('bundles the S3 and form-document fakes, seeded with the example form, with one snapshot', async () => {
    const { createFormsFake } = await import('@council-sdk/forms/testing');
    const forms = createFormsFake({ s3: { baseUrl: 'http://127.0.0.1:4100/s3' }, api: undefined });
    expect(
      forms.api
        .forms()
        .map((f) => f.document.language)
        .sort(),
    ).toEqual(['cy', 'en']);
    forms.s3.submit(exampleForms.missedBinCollection.en, exampleAnswers.missedBinCollection);
    const snapshot = JSON.parse(JSON.stringify(forms.snapshot()));
    forms.reset();
    expect(forms.s3.objects()).toEqual([]);
    forms.restore(snapshot);
    expect(forms.s3.objects()).toHaveLength(2);
    expect(forms.service).toBe('forms');
    expect(snapshot).toMatchObject({ service: 'forms', version: 2 });
  });
});
