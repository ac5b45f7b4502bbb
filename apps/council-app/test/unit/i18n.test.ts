import { describe, expect, it } from 'vitest';
import { cy } from '../../src/locales/cy.js';
import { en } from '../../src/locales/en.js';
import { translator } from '../../src/locales/index.js';

describe('message catalogue', () => {
  it('has the same keys in Welsh and English, none left empty or untranslated by accident', () => {
    expect(Object.keys(cy).sort()).toEqual(Object.keys(en).sort());
    const same = Object.keys(en).filter(
      (k) => (en as Record<string, string>)[k] === (cy as Record<string, string>)[k],
    );
    // Only words that are the same in both languages.
    expect(same).toEqual(['footer.help']);
    for (const v of Object.values(cy)) expect(v.trim()).not.toBe('');
  });

  it('fills placeholders and shows unknown keys as themselves', () => {
    expect(translator('en')('common.months', { n: 6 })).toBe('6 months');
    expect(translator('cy')('common.months', { n: 6 })).toBe('6 mis');
    expect(translator('en')('no.such.key')).toBe('no.such.key');
  });
});
