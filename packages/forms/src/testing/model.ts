/**
 * The fakes' state and rules, with no HTTP: an S3 bucket (what forms-runner delivers into) and the
 * form-document store (what forms-admin serves). The msw handlers translate HTTP to these; tests, the
 * handlers and the sandbox all drive the same behaviour. The clock is injectable.
 */
import { createHash } from 'node:crypto';
import type { FormDocument, FormDocumentInput } from '../schemas/form-document';
import { FormDocumentSchema } from '../schemas/form-document';

export interface StoredObject {
  key: string;
  body: Uint8Array;
  content_type: string;
  /** The ETag S3 gives a single-part upload: the MD5 of the body, in quotes. */
  etag: string;
  last_modified: Date;
  metadata: Record<string, string>;
}

/** A listing entry: what `objects()` and ListObjectsV2 show (no body). */
export interface ObjectSummary {
  key: string;
  size: number;
  etag: string;
  last_modified: string;
  content_type: string;
}

export interface BucketSnapshot {
  version: 1;
  objects: Array<{
    key: string;
    body_base64: string;
    content_type: string;
    etag: string;
    last_modified: string;
    metadata: Record<string, string>;
  }>;
}

export interface ListResult {
  contents: StoredObject[];
  is_truncated: boolean;
  next_continuation_token: string | undefined;
  key_count: number;
  common_prefixes: string[];
}

/** S3 returns keys in UTF-8 binary order, which is not JavaScript's UTF-16 order for every character. */
function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export interface WriteRecord {
  key: string;
  at: string;
  size: number;
}

export class BucketModel {
  readonly #objects = new Map<string, StoredObject>();
  /** Keys in S3 order, kept until the key set changes: a listing page must not re-sort the whole bucket. */
  #sortedKeys: string[] | undefined;
  /** Every write, in order: lets a test (or the sandbox dashboard) see that files came before the submission. */
  #writes: WriteRecord[] = [];
  readonly #now: () => Date;

  constructor(options: { now: () => Date }) {
    this.#now = options.now;
  }

