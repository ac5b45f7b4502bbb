/**
 * The words of the sandbox's "fill in a form" pages in English and Welsh. A form filled in Welsh is Welsh
 * throughout, as on GOV.UK Forms: the Welsh is forms-runner's own (govuk-forms/forms-runner
 * `config/locales/cy.yml`, MIT, © Crown Copyright) wherever forms-runner has the phrase; the few phrases only the
 * sandbox has (how to deliver the submission, the placeholder file) are the sandbox's Welsh.
 */
export interface FormsPageWords {
  lang: 'en' | 'cy';
  back: string;
  errorSummaryTitle: string;
  formCaption: (formId: string) => string;
  submit: string;
  /** Appended to an optional question's text. */
  optional: string;
  noneOfTheAbove: string;
  noneFollowUp: (question: string) => string;
  dateParts: { day: string; month: string; year: string };
  address: Record<
    'address1' | 'address2' | 'town_or_city' | 'county' | 'postcode' | 'street_address' | 'country',
    string
  >;
  name: Record<'title' | 'full_name' | 'first_name' | 'middle_names' | 'last_name', string>;
  fileLabel: (question: string) => string;
  fileHint: string;
  deliveryLegend: string;
  deliveryChoices: { 's3-json': string; 's3-csv': string; email: string };
  deliveryError: string;
  /** An email delivery in the "Delivered" list. */
  deliveredEmail: (filename: string, subject: string) => string;
  submittedTitle: string;
  reference: string;
  delivered: string;
  seeDelivered: string;
  /** The message for an invalid answer (the fake reports English, e.g. "is required"). */
  answerError: (issue: AnswerIssue) => string;
}

/** One problem the Forms fake found with an answer, and what kind of question it is. */
export interface AnswerIssue {
  /** The fake's message, e.g. "is required", "is not a real date". */
  message: string;
  answerType: string;
  /** The part of the answer, e.g. `postcode` for an address, `first_name` for a name. */
  field?: string | undefined;
  /** A selection question that takes one answer (radios) rather than several (checkboxes). */
  onlyOneOption?: boolean | undefined;
}

const en: FormsPageWords = {
  lang: 'en',
  back: 'Back',
  errorSummaryTitle: 'There is a problem',
  formCaption: (id) => `Form ${id}`,
  submit: 'Submit',
  optional: '(optional)',
  noneOfTheAbove: 'None of the above',
  noneFollowUp: (question) => `${question} (if you chose None of the above)`,
  dateParts: { day: 'Day', month: 'Month', year: 'Year' },
  address: {
    address1: 'Address line 1',
    address2: 'Address line 2 (optional)',
    town_or_city: 'Town or city',
    county: 'County (optional)',
    postcode: 'Postcode',
    street_address: 'Address',
    country: 'Country',
  },
  name: {
    title: 'Title',
    full_name: 'Full name',
    first_name: 'First name',
    middle_names: 'Middle names',
    last_name: 'Last name',
  },
  fileLabel: (question) => `${question}: file name`,
  fileHint: 'The sandbox attaches a small placeholder file with this name, for example photo.jpg',
  deliveryLegend: 'How should the sandbox deliver this submission?',
  deliveryChoices: {
    's3-json': 'To the S3 bucket as JSON (form_submission.json)',
    's3-csv': 'To the S3 bucket as CSV (form_submission.csv)',
    email: 'As an email (an .eml file with the JSON and CSV attached)',
  },
  deliveryError: 'Choose at least one way to deliver the submission',
  deliveredEmail: (filename, subject) => `${filename} (email: ${subject})`,
  submittedTitle: 'Form submitted',
  reference: 'Reference',
  delivered: 'Delivered',
  seeDelivered: 'See every delivered object',
  answerError: (issue) => issue.message,
};

/** forms-runner cy.yml `activemodel.errors.models.question/*`: the message for a blank answer, by question type. */
const WELSH_BLANK: Record<string, string> = {
  address: 'Rhowch linell gyntaf y cyfeiriad',
  date: 'Rhowch ddyddiad',
  email: 'Rhowch gyfeiriad ebost',
  file: 'Dewiswch ffeil',
  name: 'Rhowch enw',
  national_insurance_number: 'Rhowch rif Yswiriant Gwladol',
  number: 'Rhowch rif',
  organisation_name: 'Rhowch enw sefydliad',
  phone_number: 'Rhowch rif ffôn',
  text: 'Rhowch ateb',
};

