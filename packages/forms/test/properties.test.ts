import {
  CouncilSdkError,
  parseCsvSubmissions,
  parseEmailSubmission,
  parseJsonSubmission,
  parseSubmissionKey,
} from '@council-sdk/forms';
import {
  buildSubmission,
  emailAttachmentFilename,
  s3UploadFilename,
  uploadSuffixes,
} from '@council-sdk/forms/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** Run `fn`; pass if it returns, or throws one of the SDK's typed errors. */
function onlyTypedErrors(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (error) {
    if (error instanceof CouncilSdkError) return true;
    throw error;
  }
}

async function onlyTypedErrorsAsync(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (error) {
    if (error instanceof CouncilSdkError) return true;
    throw error;
  }
}

const validJson = {
  form_name: 'F',
  submission_reference: '8E3YY3RX',
  submitted_at: '2022-09-14T07:00:00.000Z',
  answers: [{ question_id: 'a', question_text: 'Q', answer_text: 'A' }],
};

/** CSV-ish text: fragments that stress a CSV parser, around a plausible GOV.UK Forms header. */
const csvish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ',',
        '"',
        '""',
        '\n',
        '\r\n',
        '\r',
        '\uFEFF',
        '\t',
        '=',
        'Answer: ',
        ' - First name',
        'Reference',
        'Submitted at',
      ),
      fc.constantFrom('8E3YY3RX', '2026-01-15T09:30:00+00:00', '2026-13-45T99:99:99+25:00'),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

describe('parsers on hostile input throw only typed errors', () => {
  it('parseJsonSubmission: any value', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => onlyTypedErrors(() => parseJsonSubmission(value))),
      { numRuns: 500 },
    );
  });

  it('parseJsonSubmission: any text and any bytes', () => {
    fc.assert(
      fc.property(fc.string(), (text) => onlyTypedErrors(() => parseJsonSubmission(text))),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.uint8Array(), (bytes) => onlyTypedErrors(() => parseJsonSubmission(bytes))),
      { numRuns: 300 },
    );
  });

  it('parseJsonSubmission: a valid submission with any field replaced by anything', () => {
    const paths = [
      'form_name',
      'submission_reference',
      'submitted_at',
      'answers',
      'answers.0',
      'answers.0.answer_text',
      'answers.0.question_id',
      'answers.0.selections',
      'language',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.anything(), (path, value) => {
        const doc = structuredClone(validJson) as Record<string, unknown>;
        const keys = path.split('.');
        let target = doc as Record<string, unknown>;
        for (const k of keys.slice(0, -1)) target = target[k] as Record<string, unknown>;
        target[keys.at(-1) as string] = value;
        return onlyTypedErrors(() => parseJsonSubmission(JSON.stringify(doc)));
      }),
      { numRuns: 500 },
    );
  });

  it('parseCsvSubmissions: any text, CSV-ish text, and bytes', () => {
    fc.assert(
      fc.property(fc.string(), (text) => onlyTypedErrors(() => parseCsvSubmissions(text))),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(csvish, (text) => onlyTypedErrors(() => parseCsvSubmissions(text))),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(csvish, (tail) =>
        onlyTypedErrors(() =>
          parseCsvSubmissions(`Reference,Submitted at,Q - Title,Q - Last name,Language\n${tail}`),
        ),
      ),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.uint8Array(), (bytes) => onlyTypedErrors(() => parseCsvSubmissions(bytes))),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.anything(), (value) => onlyTypedErrors(() => parseCsvSubmissions(value as string))),
      { numRuns: 200 },
    );
  });

  it('parseEmailSubmission: any text and bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.uint8Array(),
          fc.string().map((s) => `Subject: Form submission: ${s} - reference: 8E3YY3RX\r\n\r\n${s}`),
        ),
        (input) => onlyTypedErrorsAsync(() => parseEmailSubmission(input)),
      ),
      { numRuns: 150 },
    );
  });

  it('parseSubmissionKey never throws', () => {
    fc.assert(
      fc.property(
        fc.string(),
        (key) => parseSubmissionKey(key) === undefined || typeof parseSubmissionKey(key) === 'object',
      ),
      {
        numRuns: 500,
      },
    );
  });
});

describe('fidelity properties', () => {
  const form = {
    form_id: '1',
    name: 'Property form',
    steps: [
      { id: 'a', position: 1, data: { question_text: 'First', answer_type: 'text' } },
      { id: 'b', position: 2, data: { question_text: 'Second', answer_type: 'text', is_optional: true } },
    ],
  };
  // A text answer that starts like a repeatable cell is ambiguous in CSV (see README); everything else must survive.
  const answer = fc
    .string({ unit: 'grapheme', maxLength: 60 })
    .filter((s) => !s.startsWith('Answer: ') && !s.startsWith('Ateb: '));

  it('any text answer survives JSON and CSV exactly', () => {
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1, maxLength: 60 })
          .filter((s) => s.trim() !== '' && !s.startsWith('Answer: ') && !s.startsWith('Ateb: ')),
        answer,
        (first, second) => {
          const built = buildSubmission(form, { a: first, b: second });
          const json = parseJsonSubmission(built.json);
          const [csv] = parseCsvSubmissions(built.csv);
          expect(json.answers.map((x) => x.answer_text)).toEqual([first, second]);
          expect(csv?.answers.map((x) => x.answer_text)).toEqual([first, second]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('any instant survives as the same second in CSV London time and the same millisecond in JSON', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const built = buildSubmission(form, { a: 'x' }, { submittedAt: date });
          expect(parseJsonSubmission(built.json).submitted_at.getTime()).toBe(date.getTime());
          const [csv] = parseCsvSubmissions(built.csv);
          expect(csv?.submitted_at.getTime()).toBe(Math.floor(date.getTime() / 1000) * 1000);
          expect(csv?.submitted_at_raw).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[01]:00$/);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('uploaded file names (forms-runner FileUploadFilenameGenerator), for any name a browser could send', () => {
  // Extensions are short and plain, as the accepted file types' are: forms-runner takes the extension from the name
  // as sent, uncut and uncleaned, so a 100-character or `*`-bearing "extension" would pass through there too.
  const name = fc
    .tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }), fc.stringMatching(/^[a-z]{0,5}$/))
    .map(([stem, extension]) => {
      const base = stem.replace(/\./g, '_');
      return extension === '' ? base : `${base}.${extension}`;
    });
  const names = fc.array(name, { minLength: 1, maxLength: 5 });

  it('are at most 100 characters, free of / \\ : * ? " < > |, and the first keeps no suffix', () => {
    fc.assert(
      fc.property(names, (originals) => {
        const suffixes = uploadSuffixes(originals);
        const s3 = originals.map((name, i) => s3UploadFilename(name, suffixes[i]));
        const email = originals.map((name, i) => emailAttachmentFilename(name, '8E3YY3RX', suffixes[i]));
        for (const name of [...s3, ...email]) {
          expect(/[/\\:*?"<>|]/.test(name)).toBe(false);
        }
        for (const name of s3) expect(Array.from(name).length).toBeLessThanOrEqual(100);
        for (const name of email) expect(Array.from(name).length).toBeLessThanOrEqual(100);
        expect(suffixes[0]).toBe('');
      }),
    );
  });
});
