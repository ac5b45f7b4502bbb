import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatTime, plural, statusTagHtml } from '../../src/http/format.js';
import { translator } from '../../src/locales/index.js';

describe('GOV.UK-style dates and times, in London', () => {
  it('writes "4 December 2026 at 3:05pm" in winter (GMT)', () => {
    expect(formatDateTime('2026-12-04T15:05:00Z', 'en')).toBe('4 December 2026 at 3:05pm');
    expect(formatDateTime('2026-12-04T15:05:00Z', 'cy')).toBe('4 Rhagfyr 2026 am 3:05pm');
  });

  it('uses British Summer Time in summer, and the London date across midnight', () => {
    expect(formatDateTime('2026-07-01T14:00:00Z', 'en')).toBe('1 July 2026 at 3pm');
    expect(formatDate('2026-06-30T23:30:00Z', 'en')).toBe('1 July 2026');
  });

  it('writes midday as 12pm and midnight as 12am, with no ":00"', () => {
    expect(formatTime('2026-12-04T12:00:00Z', 'en')).toBe('12pm');
    expect(formatTime('2026-12-04T00:00:00Z', 'en')).toBe('12am');
    expect(formatTime('2026-12-04T09:30:00Z', 'en')).toBe('9:30am');
  });
});

describe('plural', () => {
  it('picks the form by the language’s plural rules', () => {
    const en = translator('en');
    expect(plural(en, 'en', 'plural.newSubmissions', 1)).toBe('1 new submission');
    expect(plural(en, 'en', 'plural.newSubmissions', 0)).toBe('0 new submissions');
    expect(plural(en, 'en', 'plural.newSubmissions', 2)).toBe('2 new submissions');
  });
});

describe('status tags', () => {
  it('shows the status in words, coloured, escaped', () => {
    expect(statusTagHtml('paid', 'Paid')).toBe(
      '<strong class="govuk-tag app-nowrap govuk-tag--green">Paid</strong>',
    );
    expect(statusTagHtml('unknown', '<b>')).toContain('&lt;b&gt;');
  });
});
