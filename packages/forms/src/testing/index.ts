/**
 * `@council-sdk/forms/testing`: fakes of what GOV.UK Forms delivers (files in an S3 bucket, emails) and of
 * the form-document endpoint, plus builders that produce submissions in GOV.UK Forms' exact formats.
 */
import { createFaultInjector, type FaultInjector } from '@council-sdk/core/testing';
import type { RequestHandler } from 'msw';
import type { FormDocument, FormDocumentInput } from '../schemas/form-document';
import { type SubmissionFileFormat, submissionFolder } from '../s3/keys';
import { type AnswerInput, type BuildOptions, type BuiltSubmission, buildSubmission } from './build';
import { createFormsApiHandlers, createS3Handlers } from './handlers';
import {
  BucketModel,
  type BucketSnapshot,
  FormDocumentStore,
  type FormsSnapshot,
  type FormTag,
  type ObjectSummary,
  type WriteRecord,
} from './model';

export {
  type AnswerInput,
  type BatchPeriod,
  type BuildOptions,
  type BuiltFile,
  type BuiltSubmission,
  buildBatchCsv,
  buildSubmission,
  type DateInput,
  type FileInput,
  type InternationalAddressInput,
  JSON_SUBMISSION_SCHEMA_ID,
  type NameInput,
  type OutputFile,
  type SelectionInput,
  type UkAddressInput,
} from './build';
export { type BuildEmailOptions, type BuiltEmail, buildEmail, FORMS_SENDER } from './email';
export { exampleAnswers, exampleForms, withPaymentUrl } from './examples';
import { exampleForms } from './examples';
export { batchFilename, emailAttachmentFilename, parameterize, submissionFilename } from './filenames';
export type {
  BucketSnapshot,
  FormsSnapshot,
  FormTag,
  ObjectSummary,
  StoredObject,
  WriteRecord,
} from './model';

export interface FakeClock {
  now(): Date;
  /** Move the fake's clock forward (only when the fake owns its clock, i.e. no `now` option was given). */
  advance(ms: number): void;
  set(date: Date): void;
}

function createClock(now?: () => Date): FakeClock {
  let offset = 0;
  let fixed: Date | undefined;
  return {
    now: () =>
      fixed ? new Date(fixed.getTime() + offset) : new Date((now ? now().getTime() : Date.now()) + offset),
    advance(ms) {
      offset += ms;
    },
    set(date) {
      fixed = date;
      offset = 0;
    },
  };
}

export interface S3FakeOptions {
  /** The S3 endpoint, path-style (default `https://s3.<region>.amazonaws.com`); may carry a path prefix. */
  baseUrl?: string;
  /** Default `govuk-forms-submissions`. */
  bucket?: string;
  /** Default `eu-west-2`. */
  region?: string;
  /** When set, requests must be signed with this access key id. */
  accessKeyId?: string;
  /** The bucket owner's account id; requests with `x-amz-expected-bucket-owner` must match it. */
  accountId?: string;
  now?: () => Date;
}

export interface DeliverOptions {
  /** The form's S3 delivery format (exactly one per delivery). Default `json`. */
  format?: SubmissionFileFormat;
  /** Write the submission file before the uploaded files, to test a processor against that race. */
  submissionFirst?: boolean;
  /** Write the submission file but not (yet) the uploaded files. Deliver them later with `deliverFiles`. */
  withholdFiles?: boolean;
}

export interface Delivery {
  key: string;
  folder: string;
  file_keys: string[];
}

