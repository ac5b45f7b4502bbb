import { parseCsvSubmissions, SubmissionParseError } from '@council-sdk/forms';
import { buildBatchCsv, buildSubmission, exampleAnswers, exampleForms } from '@council-sdk/forms/testing';
import { describe, expect, it } from 'vitest';
import { everyAnswer, everyAnswerTypeForm } from './fixtures';

const form = {
  form_id: '12',
  name: 'Apply for a permit',
  steps: [
    {
      id: 'n',
      position: 1,
      data: {
        question_text: 'Your name',
        answer_type: 'name',
        answer_settings: { input_type: 'first_and_last_name', title_needed: 'true' },
      },
    },
    {
      id: 't',
      position: 2,
      data: { question_text: 'Details', answer_type: 'text', answer_settings: { input_type: 'long_text' } },
    },
    { id: 'p', position: 3, data: { question_text: 'Phone', answer_type: 'phone_number' } },
    { id: 'd', position: 4, data: { question_text: 'Start date', answer_type: 'date' } },
  ],
};

describe('CSV as GOV.UK Forms writes it', () => {
  it('writes the exact header, London time, name columns, dd/mm/YYYY dates, phone spacing and the injection guard', () => {
    const built = buildSubmission(
      form,
      {
        n: { title: 'Ms', first_name: 'Ann', last_name: '"Quoted"' },
        t: '=HYPERLINK("x")\nsecond line',
        p: '07700900123',
        d: '2026-12-25',
      },
      { reference: '8E3YY3RX', submittedAt: new Date('2026-01-15T09:30:00.000Z') },
    );
    expect(built.csv).toBe(
      [
        'Reference,Submitted at,Your name - Title,Your name - First name,Your name - Last name,Details,Phone,Start date',
        // Winter: London is on UTC, and Rails writes +00:00, not Z.
        '8E3YY3RX,2026-01-15T09:30:00+00:00,Ms,Ann,"""Quoted""","\t=HYPERLINK(""x"")\nsecond line",07700 900123,25/12/2026',
        '',
      ].join('\n'),
    );
    expect(built.email.csv.filename).toBe('govuk_forms_apply_for_a_permit_8E3YY3RX.csv');
    expect(built.email.json.filename).toBe('govuk_forms_apply_for_a_permit_8E3YY3RX.json');
  });

  it('quotes a value holding a lone carriage return, as Ruby does', () => {
    const built = buildSubmission(form, { t: 'a\rb', p: '01234' }, { reference: '8E3YY3RX' });
    expect(built.csv.split('\n')[1]).toContain(',"a\rb",');
  });

  it('adds a Language column on forms available in Welsh', () => {
    const built = buildSubmission(everyAnswerTypeForm.en, { emailQ11: 'a@example.com' }, { language: 'cy' });
    const [header, row] = built.csv.trimEnd().split('\n');
    expect(header?.split(',').at(-1)).toBe('Language');
    expect(row?.split(',').at(-1)).toBe('cy');
  });

  it('keeps file names under 100 characters, cutting the form name at a word boundary', () => {
    const built = buildSubmission(
      {
        ...form,
        name: `Application for a residents’ parking permit in the ${'very '.repeat(20)}central zone`,
      },
      { p: '01234' },
      { reference: '8E3YY3RX' },
    );
    expect(built.email.csv.filename.length).toBeLessThanOrEqual(100);
    expect(built.email.csv.filename).toMatch(
      /^govuk_forms_application_for_a_residents_parking_permit_in_the_very(_very)*_8E3YY3RX\.csv$/,
    );
  });
});

