/**
 * What GOV.UK Forms writes into a council's bucket, read back over raw signed HTTP: the JSON exactly as
 * govuk-forms/forms-runner app/lib/json_submission_generator.rb writes it (a Welsh submission from the English
 * document, app/services/form_submission_service.rb `ensure_form_english`), uploaded files named as
 * app/lib/file_upload_filename_generator.rb and app/lib/flow/journey.rb name them, and the order and key layout of
 * app/services/s3_submission_service.rb.
 */
import type { FormDocumentInput } from '@council-sdk/forms';
import { exampleAnswers, exampleForms } from '@council-sdk/forms/testing';
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET, encodeKey, type Harness, s3Fetch, startFake, xmlValues } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startFake({ frozenAt: new Date('2026-03-24T07:05:09.123Z') });
});
afterEach(() => h.fake.reset());
afterAll(() => h.close());

async function read(key: string): Promise<string> {
  const res = await s3Fetch(h.origin, { path: `/s3/${BUCKET}/${encodeKey(key)}` });
  expect(res.status).toBe(200);
  return res.text();
}

/** A single-language form with three file questions (forms-runner allows several per form). */
const threeUploads: FormDocumentInput = {
  form_id: '12',
  name: 'Send us your documents',
  language: 'en',
  available_languages: ['en'],
  start_page: 'fileAAAA',
  steps: ['fileAAAA', 'fileBBBB', 'fileCCCC'].map((id, i, all) => ({
    id,
    position: i + 1,
    next_step_id: all[i + 1] ?? null,
    type: 'question',
    data: {
      question_text: `Upload document ${i + 1}`,
      answer_type: 'file',
      is_optional: false,
      answer_settings: null,
      is_repeatable: false,
    },
    routing_conditions: [],
  })),
};