/** The same file, by the part of an address or name left blank. */
const WELSH_BLANK_FIELD: Record<string, string> = {
  address1: 'Rhowch linell gyntaf y cyfeiriad',
  town_or_city: 'Rhowch y dref neu’r ddinas',
  postcode: 'Rhowch y cod post',
  street_address: 'Rhowch y cyfeiriad',
  country: 'Rhowch y wlad',
  full_name: 'Rhowch enw',
  first_name: 'Rhowch enw cyntaf',
  last_name: 'Rhowch enw olaf',
};

function welshAnswerError(issue: AnswerIssue): string {
  const { message, answerType, field } = issue;
  if (message === 'is required') {
    if (field && WELSH_BLANK_FIELD[field]) return WELSH_BLANK_FIELD[field];
    if (answerType === 'selection') {
      return issue.onlyOneOption ? 'Dewiswch un opsiwn' : 'Dewiswch un neu ragor o opsiynau';
    }
    return WELSH_BLANK[answerType] ?? 'Rhowch ateb';
  }
  if (message === 'is not a real date') return 'Rhowch ddyddiad gwirioneddol';
  if (message === 'is not one of the options') return 'Dewiswch ateb o blith y rhestr';
  if (message === 'only one option can be chosen') return 'Dewiswch un opsiwn';
  if (message.includes('cannot be chosen with other options')) {
    return 'Dewiswch un neu ragor o opsiynau neu dewiswch ‘Dim un o’r uchod’';
  }
  // `question/selection.none_of_the_above_answer.blank`.
  if (message.includes('"None of the above" question is required')) return 'Rhowch ateb';
  if (answerType === 'file') return 'Dewiswch ffeil';
  return WELSH_BLANK[answerType] ?? 'Rhowch ateb';
}

const cy: FormsPageWords = {
  lang: 'cy',
  back: 'Yn ôl', // forms.back
  errorSummaryTitle: 'Mae problem', // error_summary_title
  formCaption: (id) => `Ffurflen ${id}`,
  submit: 'Cyflwyno', // forms.check_your_answers.submit
  optional: '(dewisol)', // page.optional
  noneOfTheAbove: 'Dim un o’r uchod', // page.none_of_the_above
  noneFollowUp: (question) => `${question} (os dewisoch Dim un o’r uchod)`,
  dateParts: { day: 'Diwrnod', month: 'Mis', year: 'Blwyddyn' }, // date_segment_names
  // question/address.label
  address: {
    address1: 'Llinell cyfeiriad 1',
    address2: 'Llinell cyfeiriad 2 (dewisol)',
    town_or_city: 'Tref neu Ddinas',
    county: 'Sir (dewisol)',
    postcode: 'Cod post',
    street_address: 'Cyfeiriad stryd',
    country: 'Gwlad',
  },
  // question/name.label
  name: {
    title: 'Teitl',
    full_name: 'Enw llawn',
    first_name: 'Enw cyntaf',
    middle_names: 'Enwau canol',
    last_name: 'Enw olaf',
  },
  fileLabel: (question) => `${question}: enw’r ffeil`,
  fileHint: 'Mae’r blwch tywod yn atodi ffeil fach yn ei lle gyda’r enw hwn, er enghraifft llun.jpg',
  deliveryLegend: 'Sut dylai’r blwch tywod gyflwyno’r ymateb hwn?',
  deliveryChoices: {
    's3-json': 'I’r bwced S3 fel JSON (form_submission.json)',
    's3-csv': 'I’r bwced S3 fel CSV (form_submission.csv)',
    email: 'Fel e-bost (ffeil .eml gyda’r JSON a’r CSV wedi’u hatodi)',
  },
  deliveryError: 'Dewiswch o leiaf un ffordd o gyflwyno’r ymateb',
  deliveredEmail: (filename, subject) => `${filename} (e-bost: ${subject})`,
  submittedTitle: 'Mae eich ffurflen wedi’i chyflwyno', // forms.submitted.title
  reference: 'Rhif cyfeirnod eich ffurflen yw:', // forms.submitted.your_reference
  delivered: 'Wedi’u danfon',
  seeDelivered: 'Gweld pob gwrthrych a ddanfonwyd',
  answerError: welshAnswerError,
};

/** The words for a form document's `language` (GOV.UK Forms has two: `en`, the default, and `cy`). */
export function formsPageWords(language: string | undefined): FormsPageWords {
  return language === 'cy' ? cy : en;
}
