import type { Config } from '../config.js';
import { templateFor } from '../services/templates.js';
import type { Store } from '../db/store.js';
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
 * Each pass (S3SubmissionSource.watch, one pass, with a checkpoint kept in SQLite) hands over every submission not
 * yet handled; we record it (idempotent by reference), link any GOV.UK Pay payment made with the submission
 * reference, send one acknowledgement email, and only then is it checkpointed. A crash part way hands the same
 * submission over again, and nothing happens twice.
 */
export class FormsInbox {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly abort = new AbortController();

  constructor(
    private readonly store: Store,
    private readonly services: Services,
    private readonly config: Config,
    private readonly log: Logger,
  ) {}

  get checkpointName(): string {
    return `forms:${this.config.FORMS_MISSED_BIN_FORM_ID}`;
  }

  /** One pass. Concurrent calls share the pass in progress. Resolves to the number of new submissions. */
  ingest(): Promise<number> {
    this.running ??= this.ingestOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async ingestOnce(): Promise<number> {
    let added = 0;
    await this.services.forms.ingest({
      formId: this.config.FORMS_MISSED_BIN_FORM_ID,
      checkpoint: this.checkpoint,
      signal: this.abort.signal,
      handle: async (submission) => {
        if (await this.handle(submission)) added++;
      },
    });
    return added;
  }

  /** The watcher's checkpoint, kept in the app's own database next to the submissions it describes. */
  readonly checkpoint: CheckpointStore = {
    load: async () => {
      const value = this.store.getCheckpoint(this.checkpointName);
      return value === undefined ? undefined : JSON.parse(value);
    },
    save: async (state) => this.store.setCheckpoint(this.checkpointName, JSON.stringify(state)),
  };

  private async handle(s: FormSubmission): Promise<boolean> {
    const payments = await this.services.pay.findPaymentsByReference(s.submission_reference);
    const paid = payments.find((p) => p.state.status === 'success') ?? payments[0];
    const email = contactEmailOf(s.answers);
    const added = this.store.insertSubmission({
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
    if (email && this.store.claimSubmissionAcknowledgement(s.submission_reference)) {
      try {
        const template_id = templateFor(this.config, 'FORMS_ACK_EMAIL', s.language);
        const res = await this.services.notify.sendEmail({
          template_id,
          email_address: email,
          personalisation: { reference: s.submission_reference, form_name: s.form_name },
          reference: s.submission_reference,
        });
        this.store.recordNotification({
          notification_id: res.id,
          subject_reference: s.submission_reference,
          channel: 'email',
          template_id,
          recipient: email,
          status: 'created',
        });
      } catch (err) {
        this.store.releaseSubmissionAcknowledgement(s.submission_reference);
        throw err;
      }
    }
    return added;
  }

  /** Polls in the background until stop(). Errors are logged and the next pass tries again. */
  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return;
    const tick = () => {
      this.ingest()
        .catch((err) => this.log.error('forms ingest failed', { err }))
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
