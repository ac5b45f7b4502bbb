/**
 * msw handlers: HTTP <-> the models in ./model.ts, nothing else. The S3 handlers answer the REST calls
 * the AWS SDK v3 makes with `forcePathStyle: true` (`<endpoint>/<bucket>/<key>`), with S3's own XML error
 * bodies and status codes; the forms API handler answers `GET /api/v2/forms/:form_id/:tag`.
 */
import { randomBytes } from 'node:crypto';
import type { FaultInjector } from '@council-sdk/core/testing';
import { withFaults } from '@council-sdk/core/testing';
import { HttpResponse, http, type RequestHandler } from 'msw';
import {
  type BucketModel,
  type FormDocumentStore,
  InvalidContinuationTokenError,
  type StoredObject,
} from './model';

export interface S3HandlerOptions {
  baseUrl: string;
  bucket: string;
  model: BucketModel;
  faults: FaultInjector;
  /** When set, requests must be signed with this access key id (the signature itself is not checked). */
  accessKeyId?: string | undefined;
  /** When set, a request carrying `x-amz-expected-bucket-owner` must name this account. */
  accountId?: string | undefined;
}

function xmlEscape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );
}

function requestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

/** S3's error body: `<Error><Code>NoSuchKey</Code><Message>...</Message>...</Error>`. */
function s3Error(
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
  head = false,
) {
  const id = requestId();
  const headers = { 'content-type': 'application/xml', 'x-amz-request-id': id };
  // HEAD responses carry no body; the SDK reads the error from the status alone.
  if (head) return new HttpResponse(null, { status, headers });
  const fields = Object.entries(extra)
    .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
    .join('');
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>${fields}<RequestId>${id}</RequestId><HostId>${randomBytes(16).toString('base64')}</HostId></Error>`;
  return new HttpResponse(body, { status, headers });
}

function statusCode(status: number): [string, string] {
  if (status === 503) return ['SlowDown', 'Please reduce your request rate.'];
  if (status === 500) return ['InternalError', 'We encountered an internal error. Please try again.'];
  if (status === 403) return ['AccessDenied', 'Access Denied'];
  if (status === 404) return ['NoSuchKey', 'The specified key does not exist.'];
  return ['InvalidRequest', `Injected ${status}`];
}

/**
 * Decode an `aws-chunked` body (what the SDK sends for streamed uploads with a trailing checksum):
 * `<hex size>[;chunk-signature=...]\r\n<bytes>\r\n ... 0\r\n[trailers]\r\n`.
 */
function decodeAwsChunked(body: Uint8Array): Uint8Array {
  const buffer = Buffer.from(body);
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', offset);
    if (lineEnd === -1) throw new Error('truncated aws-chunked body');
    const size = Number.parseInt(
      buffer.subarray(offset, lineEnd).toString('latin1').split(';')[0] as string,
      16,
    );
    if (!Number.isFinite(size)) throw new Error('bad aws-chunked chunk size');
    offset = lineEnd + 2;
    if (size === 0) break;
    parts.push(buffer.subarray(offset, offset + size));
    offset += size + 2;
  }
  return new Uint8Array(Buffer.concat(parts));
}

function objectHeaders(object: StoredObject): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': object.content_type,
    'content-length': String(object.body.byteLength),
    etag: object.etag,
    'last-modified': object.last_modified.toUTCString(),
    'accept-ranges': 'bytes',
    'x-amz-request-id': requestId(),
  };
  for (const [name, value] of Object.entries(object.metadata)) headers[`x-amz-meta-${name}`] = value;
  return headers;
}

function listXml(
  bucket: string,
  query: URLSearchParams,
  result: ReturnType<BucketModel['list']>,
  maxKeys: number,
): string {
  const encode = query.get('encoding-type') === 'url';
  const enc = (text: string) => xmlEscape(encode ? encodeURIComponent(text).replace(/%2F/g, '/') : text);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
  ];
  out.push(`<Name>${xmlEscape(bucket)}</Name>`, `<Prefix>${enc(query.get('prefix') ?? '')}</Prefix>`);
  if (query.has('start-after'))
    out.push(`<StartAfter>${enc(query.get('start-after') as string)}</StartAfter>`);
  if (query.has('continuation-token')) {
    out.push(
      `<ContinuationToken>${xmlEscape(query.get('continuation-token') as string)}</ContinuationToken>`,
    );
  }
  if (result.next_continuation_token) {
    out.push(`<NextContinuationToken>${xmlEscape(result.next_continuation_token)}</NextContinuationToken>`);
  }
  out.push(`<KeyCount>${result.key_count}</KeyCount>`, `<MaxKeys>${maxKeys}</MaxKeys>`);
  if (query.has('delimiter')) out.push(`<Delimiter>${enc(query.get('delimiter') as string)}</Delimiter>`);
  if (encode) out.push('<EncodingType>url</EncodingType>');
  out.push(`<IsTruncated>${result.is_truncated}</IsTruncated>`);
  for (const o of result.contents) {
    out.push(
      `<Contents><Key>${enc(o.key)}</Key><LastModified>${o.last_modified.toISOString()}</LastModified><ETag>${xmlEscape(o.etag)}</ETag><Size>${o.body.byteLength}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    );
  }
  for (const p of result.common_prefixes)
    out.push(`<CommonPrefixes><Prefix>${enc(p)}</Prefix></CommonPrefixes>`);
  out.push('</ListBucketResult>');
  return out.join('');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function createS3Handlers(options: S3HandlerOptions): RequestHandler[] {
  const base = new URL(options.baseUrl.replace(/\/+$/, ''));
  const basePath = base.pathname.replace(/\/+$/, '');
  const matcher = new RegExp(`^${escapeRegExp(`${base.origin}${basePath}`)}/[^?#]`);
  const { model } = options;

  // Without a path prefix the bucket can also be addressed virtual-hosted style
  // (`https://<bucket>.s3.<region>.amazonaws.com/<key>`), the AWS SDK's default.
  const virtualOrigin = basePath === '' ? `${base.protocol}//${options.bucket}.${base.host}` : undefined;

  const route = async ({ request }: { request: Request }) => {
    const url = new URL(request.url);
    const head = request.method === 'HEAD';
    if (virtualOrigin !== undefined && url.origin === virtualOrigin) {
      const key = url.pathname.slice(1).split('/').map(decodeURIComponent).join('/');
      return handle(request, url, options.bucket, key, head);
    }
    const segments = url.pathname.slice(basePath.length + 1).split('/');
    const bucket = decodeURIComponent(segments[0] ?? '');
    const key = segments.slice(1).map(decodeURIComponent).join('/');
    return handle(request, url, bucket, key, head);
  };
  // Faults answer in S3's own XML, so the SDK classifies them as it would the real thing.
  const resolver = withFaults(options.faults, route, {
    errorResponse: (status, request) => {
      const [code, message] = statusCode(status);
      return s3Error(status, code, message, {}, request.method === 'HEAD');
    },
  });

  async function handle(request: Request, url: URL, bucket: string, key: string, head: boolean) {
    const authorization = request.headers.get('authorization') ?? '';
    const credential = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\//.exec(authorization)?.[1];
    if (!credential && !url.searchParams.has('X-Amz-Credential')) {
      return s3Error(403, 'AccessDenied', 'Access Denied', {}, head);
    }
    const accessKeyId = credential ?? url.searchParams.get('X-Amz-Credential')?.split('/')[0];
    if (options.accessKeyId !== undefined && accessKeyId !== options.accessKeyId) {
      return s3Error(
        403,
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
        { AWSAccessKeyId: accessKeyId ?? '' },
        head,
      );
    }
    if (bucket !== options.bucket) {
      return s3Error(
        404,
        'NoSuchBucket',
        'The specified bucket does not exist',
        { BucketName: bucket },
        head,
      );
    }
    const owner = request.headers.get('x-amz-expected-bucket-owner');
    if (owner !== null && options.accountId !== undefined && owner !== options.accountId) {
      return s3Error(403, 'AccessDenied', 'Access Denied', {}, head);
    }

    if (key === '') {
      if (request.method !== 'GET')
        return s3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
      const query = url.searchParams;
      if (query.get('list-type') !== '2') {
        return s3Error(
          501,
          'NotImplemented',
          'Only ListObjectsV2 (list-type=2) is implemented by this fake.',
        );
      }
      const maxKeysRaw = query.get('max-keys');
      const maxKeys = maxKeysRaw === null ? 1000 : Number(maxKeysRaw);
      if (!Number.isInteger(maxKeys) || maxKeys < 0) {
        return s3Error(400, 'InvalidArgument', 'Provided max-keys not an integer or within integer range', {
          ArgumentName: 'max-keys',
          ArgumentValue: maxKeysRaw ?? '',
        });
      }
      try {
        const result = model.list({
          prefix: query.get('prefix') ?? '',
          delimiter: query.get('delimiter') || undefined,
          start_after: query.get('start-after') ?? undefined,
          continuation_token: query.get('continuation-token') ?? undefined,
          max_keys: maxKeys,
        });
        return new HttpResponse(listXml(bucket, query, result, Math.min(maxKeys, 1000)), {
          status: 200,
          headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId() },
        });
      } catch (error) {
        if (error instanceof InvalidContinuationTokenError) {
          return s3Error(400, 'InvalidArgument', 'The continuation token provided is incorrect', {
            ArgumentName: 'continuation-token',
          });
        }
        throw error;
      }
    }

    switch (request.method) {
      case 'GET':
      case 'HEAD': {
        const object = model.get(key);
        if (!object)
          return s3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key }, head);
        return new HttpResponse(head ? null : object.body, { status: 200, headers: objectHeaders(object) });
      }
      case 'PUT': {
        if (request.headers.has('x-amz-copy-source')) {
          return s3Error(501, 'NotImplemented', 'CopyObject is not implemented by this fake.');
        }
        let body: Uint8Array = new Uint8Array(await request.arrayBuffer());
        if ((request.headers.get('content-encoding') ?? '').includes('aws-chunked')) {
          try {
            body = decodeAwsChunked(body);
          } catch {
            return s3Error(400, 'IncompleteBody', 'The request body terminated unexpectedly');
          }
        }
        const metadata: Record<string, string> = {};
        request.headers.forEach((value, name) => {
          if (name.startsWith('x-amz-meta-')) metadata[name.slice('x-amz-meta-'.length)] = value;
        });
        let stored: StoredObject;
        try {
          stored = model.put(key, body, {
            content_type: request.headers.get('content-type') ?? undefined,
            metadata,
          });
        } catch {
          return s3Error(400, 'KeyTooLongError', 'Your key is too long');
        }
        return new HttpResponse(null, {
          status: 200,
          headers: { etag: stored.etag, 'x-amz-request-id': requestId() },
        });
      }
      case 'DELETE': {
        model.delete(key);
        return new HttpResponse(null, { status: 204, headers: { 'x-amz-request-id': requestId() } });
      }
      default:
        return s3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    }
  }

  const handlers: RequestHandler[] = [http.all(matcher, resolver)];
  if (virtualOrigin !== undefined)
    handlers.push(http.all(new RegExp(`^${escapeRegExp(virtualOrigin)}/`), resolver));
  return handlers;
}

