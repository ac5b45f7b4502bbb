/**
 * `@council-sdk/forms/testing`: fakes of what GOV.UK Forms delivers (files in an S3 bucket, emails) and of
 * the form-document endpoint, plus builders that produce submissions in GOV.UK Forms' exact formats.
 */
import {
  checkSnapshot,
  createFakeClock,
  createFaultInjector,
  type FakeClock,
  type FakeSnapshot,
  type FaultInjector,
  makeSnapshot,
  type ServiceFake,
} from '@council-sdk/core/testing';
import type { RequestHandler } from 'msw';
import { type FormDocument, type FormDocumentInput, FormDocumentSchema } from '../schemas/form-document';
import { type AnswerInput, type BuildOptions, type BuiltSubmission, buildSubmission } from './build';
import { createFormsApiHandlers, createS3Handlers } from './handlers';
import {
  FormDocumentStore,
  type FormDocumentsState,
  type FormLanguage,
  type FormTag,
} from './model/form-documents';
import { Bucket, type BucketState, type ObjectSummary, type WriteRecord } from './model/objects';
import {
  type DeliveryFormat,
  deliverSubmission,
  deliverUploadedFiles,
  type SubmissionDeliveryInput,
} from './model/submissions';
import type { S3Credentials } from './s3-auth';

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
export {
  batchFilename,
  emailAttachmentFilename,
  parameterize,
  s3UploadFilename,
  sanitizeUploadFilename,
  submissionFilename,
  uploadSuffixes,
} from './filenames';
/** The kernel's clock, which every fake keeps time with (re-exported: this package used to define its own). */
export type { FakeClock } from '@council-sdk/core/testing';
export type { FormLanguage, FormTag } from './model/form-documents';
export type { BucketState, ObjectSummary, StoredObject, WriteRecord } from './model/objects';
export type { S3Credentials } from './s3-auth';

/** The fake's saved state (inside the kernel's versioned snapshot envelope). */
export interface FormsFakeState {
  bucket: BucketState;
  documents: FormDocumentsState;
}
export type FormsFakeSnapshot = FakeSnapshot<FormsFakeState>;
/** Bumped whenever `FormsFakeState` changes shape: the sandbox refuses an older state file rather than misread it. */
const SNAPSHOT_VERSION = 2;
const SERVICE = 'forms';

export interface S3FakeOptions {
  /** The S3 endpoint, path-style (default `https://s3.<region>.amazonaws.com`); may carry a path prefix. */
  baseUrl?: string;
  /** Default `govuk-forms-submissions`. */
  bucket?: string;
  /** Default `eu-west-2`. Signatures scoped to another region are refused, as S3 does. */
  region?: string;
  /** The access key id requests must be signed with (default `AKIAFAKEFORMSRUNNER`). */
  accessKeyId?: string;
  /** Its secret (default `fake-secret-access-key`): the fake checks every request's Signature Version 4. */
  secretAccessKey?: string;
  /** The bucket owner's account id; requests with `x-amz-expected-bucket-owner` must match it. */
  accountId?: string;
  /** The base clock (default the system clock). Ignored by `createFormsFake`, which takes `now` at the top. */
  now?: () => Date;
}

