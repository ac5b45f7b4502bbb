import { z } from 'zod';

/** "N week(s)" with N in 1..78 (the server's retention-period rule). */
export const RetentionPeriod = z
  .string()
  .regex(/^(\d+) weeks?$/, 'must be "N weeks" (1 to 78 weeks)')
  .refine((v) => {
    const n = Number.parseInt(v, 10);
    return n >= 1 && n <= 78;
  }, 'must be between 1 and 78 weeks');

export const PrepareUploadOptions = z.strictObject({
  /** Shown to the recipient; must contain a "." (an extension) and be at most 100 characters. */
  filename: z
    .string()
    .max(100, 'must be 100 characters or fewer')
    .refine((v) => v.includes('.'), 'must include a file extension, e.g. "report.pdf"')
    .optional(),
  /** Ask the recipient to confirm their email address before downloading (Notify's default: true). */
  confirm_email_before_download: z.boolean().optional(),
  /** How long Notify keeps the file, e.g. "4 weeks" (1-78 weeks; Notify's default: 26 weeks). */
  retention_period: RetentionPeriod.optional(),
});
export type PrepareUploadOptions = z.input<typeof PrepareUploadOptions>;

/** The value to put in `personalisation` for a file link. */
export interface FileUpload {
  file: string;
  filename?: string;
  confirm_email_before_download?: boolean;
  retention_period?: string;
}