  put(
    key: string,
    body: Uint8Array | string,
    options: { content_type?: string; metadata?: Record<string, string> } = {},
  ) {
    if (key === '' || Buffer.byteLength(key, 'utf8') > 1024)
      throw new RangeError('S3 keys are 1 to 1,024 bytes');
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
    const object: StoredObject = {
      key,
      body: bytes,
      content_type: options.content_type ?? 'binary/octet-stream',
      etag: `"${createHash('md5').update(bytes).digest('hex')}"`,
      last_modified: new Date(Math.floor(this.#now().getTime() / 1000) * 1000),
      metadata: { ...options.metadata },
    };
    if (!this.#objects.has(key)) this.#sortedKeys = undefined;
    this.#objects.set(key, object);
    this.#writes.push({ key, at: this.#now().toISOString(), size: bytes.byteLength });
    return object;
  }

  writes(): WriteRecord[] {
    return this.#writes.map((w) => ({ ...w }));
  }

  get(key: string): StoredObject | undefined {
    return this.#objects.get(key);
  }

  delete(key: string): boolean {
    this.#sortedKeys = undefined;
    return this.#objects.delete(key);
  }

  keys(): string[] {
    return [...this.#ordered()];
  }

  #ordered(): readonly string[] {
    this.#sortedKeys ??= [...this.#objects.keys()].sort(compareKeys);
    return this.#sortedKeys;
  }

  objects(): ObjectSummary[] {
    return this.keys().map((key) => {
      const o = this.#objects.get(key) as StoredObject;
      return {
        key,
        size: o.body.byteLength,
        etag: o.etag,
        last_modified: o.last_modified.toISOString(),
        content_type: o.content_type,
      };
    });
  }

  /**
   * ListObjectsV2: keys after `start_after` or the continuation token, under `prefix`, at most `max_keys`
   * (S3 caps it at 1,000). With a delimiter, keys sharing a prefix up to it roll up into common prefixes.
   */
  list(options: {
    prefix?: string;
    delimiter?: string;
    start_after?: string;
    continuation_token?: string;
    max_keys?: number;
  }): ListResult {
    const prefix = options.prefix ?? '';
    const maxKeys = Math.max(0, Math.min(options.max_keys ?? 1000, 1000));
    const after =
      options.continuation_token !== undefined
        ? decodeToken(options.continuation_token)
        : options.start_after;
    const contents: StoredObject[] = [];
    const common: string[] = [];
    let last: string | undefined;
    let truncated = false;
    const ordered = this.#ordered();
    // Binary search for the first key after the continuation point, instead of comparing every key per page.
    let start = 0;
    if (after !== undefined) {
      let high = ordered.length;
      while (start < high) {
        const mid = (start + high) >>> 1;
        if (compareKeys(ordered[mid] as string, after) <= 0) start = mid + 1;
        else high = mid;
      }
    }
    for (let i = start; i < ordered.length; i++) {
      const key = ordered[i] as string;
      if (!key.startsWith(prefix)) continue;
      let rolled: string | undefined;
      if (options.delimiter) {
        const at = key.indexOf(options.delimiter, prefix.length);
        if (at !== -1) rolled = key.slice(0, at + options.delimiter.length);
      }
      if (rolled !== undefined && common.includes(rolled)) continue;
      if (contents.length + common.length >= maxKeys) {
        truncated = true;
        break;
      }
      if (rolled !== undefined) {
        common.push(rolled);
        // Continue after every key of the rolled-up prefix.
        last = `${rolled}\u{10FFFF}`;
      } else {
        contents.push(this.#objects.get(key) as StoredObject);
        last = key;
      }
    }
    return {
      contents,
      common_prefixes: common,
      is_truncated: truncated,
      next_continuation_token: truncated && last !== undefined ? encodeToken(last) : undefined,
      key_count: contents.length + common.length,
    };
  }

  reset(): void {
    this.#objects.clear();
    this.#sortedKeys = undefined;
    this.#writes = [];
  }

  snapshot(): BucketSnapshot {
    return {
      version: 1,
      objects: this.keys().map((key) => {
        const o = this.#objects.get(key) as StoredObject;
        return {
          key,
          body_base64: Buffer.from(o.body).toString('base64'),
          content_type: o.content_type,
          etag: o.etag,
          last_modified: o.last_modified.toISOString(),
          metadata: o.metadata,
        };
      }),
    };
  }

  restore(snapshot: BucketSnapshot): void {
    this.#objects.clear();
    this.#sortedKeys = undefined;
    for (const o of snapshot.objects) {
      this.#objects.set(o.key, {
        key: o.key,
        body: new Uint8Array(Buffer.from(o.body_base64, 'base64')),
        content_type: o.content_type,
        etag: o.etag,
        last_modified: new Date(o.last_modified),
        metadata: { ...o.metadata },
      });
    }
  }
}

/** Continuation tokens are opaque to clients; this one is the last key returned. */
function encodeToken(key: string): string {
  return Buffer.from(`v1:${key}`, 'utf8').toString('base64');
}

export class InvalidContinuationTokenError extends Error {}

function decodeToken(token: string): string {
  const text = Buffer.from(token, 'base64').toString('utf8');
  if (!text.startsWith('v1:'))
    throw new InvalidContinuationTokenError('The continuation token provided is incorrect');
  return text.slice(3);
}

export type FormTag = 'draft' | 'live' | 'archived';

export interface FormsSnapshot {
  version: 1;
  documents: Array<{ tag: FormTag; document: FormDocumentInput }>;
}

/** The form documents forms-admin would serve, by form id, tag and language. */
export class FormDocumentStore {
  #documents: Array<{ tag: FormTag; document: FormDocument; input: FormDocumentInput }> = [];

  add(document: FormDocumentInput, tags: readonly FormTag[] = ['live']): FormDocument {
    const parsed = FormDocumentSchema.parse(document);
    const language = parsed.language ?? 'en';
    for (const tag of tags) {
      this.#documents = this.#documents.filter(
        (d) =>
          !(
            d.document.form_id === parsed.form_id &&
            d.tag === tag &&
            (d.document.language ?? 'en') === language
          ),
      );
      this.#documents.push({ tag, document: parsed, input: document });
    }
    return parsed;
  }

  /**
   * The document for a form and tag in a language. A form not available in the requested language is
   * served in its main language, as forms-runner falls back to it.
   */
  find(formId: string, tag: string, language?: string): FormDocument | undefined {
    const candidates = this.#documents.filter((d) => d.document.form_id === formId && d.tag === tag);
    const wanted = language ?? 'en';
    return (
      candidates.find((d) => (d.document.language ?? 'en') === wanted)?.document ??
      candidates.find((d) => (d.document.language ?? 'en') === 'en')?.document ??
      candidates[0]?.document
    );
  }

  remove(formId: string, tag?: FormTag): void {
    this.#documents = this.#documents.filter(
      (d) => !(d.document.form_id === formId && (tag === undefined || d.tag === tag)),
    );
  }

  list(): Array<{ tag: FormTag; document: FormDocument }> {
    return this.#documents.map(({ tag, document }) => ({ tag, document }));
  }

  reset(): void {
    this.#documents = [];
  }

  snapshot(): FormsSnapshot {
    return { version: 1, documents: this.#documents.map(({ tag, input }) => ({ tag, document: input })) };
  }

  restore(snapshot: FormsSnapshot): void {
    this.#documents = [];
    for (const { tag, document } of snapshot.documents) this.add(document, [tag]);
  }
}