export interface FormsApiHandlerOptions {
  baseUrl: string;
  store: FormDocumentStore;
  faults: FaultInjector;
  /** When set, requests need `Authorization: Bearer <apiToken>`. */
  apiToken?: string | undefined;
}

export function createFormsApiHandlers(options: FormsApiHandlerOptions): RequestHandler[] {
  const base = options.baseUrl.replace(/\/+$/, '');
  const errorBody = (status: number) => ({ error: status === 404 ? 'not_found' : `error_${status}` });
  return [
    http.get(
      `${base}/api/v2/forms/:formId/:tag`,
      withFaults(
        options.faults,
        ({ request, params }) => {
          if (options.apiToken !== undefined) {
            const header = request.headers.get('authorization') ?? '';
            if (header !== `Bearer ${options.apiToken}`) {
              return HttpResponse.json({ error: 'unauthorised' }, { status: 401 });
            }
          }
          const tag = String(params.tag);
          if (!['draft', 'live', 'archived'].includes(tag))
            return HttpResponse.json(errorBody(404), { status: 404 });
          const language = new URL(request.url).searchParams.get('language') ?? undefined;
          const document = options.store.find(String(params.formId), tag, language);
          if (!document) return HttpResponse.json(errorBody(404), { status: 404 });
          return HttpResponse.json(document as Record<string, unknown>);
        },
        { errorBody },
      ),
    ),
  ];
}
