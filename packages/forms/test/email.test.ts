import { parseEmailSubmission, SubmissionParseError } from '@council-sdk/forms';
import { buildEmail, buildSubmission, exampleAnswers, exampleForms } from '@council-sdk/forms/testing';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { everyAnswer, everyAnswerTypeForm } from './fixtures';

const submittedAt = new Date('2026-03-24T08:00:00.000Z');

describe('submission emails', () => {
  it('are addressed and titled as GOV.UK Forms sends them, with a zero-width space in "GOV.UK"', async () => {
    const built = buildSubmission(exampleForms.missedBinCollection.en, exampleAnswers.missedBinCollection, {
      reference: '8E3YY3RX',
      submittedAt,
    });
    const email = await buildEmail(built, { formats: ['csv'] });
    expect(email.filename).toBe('8E3YY3RX.eml');
    const mail = await simpleParser(email.content);
    expect(mail.subject).toBe('Form submission: Report a missed bin collection - reference: 8E3YY3RX');
    expect(mail.from?.value[0]?.address).toBe('no-reply@forms.service.gov.uk');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : undefined).toBe(
      'waste.services@example.gov.uk',
    );
    expect(mail.text).toContain('GOV.\u200BUK Forms reference number: 8E3YY3RX');
    expect(mail.attachments.map((a) => a.filename)).toEqual([
      'bin_8E3YY3RX.jpg',
      'govuk_forms_report_a_missed_bin_collection_8E3YY3RX.csv',
    ]);
  });

  it('parse back into the subject, reference, submission and uploaded files', async () => {
    const built = buildSubmission(everyAnswerTypeForm.en, everyAnswer, {
      reference: '8E3YY3RX',
      submittedAt,
    });
    const email = await buildEmail(built, { formats: ['csv', 'json'] });
    const parsed = await parseEmailSubmission(email.content);
    expect(parsed.form_name).toBe('Every answer type: a test form');
    expect(parsed.submission_reference).toBe('8E3YY3RX');
    expect(parsed.preview).toBe(false);
    expect(parsed.submission?.format).toBe('json');
    expect(parsed.csv?.submission_reference).toBe('8E3YY3RX');
    // By email, file answers name the attachment, which carries the reference.
    expect(parsed.json?.answers.find((a) => a.question_id === 'fileQ015')?.answer_text).toBe(
      'bin photo_8E3YY3RX.png',
    );
    expect(parsed.files.map((f) => f.filename)).toEqual(['bin photo_8E3YY3RX.png']);
    expect([...(parsed.files[0]?.content ?? [])]).toEqual([137, 80, 78, 71]);
    expect(parsed.text).toContain('GOV.UK Forms reference number: 8E3YY3RX');
  });

  it('lay the body out as GOV.UK Forms does: question, answer, a rule between; skipped questions marked', async () => {
    const built = buildSubmission(
      everyAnswerTypeForm.en,
      { emailQ11: 'a@example.com', optText18: null },
      { reference: '8E3YY3RX' },
    );
    const parsed = await parseEmailSubmission((await buildEmail(built)).content);
    expect(parsed.text).toContain(
      'Email address\n\na@example.com\n\n---\n\nAnything else?\n\n[This question was skipped]',
    );
  });

  it('mark previews with TEST FORM SUBMISSION', async () => {
    const built = buildSubmission(
      everyAnswerTypeForm.en,
      { emailQ11: 'a@example.com' },
      { preview: true, reference: 'BC4DE5FG', language: 'cy' },
    );
    const email = await buildEmail(built);
    // A Welsh submission's email is English: the English document, and SendSubmissionJob forces the en locale.
    expect(email.subject).toBe('TEST FORM SUBMISSION: Every answer type: a test form - reference: BC4DE5FG');
    const parsed = await parseEmailSubmission(email.content.toString('utf8'));
    expect(parsed.preview).toBe(true);
    expect(parsed.form_name).toBe('Every answer type: a test form');
    expect(parsed.submission).toBeUndefined();
  });

  it('refuse a message that is not a GOV.UK Forms submission', async () => {
    const other = 'From: someone@example.com\r\nSubject: Hello\r\n\r\nHi\r\n';
    await expect(parseEmailSubmission(other)).rejects.toBeInstanceOf(SubmissionParseError);
  });

  it('refuse a body whose reference contradicts the subject', async () => {
    const forged =
      'From: no-reply@forms.service.gov.uk\r\nSubject: Form submission: X - reference: 8E3YY3RX\r\n\r\nGOV.\u200BUK Forms reference number: BC4DE5FG\r\n';
    await expect(parseEmailSubmission(forged)).rejects.toThrow(/different reference/);
  });

  it('refuse a broken submission attachment with a typed error', async () => {
    const built = buildSubmission(
      everyAnswerTypeForm.en,
      { emailQ11: 'a@example.com' },
      { reference: '8E3YY3RX' },
    );
    built.email.json.content = '{ broken';
    const email = await buildEmail(built, { formats: ['json'] });
    await expect(parseEmailSubmission(email.content)).rejects.toBeInstanceOf(SubmissionParseError);
  });
});
