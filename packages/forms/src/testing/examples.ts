/**
 * A seeded example form, "Report a missed bin collection", in English and Welsh: the sandbox serves it
 * and the sample council app processes its submissions. Step ids and option values are the same in both
 * languages (as GOV.UK Forms keeps them), only the text differs.
 */
import type { FormDocumentInput } from '../schemas/form-document';
import type { AnswerInput } from './build';

const FORM_ID = '7351';

const common = {
  form_id: FORM_ID,
  form_slug: 'report-a-missed-bin-collection',
  available_languages: ['en', 'cy'],
  created_at: '2026-01-12T09:30:00.000Z',
  updated_at: '2026-03-02T14:05:00.000Z',
  live_at: '2026-03-02T14:05:00.000Z',
  first_made_live_at: '2026-01-20T10:00:00.000Z',
  creator_id: 42,
  start_page: 'Hk4mTp2W',
  submission_email: 'waste.services@example.gov.uk',
  submission_type: 's3',
  submission_format: ['json'],
  delivery_configurations: [
    { delivery_method: 's3', delivery_schedule: 'immediate', formats: ['json'] },
    { delivery_method: 'email', delivery_schedule: 'daily', formats: ['csv'] },
  ],
  s3_bucket_name: 'govuk-forms-submissions',
  s3_bucket_region: 'eu-west-2',
  s3_bucket_aws_account_id: '111122223333',
  payment_url: null,
  support_email: 'waste.services@example.gov.uk',
  support_phone: '01234 567890\nMonday to Friday, 9am to 5pm',
  support_url: null,
  support_url_text: null,
  send_copy_of_answers: false,
} as const;

type Texts = {
  name: string;
  address: string;
  date: string;
  dateHint: string;
  bin: string;
  bins: [string, string, string, string];
  other: string;
  photo: string;
  photoHint: string;
  yourName: string;
  email: string;
  privacy: string;
  declaration: string;
  next: string;
};

function document(language: 'en' | 'cy', t: Texts): FormDocumentInput {
  return {
    ...common,
    name: t.name,
    language,
    privacy_policy_url: `https://www.example.gov.uk/${language === 'cy' ? 'cy/' : ''}privacy`,
    declaration_text: t.declaration,
    declaration_markdown: t.declaration,
    what_happens_next_markdown: t.next,
    delivery_configurations: [
      ...common.delivery_configurations.map((d) => ({ ...d, formats: [...d.formats] })),
    ],
    available_languages: [...common.available_languages],
    submission_format: [...common.submission_format],
    steps: [
      {
        id: 'Hk4mTp2W',
        position: 1,
        next_step_id: 'Qd8vRz3N',
        type: 'question',
        data: {
          question_text: t.address,
          hint_text: null,
          answer_type: 'address',
          is_optional: false,
          is_repeatable: false,
          answer_settings: { input_type: { uk_address: 'true', international_address: 'false' } },
          page_heading: null,
          guidance_markdown: null,
        },
        routing_conditions: [],
      },
      {
        id: 'Qd8vRz3N',
        position: 2,
        next_step_id: 'Wb6cLx9P',
        type: 'question',
        data: {
          question_text: t.date,
          hint_text: t.dateHint,
          answer_type: 'date',
          is_optional: false,
          is_repeatable: false,
          answer_settings: { input_type: 'other_date' },
          page_heading: null,
          guidance_markdown: null,
        },
        routing_conditions: [],
      },
      {
        id: 'Wb6cLx9P',
        position: 3,
        next_step_id: 'Fz2kHs7M',
        type: 'question',
        data: {
          question_text: t.bin,
          hint_text: null,
          answer_type: 'selection',
          is_optional: true,
          is_repeatable: false,
          answer_settings: {
            only_one_option: 'true',
            selection_options: [
              { name: t.bins[0], value: 'general-waste' },
              { name: t.bins[1], value: 'recycling' },
              { name: t.bins[2], value: 'garden-waste' },
              { name: t.bins[3], value: 'food-waste' },
            ],
            none_of_the_above_question: { question_text: t.other, is_optional: 'false' },
          },
          page_heading: null,
          guidance_markdown: null,
        },
        routing_conditions: [],
      },
      {
        id: 'Fz2kHs7M',
        position: 4,
        next_step_id: 'Nc5tGy8J',
        type: 'question',
        data: {
          question_text: t.photo,
          hint_text: t.photoHint,
          answer_type: 'file',
          is_optional: true,
          is_repeatable: false,
          answer_settings: {},
          page_heading: null,
          guidance_markdown: null,
        },
        routing_conditions: [],
      },
      {
        id: 'Nc5tGy8J',
        position: 5,
        next_step_id: 'Tm3pVd6K',
        type: 'question',
        data: {
          question_text: t.yourName,
          hint_text: null,
          answer_type: 'name',
          is_optional: false,
          is_repeatable: false,
          answer_settings: { input_type: 'first_and_last_name', title_needed: 'false' },
          page_heading: null,
          guidance_markdown: null,
        },
        routing_conditions: [],
      },
      {
        id: 'Tm3pVd6K',
        position: 6,
        next_step_id: null,
        type: 'question',
        data: {
          question_text: t.email,
          hint_text: null,
          answer_type: 'email',
          is_optional: false,
          is_repeatable: false,
          answer_settings: {},
          page_heading: null,
          guidance_markdown: null,
        },
        routing_conditions: [],
      },
    ],
  };
}

