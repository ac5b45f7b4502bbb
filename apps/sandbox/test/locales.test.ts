import { describe, expect, it } from 'vitest';
import { chromeWords } from '../src/locales/chrome.js';
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
    expect(
      cardErrorText(payPageWords('en'), 'card_number', 'Use one of the GOV.UK Pay test card numbers'),
    ).toBe('Use one of the GOV.UK Pay test card numbers');
  });

  it('give Pay’s Welsh for a card error, by the fake’s field name or the page’s', () => {
    const cy = payPageWords('cy');
    expect(cardErrorText(cy, 'card_number', 'Enter a valid card number')).toBe('Rhowch rif cerdyn dilys');
    expect(cardErrorText(cy, 'cardNo', 'Use one of the GOV.UK Pay test card numbers')).toBe(
      'Nid yw’r math hwn o gerdyn yn cael ei dderbyn',
    );
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
