import { type JsonSubmission, paymentLinkFor, parseJsonSubmission } from '@council-sdk/forms';
import { buildSubmission, exampleAnswers, exampleForms } from '@council-sdk/forms/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { everyAnswer, everyAnswerTypeForm } from './fixtures';
import { drain, s3Harness } from './helpers';

const { fake, server, source } = s3Harness();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => fake.reset());
afterAll(() => server.close());

const submittedAt = new Date('2026-07-01T09:15:30.250Z');

function byId(submission: JsonSubmission, id: string) {
  const answer = submission.answers.find((a) => a.question_id === id);
  if (!answer) throw new Error(`no answer ${id}`);
  return answer;
}

describe('round trip: build -> deliver to fake S3 -> watch -> parse (JSON delivery)', () => {
  it('hands back every answer type as GOV.UK Forms formats it', async () => {
    const built = buildSubmission(everyAnswerTypeForm.en, everyAnswer, {
      reference: '8E3YY3RX',
      submittedAt,
    });
    const delivery = fake.deliver(built, { format: 'json' });
    expect(delivery.key).toBe('form_submissions/991/20260701T091530Z_8E3YY3RX/form_submission.json');

    const [received, ...rest] = await drain(source());
    expect(rest).toEqual([]);
    if (!received) throw new Error('nothing received');
    expect(received.reference).toBe('8E3YY3RX');
    expect(received.form_id).toBe('991');
    const s = received.submission as JsonSubmission;
    expect(s.format).toBe('json');
    expect(s.form_name).toBe('Every answer type: a test form');
    expect(s.submitted_at.toISOString()).toBe('2026-07-01T09:15:30.250Z');
    expect(s.submitted_at_raw).toBe('2026-07-01T09:15:30.250Z');
    expect(s.language).toBe('en');

    expect(byId(s, 'txtSngl1').answer_text).toBe('Plain "quoted" text, with a comma');
    expect(byId(s, 'txtLong2').answer_text).toBe('Line one\nLine two, "quoted"\r\n=SUM(A1:A9)');
    expect(byId(s, 'dateQst3').answer_text).toBe('07/03/1985');
    expect(byId(s, 'addrUk04')).toMatchObject({
      address1: '1 High Street',
      address2: 'Flat 2',
      town_or_city: 'Swansea',
      county: '',
      postcode: 'SA1 1AA',
      answer_text: '1 High Street, Flat 2, Swansea, SA1 1AA',
    });
    expect(byId(s, 'addrInt5')).toMatchObject({
      street_address: '12 Rue de la Paix',
      country: 'France',
      answer_text: '12 Rue de la Paix, France',
    });
    expect(byId(s, 'nameFul6')).toMatchObject({
      title: 'Dr',
      full_name: 'Alex Example',
      answer_text: 'Dr Alex Example',
    });
    expect(byId(s, 'nameFml7')).toMatchObject({
      first_name: 'Siân',
      middle_names: 'Mair',
      last_name: '-Jones',
      answer_text: 'Siân Mair -Jones',
    });
    expect(byId(s, 'chkBoxs8')).toMatchObject({
      selections: ['Bins', 'Libraries, "books" and more'],
      answer_text: 'Bins, Libraries, "books" and more',
    });
    expect(byId(s, 'radioNo9')).toMatchObject({
      selection: 'None of the above',
      none_of_the_above_answer: 'A brown bin',
      answer_text: 'None of the above - A brown bin',
    });
    expect(byId(s, 'orgName10').answer_text).toBe('@Council Ltd');
    // Only the CSV spaces a phone number; JSON has it as typed (phone_number.rb show_answer_in_csv).
    expect(byId(s, 'phoneQ12').answer_text).toBe('01632960001');
    expect(byId(s, 'ninoQ013').answer_text).toBe('QQ 12 34 56 C');
    expect(byId(s, 'numbQ014').answer_text).toBe('3');
    expect(byId(s, 'fileQ015').answer_text).toBe('bin photo.png');
    expect(byId(s, 'repText16')).toMatchObject({
      answer_text: ['AB12 CDE', '+FORMULA'],
      can_have_multiple_answers: true,
    });
    expect(byId(s, 'repName17')).toMatchObject({
      first_name: ['Kim', 'Jo'],
      last_name: ['Lee', 'Bloggs'],
      answer_text: ['Kim Lee', 'Jo Bloggs'],
      can_have_multiple_answers: true,
    });
    expect(byId(s, 'optText18').answer_text).toBe('');

    expect(received.files.map((f) => f.filename)).toEqual(['bin photo.png']);
    expect(received.missing_files).toEqual([]);
    expect([...(await received.files[0]!.read())]).toEqual([137, 80, 78, 71]);
  });

  it('writes steps that were not on the route too, blank, every step in position order', async () => {
    const built = buildSubmission(everyAnswerTypeForm.en, { emailQ11: 'a@example.com', txtSngl1: 'first' });
    fake.deliver(built);
    const [received] = await drain(source());
    const answers = received?.submission.answers ?? [];
    expect(answers.map((a) => a.question_id)).toEqual(everyAnswerTypeForm.en.steps.map((s) => String(s.id)));
    expect(answers.filter((a) => a.answer_text !== '' && !Array.isArray(a.answer_text))).toEqual([
      expect.objectContaining({ question_id: 'txtSngl1', answer_text: 'first' }),
      expect.objectContaining({ question_id: 'emailQ11', answer_text: 'a@example.com' }),
    ]);
  });

  it('reads a Welsh submission: English question and option text, Welsh "None of the above", language cy', async () => {
    const built = buildSubmission(everyAnswerTypeForm.en, everyAnswer, {
      reference: 'BC4DE5FG',
      submittedAt,
      language: 'cy',
    });
    fake.deliver(built, { format: 'json' });
    const [received] = await drain(source());
    const s = received?.submission as JsonSubmission;
    expect(s.form_name).toBe('Every answer type: a test form');
    expect(s.language).toBe('cy');
    expect(byId(s, 'chkBoxs8')).toMatchObject({ selections: ['Bins', 'Libraries, "books" and more'] });
    expect(byId(s, 'radioNo9')).toMatchObject({
      question_text: 'Which bin?',
      answer_text: 'Dim un o’r uchod - A brown bin',
      none_of_the_above_answer: 'A brown bin',
    });
    expect(byId(s, 'nameFml7').question_text).toBe('Your name');
  });

  it('round-trips the seeded "Report a missed bin collection" form in both languages', async () => {
    const { en, steps } = exampleForms.missedBinCollection;
    fake.deliver(
      buildSubmission(en, exampleAnswers.missedBinCollection, { reference: 'HJ2KL3MN', submittedAt }),
    );
    fake.deliver(
      buildSubmission(en, exampleAnswers.missedBinCollection, {
        language: 'cy',
        reference: 'PR4ST5UV',
        submittedAt: new Date(submittedAt.getTime() + 1000),
      }),
    );
    const received = await drain(source());
    expect(received.map((r) => [r.reference, r.submission.language])).toEqual([
      ['HJ2KL3MN', 'en'],
      ['PR4ST5UV', 'cy'],
    ]);
    const english = received[0]?.submission as JsonSubmission;
    expect(byId(english, steps.bin).answer_text).toBe('Recycling (blue bin)');
    expect(byId(english, steps.address).answer_text).toBe('10 Downing Street, London, SW1A 2AA');
    expect(byId(english, steps.date).answer_text).toBe('24/03/2026');
    expect(received[0]?.files.map((f) => f.filename)).toEqual(['bin.jpg']);
    // A Welsh submission is built from the English document: the option names stay English.
    expect(byId(received[1]?.submission as JsonSubmission, steps.bin).answer_text).toBe(
      'Recycling (blue bin)',
    );
  });

  it('gives the Pay link for a form with a payment URL, keyed by the submission reference', () => {
    const built = buildSubmission(
      everyAnswerTypeForm.en,
      { emailQ11: 'a@example.com' },
      { reference: '8E3YY3RX' },
    );
    const parsed = parseJsonSubmission(built.json);
    expect(paymentLinkFor(built.form, parsed.submission_reference)).toBe(
      'https://www.gov.uk/payments/test-council/every-answer-type?reference=8E3YY3RX',
    );
    expect(paymentLinkFor(exampleForms.missedBinCollection.en, '8E3YY3RX')).toBeUndefined();
  });
});

