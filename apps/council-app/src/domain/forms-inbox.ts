import type { Config } from '../config.js';
import type { Store, SubmissionRow } from '../db/store.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Logger } from '../logger.js';
import type { CheckpointStore, FormSubmission, Services } from '../services/ports.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The first answer that is an email address: GOV.UK Forms has no fixed "contact email" field. */
export function contactEmailOf(answers: FormSubmission['answers']): string | undefined {
  for (const a of answers) {
    const value = Array.isArray(a.answer_text) ? a.answer_text[0] : a.answer_text;
    if (typeof value === 'string' && EMAIL.test(value.trim())) return value.trim();
  }
  return undefined;
}

/**
 * Ingests GOV.UK Forms submissions for one form from the council's S3 bucket into the back office.
 * Each pass (S3SubmissionSource.watch, one pass, with its checkpoint in the database) hands over every submission
 * not yet handled. Each is recorded in one transaction with its acknowledgement email queued (outbox); the
 * submission reference is the table's key, so a submission handed over twice (a crash before the checkpoint was
 * saved, or two passes at once on two instances) is recorded, and acknowledged, once.
 * Passes are requested through the job queue, which runs at most one at a time across every instance.
 */
export class FormsInbox {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly abort = new AbortController();

  constructor(
    private readonly store: Store,
    private readonly jobs: JobQueue,
    private readonly services: Services,
    private readonly config: Config,
    private readonly log: Logger,
  ) {}

  get checkpointName(): string {
    return `forms:${this.config.forms.formId}`;
  }

  /** One pass, in this process. Concurrent calls share the pass in progress. Resolves to the number of new ones. */
  ingest(): Promise<number> {
    this.running ??= this.ingestOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  list(): Promise<SubmissionRow[]> {
    return this.store.formSubmissions.list();
  }

  private async ingestOnce(): Promise<number> {
    let added = 0;
    await this.services.forms.ingest({
      formId: this.config.forms.formId,
      checkpoint: this.checkpoint,
      signal: this.abort.signal,
      handle: async (submission) => {
        if (await this.handle(submission)) added++;
      },
    });
    return added;
  }

  /** The watcher's checkpoint, kept in the app's database next to the submissions it describes. */
  readonly checkpoint: CheckpointStore = {
    load: async () => (await this.store.checkpoints.get(this.checkpointName)) ?? undefined,
    save: async (state) => this.store.checkpoints.set(this.checkpointName, state),
  };

  private async handle(s: FormSubmission): Promise<boolean> {
    const payments = await this.services.pay.findPaymentsByReference(s.submission_reference);
    const paid = payments.find((p) => p.state.status === 'success') ?? payments[0];
    const email = contactEmailOf(s.answers);
    return this.store.transaction(async (tx) => {
      const added = await tx.formSubmissions.insert({
        submission_reference: s.submission_reference,
        form_id: s.form_id,
        form_name: s.form_name,
        submitted_at: s.submitted_at,
        answers: s.answers,
        contact_email: email ?? null,
        source_key: s.key,
        payment_id: paid?.payment_id ?? null,
        payment_status: paid?.state.status ?? null,
        payment_amount: paid?.amount ?? null,
      });
      if (added && email) {
        await this.jobs.enqueueNotify(tx, {
          kind: 'forms-acknowledgement',
          reference: s.submission_reference,
          // Welsh submissions are acknowledged with the Welsh template.
          language: s.language,
        });
      }
      return added;
    });
  }

  /** Asks the queue for a pass every `intervalMs` until stop(); whichever instance is free runs it. */
  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return;
    const tick = () => {
      this.jobs
        .requestFormsIngest()
        .catch((err) => this.log.error('could not queue a forms ingest', { err }))
        .finally(() => {
          if (!this.abort.signal.aborted) this.timer = setTimeout(tick, intervalMs).unref();
        });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => {});
  }
}
