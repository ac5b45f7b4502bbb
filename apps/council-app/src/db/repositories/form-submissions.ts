import type { Executor, Now } from './executor.js';

export interface SubmissionRow {
  submission_reference: string;
  form_id: string;
  form_name: string;
  submitted_at: string;
  answers: { question_text: string; answer_text: string | string[] }[];
  contact_email: string | null;
  source_key: string;
  payment_id: string | null;
  payment_status: string | null;
  payment_amount: number | null;
  ingested_at: string;
}

/** The `form_submissions` table: GOV.UK Forms submissions taken from the council's bucket. */
export class FormSubmissionsRepository {
  constructor(
    private readonly db: Executor,
    private readonly now: Now,
  ) {}

  /** false when the submission was already ingested (the watcher may hand it over again after a crash). */
  async insert(s: Omit<SubmissionRow, 'ingested_at'>): Promise<boolean> {
    const result = await this.db
      .insertInto('form_submissions')
      .values({ ...s, answers: JSON.stringify(s.answers), ingested_at: this.now() })
      .onConflict((oc) => oc.column('submission_reference').doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }

  async list(limit = 200): Promise<SubmissionRow[]> {
    const rows = await this.db
      .selectFrom('form_submissions')
      .selectAll()
      .orderBy('submitted_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      ...r,
      submitted_at: r.submitted_at.toISOString(),
      ingested_at: r.ingested_at.toISOString(),
    }));
  }

  async get(reference: string): Promise<SubmissionRow | undefined> {
    const r = await this.db
      .selectFrom('form_submissions')
      .selectAll()
      .where('submission_reference', '=', reference)
      .executeTakeFirst();
    return (
      r && { ...r, submitted_at: r.submitted_at.toISOString(), ingested_at: r.ingested_at.toISOString() }
    );
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('form_submissions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