describe('parseCsvSubmissions', () => {
  it('reads back embedded quotes, newlines and formula-looking values (guard removed)', () => {
    const built = buildSubmission(form, {
      n: { title: '', first_name: '+Plus', last_name: '@at' },
      t: '-minus "and" quotes,\r\nand CRLF inside',
      p: '=1+1',
      d: '2026-01-01',
    });
    const [s] = parseCsvSubmissions(built.csv);
    expect(s?.answers).toEqual([
      {
        question_text: 'Your name',
        title: '',
        first_name: '+Plus',
        last_name: '@at',
        answer_text: '+Plus @at',
      },
      { question_text: 'Details', answer_text: '-minus "and" quotes,\r\nand CRLF inside' },
      { question_text: 'Phone', answer_text: '=1+1' },
      { question_text: 'Start date', answer_text: '01/01/2026' },
    ]);
    expect(s?.raw.Phone).toBe('\t=1+1');
  });

  it('leaves a leading TAB the guard could not have added', () => {
    const csv = 'Reference,Submitted at,Q\n8E3YY3RX,2026-01-15T09:30:00+00:00,"\tplain"\n';
    expect(parseCsvSubmissions(csv)[0]?.answers[0]?.answer_text).toBe('\tplain');
  });

  it('handles a byte-order mark and CRLF line ends (a file saved from Excel)', () => {
    const csv = '\uFEFFReference,Submitted at,Q\r\n8E3YY3RX,2026-07-01T10:00:00+01:00,"a\r\nb"\r\n';
    const bytes = new TextEncoder().encode(csv);
    const [s] = parseCsvSubmissions(bytes);
    expect(s?.submission_reference).toBe('8E3YY3RX');
    expect(s?.submitted_at.toISOString()).toBe('2026-07-01T09:00:00.000Z');
    expect(s?.answers[0]?.answer_text).toBe('a\r\nb');
  });

  it('reads a daily batch, several rows in one file', () => {
    const subs = ['2ABC3DEF', 'GH4JK5LM', 'NP6RS7TU'].map((reference, i) =>
      buildSubmission(exampleForms.missedBinCollection.en, exampleAnswers.missedBinCollection, {
        reference,
        submittedAt: new Date(Date.UTC(2026, 2, 24, 8 + i)),
      }),
    );
    const files = buildBatchCsv(subs, { schedule: 'daily', date: '2026-03-24' });
    expect(files.map((f) => f.filename)).toEqual([
      'govuk_forms_report_a_missed_bin_collection_2026-03-24.csv',
    ]);
    const parsed = parseCsvSubmissions(files[0]!.content);
    expect(parsed.map((s) => s.submission_reference)).toEqual(['2ABC3DEF', 'GH4JK5LM', 'NP6RS7TU']);
    expect(parsed[0]?.answers.find((a) => a.question_text === 'What is your name?')?.answer_text).toBe(
      'Sam Jones',
    );
    // Batches go by email, so uploaded files carry the reference.
    expect(parsed[1]?.answers.find((a) => a.question_text === 'Upload a photo of the bin')?.answer_text).toBe(
      'bin_GH4JK5LM.jpg',
    );
  });

  it('splits a weekly batch into numbered files when the form changed, and reads them all back', () => {
    const before = buildSubmission(
      form,
      { p: '01234567890' },
      { reference: '2ABC3DEF', submittedAt: new Date('2026-03-02T10:00:00Z') },
    );
    const edited = {
      ...form,
      steps: form.steps.map((s) =>
        s.id === 'p' ? { ...s, data: { ...s.data, question_text: 'Phone number' } } : s,
      ),
    };
    const after = buildSubmission(
      edited,
      { p: '01234567890' },
      { reference: 'GH4JK5LM', submittedAt: new Date('2026-03-05T10:00:00Z') },
    );
    const files = buildBatchCsv(
      [before, after],
      { schedule: 'weekly', begin: '2026-03-02', end: '2026-03-08' },
      { preview: true },
    );
    expect(files.map((f) => f.filename)).toEqual([
      'test_govuk_forms_apply_for_a_permit_2026-03-02--2026-03-08_1.csv',
      'test_govuk_forms_apply_for_a_permit_2026-03-02--2026-03-08_2.csv',
    ]);
    const parsed = parseCsvSubmissions(files.map((f) => f.content));
    const phone = (s: (typeof parsed)[number]) => s.answers.find((a) => a.question_text.startsWith('Phone'));
    expect(parsed.map((s) => phone(s)?.question_text)).toEqual(['Phone', 'Phone number']);
  });

  it('folds repeatable answers and repeatable name columns back into arrays', () => {
    const built = buildSubmission(everyAnswerTypeForm.en, {
      repText16: ['A', '=B'],
      repName17: [{ first_name: 'Kim', last_name: 'Lee' }],
    });
    const [s] = parseCsvSubmissions(built.csv);
    const byText = (text: string) => s?.answers.find((a) => a.question_text === text);
    expect(byText('Vehicle registrations')).toEqual({
      question_text: 'Vehicle registrations',
      answer_text: ['A', '=B'],
      can_have_multiple_answers: true,
    });
    expect(byText('Other people')).toMatchObject({
      first_name: ['Kim'],
      last_name: ['Lee'],
      answer_text: ['Kim Lee'],
    });
  });

  it('writes a skipped optional repeatable question as an empty cell, and reads it back as an empty answer', () => {
    const built = buildSubmission(everyAnswerTypeForm.en, { optRep19: null, repText16: ['only one'] });
    const [header, row] = built.csv.trimEnd().split('\n');
    expect(header).toContain('Previous addresses');
    expect(row).toContain(',Answer: only one,');
    const [s] = parseCsvSubmissions(built.csv);
    expect(s?.answers.find((a) => a.question_text === 'Previous addresses')?.answer_text).toBe('');
    expect(s?.answers.find((a) => a.question_text === 'Vehicle registrations')?.answer_text).toEqual([
      'only one',
    ]);
  });

  it('also removes the literal "0x09" guard some forms-runner versions wrote', () => {
    const csv = 'Reference,Submitted at,Q,R\n8E3YY3RX,2026-01-15T09:30:00+00:00,0x09=SUM(A1),0x09 stays\n';
    expect(parseCsvSubmissions(csv)[0]?.answers.map((a) => a.answer_text)).toEqual([
      '=SUM(A1)',
      '0x09 stays',
    ]);
  });

  it('accepts Welsh standard headings', () => {
    const csv =
      'Cyfeirnod,Cyflwynwyd am,Eich enw - Enw cyntaf,Eich enw - Enw olaf,Iaith\n8E3YY3RX,2026-01-15T09:30:00+00:00,Siân,Jones,cy\n';
    const [s] = parseCsvSubmissions(csv);
    expect(s?.language).toBe('cy');
    expect(s?.answers).toEqual([
      { question_text: 'Eich enw', first_name: 'Siân', last_name: 'Jones', answer_text: 'Siân Jones' },
    ]);
  });

  it('reads a last question called "Language" on a single-language form as a question', () => {
    const csv = 'Reference,Submitted at,Language\n8E3YY3RX,2026-01-15T09:30:00+00:00,British Sign Language\n';
    const [s] = parseCsvSubmissions(csv);
    expect(s?.language).toBeUndefined();
    expect(s?.answers).toEqual([{ question_text: 'Language', answer_text: 'British Sign Language' }]);
  });

  it('returns no submissions for a header-only batch', () => {
    expect(parseCsvSubmissions('Reference,Submitted at,Q\n')).toEqual([]);
  });

  it.each([
    ['an empty file', ''],
    ['a header that is not GOV.UK Forms', 'Name,Email\nSam,s@example.com\n'],
    ['an unclosed quote', 'Reference,Submitted at,Q\n8E3YY3RX,2026-01-15T09:30:00+00:00,"open\n'],
    ['a row with too many cells', 'Reference,Submitted at,Q\n8E3YY3RX,2026-01-15T09:30:00+00:00,a,b\n'],
    ['a time without an offset', 'Reference,Submitted at,Q\n8E3YY3RX,15/01/2026 09:30,a\n'],
    ['a blank reference', 'Reference,Submitted at,Q\n,2026-01-15T09:30:00+00:00,a\n'],
    ['bytes that are not UTF-8', new Uint8Array([0xff, 0xfe, 0x00, 0xd8])],
  ])('refuses %s with a SubmissionParseError', (_name, input) => {
    expect(() => parseCsvSubmissions(input)).toThrow(SubmissionParseError);
  });

  it('never quotes the offending record in its error', () => {
    try {
      parseCsvSubmissions(
        'Reference,Submitted at,Q\n8E3YY3RX,2026-01-15T09:30:00+00:00,"Sam Jones, 1 High St\n',
      );
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(SubmissionParseError);
      expect(JSON.stringify(error)).not.toContain('Sam Jones');
      expect((error as Error).message).not.toContain('Sam Jones');
    }
  });
});

describe('buildSubmission refuses answers GOV.UK Forms would not accept', () => {
  it.each([
    ['a missing required answer', { emailQ11: null }],
    ['an unknown step', { nope: 'x' }],
    ['an option that is not offered', { chkBoxs8: ['bins', 'swimming'] }],
    ['two options on a radio question', { radioNo9: ['black', 'blue'] }],
    ['an impossible date', { dateQst3: '2026-02-30' }],
    ['a name without a last name', { nameFml7: { first_name: 'Ann' } }],
    ['a required name left blank', { nameFul6: { full_name: '  ' } }],
    ['a UK address without a postcode', { addrUk04: { address1: '1 High St', town_or_city: 'Bath' } }],
    ['whitespace for a required text answer', { emailQ11: '   ' }],
  ])('%s', (_name, answers) => {
    expect(() => buildSubmission(everyAnswerTypeForm.en, answers as never)).toThrow(/Invalid answers/);
  });

  it('builds every answer type without complaint', () => {
    expect(() => buildSubmission(everyAnswerTypeForm.en, everyAnswer)).not.toThrow();
  });
});