describe('the JSON submission file', () => {
  it('has exactly forms-runner’s fields in its order: $schema, form_name, submission_reference, submitted_at, answers, language', async () => {
    const { delivery } = h.fake.s3.submit(
      exampleForms.missedBinCollection.en,
      exampleAnswers.missedBinCollection,
      { reference: '8E3YY3RX', language: 'cy' },
    );
    const json = JSON.parse(await read(delivery.key)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([
      '$schema',
      'form_name',
      'submission_reference',
      'submitted_at',
      'answers',
      'language',
    ]);
    expect(json).not.toHaveProperty('form_id');
    expect(json.$schema).toBe('https://www.forms.service.gov.uk/json-submissions/v1/schema');
    expect(json.submitted_at).toBe('2026-03-24T07:05:09.123Z');
    expect(json.language).toBe('cy');
  });

  it('builds a Welsh submission from the English document: English texts and option names, Welsh "None of the above", language cy', async () => {
    const { en, cy, steps } = exampleForms.missedBinCollection;
    const answers = {
      ...exampleAnswers.missedBinCollection,
      [steps.bin]: { selection: 'none_of_the_above', none_of_the_above_answer: 'A brown bin' },
    };
    const { delivery } = h.fake.s3.submit(en, answers, { language: 'cy' });
    const json = JSON.parse(await read(delivery.key)) as {
      form_name: string;
      language: string;
      answers: Array<Record<string, unknown>>;
    };
    expect(json.form_name).toBe(en.name);
    expect(json.language).toBe('cy');
    const texts = json.answers.map((a) => a.question_text);
    expect(texts).toEqual(en.steps.filter((s) => String(s.id) in answers).map((s) => s.data.question_text));
    expect(texts).not.toEqual(
      cy.steps.filter((s) => String(s.id) in answers).map((s) => s.data.question_text),
    );
    expect(json.answers.find((a) => a.question_id === steps.bin)).toMatchObject({
      selection: 'Dim un o’r uchod',
      none_of_the_above_answer: 'A brown bin',
      answer_text: 'Dim un o’r uchod - A brown bin',
    });
  });

  it('labels name parts in Welsh in the CSV of a Welsh submission, after the English question text', async () => {
    const { en } = exampleForms.missedBinCollection;
    const { delivery } = h.fake.s3.submit(en, exampleAnswers.missedBinCollection, {
      format: 'csv',
      language: 'cy',
    });
    const [header] = (await read(delivery.key)).split('\n');
    const nameQuestion = en.steps.find((s) => s.data.answer_type === 'name')?.data.question_text;
    expect(header).toContain(`${nameQuestion} - Enw cyntaf,${nameQuestion} - Enw olaf`);
    expect(header?.startsWith('Reference,Submitted at,')).toBe(true);
    expect(header?.endsWith(',Language')).toBe(true);
  });

  it('refuses to build a submission from a Welsh form document: forms-runner always builds from the English one', () => {
    expect(() =>
      h.fake.s3.submit(exampleForms.missedBinCollection.cy, exampleAnswers.missedBinCollection),
    ).toThrow(/English document/);
  });

  it('writes a phone number as typed in JSON, and spaced after its fifth digit only in CSV', async () => {
    const form: FormDocumentInput = {
      form_id: '13',
      name: 'Call me back',
      language: 'en',
      available_languages: ['en'],
      start_page: 'phoneAAA',
      steps: [
        {
          id: 'phoneAAA',
          position: 1,
          next_step_id: null,
          type: 'question',
          data: {
            question_text: 'Phone number',
            answer_type: 'phone_number',
            is_optional: false,
            answer_settings: null,
            is_repeatable: false,
          },
          routing_conditions: [],
        },
      ],
    };
    const json = h.fake.s3.submit(form, { phoneAAA: '01632960001' }, { format: 'json' });
    const parsed = JSON.parse(await read(json.delivery.key)) as { answers: Array<{ answer_text: string }> };
    expect(parsed.answers[0]?.answer_text).toBe('01632960001');
    const csv = h.fake.s3.submit(form, { phoneAAA: '01632960001' }, { format: 'csv' });
    expect((await read(csv.delivery.key)).split('\n')[1]?.endsWith(',01632 960001')).toBe(true);
  });

  it('writes an address question that takes UK and international addresses as an international one, and refuses a UK-shaped answer to it', async () => {
    const step = (id: string, position: number, input_type: Record<string, string>) => ({
      id,
      position,
      next_step_id: null,
      type: 'question',
      data: {
        question_text: `Address ${id}`,
        answer_type: 'address',
        is_optional: false,
        answer_settings: { input_type },
        is_repeatable: false,
      },
      routing_conditions: [],
    });
    const form: FormDocumentInput = {
      form_id: '14',
      name: 'Where do you live?',
      language: 'en',
      available_languages: ['en'],
      start_page: 'both',
      steps: [
        step('both', 1, { uk_address: 'true', international_address: 'true' }),
        step('ukOnly', 2, { uk_address: 'true', international_address: 'false' }),
      ],
    };
    const uk = { address1: '1 High St', town_or_city: 'Cardiff', postcode: 'cf10 1aa' };
    const { delivery } = h.fake.s3.submit(form, {
      both: { street_address: '1 Rue de Rivoli, Paris', country: 'France' },
      ukOnly: uk,
    });
    const json = JSON.parse(await read(delivery.key)) as { answers: Array<Record<string, unknown>> };
    expect(Object.keys(json.answers[0] ?? {})).toEqual([
      'question_id',
      'question_text',
      'street_address',
      'country',
      'answer_text',
    ]);
    expect(json.answers[1]).toMatchObject({
      postcode: 'CF10 1AA',
      answer_text: '1 High St, Cardiff, CF10 1AA',
    });
    expect(() => h.fake.s3.submit(form, { both: uk, ukOnly: uk })).toThrow(/international address/);
    expect(() =>
      h.fake.s3.submit(form, {
        both: { street_address: 'x', country: 'y' },
        ukOnly: { street_address: 'x', country: 'y' },
      }),
    ).toThrow(/UK address/);
  });

  it('writes every step of the form, one that was not on the route blank (a single-choice one with null answer_text), in JSON and CSV alike', async () => {
    const { en, steps } = exampleForms.missedBinCollection;
    const { [steps.bin]: _routedPast, ...answers } = exampleAnswers.missedBinCollection;
    const json = h.fake.s3.submit(en, answers, { format: 'json' });
    const parsed = JSON.parse(await read(json.delivery.key)) as { answers: Array<Record<string, unknown>> };
    expect(parsed.answers.map((a) => a.question_id)).toEqual(en.steps.map((s) => String(s.id)));
    expect(parsed.answers.find((a) => a.question_id === steps.bin)).toEqual({
      question_id: steps.bin,
      question_text: en.steps.find((s) => s.id === steps.bin)?.data.question_text,
      selection: null,
      answer_text: null,
    });
    const csv = h.fake.s3.submit(en, answers, { format: 'csv' });
    const [header, row] = parse(await read(csv.delivery.key)) as string[][];
    const binText = en.steps.find((s) => s.id === steps.bin)?.data.question_text as string;
    expect(header).toContain(binText);
    expect(row?.[header?.indexOf(binText) ?? -1]).toBe('');
  });

  it('stores the submission file and the uploaded files as binary/octet-stream: forms-runner sends no content type', async () => {
    const { delivery } = h.fake.s3.submit(
      exampleForms.missedBinCollection.en,
      exampleAnswers.missedBinCollection,
    );
    for (const key of [delivery.key, ...delivery.file_keys]) {
      const res = await s3Fetch(h.origin, { path: `/s3/${BUCKET}/${encodeKey(key)}`, method: 'HEAD' });
      expect(res.headers.get('content-type')).toBe('binary/octet-stream');
    }
  });

  it('leaves language out for a form in one language', async () => {
    const { delivery } = h.fake.s3.submit(threeUploads, {
      fileAAAA: { filename: 'a.pdf', content: 'a' },
      fileBBBB: { filename: 'b.pdf', content: 'b' },
      fileCCCC: { filename: 'c.pdf', content: 'c' },
    });
    const json = JSON.parse(await read(delivery.key)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([
      '$schema',
      'form_name',
      'submission_reference',
      'submitted_at',
      'answers',
    ]);
  });

  it('writes each answer as question_id, question_text, then the answer’s own fields (Step#show_answer_in_json)', async () => {
    const { delivery } = h.fake.s3.submit(
      exampleForms.missedBinCollection.en,
      exampleAnswers.missedBinCollection,
    );
    const { answers } = JSON.parse(await read(delivery.key)) as { answers: Array<Record<string, unknown>> };
    expect(Object.keys(answers[0] ?? {})).toEqual([
      'question_id',
      'question_text',
      'address1',
      'address2',
      'town_or_city',
      'county',
      'postcode',
      'answer_text',
    ]);
    expect(Object.keys(answers[4] ?? {})).toEqual([
      'question_id',
      'question_text',
      'first_name',
      'last_name',
      'answer_text',
    ]);
  });
});

describe('uploaded files', () => {
  it('are copied in before the submission file, under the submission’s folder', async () => {
    const { delivery } = h.fake.s3.submit(
      exampleForms.missedBinCollection.en,
      exampleAnswers.missedBinCollection,
      {
        reference: '8E3YY3RX',
      },
    );
    expect(delivery.key).toBe('form_submissions/7351/20260324T070509Z_8E3YY3RX/form_submission.json');
    expect(h.fake.s3.writes().map((w) => w.key)).toEqual([
      'form_submissions/7351/20260324T070509Z_8E3YY3RX/bin.jpg',
      delivery.key,
    ]);
    const listing = await (
      await s3Fetch(h.origin, { path: `/s3/${BUCKET}`, query: { 'list-type': '2', prefix: delivery.folder } })
    ).text();
    expect(xmlValues(listing, 'Key')).toEqual([`${delivery.folder}bin.jpg`, delivery.key]);
  });

  it('lose the characters / \\ : * ? " < > | from their names', async () => {
    const { submission, delivery } = h.fake.s3.submit(threeUploads, {
      fileAAAA: { filename: 'my:report*v2?.pdf', content: 'a' },
      fileBBBB: { filename: 'a<b>|"c".png', content: 'b' },
      fileCCCC: { filename: 'back\\slash.txt', content: 'c' },
    });
    expect(submission.files.map((f) => f.filename)).toEqual(['myreportv2.pdf', 'abc.png', 'backslash.txt']);
    expect(delivery.file_keys.map((k) => k.slice(delivery.folder.length))).toEqual([
      'myreportv2.pdf',
      'abc.png',
      'backslash.txt',
    ]);
    const { answers } = JSON.parse(await read(delivery.key)) as { answers: Array<{ answer_text: string }> };
    expect(answers.map((a) => a.answer_text)).toEqual(['myreportv2.pdf', 'abc.png', 'backslash.txt']);
  });

  it('are cut to 100 characters, keeping the extension (FILE_MAX_FILENAME_LENGTH)', async () => {
    const long = `${'ŵ'.repeat(120)}.jpeg`;
    const { submission } = h.fake.s3.submit(threeUploads, {
      fileAAAA: { filename: long, content: 'a' },
      fileBBBB: { filename: 'b.pdf', content: 'b' },
      fileCCCC: { filename: 'c.pdf', content: 'c' },
    });
    const [file] = submission.files;
    expect(file?.filename).toBe(`${'ŵ'.repeat(95)}.jpeg`);
    expect(Array.from(file?.filename ?? '')).toHaveLength(100);
    // By email the reference goes in too, still within 100 characters.
    expect(file?.email_filename).toBe(`${'ŵ'.repeat(86)}_${submission.reference}.jpeg`);
  });

  it('with the same name as an earlier upload get _1, _2 before the extension (populate_file_suffixes)', async () => {
    const { submission, delivery } = h.fake.s3.submit(threeUploads, {
      fileAAAA: { filename: 'photo.jpg', content: 'first' },
      fileBBBB: { filename: 'photo.jpg', content: 'second' },
      fileCCCC: { filename: 'photo.jpg', content: 'third' },
    });
    expect(submission.files.map((f) => f.filename)).toEqual(['photo.jpg', 'photo_1.jpg', 'photo_2.jpg']);
    expect(submission.files.map((f) => f.email_filename)).toEqual([
      `photo_${submission.reference}.jpg`,
      `photo_1_${submission.reference}.jpg`,
      `photo_2_${submission.reference}.jpg`,
    ]);
    expect(await read(`${delivery.folder}photo_1.jpg`)).toBe('second');
    const { answers } = JSON.parse(await read(delivery.key)) as { answers: Array<{ answer_text: string }> };
    expect(answers.map((a) => a.answer_text)).toEqual(['photo.jpg', 'photo_1.jpg', 'photo_2.jpg']);
  });

  it('count as the same name when they only differ after the cut for the reference', async () => {
    const stem = 'x'.repeat(91);
    const { submission } = h.fake.s3.submit(threeUploads, {
      fileAAAA: { filename: `${stem}A.pdf`, content: 'a' },
      fileBBBB: { filename: `${stem}B.pdf`, content: 'b' },
      fileCCCC: { filename: 'other.pdf', content: 'c' },
    });
    // Compared cut to 100 - 4 (".pdf") - 8 (a reference) = 88 characters, the two names are the same, so the
    // second gets a suffix although the names it is delivered under differ.
    expect(submission.files.map((f) => f.filename)).toEqual([`${stem}A.pdf`, `${stem}B_1.pdf`, 'other.pdf']);
  });
});
