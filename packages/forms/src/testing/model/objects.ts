/**
 * One S3 bucket: objects, their metadata, and the listing rules of ListObjects (v1 and v2). Pure state and
 * rules: typed inputs, typed results, `ServiceError` (code = S3's error code) for anything S3 refuses. The wire
 * layer (../handlers.ts) turns HTTP into these calls and `ServiceError` into S3's XML error body.
 *
 * S3 is closed source; the rules follow the Amazon S3 API Reference (docs.aws.amazon.com/AmazonS3/latest/API/):
 * API_PutObject.html, API_GetObject.html, API_HeadObject.html, API_CopyObject.html, API_DeleteObject.html,
 * API_ListObjects.html, API_ListObjectsV2.html and ErrorResponses.html (the error codes and statuses).
 */
import { createHash } from 'node:crypto';
import { ServiceError } from '@council-sdk/core/testing';

export interface StoredObject {
  key: string;
  body: Uint8Array;
  content_type: string;
  /** The ETag S3 gives a single-part upload: the MD5 of the body, in quotes. */
  etag: string;
  last_modified: Date;
  /** User metadata (`x-amz-meta-*`), names in lower case. */
  metadata: Record<string, string>;
}

/** A listing entry: what `objects()` and the ListObjects calls show (no body). */
export interface ObjectSummary {
  key: string;
  size: number;
  etag: string;
  last_modified: string;
  content_type: string;
}

export interface WriteRecord {
  key: string;
  at: string;
  size: number;
  /** How the object was written: `put` (PutObject or steering) or `copy` (CopyObject). */
  via: 'put' | 'copy';
}

export interface BucketState {
  objects: Array<{
    key: string;
    body_base64: string;
    content_type: string;
    etag: string;
    last_modified: string;
    metadata: Record<string, string>;
  }>;
  writes: WriteRecord[];
}

export interface PutObjectInput {
  key: string;
  body: Uint8Array | string;
  /** Default `binary/octet-stream`, what S3 stores when none is sent. */
  content_type?: string | undefined;
  metadata?: Record<string, string> | undefined;
}

export interface CopyObjectInput {
  source_bucket: string;
  source_key: string;
  key: string;
  /** `COPY` (default): keep the source's content type and metadata. `REPLACE`: take the ones given here. */
  metadata_directive?: 'COPY' | 'REPLACE' | undefined;
  content_type?: string | undefined;
  metadata?: Record<string, string> | undefined;
}

export interface ListInput {
  prefix?: string | undefined;
  delimiter?: string | undefined;
  /** v2 `start-after`, v1 `marker`: list keys after this one. */
  start_after?: string | undefined;
  /** v2 only: the opaque token of the previous page (wins over `start_after`). */
  continuation_token?: string | undefined;
  /** At most 1,000 whatever is asked for. */
  max_keys?: number | undefined;
}

export interface ListResult {
  contents: StoredObject[];
  common_prefixes: string[];
  is_truncated: boolean;
  /** v2: the token for the next page, when truncated. */
  next_continuation_token: string | undefined;
  /** The last key or common prefix returned (v1's `NextMarker`). */
  last: string | undefined;
  key_count: number;
  /** The max-keys applied (S3 echoes it, capped at 1,000). */
  max_keys: number;
}

/** API_PutObject.html: object key names are 1 to 1,024 bytes of UTF-8. */
const MAX_KEY_BYTES = 1024;
/** API_ListObjectsV2.html: "returns up to 1,000 key names", whatever MaxKeys asks for. */
const MAX_KEYS = 1000;
const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

/** S3 returns keys in UTF-8 binary order, which is not JavaScript's UTF-16 order for every character. */
function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function md5Etag(bytes: Uint8Array): string {
  return `"${createHash('md5').update(bytes).digest('hex')}"`;
}

/** S3 keeps Last-Modified to the second. */
function toSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

