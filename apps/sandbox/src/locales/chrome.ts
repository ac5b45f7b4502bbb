/**
 * The words the sandbox's layout puts around every page (skip link, phase banner, footer), in English and Welsh,
 * so a page a resident sees in Welsh (Pay's card page, One Login, a Welsh form) is Welsh from top to bottom.
 * The Welsh for GOV.UK's own phrases is the one GOV.UK uses on its Welsh pages (gov.uk/cymraeg).
 */
export interface ChromeWords {
  skipLink: string;
  /** The page title's last part. */
  siteName: string;
  /** govuk-frontend's hidden prefix of an error message, and its service navigation's label. */
  errorPrefix: string;
  serviceInformation: string;
  phaseTag: string;
  phaseText: string;
  supportLinks: string;
  environment: string;
  licenceHtml: string;
  copyright: string;
}

const OGL = 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/';

const en: ChromeWords = {
  skipLink: 'Skip to main content',
  siteName: 'Council sandbox',
  errorPrefix: 'Error',
  serviceInformation: 'Service information',
  phaseTag: 'Sandbox',
  phaseText: 'Local fakes of GOV.UK Notify, Pay, One Login and Forms. Nothing here reaches a real service.',
  supportLinks: 'Support links',
  environment: 'Environment (JSON)',
  licenceHtml: `All content is available under the <a class="govuk-footer__link" href="${OGL}" rel="license">Open Government Licence v3.0</a>, except where otherwise stated`,
  copyright: '© Crown copyright',
};

const cy: ChromeWords = {
  skipLink: 'Neidio i’r prif gynnwys',
  siteName: 'Blwch tywod y cyngor',
  // forms-runner cy.yml helpers.error.message_prefix
  errorPrefix: 'Gwall',
  serviceInformation: 'Gwybodaeth am y gwasanaeth',
  phaseTag: 'Blwch tywod',
  phaseText:
    'Efelychiadau lleol o GOV.UK Notify, Pay, One Login a Forms. Nid oes dim byd yma yn cyrraedd gwasanaeth go iawn.',
  supportLinks: 'Dolenni cymorth',
  environment: 'Amgylchedd (JSON)',
  licenceHtml: `Mae’r holl gynnwys ar gael o dan y <a class="govuk-footer__link" href="${OGL}" rel="license">Drwydded Llywodraeth Agored v3.0</a>, oni nodir yn wahanol`,
  copyright: '© Hawlfraint y Goron',
};

/** The layout's words for a page's `htmlLang` (English unless the page is Welsh). */
export function chromeWords(htmlLang: unknown): ChromeWords {
  return htmlLang === 'cy' ? cy : en;
}
