import { ValidationError } from '@council-sdk/core';
import {
  type AnswerInput,
  type BucketSnapshot,
  buildEmail,
  buildSubmission,
  createFormsApiFake,
  createS3Fake,
  type FormsApiFake,
  type FormsSnapshot,
  type S3Fake,
} from '@council-sdk/forms/testing';
import { serviceUrls } from '../env.js';
import { escapeHtml } from '../html.js';
import { answersFrom, orderedSteps, questionsFor } from './form-questions.js';
import { formBody, type SandboxContext, type SandboxService } from './types.js';

/** An email GOV.UK Forms would have sent (SES), kept as the `.eml` file a mailbox would hold. */
interface DeliveredEmail {
  filename: string;
  subject: string;
  to: string;
  created_at: string;
  content_base64: string;
}

export interface FormsSandboxFake {
  s3: S3Fake;
  formsApi: FormsApiFake;
  /** Emails delivered from the Forms page, newest last. */
  emails(): DeliveredEmail[];
}

interface FormsSnapshotAll {
  s3: BucketSnapshot;
  formsApi: FormsSnapshot;
  emails: DeliveredEmail[];
}

const DELIVERY_CHOICES = [
  { value: 's3-json', text: 'To the S3 bucket as JSON (form_submission.json)' },
  { value: 's3-csv', text: 'To the S3 bucket as CSV (form_submission.csv)' },
  { value: 'email', text: 'As an email (an .eml file with the JSON and CSV attached)' },
];

