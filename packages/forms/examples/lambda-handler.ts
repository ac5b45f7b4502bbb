// An AWS Lambda function that GOV.UK Forms submissions reach through S3 notifications (directly, or through SQS,
// SNS or EventBridge), and that thanks each resident by email through GOV.UK Notify.
import { type IdempotencyStore, S3SubmissionSource, type Submission } from '@council-sdk/forms';
import { NotifyClient } from '@council-sdk/notify';

export interface AcknowledgeOptions {
  source: S3SubmissionSource;
  notify: NotifyClient;
  /** A Notify email template with ((reference)) and ((form_name)) placeholders. */
  templateId: string;
  /** Shared by every instance of the function (DynamoDB, PostgreSQL...): see IdempotencyStore. */
  store?: IdempotencyStore;
}

/** The first answer that is an email address, if the form asked for one. */
function emailOf(submission: Submission): string | undefined {
  for (const answer of submission.answers) {
    const text = answer.answer_text;
    if (typeof text === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) return text;
  }
  return undefined;
}

export function createHandler({ source, notify, templateId, store }: AcknowledgeOptions) {
  return async (event: unknown): Promise<{ acknowledged: string[] }> => {
    const acknowledged: string[] = [];
    // Each submission once, however often the notification is delivered. If sending fails, the error fails the
    // invocation, the submission is released and the retried event hands it out again.
    for await (const received of source.fromEvent(event, store ? { store } : {})) {
      const email = emailOf(received.submission);
      if (email) {
        await notify.emails.send({
          template_id: templateId,
          email_address: email,
          reference: received.reference,
          personalisation: { reference: received.reference, form_name: received.submission.form_name },
        });
      }
      acknowledged.push(received.reference);
    }
    return { acknowledged };
  };
}

let configured: ReturnType<typeof createHandler> | undefined;

/** The Lambda entry point, configured from the environment on first use. */
export const handler = (event: unknown) => {
  configured ??= createHandler({
    source: new S3SubmissionSource({ bucket: process.env.FORMS_BUCKET ?? '' }),
    notify: new NotifyClient({ apiKey: process.env.NOTIFY_API_KEY ?? '' }),
    templateId: process.env.ACKNOWLEDGEMENT_TEMPLATE_ID ?? '',
  });
  return configured(event);
};