export function noSuchKey(key: string): ServiceError {
  return new ServiceError(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
}

export class Bucket {
  readonly #objects = new Map<string, StoredObject>();
  /** Keys in S3 order, kept until the key set changes: a listing page must not re-sort the whole bucket. */
  #sortedKeys: string[] | undefined;
  /** Every write, in order: shows that uploaded files came before the submission file. */
  #writes: WriteRecord[] = [];

  constructor(
    readonly name: string,
    private readonly now: () => Date,
  ) {}

  putObject(input: PutObjectInput): StoredObject {
    const { key } = input;
    if (key === '') throw new ServiceError(400, 'InvalidArgument', 'Key cannot be empty');
    if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
      throw new ServiceError(400, 'KeyTooLongError', 'Your key is too long');
    }
    const bytes =
      typeof input.body === 'string' ? new TextEncoder().encode(input.body) : new Uint8Array(input.body);
    return this.#store(
      {
        key,
        body: bytes,
        content_type: input.content_type || DEFAULT_CONTENT_TYPE,
        etag: md5Etag(bytes),
        last_modified: toSecond(this.now()),
        metadata: { ...input.metadata },
      },
      'put',
    );
  }

  /** GetObject and HeadObject: the object, or `NoSuchKey`. */
  getObject(key: string): StoredObject {
    const object = this.#objects.get(key);
    if (!object) throw noSuchKey(key);
    return object;
  }

  has(key: string): boolean {
    return this.#objects.has(key);
  }

  /**
   * CopyObject within this bucket (API_CopyObject.html): the copy has the source's bytes and ETag; metadata and
   * content type are copied unless `REPLACE`d. Copying an object onto itself without replacing anything is
   * refused with `InvalidRequest`.
   */
  copyObject(input: CopyObjectInput): StoredObject {
    if (input.source_bucket !== this.name) {
      throw new ServiceError(404, 'NoSuchBucket', 'The specified bucket does not exist', {
        BucketName: input.source_bucket,
      });
    }
    const source = this.getObject(input.source_key);
    const replace = input.metadata_directive === 'REPLACE';
    if (input.key === input.source_key && !replace) {
      throw new ServiceError(
        400,
        'InvalidRequest',
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    if (Buffer.byteLength(input.key, 'utf8') > MAX_KEY_BYTES) {
      throw new ServiceError(400, 'KeyTooLongError', 'Your key is too long');
    }
    return this.#store(
      {
        key: input.key,
        body: source.body,
        content_type: replace ? input.content_type || DEFAULT_CONTENT_TYPE : source.content_type,
        etag: source.etag,
        last_modified: toSecond(this.now()),
        metadata: replace ? { ...input.metadata } : { ...source.metadata },
      },
      'copy',
    );
  }

  /** DeleteObject: S3 answers 204 whether or not the key existed (API_DeleteObject.html). */
  deleteObject(key: string): boolean {
    const existed = this.#objects.delete(key);
    if (existed) this.#sortedKeys = undefined;
    return existed;
  }

  keys(): string[] {
    return [...this.#ordered()];
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

  writes(): WriteRecord[] {
    return this.#writes.map((w) => ({ ...w }));
  }

  /**
   * ListObjects (v1) and ListObjectsV2: keys after `start_after` or the continuation token, under `prefix`, at
   * most `max_keys` (capped at 1,000). With a delimiter, keys sharing a prefix up to it roll up into one
   * common prefix, which counts as one key towards `max_keys`.
   */
  list(input: ListInput): ListResult {
    const prefix = input.prefix ?? '';
    const maxKeys = Math.max(0, Math.min(input.max_keys ?? MAX_KEYS, MAX_KEYS));
    const after =
      input.continuation_token !== undefined ? decodeToken(input.continuation_token) : input.start_after;
    const contents: StoredObject[] = [];
    const common: string[] = [];
    let last: string | undefined;
    let resumeAfter: string | undefined;
    let truncated = false;
    const ordered = this.#ordered();
    // Binary search for the first key after the continuation point, instead of comparing every key per page.
    let start = 0;
    if (after !== undefined && after !== '') {
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
      if (input.delimiter) {
        const at = key.indexOf(input.delimiter, prefix.length);
        if (at !== -1) rolled = key.slice(0, at + input.delimiter.length);
      }
      if (rolled !== undefined && rolled === common[common.length - 1]) continue;
      if (contents.length + common.length >= maxKeys) {
        truncated = true;
        break;
      }
      if (rolled !== undefined) {
        common.push(rolled);
        last = rolled;
        // The next page starts after every key of the rolled-up prefix.
        resumeAfter = `${rolled}\u{10FFFF}`;
      } else {
        contents.push(this.#objects.get(key) as StoredObject);
        last = key;
        resumeAfter = key;
      }
    }
    return {
      contents,
      common_prefixes: common,
      is_truncated: truncated,
      next_continuation_token: truncated && resumeAfter !== undefined ? encodeToken(resumeAfter) : undefined,
      last,
      key_count: contents.length + common.length,
      max_keys: maxKeys,
    };
  }

  clear(): void {
    this.#objects.clear();
    this.#sortedKeys = undefined;
    this.#writes = [];
  }

  state(): BucketState {
    return {
      objects: this.keys().map((key) => {
        const o = this.#objects.get(key) as StoredObject;
        return {
          key,
          body_base64: Buffer.from(o.body).toString('base64'),
          content_type: o.content_type,
          etag: o.etag,
          last_modified: o.last_modified.toISOString(),
          metadata: { ...o.metadata },
        };
      }),
      writes: this.writes(),
    };
  }

  restoreState(state: BucketState): void {
    this.clear();
    for (const o of state.objects) {
      this.#objects.set(o.key, {
        key: o.key,
        body: new Uint8Array(Buffer.from(o.body_base64, 'base64')),
        content_type: o.content_type,
        etag: o.etag,
        last_modified: new Date(o.last_modified),
        metadata: { ...o.metadata },
      });
    }
    this.#writes = (state.writes ?? []).map((w) => ({ ...w }));
  }

  #store(object: StoredObject, via: WriteRecord['via']): StoredObject {
    if (!this.#objects.has(object.key)) this.#sortedKeys = undefined;
    this.#objects.set(object.key, object);
    this.#writes.push({ key: object.key, at: this.now().toISOString(), size: object.body.byteLength, via });
    return object;
  }

  #ordered(): readonly string[] {
    this.#sortedKeys ??= [...this.#objects.keys()].sort(compareKeys);
    return this.#sortedKeys;
  }
}

/** Continuation tokens are opaque to clients; this one carries the key to resume after. */
function encodeToken(key: string): string {
  return Buffer.from(`v1:${key}`, 'utf8').toString('base64');
}

function decodeToken(token: string): string {
  const text = Buffer.from(token, 'base64').toString('utf8');
  if (!text.startsWith('v1:')) {
    throw new ServiceError(400, 'InvalidArgument', 'The continuation token provided is incorrect', {
      ArgumentName: 'continuation-token',
    });
  }
  return text.slice(3);
}