export function createFormsService(ctx: SandboxContext): SandboxService<FormsSandboxFake> {
  const { config } = ctx;
  const urls = serviceUrls(ctx.url);
  const s3 = createS3Fake({
    baseUrl: urls.s3,
    bucket: config.forms.bucket,
    region: config.forms.region,
    accessKeyId: config.forms.accessKeyId,
  });
  const formsApi = createFormsApiFake({ baseUrl: urls.formsApi, forms: config.forms.forms as never });
  let emails: DeliveredEmail[] = [];
  const fake: FormsSandboxFake = { s3, formsApi, emails: () => emails };

  const liveForms = () => formsApi.forms().filter((f) => f.tag === 'live');
  const findForm = (formId: string, language?: string) => {
    const candidates = liveForms().filter((f) => f.document.form_id === formId);
    return (candidates.find((f) => (f.document.language ?? 'en') === (language ?? 'en')) ?? candidates[0])
      ?.document;
  };

  return {
    id: 'forms',
    title: 'GOV.UK Forms (S3 + form documents)',
    prefix: '/s3',
    baseUrl: urls.s3,
    dashboard: '/dashboard/forms',
    fake,
    handlers: [...s3.handlers, ...formsApi.handlers],
    faults: { s3: s3.faults, 'forms-api': formsApi.faults },
    env: () => ({}),
    summary() {
      const n = s3.objects().length;
      return `${liveForms().length} form documents, ${n} object${n === 1 ? '' : 's'} in ${config.forms.bucket}`;
    },
    snapshot: (): FormsSnapshotAll => ({ s3: s3.snapshot(), formsApi: formsApi.snapshot(), emails }),
    restore(snapshot) {
      const s = snapshot as Partial<FormsSnapshotAll>;
      if (s.s3) s3.restore(s.s3);
      if (s.formsApi) formsApi.restore(s.formsApi);
      emails = Array.isArray(s.emails) ? s.emails : [];
    },
    reset() {
      s3.reset();
      formsApi.reset();
      emails = [];
    },
    routes(router) {
      router.get('/dashboard/forms', (_req, res) => {
        // One entry per form, whatever languages it is published in.
        const forms = [...new Set(liveForms().map((f) => f.document.form_id))].map((id) => findForm(id)!);
        ctx.render(res, 'forms/list.njk', {
          title: 'Forms',
          section: 'forms',
          forms,
          bucket: config.forms.bucket,
          s3Endpoint: urls.s3,
          objectRows: s3
            .objects()
            .sort((a, b) => b.last_modified.localeCompare(a.last_modified) || a.key.localeCompare(b.key))
            .map((o) => [
              {
                html: `<a class="govuk-link" href="/dashboard/forms/object?key=${encodeURIComponent(o.key)}"><code>${escapeHtml(o.key)}</code></a>`,
              },
              { text: `${o.size} bytes` },
              { text: o.last_modified },
            ]),
          emailRows: [...emails].reverse().map((e) => [
            {
              html: `<a class="govuk-link" href="/dashboard/forms/emails/${encodeURIComponent(e.filename)}">${escapeHtml(e.filename)}</a>`,
            },
            { text: e.subject },
          ]),
        });
      });

      router.get('/dashboard/forms/object', (req, res) => {
        const key = typeof req.query['key'] === 'string' ? req.query['key'] : '';
        const object = s3.getObject(key);
        if (!object) {
          res.status(404);
          ctx.render(res, 'error.njk', { title: 'Not found', heading: 'Object not found', message: key });
          return;
        }
        res.type(object.content_type).send(Buffer.from(object.body));
      });

      router.get('/dashboard/forms/emails/:filename', (req, res) => {
        const email = emails.find((e) => e.filename === req.params['filename']);
        if (!email) {
          res.status(404).type('text/plain').send('No such email');
          return;
        }
        res
          .type('message/rfc822')
          .attachment(email.filename)
          .send(Buffer.from(email.content_base64, 'base64'));
      });

      router.get('/dashboard/forms/:formId', (req, res) => {
        const language = typeof req.query['language'] === 'string' ? req.query['language'] : undefined;
        const form = findForm(String(req.params['formId']), language);
        if (!form) {
          res.status(404);
          ctx.render(res, 'error.njk', {
            title: 'Not found',
            heading: 'Form not found',
            message: req.params['formId'],
          });
          return;
        }
        renderFill(res, form, {}, {}, undefined, ['s3-json']);
      });

      router.post('/dashboard/forms/:formId', formBody, async (req, res) => {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const form = findForm(
          String(req.params['formId']),
          typeof body['language'] === 'string' ? body['language'] : undefined,
        );
        if (!form) {
          res.status(404).type('text/plain').send('No such form');
          return;
        }
        const delivery = ([] as unknown[]).concat(body['delivery'] ?? []).map(String);
        if (delivery.length === 0) {
          renderFill(res, form, body, {}, 'Choose at least one way to deliver the submission', delivery);
          return;
        }
        let built: ReturnType<typeof buildSubmission>;
        try {
          built = buildSubmission(form, answersFrom(form, body) as Record<string, AnswerInput>);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          const errors: Record<string, string> = {};
          for (const issue of error.issues) {
            const stepId = issue.path.split(/[.[]/)[0]!;
            const step = orderedSteps(form).find((s) => s.id === stepId);
            errors[stepId] ??= `${step?.data.question_text ?? stepId}: ${issue.message}`;
          }
          renderFill(res, form, body, errors, undefined, delivery);
          return;
        }
        const delivered: string[] = [];
        if (delivery.includes('s3-json')) delivered.push(s3.deliver(built, { format: 'json' }).key);
        if (delivery.includes('s3-csv')) delivered.push(s3.deliver(built, { format: 'csv' }).key);
        if (delivery.includes('email')) {
          const email = await buildEmail(built, { formats: ['json', 'csv'] });
          emails.push({
            filename: email.filename,
            subject: email.subject,
            to: form.submission_email ?? '',
            created_at: new Date().toISOString(),
            content_base64: email.content.toString('base64'),
          });
          delivered.push(`${email.filename} (email: ${email.subject})`);
        }
        ctx.changed();
        ctx.render(res, 'forms/delivered.njk', {
          title: 'Form submitted',
          section: 'forms',
          reference: built.reference,
          delivered,
        });
      });

      function renderFill(
        res: Parameters<SandboxContext['render']>[0],
        form: NonNullable<ReturnType<typeof findForm>>,
        body: Record<string, unknown>,
        errors: Record<string, string>,
        deliveryError: string | undefined,
        chosen: string[],
      ) {
        const questions = questionsFor(form, body, errors);
        const errorList = [
          ...questions.filter((q) => q.error).map((q) => ({ text: q.error, href: `#${q.name}` })),
          ...(deliveryError ? [{ text: deliveryError, href: '#delivery' }] : []),
        ];
        if (errorList.length) res.status(400);
        ctx.render(res, 'forms/fill.njk', {
          title: form.name,
          section: 'forms',
          // govuk-frontend's template marks <main> with this language (screen readers switch voice).
          mainLang: form.language && form.language !== 'en' ? form.language : undefined,
          form,
          questions,
          errors: errorList,
          deliveryError,
          deliveryItems: DELIVERY_CHOICES.map((c) => ({ ...c, checked: chosen.includes(c.value) })),
        });
      }
    },
  };
}