export interface DeliverOptions {
  /** The form's S3 delivery format (exactly one per delivery). Default `json`. */
  format?: DeliveryFormat;
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

/** Steering for the S3 bucket GOV.UK Forms delivers into. */
export interface S3Steering {
  readonly baseUrl: string;
  readonly bucket: string;
  readonly region: string;
  /** The access key the fake accepts (sign requests with it). */
  readonly credentials: S3Credentials;
  /** Options for `new S3Client(...)` that point at this fake and sign with its credentials. */
  clientConfig(): {
    endpoint: string;
    region: string;
    forcePathStyle: true;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  /** Write a built submission as forms-runner does: uploaded files first, then `form_submission.<format>`. */
  deliver(submission: BuiltSubmission, options?: DeliverOptions): Delivery;
  /** Build a submission of `form` with `answers` at the fake's time and deliver it (a user completing the form). */
  submit(
    form: FormDocumentInput | FormDocument,
    answers: Record<string, AnswerInput>,
    options?: BuildOptions & DeliverOptions,
  ): { submission: BuiltSubmission; delivery: Delivery };
  /** Write a submission's uploaded files (after `deliver(..., { withholdFiles: true })`). */
  deliverFiles(submission: BuiltSubmission): string[];
  /** Every object, in key order, without bodies. */
  objects(): ObjectSummary[];
  /** Every write since the last reset, in order (deliveries, PutObject and CopyObject calls). */
  writes(): WriteRecord[];
  getObject(
    key: string,
  ): { key: string; body: Uint8Array; content_type: string; metadata: Record<string, string> } | undefined;
  /** Put an object directly (as another writer to the bucket would). */
  put(
    key: string,
    body: string | Uint8Array,
    options?: { content_type?: string; metadata?: Record<string, string> },
  ): void;
  /** Delete an object; false when there was none. */
  delete(key: string): boolean;
  /** Empty the bucket. */
  clear(): void;
}

export interface FormsApiFakeOptions {
  /** Where the form-document API is served (default `http://localhost:3001`, forms-admin's dev port). */
  baseUrl?: string;
  /** Seeded documents: served as `live` unless tags are given; the language is each document's own `language`. */
  forms?: Array<FormDocumentInput | { document: FormDocumentInput; tags: FormTag[] }>;
  /** When set, requests need `Authorization: Bearer <apiToken>` (forms-admin itself has none; see README). */
  apiToken?: string;
}

/** Steering for forms-admin's form-document endpoint. */
export interface FormsApiSteering {
  readonly baseUrl: string;
  /**
   * Add a document, or replace the one with the same form id, tag and language (the document's own `language`,
   * `en` when absent). Served as given; returned parsed, as `FormDocumentClient` would see it.
   */
  add(document: FormDocumentInput, tags?: FormTag[]): FormDocument;
  /** Remove a form's documents: every tag and language, or only those given. */
  remove(formId: string, tag?: FormTag, language?: FormLanguage): void;
  /** Every stored document, parsed, with its tag and language. */
  forms(): Array<{ tag: FormTag; language: FormLanguage; document: FormDocument }>;
  /** The document the endpoint would serve for a form, tag (default `live`) and language (default `en`), if any. */
  find(formId: string, options?: { tag?: FormTag; language?: FormLanguage }): FormDocument | undefined;
  /** The languages a form is published in under a tag (default `live`). */
  languages(formId: string, tag?: FormTag): FormLanguage[];
}

interface FakeControls {
  readonly clock: FakeClock;
  readonly faults: FaultInjector;
  reset(): void;
  snapshot(): FormsFakeSnapshot;
  restore(snapshot: FormsFakeSnapshot): void;
  settle(): Promise<void>;
  /** Move the fake's clock forward (delegates to `clock.advance`). */
  advance(ms: number): Promise<void>;
}

/** The S3 bucket alone, as a `ServiceFake` (the form-document endpoint is not served). */
export interface S3Fake extends ServiceFake<FormsFakeState>, S3Steering, FakeControls {}
/** The form-document endpoint alone, as a `ServiceFake`. */
export interface FormsApiFake extends ServiceFake<FormsFakeState>, FormsApiSteering, FakeControls {}

export interface FormsFakeOptions {
  /** The S3 bucket fake (GOV.UK Forms' S3 delivery). */
  s3?: Omit<S3FakeOptions, 'now'>;
  /** The form-document endpoint fake. Default: seeded with `exampleForms.missedBinCollection` (en and cy). */
  api?: FormsApiFakeOptions;
  /** The base clock (default the system clock). */
  now?: () => Date;
  /** Start with the clock frozen at this moment (then only `advance()` moves it). */
  frozenAt?: Date;
}

/** Everything GOV.UK Forms looks like to a council: the S3 bucket it delivers into and the form-document endpoint. */
export interface FormsFake extends ServiceFake<FormsFakeState>, FakeControls {
  /** Steer the S3 bucket. */
  readonly s3: S3Steering;
  /** Steer the form-document endpoint. */
  readonly api: FormsApiSteering;
}

const DEFAULT_ACCESS_KEY_ID = 'AKIAFAKEFORMSRUNNER';
const DEFAULT_SECRET_ACCESS_KEY = 'fake-secret-access-key';

interface Parts {
  clock: FakeClock;
  faults: FaultInjector;
  bucket: Bucket;
  store: FormDocumentStore;
  s3: S3Steering;
  api: FormsApiSteering;
  s3Handlers: RequestHandler[];
  apiHandlers: RequestHandler[];
  controls: FakeControls;
}

function seedDocuments(store: FormDocumentStore, forms: FormsApiFakeOptions['forms']): void {
  for (const entry of forms ?? []) {
    if (entry && typeof entry === 'object' && 'document' in entry && 'tags' in entry) {
      const seeded = entry as { document: FormDocumentInput; tags: FormTag[] };
      store.put(seeded.document, seeded.tags);
    } else store.put(entry as FormDocumentInput, ['live']);
  }
}

/** One clock, one fault injector, both models and both wire layers; each public factory exposes what it serves. */
function buildParts(options: {
  s3: Omit<S3FakeOptions, 'now'>;
  api: FormsApiFakeOptions;
  now?: (() => Date) | undefined;
  frozenAt?: Date | undefined;
}): Parts {
  const clock = createFakeClock({
    ...(options.now ? { base: options.now } : {}),
    ...(options.frozenAt ? { frozenAt: options.frozenAt } : {}),
  });
  const faults = createFaultInjector();
  const now = () => clock.now();

  const region = options.s3.region ?? 'eu-west-2';
  const s3BaseUrl = (options.s3.baseUrl ?? `https://s3.${region}.amazonaws.com`).replace(/\/+$/, '');
  const credentials: S3Credentials = {
    accessKeyId: options.s3.accessKeyId ?? DEFAULT_ACCESS_KEY_ID,
    secretAccessKey: options.s3.secretAccessKey ?? DEFAULT_SECRET_ACCESS_KEY,
  };
  const bucket = new Bucket(options.s3.bucket ?? 'govuk-forms-submissions', now);
  const s3Handlers = createS3Handlers({
    baseUrl: s3BaseUrl,
    bucket,
    region,
    faults,
    credentials: () => [credentials],
    accountId: options.s3.accountId,
    now,
  });

  const apiBaseUrl = (options.api.baseUrl ?? 'http://localhost:3001').replace(/\/+$/, '');
  const store = new FormDocumentStore();
  seedDocuments(store, options.api.forms);
  const apiHandlers = createFormsApiHandlers({
    baseUrl: apiBaseUrl,
    store,
    faults,
    apiToken: options.api.apiToken,
  });

  const deliveryOf = (submission: BuiltSubmission): Omit<SubmissionDeliveryInput, 'format' | 'content'> => ({
    form_id: submission.form_id,
    reference: submission.reference,
    submitted_at: submission.submitted_at,
    preview: submission.preview,
    files: submission.files.map((f) => ({
      filename: f.filename,
      content: f.content,
      content_type: f.content_type,
    })),
  });

  const s3: S3Steering = {
    baseUrl: s3BaseUrl,
    bucket: bucket.name,
    region,
    credentials: { ...credentials },
    clientConfig: () => ({
      endpoint: s3BaseUrl,
      region,
      forcePathStyle: true,
      credentials: { ...credentials },
    }),
    deliver(submission, deliverOptions = {}) {
      const format = deliverOptions.format ?? 'json';
      return deliverSubmission(bucket, {
        ...deliveryOf(submission),
        format,
        content: format === 'json' ? submission.json : submission.csv,
        order: deliverOptions.withholdFiles
          ? 'withhold-files'
          : deliverOptions.submissionFirst
            ? 'submission-first'
            : 'files-first',
      });
    },
    deliverFiles: (submission) => deliverUploadedFiles(bucket, deliveryOf(submission)),
    submit(form, answers, submitOptions = {}) {
      const { format, submissionFirst, withholdFiles, ...buildOptions } = submitOptions;
      const submission = buildSubmission(form, answers, { submittedAt: clock.now(), ...buildOptions });
      const delivery = s3.deliver(submission, {
        ...(format ? { format } : {}),
        ...(submissionFirst ? { submissionFirst } : {}),
        ...(withholdFiles ? { withholdFiles } : {}),
      });
      return { submission, delivery };
    },
    objects: () => bucket.objects(),
    writes: () => bucket.writes(),
    getObject(key) {
      if (!bucket.has(key)) return undefined;
      const o = bucket.getObject(key);
      return { key, body: o.body, content_type: o.content_type, metadata: { ...o.metadata } };
    },
    put(key, body, putOptions = {}) {
      bucket.putObject({ key, body, content_type: putOptions.content_type, metadata: putOptions.metadata });
    },
    delete: (key) => bucket.deleteObject(key),
    clear: () => bucket.clear(),
  };

  const parsed = (content: FormDocumentInput) => FormDocumentSchema.parse(content);
  const api: FormsApiSteering = {
    baseUrl: apiBaseUrl,
    add(document, tags = ['live']) {
      store.put(document, tags);
      return parsed(document);
    },
    remove(formId, tag, language) {
      store.remove({ form_id: String(formId), tag, language });
    },
    forms: () => store.list().map((d) => ({ tag: d.tag, language: d.language, document: parsed(d.content) })),
    find(formId, findOptions = {}) {
      const found = store
        .list()
        .find(
          (d) =>
            d.form_id === String(formId) &&
            d.tag === (findOptions.tag ?? 'live') &&
            d.language === (findOptions.language ?? 'en'),
        );
      return found ? parsed(found.content) : undefined;
    },
    languages: (formId, tag = 'live') => store.languages(String(formId), tag),
  };

  const controls: FakeControls = {
    clock,
    faults,
    reset() {
      bucket.clear();
      store.clear();
      seedDocuments(store, options.api.forms);
      faults.clear();
      clock.clearTimers();
    },
    snapshot: () =>
      makeSnapshot(SERVICE, SNAPSHOT_VERSION, clock, { bucket: bucket.state(), documents: store.state() }),
    restore(snapshot) {
      const checked = checkSnapshot(snapshot, { service: SERVICE, version: SNAPSHOT_VERSION });
      clock.restoreState(checked.clock);
      bucket.restoreState(checked.state.bucket);
      store.restoreState(checked.state.documents);
    },
    // GOV.UK Forms sends nothing out (no webhooks, ADR035): there is never anything in flight.
    settle: async () => {},
    advance: (ms) => clock.advance(ms),
  };

  return { clock, faults, bucket, store, s3, api, s3Handlers, apiHandlers, controls };
}

/** Put the shared controls (clock, faults, reset, snapshot...) on a fake. */
function withControls<T extends object>(target: T, controls: FakeControls): T & FakeControls {
  return Object.assign(target, {
    clock: controls.clock,
    faults: controls.faults,
    reset: controls.reset,
    snapshot: controls.snapshot,
    restore: controls.restore,
    settle: controls.settle,
    advance: controls.advance,
  });
}

/**
 * A fake S3 bucket that the AWS SDK v3 (and any SigV4 client) talks to through msw: it checks every request's
 * signature against its credentials and answers as S3 does.
 */
export function createS3Fake(options: S3FakeOptions = {}): S3Fake {
  const { now, ...s3Options } = options;
  const parts = buildParts({ s3: s3Options, api: {}, now });
  return withControls({ service: SERVICE, handlers: parts.s3Handlers, ...parts.s3 }, parts.controls);
}

/** A fake of forms-admin's form-document endpoint (`GET /api/v2/forms/:form_id/:tag`) serving seeded documents. */
export function createFormsApiFake(options: FormsApiFakeOptions = {}): FormsApiFake {
  const parts = buildParts({ s3: {}, api: options });
  return withControls({ service: SERVICE, handlers: parts.apiHandlers, ...parts.api }, parts.controls);
}

/**
 * Everything GOV.UK Forms looks like to a council, in one fake on the shared kernel: the S3 bucket it delivers
 * into and the form-document endpoint, one clock and one fault injector.
 */
export function createFormsFake(options: FormsFakeOptions = {}): FormsFake {
  const parts = buildParts({
    s3: options.s3 ?? {},
    api: options.api ?? {
      forms: [exampleForms.missedBinCollection.en, exampleForms.missedBinCollection.cy],
    },
    now: options.now,
    frozenAt: options.frozenAt,
  });
  return withControls(
    {
      service: SERVICE,
      handlers: [...parts.s3Handlers, ...parts.apiHandlers],
      s3: parts.s3,
      api: parts.api,
    },
    parts.controls,
  );
}
