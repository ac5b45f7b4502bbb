/**
 * Growth checks for the Forms parsers (S3 keys, CSV, JSON, email) on hostile input: the work grows linearly with the
 * input. (`properties.test.ts` checks that they answer only typed errors.)
 */
import { expectLinearTime, HOSTILE_PATTERNS, repeatTo } from '@council-sdk/config/hostile';
import {
  parseCsvSubmissions,
  parseEmailSubmission,
  parseJsonSubmission,
  parseSubmissionKey,
} from '@council-sdk/forms';
import { describe, expect, it, vi } from 'vitest';

// Growth checks time several runs of each parser; on a loaded machine that takes a while.
vi.setConfig({ testTimeout: 120_000 });

describe('S3 keys', () => {
  it('reading a hostile key costs linear time', async () => {
    for (const pattern of [...HOSTILE_PATTERNS, 'form_submissions/', '20250101T000000Z_', 'a/', '1']) {
      await expectLinearTime(
        `parseSubmissionKey(${JSON.stringify(pattern)})`,
        parseSubmissionKey,
        (n) => `form_submissions/${repeatTo(pattern, n)}/form_submission.json`,
      );
    }
  });

  it('a key longer than S3 allows (1,024 bytes) is not a submission key', () => {
    const long = `form_submissions/f1/20250101T120000Z_ABCDEFGH${'x'.repeat(1100)}/form_submission.json`;
    expect(parseSubmissionKey(long)).toBeUndefined();
    expect(
      parseSubmissionKey('form_submissions/f1/20250101T120000Z_ABCDEFGH/form_submission.json'),
    ).toMatchObject({
      form_id: 'f1',
      reference: 'ABCDEFGH',
    });
  });
});

describe('CSV and JSON submissions', () => {
  it('parsing hostile CSV costs linear time', async () => {
    for (const pattern of ['"', '""', ',', '\r\n', 'a,', '"a,', '\n"', ' ', '=', '\t']) {
      await expectLinearTime(
        `parseCsvSubmissions(${JSON.stringify(pattern)})`,
        (t: string) => parseCsvSubmissions(t),
        (n) => `Reference,Submission time,Q\r\n${repeatTo(pattern, n)}`,
      );
    }
  });

  it('parsing hostile JSON costs linear time', async () => {
    for (const pattern of ['[', '{"a":', '"', ' ', '\\u00']) {
      await expectLinearTime(
        `parseJsonSubmission(${JSON.stringify(pattern)})`,
        (t: string) => parseJsonSubmission(t),
        (n) => repeatTo(pattern, n),
        { size: 2048 },
      );
    }
  });
});

describe('submission emails', () => {
  it('parsing a hostile subject or body costs linear time', async () => {
    for (const pattern of [
      ' - reference: ',
      ' - reference: A',
      'Form submission: ',
      '=?utf-8?q?',
      '\u200B',
      ' ',
    ]) {
      await expectLinearTime(
        `parseEmailSubmission(subject ${JSON.stringify(pattern)})`,
        (eml: string) => parseEmailSubmission(eml),
        (n) => `Subject: Form submission: ${repeatTo(pattern, n)} - reference: 8E3YY3RX\r\n\r\nbody`,
        { size: 2048 },
      );
    }
    await expectLinearTime(
      'parseEmailSubmission(body)',
      (eml: string) => parseEmailSubmission(eml),
      (n) =>
        `Subject: Form submission: x - reference: 8E3YY3RX\r\n\r\n${repeatTo('GOV.UK Forms reference number: ', n)}`,
      { size: 2048 },
    );
  });
});