describe('round trip with CSV delivery', () => {
  it('gives the same answers as JSON, without question ids, with name columns folded back', async () => {
    const built = buildSubmission(everyAnswerTypeForm.en, everyAnswer, {
      reference: '8E3YY3RX',
      submittedAt,
    });
    fake.deliver(built, { format: 'csv' });
    const [received] = await drain(source());
    const csv = received?.submission;
    if (csv?.format !== 'csv') throw new Error('expected a CSV submission');
    expect(received?.key.endsWith('/form_submission.csv')).toBe(true);
    // British Summer Time: London is an hour ahead of UTC; CSV times have whole seconds.
    expect(csv.submitted_at_raw).toBe('2026-07-01T10:15:30+01:00');
    expect(csv.submitted_at.toISOString()).toBe('2026-07-01T09:15:30.000Z');
    expect(csv.language).toBe('en');

    const json = parseJsonSubmission(built.json);
    expect(csv.answers).toHaveLength(json.answers.length);
    csv.answers.forEach((answer, i) => {
      const expected = json.answers[i]!;
      expect(answer.question_id).toBeUndefined();
      expect(answer.question_text).toBe(expected.question_text);
      // The one difference: the CSV spaces a UK phone number after its fifth digit (phone_number.rb).
      const phone = expected.question_text === 'Phone number';
      // A skipped repeatable question is [] in JSON and an empty cell in CSV.
      const same = (v: unknown) => (Array.isArray(v) && v.length === 0 ? '' : v);
      expect(same(answer.answer_text)).toEqual(phone ? '01632 960001' : same(expected.answer_text));
      for (const field of [
        'title',
        'full_name',
        'first_name',
        'middle_names',
        'last_name',
        'none_of_the_above_answer',
      ]) {
        expect(answer[field]).toEqual(expected[field]);
      }
    });
    expect(received?.files.map((f) => f.filename)).toEqual(['bin photo.png']);
  });

  it('reads a Welsh CSV submission (English question headings, Welsh name-part labels)', async () => {
    const built = buildSubmission(everyAnswerTypeForm.en, everyAnswer, {
      reference: 'BC4DE5FG',
      submittedAt,
      language: 'cy',
    });
    fake.deliver(built, { format: 'csv' });
    const [received] = await drain(source());
    const csv = received?.submission;
    expect(csv?.language).toBe('cy');
    expect(csv?.answers.find((a) => a.question_text === 'Your name')).toMatchObject({
      first_name: 'Siân',
      middle_names: 'Mair',
      last_name: '-Jones',
    });
    expect(csv?.answers.find((a) => a.question_text === 'Which bin?')?.none_of_the_above_answer).toBe(
      'A brown bin',
    );
  });
});
