import { z } from 'zod';
import { NotifyId, Personalisation, TemplateType } from './common.js';

export const GetTemplateParams = z.strictObject({
  id: NotifyId,
  /** A template version, 1 or more. */
  version: z.number().int().min(1).optional(),
});

export const ListTemplatesQuery = z.strictObject({ type: TemplateType.optional() });
export type ListTemplatesQuery = z.input<typeof ListTemplatesQuery>;

export const PreviewTemplateRequest = z.strictObject({ personalisation: Personalisation.optional() });

export const Template = z.looseObject({
  id: z.string(),
  name: z.string(),
  type: TemplateType,
  created_at: z.string(),
  updated_at: z.string().nullable().optional(),
  created_by: z.string(),
  version: z.number().int(),
  body: z.string(),
  subject: z.string().nullable().optional(),
  /** `{placeholder: {required: true}}` */
  personalisation: z.record(z.string(), z.unknown()).nullable().optional(),
  postage: z.string().nullable().optional(),
  letter_contact_block: z.string().nullable().optional(),
});
export type Template = z.infer<typeof Template>;

export const TemplateList = z.looseObject({ templates: z.array(Template) });
export type TemplateList = z.infer<typeof TemplateList>;

export const TemplatePreview = z.looseObject({
  id: z.string(),
  type: TemplateType,
  version: z.number().int(),
  body: z.string(),
  html: z.string().nullable().optional(),
  subject: z.string().nullable().optional(),
  postage: z.string().nullable().optional(),
});
export type TemplatePreview = z.infer<typeof TemplatePreview>;
