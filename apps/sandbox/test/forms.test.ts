import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { FormDocumentClient, parseEmailSubmission, S3SubmissionSource } from '@council-sdk/forms';
import { exampleForms } from '@council-sdk/forms/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FormsSandboxFake } from '../src/services/forms.js';
import { type Sandbox, startSandbox } from '../src/index.js';
import { postForm } from './helpers.js';

let sandbox: Sandbox;
let s3: S3Client;
const steps = exampleForms.missedBinCollection.steps;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  const env = sandbox.env;
  s3 = new S3Client({
    endpoint: env['S3_ENDPOINT'],
    region: env['S3_REGION']!,
    forcePathStyle: true,
    credentials: { accessKeyId: env['AWS_ACCESS_KEY_ID']!, secretAccessKey: env['AWS_SECRET_ACCESS_KEY']! },
  });
});
afterAll(async () => {
  s3?.destroy();
  await sandbox?.close();
});
beforeEach(async () => {
  await sandbox.reset();
});

/** What the Forms page posts for a complete missed-bin report. */
const answers = {
  [`q_${steps.address}_address1`]: '10 Downing Street',
  [`q_${steps.address}_town_or_city`]: 'London',
  [`q_${steps.address}_postcode`]: 'SW1A 2AA',
  [`q_${steps.date}_day`]: '24',
  [`q_${steps.date}_month`]: '3',
  [`q_${steps.date}_year`]: '2026',
  [`q_${steps.bin}`]: 'recycling',
  [`q_${steps.name}_first_name`]: 'Sam',
  [`q_${steps.name}_last_name`]: 'Jones',
  [`q_${steps.email}`]: 'sam.jones@example.com',
};

describe('Forms through the sandbox', () => {
  it('serves the seeded form document to the FormDocumentClient (English and Welsh)', async () => {
    const client = new FormDocumentClient({ baseUrl: `${sandbox.url}/forms-api` });
    const form = await client.forms.get(sandbox.env['FORMS_MISSED_BIN_FORM_ID']!);
    expect(form.name).toBe(exampleForms.missedBinCollection.en.name);
    const welsh = await client.forms.get(sandbox.env['FORMS_MISSED_BIN_FORM_ID']!, { language: 'cy' });
    expect(welsh.language).toBe('cy');
  });

  it('renders every question of the seeded form as GOV.UK inputs', async () => {
    const res = await fetch(`${sandbox.url}/dashboard/forms/${exampleForms.missedBinCollection.form_id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const step of exampleForms.missedBinCollection.en.steps) {
      expect(html).toContain(step.data.question_text.replace(/'/g, '&#39;'));
    }
    expect(html).toContain(`name="q_${steps.address}_postcode"`);
    expect(html).toContain(`name="q_${steps.date}_day"`);
    expect(html).toContain('value="recycling"');
  });

  it('delivers a filled-in form to the bucket, where S3SubmissionSource reads it', async () => {
    const res = await postForm(`${sandbox.url}/dashboard/forms/${exampleForms.missedBinCollection.form_id}`, {
      ...answers,
      delivery: ['s3-json'],
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    const reference = /data-testid="reference">([A-Z0-9]{8})</.exec(html)?.[1];
    expect(reference).toBeDefined();

    const source = new S3SubmissionSource({ bucket: sandbox.env['S3_BUCKET']!, s3Client: s3 });
    const listed = await source.list().toArray();
    expect(listed).toHaveLength(1);
    expect(listed[0]!.reference).toBe(reference);
    const received = await source.get(listed[0]!.key);
    expect(received.submission.form_name).toBe('Report a missed bin collection');
    const email = received.submission.answers.find((a) => a.question_id === steps.email);
    expect(email?.answer_text).toBe('sam.jones@example.com');
  });

  it('delivers CSV and an email file when asked, and lists them on the page', async () => {
    const res = await postForm(`${sandbox.url}/dashboard/forms/${exampleForms.missedBinCollection.form_id}`, {
      ...answers,
      delivery: ['s3-csv', 'email'],
    });
    expect(res.status).toBe(200);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: sandbox.env['S3_BUCKET'] }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual([expect.stringMatching(/\/form_submission\.csv$/)]);
    const fake = sandbox.fakes.forms as FormsSandboxFake;
    expect(fake.emails()).toHaveLength(1);
    const file = fake.emails()[0]!;
    const eml = await fetch(`${sandbox.url}/dashboard/forms/emails/${encodeURIComponent(file.filename)}`);
    expect(eml.headers.get('content-type')).toContain('message/rfc822');
    const parsed = await parseEmailSubmission(new Uint8Array(await eml.arrayBuffer()));
    expect(parsed.submission_reference).toBe(file.filename.replace(/\.eml$/, ''));
    expect(parsed.submission?.answers.length).toBeGreaterThan(0);
    const page = await (await fetch(`${sandbox.url}/dashboard/forms`)).text();
    expect(page).toContain('form_submission.csv');
    expect(page).toContain(file.filename);
  });

  it('shows the question and the problem when a required answer is missing, and delivers nothing', async () => {
    const { [`q_${steps.email}`]: _email, ...withoutEmail } = answers;
    const res = await postForm(`${sandbox.url}/dashboard/forms/${exampleForms.missedBinCollection.form_id}`, {
      ...withoutEmail,
      delivery: ['s3-json'],
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('govuk-error-summary');
    expect(html).toContain('What is your email address?');
    expect((sandbox.fakes.forms as FormsSandboxFake).s3.objects()).toHaveLength(0);
  });

  it('rejects S3 requests signed with another access key, as the fake bucket is configured to', async () => {
    const stranger = new S3Client({
      endpoint: sandbox.env['S3_ENDPOINT'],
      region: 'eu-west-2',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIAOTHERKEY00000000', secretAccessKey: 'x'.repeat(40) },
    });
    await expect(
      stranger.send(new PutObjectCommand({ Bucket: sandbox.env['S3_BUCKET'], Key: 'x.txt', Body: 'x' })),
    ).rejects.toThrow();
    stranger.destroy();
  });
});

describe('Forms page in Welsh', () => {
  it('renders the Welsh version of a bilingual form and delivers it with language cy', async () => {
    await sandbox.reset();
    const page = await (await fetch(`${sandbox.url}/dashboard/forms`)).text();
    expect(page).toContain(`/dashboard/forms/${exampleForms.missedBinCollection.form_id}?language=cy`);
    const welsh = await (
      await fetch(`${sandbox.url}/dashboard/forms/${exampleForms.missedBinCollection.form_id}?language=cy`)
    ).text();
    expect(welsh).toContain(exampleForms.missedBinCollection.cy.name);
    const res = await postForm(`${sandbox.url}/dashboard/forms/${exampleForms.missedBinCollection.form_id}`, {
      ...answers,
      language: 'cy',
      delivery: ['s3-json'],
    });
    expect(res.status).toBe(200);
    const source = new S3SubmissionSource({ bucket: sandbox.env['S3_BUCKET']!, s3Client: s3 });
    const [listed] = await source.list().toArray();
    const received = await source.get(listed!.key);
    // forms-runner builds a Welsh submission from the English document: English name, language cy.
    expect(received.submission.form_name).toBe(exampleForms.missedBinCollection.en.name);
    expect(received.submission.language).toBe('cy');
  });
});
