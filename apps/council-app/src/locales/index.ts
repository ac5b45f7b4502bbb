import { cy } from './cy.js';
import { en, type MessageKey } from './en.js';

export type Language = 'en' | 'cy';
export const LANGUAGES: Language[] = ['en', 'cy'];
const CATALOGUES: Record<Language, Record<MessageKey, string>> = { en, cy };

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** `t('common.months', { n: 3 })`. An unknown key is shown as itself, so a missing message is visible, not blank. */
export function translator(lang: Language): Translate {
  const messages = CATALOGUES[lang];
  return (key, params) => {
    const message = (messages as Record<string, string>)[key] ?? key;
    return params ? message.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m)) : message;
  };
}

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'cy';
}
