import type { FormDocumentInput } from '@council-sdk/forms';
import type { AnswerInput } from '@council-sdk/forms/testing';

/** A form with every answer type and setting the runner knows, in English and Welsh. */
function everyAnswerType(language: 'en' | 'cy'): FormDocumentInput {
  const cy = language === 'cy';
  const q = (en: string, welsh: string) => (cy ? welsh : en);
  let position = 0;
  const step = (
    id: string,
    data: { question_text: string; answer_type: string; [field: string]: unknown },
  ) => ({
    id,
    position: ++position,
    type: 'question',
    data: { is_optional: false, is_repeatable: false, answer_settings: {}, ...data },
    routing_conditions: [],
  });
  return {
    form_id: 991,
    name: q('Every answer type: a test form', 'Pob math o ateb: ffurflen brawf'),
    language,
    available_languages: ['en', 'cy'],
    payment_url: 'https://www.gov.uk/payments/test-council/every-answer-type',
    submission_email: 'forms@example.gov.uk',
    steps: [
      step('txtSngl1', {
        question_text: q('Short text', 'Testun byr'),
        answer_type: 'text',
        answer_settings: { input_type: 'single_line' },
      }),
      step('txtLong2', {
        question_text: q('Long text', 'Testun hir'),
        answer_type: 'text',
        answer_settings: { input_type: 'long_text' },
      }),
      step('dateQst3', {
        question_text: q('Date of birth', 'Dyddiad geni'),
        answer_type: 'date',
        answer_settings: { input_type: 'date_of_birth' },
      }),
      step('addrUk04', {
        question_text: q('UK address', 'Cyfeiriad yn y DU'),
        answer_type: 'address',
        answer_settings: { input_type: { uk_address: 'true', international_address: 'false' } },
      }),
      step('addrInt5', {
        question_text: q('International address', 'Cyfeiriad rhyngwladol'),
        answer_type: 'address',
        answer_settings: { input_type: { uk_address: 'false', international_address: 'true' } },
      }),
      step('nameFul6', {
        question_text: q('Full name', 'Enw llawn'),
        answer_type: 'name',
        answer_settings: { input_type: 'full_name', title_needed: 'true' },
      }),
      step('nameFml7', {
        question_text: q('Your name', 'Eich enw'),
        answer_type: 'name',
        answer_settings: { input_type: 'first_middle_and_last_name', title_needed: 'false' },
      }),
      step('chkBoxs8', {
        question_text: q('Which services?', 'Pa wasanaethau?'),
        answer_type: 'selection',
        answer_settings: {
          only_one_option: 'false',
          selection_options: [
            { name: q('Bins', 'Biniau'), value: 'bins' },
            { name: q('Parking', 'Parcio'), value: 'parking' },
            { name: q('Libraries, "books" and more', 'Llyfrgelloedd, "llyfrau" a mwy'), value: 'libraries' },
          ],
        },
      }),
      step('radioNo9', {
        question_text: q('Which bin?', 'Pa fin?'),
        answer_type: 'selection',
        is_optional: true,
        answer_settings: {
          only_one_option: 'true',
          selection_options: [
            { name: q('Black', 'Du'), value: 'black' },
            { name: q('Blue', 'Glas'), value: 'blue' },
          ],
          none_of_the_above_question: {
            question_text: q('Which other bin?', 'Pa fin arall?'),
            is_optional: 'false',
          },
        },
      }),
      step('orgName10', { question_text: q('Organisation', 'Sefydliad'), answer_type: 'organisation_name' }),
      step('emailQ11', { question_text: q('Email address', 'Cyfeiriad e-bost'), answer_type: 'email' }),
      step('phoneQ12', { question_text: q('Phone number', 'Rhif ffôn'), answer_type: 'phone_number' }),
      step('ninoQ013', {
        question_text: q('National Insurance number', 'Rhif Yswiriant Gwladol'),
        answer_type: 'national_insurance_number',
      }),
      step('numbQ014', { question_text: q('How many bins?', 'Sawl bin?'), answer_type: 'number' }),
      step('fileQ015', {
        question_text: q('Upload a photo', 'Uwchlwytho llun'),
        answer_type: 'file',
        is_optional: true,
      }),
      step('repText16', {
        question_text: q('Vehicle registrations', 'Rhifau cofrestru cerbydau'),
        answer_type: 'text',
        is_repeatable: true,
        answer_settings: { input_type: 'single_line' },
      }),
      step('repName17', {
        question_text: q('Other people', 'Pobl eraill'),
        answer_type: 'name',
        is_repeatable: 'true',
        answer_settings: { input_type: 'first_and_last_name', title_needed: 'false' },
      }),
      step('optRep19', {
        question_text: q('Previous addresses', 'Cyfeiriadau blaenorol'),
        answer_type: 'text',
        is_optional: true,
        is_repeatable: true,
        answer_settings: { input_type: 'single_line' },
      }),
      step('optText18', {
        question_text: q('Anything else?', 'Unrhyw beth arall?'),
        answer_type: 'text',
        is_optional: true,
        answer_settings: { input_type: 'long_text' },
      }),
    ],
  };
}

export const everyAnswerTypeForm = { en: everyAnswerType('en'), cy: everyAnswerType('cy') };

export const everyAnswer: Record<string, AnswerInput> = {
  txtSngl1: 'Plain "quoted" text, with a comma',
  txtLong2: 'Line one\nLine two, "quoted"\r\n=SUM(A1:A9)',
  dateQst3: '1985-03-07',
  addrUk04: {
    address1: '1 High Street',
    address2: 'Flat 2',
    town_or_city: 'Swansea',
    county: '',
    postcode: 'sa1 1aa',
  },
  addrInt5: { street_address: '12 Rue de la Paix', country: 'France' },
  nameFul6: { title: 'Dr', full_name: 'Alex Example' },
  nameFml7: { first_name: 'Siân', middle_names: 'Mair', last_name: '-Jones' },
  chkBoxs8: ['bins', 'libraries'],
  radioNo9: { selection: 'none_of_the_above', none_of_the_above_answer: 'A brown bin' },
  orgName10: '@Council Ltd',
  emailQ11: 'someone@example.com',
  phoneQ12: '01632960001',
  ninoQ013: 'qq123456c',
  numbQ014: 3,
  fileQ015: {
    filename: 'bin photo.png',
    content: new Uint8Array([137, 80, 78, 71]),
    content_type: 'image/png',
  },
  repText16: ['AB12 CDE', '+FORMULA'],
  repName17: [
    { first_name: 'Kim', last_name: 'Lee' },
    { first_name: 'Jo', last_name: 'Bloggs' },
  ],
  optText18: null,
};
