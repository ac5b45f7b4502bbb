import { describe, expect, it } from 'vitest';
import { chromeWords } from '../src/locales/chrome.js';
import { formsPageWords } from '../src/locales/forms.js';
import { cookieValue, oneLoginLanguage, oneLoginPageWords } from '../src/locales/one-login.js';
import { cardErrorText, payPageLocals, payPageWords } from '../src/locales/pay.js';

describe('Pay page words', () => {
  it('are Welsh for a payment created with language "cy", and set <html lang="cy">', () => {
    const { t, htmlLang } = payPageLocals('cy');
    expect(htmlLang).toBe('cy');
    expect(t.enterCardDetails).toBe('Rhowch fanylion y cerdyn');
  });

  it('are English for "en" and for a payment without a language', () => {
    expect(payPageLocals('en').htmlLang).toBe('en');
    expect(payPageLocals(undefined).t.enterCardDetails).toBe('Enter card details');
  });

  it('leave the fake’s English card errors as they are on an English page', () => {
    expect(cardErrorText(payPageWords('en'), 'card_number', 'Maestro cards are not accepted')).toBe(
      'Maestro cards are not accepted',
    );
  });

  it('give Pay’s Welsh for a card error, by the fake’s field name or the page’s', () => {
    const cy = payPageWords('cy');
    expect(cardErrorText(cy, 'card_number', 'Enter a valid card number')).toBe('Rhowch rif cerdyn dilys');
    expect(cardErrorText(cy, 'cardNo', 'Maestro cards are not accepted')).toBe('Ni dderbynnir Maestro');
    expect(cardErrorText(cy, 'expiry_date', 'The card has expired')).toBe(
      'Rhowch ddyddiad dod i ben yn y dyfodol',
    );
    expect(cardErrorText(cy, 'addressPostcode', 'Enter a valid postcode')).toBe('Rhowch god post dilys');
  });
});

describe('the layout’s words', () => {
  it('are Welsh on a Welsh page and English otherwise', () => {
    expect(chromeWords('cy').skipLink).toBe('Neidio i’r prif gynnwys');
    expect(chromeWords('en').skipLink).toBe('Skip to main content');
    expect(chromeWords(undefined).copyright).toBe('© Crown copyright');
  });
});

describe('Forms page words', () => {
  it('are forms-runner’s Welsh for a Welsh form document and English otherwise', () => {
    expect(formsPageWords('cy').noneOfTheAbove).toBe('Dim un o’r uchod');
    expect(formsPageWords('cy').dateParts).toEqual({ day: 'Diwrnod', month: 'Mis', year: 'Blwyddyn' });
    expect(formsPageWords('en').noneOfTheAbove).toBe('None of the above');
    expect(formsPageWords(undefined).lang).toBe('en');
  });

  it('leave the fake’s English message on an English form', () => {
    expect(formsPageWords('en').answerError({ message: 'is required', answerType: 'date' })).toBe(
      'is required',
    );
  });

  it('give forms-runner’s Welsh for a blank answer, by question type and by the part left blank', () => {
    const { answerError } = formsPageWords('cy');
    expect(answerError({ message: 'is required', answerType: 'date' })).toBe('Rhowch ddyddiad');
    expect(answerError({ message: 'is required', answerType: 'address', field: 'postcode' })).toBe(
      'Rhowch y cod post',
    );
    expect(answerError({ message: 'is required', answerType: 'selection', onlyOneOption: true })).toBe(
      'Dewiswch un opsiwn',
    );
    expect(answerError({ message: 'is required', answerType: 'selection', onlyOneOption: false })).toBe(
      'Dewiswch un neu ragor o opsiynau',
    );
    expect(answerError({ message: 'is not a real date', answerType: 'date' })).toBe(
      'Rhowch ddyddiad gwirioneddol',
    );
  });
});

describe('One Login page language', () => {
  it('is the first language of ui_locales that One Login supports (en, cy)', () => {
    expect(oneLoginLanguage('cy')).toBe('cy');
    expect(oneLoginLanguage('fr cy-GB en')).toBe('cy');
    expect(oneLoginLanguage('en cy')).toBe('en');
  });

  it('is English without ui_locales or with none One Login supports', () => {
    expect(oneLoginLanguage(undefined)).toBe('en');
    expect(oneLoginLanguage('fr de')).toBe('en');
  });

  it('has One Login’s own Welsh for Continue', () => {
    expect(oneLoginPageWords('cy').continue).toBe('Parhau');
    expect(oneLoginPageWords('en').continue).toBe('Continue');
  });

  it('reads one cookie from a Cookie header', () => {
    expect(cookieValue('a=1; lng=cy; b=2', 'lng')).toBe('cy');
    expect(cookieValue('xlng=en', 'lng')).toBeUndefined();
    expect(cookieValue(undefined, 'lng')).toBeUndefined();
  });
});