const english = document('en', {
  name: 'Report a missed bin collection',
  address: 'What is the address where the bin was not collected?',
  date: 'When should the bin have been collected?',
  dateHint: 'For example, 27 3 2026',
  bin: 'Which bin was not collected?',
  bins: [
    'General waste (black bin)',
    'Recycling (blue bin)',
    'Garden waste (green bin)',
    'Food waste (caddy)',
  ],
  other: 'Which other bin was not collected?',
  photo: 'Upload a photo of the bin',
  photoHint: 'A photo helps our crews find the bin. The file must be smaller than 7MB.',
  yourName: 'What is your name?',
  email: 'What is your email address?',
  privacy: 'https://www.example.gov.uk/privacy',
  declaration: 'By submitting this report you confirm the bin was out by 7am on the collection day.',
  next: 'We will collect the bin within 2 working days. We will email you if we need more information.',
});

const welsh = document('cy', {
  name: 'Rhoi gwybod am fin na chafodd ei gasglu',
  address: 'Beth yw’r cyfeiriad lle na chafodd y bin ei gasglu?',
  date: 'Pryd ddylai’r bin fod wedi cael ei gasglu?',
  dateHint: 'Er enghraifft, 27 3 2026',
  bin: 'Pa fin na chafodd ei gasglu?',
  bins: [
    'Gwastraff cyffredinol (bin du)',
    'Ailgylchu (bin glas)',
    'Gwastraff gardd (bin gwyrdd)',
    'Gwastraff bwyd (cadi)',
  ],
  other: 'Pa fin arall na chafodd ei gasglu?',
  photo: 'Uwchlwytho llun o’r bin',
  photoHint: 'Mae llun yn helpu ein criwiau i ddod o hyd i’r bin. Rhaid i’r ffeil fod yn llai na 7MB.',
  yourName: 'Beth yw eich enw?',
  email: 'Beth yw eich cyfeiriad e-bost?',
  privacy: 'https://www.example.gov.uk/cy/privacy',
  declaration:
    'Drwy gyflwyno’r adroddiad hwn rydych yn cadarnhau bod y bin allan erbyn 7am ar y diwrnod casglu.',
  next: 'Byddwn yn casglu’r bin o fewn 2 ddiwrnod gwaith. Byddwn yn anfon e-bost atoch os bydd angen rhagor o wybodaeth.',
});

export const exampleForms = {
  /** "Report a missed bin collection": UK address, date, selection with "None of the above", optional photo upload, name, email. */
  missedBinCollection: {
    form_id: FORM_ID,
    en: english,
    cy: welsh,
    /** Step ids, to key answers by. */
    steps: {
      address: 'Hk4mTp2W',
      date: 'Qd8vRz3N',
      bin: 'Wb6cLx9P',
      photo: 'Fz2kHs7M',
      name: 'Nc5tGy8J',
      email: 'Tm3pVd6K',
    },
  },
} as const;

/** Answers for the example form, ready for `buildSubmission(exampleForms.missedBinCollection.en, ...)`. */
export const exampleAnswers: { missedBinCollection: Record<string, AnswerInput> } = {
  missedBinCollection: {
    Hk4mTp2W: { address1: '10 Downing Street', town_or_city: 'London', postcode: 'sw1a 2aa' },
    Qd8vRz3N: '2026-03-24',
    Wb6cLx9P: 'recycling',
    Fz2kHs7M: { filename: 'bin.jpg', content: 'not really a jpeg', content_type: 'image/jpeg' },
    Nc5tGy8J: { first_name: 'Sam', last_name: 'Jones' },
    Tm3pVd6K: 'sam.jones@example.com',
  },
};

/** The same form taking a payment (e.g. a charge for a return visit): `paymentLinkFor` then gives a link. */
export function withPaymentUrl(form: FormDocumentInput, paymentUrl: string): FormDocumentInput {
  return { ...form, payment_url: paymentUrl };
}
