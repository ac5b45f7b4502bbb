import { describe, expect, it } from 'vitest';
import { contactEmailOf } from '../../src/domain/forms-inbox.js';

describe('contactEmailOf', () => {
  it('finds the first answer that is an email address', () => {
    expect(
      contactEmailOf([
        { question_text: 'Which bin?', answer_text: 'Recycling' },
        { question_text: 'Your email', answer_text: ' sam@example.com ' },
        { question_text: 'Another email', answer_text: 'other@example.com' },
      ]),
    ).toBe('sam@example.com');
  });

  it('reads repeatable answers and ignores text that only contains an @', () => {
    expect(
      contactEmailOf([{ question_text: 'Emails', answer_text: ['a@example.com', 'b@example.com'] }]),
    ).toBe('a@example.com');
    expect(
      contactEmailOf([{ question_text: 'Notes', answer_text: 'bins @ the back, see photo' }]),
    ).toBeUndefined();
    expect(contactEmailOf([])).toBeUndefined();
  });
});
