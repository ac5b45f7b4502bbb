import { ValidationError } from '@council-sdk/core';
import type { Fault, FaultInjector } from '@council-sdk/core/testing';
import {
  type AnswerInput,
  buildEmail,
  buildSubmission,
  createFormsFake,
  type FormsApiSteering,
  type FormsFake,
  type FormsFakeSnapshot,
  type S3Steering,
} from '@council-sdk/forms/testing';
import { serviceUrls } from '../env.js';
import { escapeHtml } from '../html.js';
import { type FormsPageWords, formsPageWords } from '../locales/forms.js';
import { answersFrom, orderedSteps, questionsFor, truthy } from './form-questions.js';
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
  /** The Forms fake itself (one clock, one fault injector, both endpoints). */
  forms: FormsFake;
  /** Its S3 steering (`forms.s3`). */
  s3: S3Steering;
  /** Its form-document steering (`forms.api`). */
  formsApi: FormsApiSteering;
  /** Emails delivered from the Forms page, newest last. */
  emails(): DeliveredEmail[];
}

interface FormsSnapshotAll {
  forms: FormsFakeSnapshot;
  emails: DeliveredEmail[];
}

/**
 * `/__faults/s3` and `/__faults/forms-api` share the fake's one injector; a fault posted to one target without a
 * path of its own is narrowed to that target's path prefix, so it never fires on the other endpoint.
 */
function scopedFaults(faults: FaultInjector, prefix: string): FaultInjector {
  const path = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/|$)`);
  const mine = new WeakSet<Fault>();
  return {
    inject(fault) {
      const narrowed: Fault =
        fault.match?.path !== undefined ? fault : { ...fault, match: { ...fault.match, path } };
      mine.add(narrowed);
      faults.inject(narrowed);
    },
    clear: () => faults.clear(),
    pending: () => faults.pending().filter((f) => mine.has(f)),
    take: (request) => faults.take(request),
  };
}

const DELIVERY_CHOICES = ['s3-json', 's3-csv', 'email'] as const;

/** The page's words, and `htmlLang` for govuk-frontend's `<html lang>`: a Welsh form is a Welsh page. */
function pageLocals(form: { language?: unknown }): { t: FormsPageWords; htmlLang: 'en' | 'cy' } {
  const t = formsPageWords(typeof form.language === 'string' ? form.language : undefined);
  return { t, htmlLang: t.lang };
}

export function createFormsService(ctx: SandboxContext): SandboxService<FormsSandboxFake> {
  const { config } = ctx;
  const urls = serviceUrls(ctx.url);
  const forms = createFormsFake({
    s3: {
      baseUrl: urls.s3,
      bucket: config.forms.bucket,
      region: config.forms.region,
      // The same keys `/__env` prints as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY: the fake checks signatures.
      accessKeyId: config.forms.accessKeyId,
      secretAccessKey: config.forms.secretAccessKey,
    },
    api: { baseUrl: urls.formsApi, forms: config.forms.forms as never },
  });
  const { s3, api: formsApi } = forms;
  let emails: DeliveredEmail[] = [];
  const fake: FormsSandboxFake = { forms, s3, formsApi, emails: () => emails };

  const liveForms = () => formsApi.forms().filter((f) => f.tag === 'live');
  /** The dashboard's page for a form: in the language asked for, else the form's first language. */
  const findForm = (formId: string, language?: string) => {
    const languages = formsApi.languages(formId);
    const chosen = languages.find((l) => l === (language ?? 'en')) ?? languages[0];
    return chosen === undefined ? undefined : formsApi.find(formId, { language: chosen });
  };

  return {
    id: 'forms',
    title: 'GOV.UK Forms (S3 + form documents)',
    prefix: '/s3',
    baseUrl: urls.s3,
    dashboard: '/dashboard/forms',
    fake,
    handlers: forms.handlers,
    faults: {
      s3: scopedFaults(forms.faults, new URL(urls.s3).pathname),
      'forms-api': scopedFaults(forms.faults, new URL(urls.formsApi).pathname),
    },
    env: () => ({}),
    summary() {
      const n = s3.objects().length;
      return `${liveForms().length} form documents, ${n} object${n === 1 ? '' : 's'} in ${config.forms.bucket}`;
    },
    snapshot: (): FormsSnapshotAll => ({ forms: forms.snapshot(), emails }),
    restore(snapshot) {
      const s = snapshot as Partial<FormsSnapshotAll>;
      // A state file from before the fake kernel has no `forms` snapshot: start from the seeded state.
      if (s.forms) forms.restore(s.forms);
      emails = Array.isArray(s.emails) ? s.emails : [];
    },
    reset() {
      forms.reset();
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
        // forms-runner stores everything as binary/octet-stream; show submission files in the browser anyway.
        const shown =
          object.content_type === 'binary/octet-stream' && /\.(json|csv)$/.test(key)
            ? key.endsWith('.json')
              ? 'application/json'
              : 'text/csv'
            : object.content_type;
        res.type(shown).send(Buffer.from(object.body));
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
        const { t } = pageLocals(form);
        const delivery = ([] as unknown[]).concat(body['delivery'] ?? []).map(String);
        if (delivery.length === 0) {
          renderFill(res, form, body, {}, t.deliveryError, delivery);
          return;
        }
        // forms-runner builds every submission from the form's English document, the user's language aside
        // (govuk-forms/forms-runner app/services/form_submission_service.rb `ensure_form_english`).
        const english =
          form.language === 'cy' ? formsApi.find(String(form.form_id), { language: 'en' }) : form;
        if (!english) {
          res.status(404).type('text/plain').send('No such form');
          return;
        }
        let built: ReturnType<typeof buildSubmission>;
        try {
          built = buildSubmission(english, answersFrom(form, body) as Record<string, AnswerInput>, {
            language: form.language === 'cy' ? 'cy' : 'en',
          });
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          const errors: Record<string, string> = {};
          for (const issue of error.issues) {
            const [stepId, field] = issue.path.split(/[.[\]]+/) as [string, string?];
            const step = orderedSteps(form).find((s) => s.id === stepId);
            const settings = (step?.data['answer_settings'] ?? {}) as Record<string, unknown>;
            const message = t.answerError({
              message: issue.message,
              answerType: step?.data.answer_type ?? '',
              field,
              onlyOneOption: truthy(settings['only_one_option']),
            });
            errors[stepId] ??= `${step?.data.question_text ?? stepId}: ${message}`;
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
          delivered.push(t.deliveredEmail(email.filename, email.subject));
        }
        ctx.changed();
        ctx.render(res, 'forms/delivered.njk', {
          ...pageLocals(form),
          title: t.submittedTitle,
          formName: form.name,
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
        const locals = pageLocals(form);
        const questions = questionsFor(form, body, errors, locals.t);
        const errorList = [
          ...questions.filter((q) => q.error).map((q) => ({ text: q.error, href: `#${q.name}` })),
          ...(deliveryError ? [{ text: deliveryError, href: '#delivery' }] : []),
        ];
        if (errorList.length) res.status(400);
        ctx.render(res, 'forms/fill.njk', {
          ...locals,
          title: form.name,
          section: 'forms',
          form,
          questions,
          errors: errorList,
          deliveryError,
          deliveryItems: DELIVERY_CHOICES.map((value) => ({
            value,
            text: locals.t.deliveryChoices[value],
            checked: chosen.includes(value),
          })),
        });
      }
    },
  };
}
