/**
 * The form document (v2, as forms-admin serves it to forms-runner). GOV.UK Forms changes this schema
 * often and publishes no contract for it, so everything here is loose: only the fields code relies on
 * are typed, every object keeps unknown fields, and most fields are optional or nullable.
 * Booleans inside `answer_settings` are often strings (`"true"`, `"0"`): read them with `isTrue`.
 */
import { z } from 'zod';

/** The answer types the runner knows. Kept open (`string`) so a new type does not break parsing. */
export const ANSWER_TYPES = [
  'text',
  'date',
  'address',
  'name',
  'selection',
  'organisation_name',
  'email',
  'phone_number',
  'national_insurance_number',
  'number',
  'file',
] as const;
export type AnswerType = (typeof ANSWER_TYPES)[number];

const Boolish = z.union([z.boolean(), z.string(), z.number()]).nullish();
const Text = z.string().nullish();
const Id = z.union([z.string(), z.number()]);

export const SelectionOptionSchema = z.looseObject({
  name: z.string(),
  value: z.string().optional(),
});

export const AnswerSettingsSchema = z.looseObject({
  /** text: `single_line | long_text`; date: `date_of_birth | other_date`; name: `full_name | first_and_last_name | first_middle_and_last_name`; address: `{ uk_address, international_address }`. */
  input_type: z
    .union([z.string(), z.looseObject({ uk_address: Boolish, international_address: Boolish })])
    .nullish(),
  title_needed: Boolish,
  only_one_option: Boolish,
  selection_options: z.array(SelectionOptionSchema).nullish(),
  none_of_the_above_question: z.looseObject({ question_text: z.string(), is_optional: Boolish }).nullish(),
});

export const RoutingConditionSchema = z.looseObject({
  id: Id.optional(),
  routing_page_id: Id.nullish(),
  check_page_id: Id.nullish(),
  goto_page_id: Id.nullish(),
  /** The option value that triggers the route (`none_of_the_above` is special; blank is the default skip). */
  answer_value: Text,
  skip_to_end: Boolish,
  exit_page_heading: Text,
  exit_page_markdown: Text,
  exit_page_id: Id.nullish(),
  validation_errors: z.array(z.unknown()).nullish(),
});

export const ExitPageSchema = z.looseObject({
  id: Id.optional(),
  heading: Text,
  markdown: Text,
});

export const StepDataSchema = z.looseObject({
  /** <= 250 characters in forms-admin. */
  question_text: z.string(),
  /** <= 500 characters. */
  hint_text: Text,
  answer_type: z.string(),
  is_optional: Boolish,
  answer_settings: AnswerSettingsSchema.nullish(),
  page_heading: Text,
  guidance_markdown: Text,
  is_repeatable: Boolish,
});

export const StepSchema = z.looseObject({
  /** 8-character base58 on current forms; numeric on older ones. */
  id: Id,
  position: z.number().nullish(),
  next_step_id: Id.nullish(),
  /** `question` (formerly `question_page`). */
  type: z.string().optional(),
  data: StepDataSchema,
  routing_conditions: z.array(RoutingConditionSchema).nullish(),
  exit_pages: z.array(ExitPageSchema).nullish(),
});

export const DeliveryConfigurationSchema = z.looseObject({
  delivery_method: z.string(),
  delivery_schedule: z.string().nullish(),
  formats: z.array(z.string()).nullish(),
});

export const FormDocumentV2Schema = z.looseObject({
  form_id: Id.transform(String),
  name: z.string(),
  form_slug: Text,
  /** `en` or `cy`: the language this document is in. */
  language: z.string().nullish(),
  available_languages: z.array(z.string()).nullish(),
  created_at: Text,
  updated_at: Text,
  live_at: Text,
  first_made_live_at: Text,
  creator_id: Id.nullish(),
  start_page: Id.nullish(),
  submission_email: Text,
  submission_type: Text,
  submission_format: z.array(z.string()).nullish(),
  delivery_configurations: z.array(DeliveryConfigurationSchema).nullish(),
  s3_bucket_name: Text,
  s3_bucket_region: Text,
  s3_bucket_aws_account_id: Text,
  /** A GOV.UK Pay payment link; the runner sends the user to `<payment_url>?reference=<REF>`. */
  payment_url: Text,
  privacy_policy_url: Text,
  support_email: Text,
  support_phone: Text,
  support_url: Text,
  support_url_text: Text,
  declaration_text: Text,
  declaration_markdown: Text,
  what_happens_next_markdown: Text,
  send_copy_of_answers: Boolish,
  /** Present from v3 (immutable versions). */
  schema_version: z.union([z.string(), z.number()]).nullish(),
  steps: z.array(StepSchema),
});

export type SelectionOption = z.infer<typeof SelectionOptionSchema>;
export type AnswerSettings = z.infer<typeof AnswerSettingsSchema>;
export type RoutingCondition = z.infer<typeof RoutingConditionSchema>;
export type Step = z.infer<typeof StepSchema>;
export type StepData = z.infer<typeof StepDataSchema>;
export type DeliveryConfiguration = z.infer<typeof DeliveryConfigurationSchema>;
export type FormDocumentV2 = z.infer<typeof FormDocumentV2Schema>;
/** The input shape (before `form_id` is normalised to a string): what fixtures and fakes are written as. */
export type FormDocumentInput = z.input<typeof FormDocumentV2Schema>;

/** The current form document schema. */
export const FormDocumentSchema = FormDocumentV2Schema;
export type FormDocument = FormDocumentV2;

/** Read one of the form document's loose booleans (`true`, `"true"`, `"1"`, `1`). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 1 || value === 'true' || value === '1';
}