export interface S3Fake {
  handlers: RequestHandler[];
  baseUrl: string;
  bucket: string;
  region: string;
  clock: FakeClock;
  faults: FaultInjector;
  /** Options for `new S3Client(...)` that point at this fake. */
  clientConfig(): {
    endpoint: string;
    region: string;
    forcePathStyle: true;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  /** Write a built submission as forms-runner does: uploaded files first, then `form_submission.<format>`. */
  deliver(submission: BuiltSubmission, options?: DeliverOptions): Delivery;
  /** Build a submission of `form` with `answers` and deliver it (what a user completing the form causes). */
  submit(
    form: FormDocumentInput | FormDocument,
    answers: Record<string, AnswerInput>,
    options?: BuildOptions & DeliverOptions,
  ): { submission: BuiltSubmission; delivery: Delivery };
  /** Write a submission's uploaded files (after `deliver(..., { withholdFiles: true })`). */
  deliverFiles(submission: BuiltSubmission): string[];
  objects(): ObjectSummary[];
  /** Every write since the last reset, in order (deliveries and PutObject calls). */
  writes(): WriteRecord[];
  getObject(key: string): { key: string; body: Uint8Array; content_type: string } | undefined;
  put(key: string, body: string | Uint8Array, options?: { content_type?: string }): void;
  delete(key: string): boolean;
  reset(): void;
  snapshot(): BucketSnapshot;
  restore(snapshot: BucketSnapshot): void;
}

/** A fake S3 bucket that the AWS SDK v3 (with `forcePathStyle: true`) talks to through msw. */
export function createS3Fake(options: S3FakeOptions = {}): S3Fake {
  const region = options.region ?? 'eu-west-2';
  const baseUrl = (options.baseUrl ?? `https://s3.${region}.amazonaws.com`).replace(/\/+$/, '');
  const bucket = options.bucket ?? 'govuk-forms-submissions';
  const clock = createClock(options.now);
  const faults = createFaultInjector();
  const model = new BucketModel({ now: () => clock.now() });
  const handlers = createS3Handlers({
    baseUrl,
    bucket,
    model,
    faults,
    accessKeyId: options.accessKeyId,
    accountId: options.accountId,
  });

  const folderOf = (submission: BuiltSubmission) =>
    submissionFolder({
      formId: submission.form_id,
      submittedAt: submission.submitted_at,
      reference: submission.reference,
      preview: submission.preview,
    });
  const deliverFiles = (submission: BuiltSubmission) => {
    const folder = folderOf(submission);
    return submission.files.map((file) => {
      const key = `${folder}${file.filename}`;
      model.put(key, file.content, { content_type: file.content_type });
      return key;
    });
  };

  return {
    handlers,
    baseUrl,
    bucket,
    region,
    clock,
    faults,
    clientConfig: () => ({
      endpoint: baseUrl,
      region,
      forcePathStyle: true,
      credentials: {
        accessKeyId: options.accessKeyId ?? 'AKIAFAKEFORMSRUNNER',
        secretAccessKey: 'fake-secret-access-key',
      },
    }),
    deliver(submission, deliverOptions = {}) {
      const format = deliverOptions.format ?? 'json';
      const folder = folderOf(submission);
      const key = `${folder}form_submission.${format}`;
      const writeSubmission = () =>
        model.put(key, format === 'json' ? submission.json : submission.csv, {
          content_type: format === 'json' ? 'application/json' : 'text/csv',
        });
      let fileKeys: string[] = [];
      if (deliverOptions.withholdFiles) writeSubmission();
      else if (deliverOptions.submissionFirst) {
        writeSubmission();
        fileKeys = deliverFiles(submission);
      } else {
        // forms-runner copies uploaded files first, so a trigger on the submission file finds them.
        fileKeys = deliverFiles(submission);
        writeSubmission();
      }
      return { key, folder, file_keys: fileKeys };
    },
    deliverFiles,
    submit(form, answers, submitOptions = {}) {
      const { format, submissionFirst, withholdFiles, ...buildOptions } = submitOptions;
      const submission = buildSubmission(form, answers, { submittedAt: clock.now(), ...buildOptions });
      const delivery = this.deliver(submission, {
        ...(format ? { format } : {}),
        ...(submissionFirst ? { submissionFirst } : {}),
        ...(withholdFiles ? { withholdFiles } : {}),
      });
      return { submission, delivery };
    },
    objects: () => model.objects(),
    writes: () => model.writes(),
    getObject(key) {
      const o = model.get(key);
      return o ? { key, body: o.body, content_type: o.content_type } : undefined;
    },
    put(key, body, putOptions = {}) {
      model.put(key, body, putOptions);
    },
    delete: (key) => model.delete(key),
    reset() {
      model.reset();
      faults.clear();
    },
    snapshot: () => model.snapshot(),
    restore: (snapshot) => model.restore(snapshot),
  };
}

export interface FormsApiFakeOptions {
  /** Where the form-document API is served (default `http://localhost:3001`, forms-admin's dev port). */
  baseUrl?: string;
  /** Seeded documents: served as `live` unless tags are given. */
  forms?: Array<FormDocumentInput | { document: FormDocumentInput; tags: FormTag[] }>;
  /** When set, requests need `Authorization: Bearer <apiToken>`. */
  apiToken?: string;
}

export interface FormsApiFake {
  handlers: RequestHandler[];
  baseUrl: string;
  faults: FaultInjector;
  add(document: FormDocumentInput, tags?: FormTag[]): FormDocument;
  remove(formId: string, tag?: FormTag): void;
  forms(): Array<{ tag: FormTag; document: FormDocument }>;
  reset(): void;
  snapshot(): FormsSnapshot;
  restore(snapshot: FormsSnapshot): void;
}

/** A fake of the form-document endpoint (`GET /api/v2/forms/:form_id/:tag`) serving seeded documents. */
export function createFormsApiFake(options: FormsApiFakeOptions = {}): FormsApiFake {
  const baseUrl = (options.baseUrl ?? 'http://localhost:3001').replace(/\/+$/, '');
  const store = new FormDocumentStore();
  const faults = createFaultInjector();
  const seed = () => {
    for (const entry of options.forms ?? []) {
      if ('document' in entry && 'tags' in entry) {
        const seeded = entry as { document: FormDocumentInput; tags: FormTag[] };
        store.add(seeded.document, seeded.tags);
      } else store.add(entry as FormDocumentInput);
    }
  };
  seed();
  return {
    handlers: createFormsApiHandlers({ baseUrl, store, faults, apiToken: options.apiToken }),
    baseUrl,
    faults,
    add: (document, tags) => store.add(document, tags),
    remove: (formId, tag) => store.remove(formId, tag),
    forms: () => store.list(),
    reset() {
      store.reset();
      faults.clear();
      seed();
    },
    snapshot: () => store.snapshot(),
    restore: (snapshot) => store.restore(snapshot),
  };
}

export interface FormsFakeOptions {
  /** The S3 bucket fake (GOV.UK Forms' S3 delivery). */
  s3?: S3FakeOptions;
  /** The form-document endpoint fake. Default: seeded with `exampleForms.missedBinCollection` (en and cy). */
  api?: FormsApiFakeOptions;
}

export interface FormsFakeSnapshot {
  version: 1;
  s3: BucketSnapshot;
  api: FormsSnapshot;
}

export interface FormsFake {
  /** Both fakes' handlers, for `setupServer(...)` or `@mswjs/http-middleware`. */
  handlers: RequestHandler[];
  s3: S3Fake;
  api: FormsApiFake;
  reset(): void;
  snapshot(): FormsFakeSnapshot;
  restore(snapshot: FormsFakeSnapshot): void;
}

/**
 * Everything GOV.UK Forms looks like to a council, in one fake (the shape every council-sdk fake has):
 * the S3 bucket it delivers into and the form-document endpoint.
 */
export function createFormsFake(options: FormsFakeOptions = {}): FormsFake {
  const s3 = createS3Fake(options.s3);
  const api = createFormsApiFake(
    options.api ?? { forms: [exampleForms.missedBinCollection.en, exampleForms.missedBinCollection.cy] },
  );
  return {
    handlers: [...s3.handlers, ...api.handlers],
    s3,
    api,
    reset() {
      s3.reset();
      api.reset();
    },
    snapshot: () => ({ version: 1, s3: s3.snapshot(), api: api.snapshot() }),
    restore(snapshot) {
      s3.restore(snapshot.s3);
      api.restore(snapshot.api);
    },
  };
}
