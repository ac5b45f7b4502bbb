/**
 * The wire layer, nothing else: HTTP in, a call on the models in ./model, HTTP out. The S3 handlers answer the
 * REST calls the AWS SDK v3 and common tools make (path-style `<endpoint>/<bucket>/<key>`, and virtual-hosted
 * `<bucket>.<host>` when the endpoint has no path) after checking the Signature Version 4 (./s3-auth.ts), and write
 * S3's XML error bodies from the models' `ServiceError`s. The forms API handler answers forms-admin's
 * `GET /api/v2/forms/:form_id/:tag` with its JSON errors.
 */
import type { FaultInjector } from '@council-sdk/core/testing';
import { isServiceError, ServiceError, withFaults } from '@council-sdk/core/testing';
import { HttpResponse, http, type RequestHandler } from 'msw';
import type { FormDocumentStore } from './model/form-documents';
import { isFormTag } from './model/form-documents';
import type { Bucket, StoredObject } from './model/objects';
import { authenticateS3Request, type S3Credentials } from './s3-auth';
import { copyResultXml, errorXml, listV1Xml, listV2Xml, locationXml, newRequestId } from './s3-xml';

export interface S3HandlerOptions {
  baseUrl: string;
  bucket: Bucket;
  region: string;
  faults: FaultInjector;
  /** The access keys whose signatures the fake accepts. */
  credentials: () => readonly S3Credentials[];
  /** When set, a request carrying `x-amz-expected-bucket-owner` must name this account. */
  accountId?: string | undefined;
  now: () => Date;
}

/** Sub-resources S3 serves on a bucket or object that this fake does not: refused with `NotImplemented`. */
const UNSUPPORTED_SUBRESOURCES = [
  'acl',
  'tagging',
  'versioning',
  'versions',
  'uploads',
  'uploadId',
  'delete',
  'policy',
  'cors',
  'lifecycle',
  'notification',
  'encryption',
  'retention',
  'legal-hold',
  'attributes',
  'restore',
  'select',
];

function s3ErrorResponse(error: ServiceError, head: boolean): Response {
  const requestId = newRequestId();
  const headers = { 'content-type': 'application/xml', 'x-amz-request-id': requestId };
  // HEAD responses carry no body; the SDK reads the error from the status alone.
  if (head) return new HttpResponse(null, { status: error.status, headers });
  return new HttpResponse(errorXml(error.code, error.message, error.details, requestId), {
    status: error.status,
    headers,
  });
}

function s3Fail(status: number, code: string, message: string, details: Record<string, unknown> = {}): never {
  throw new ServiceError(status, code, message, details);
}

/** Injected faults, in S3's words, so the SDK classifies them as it would the real thing. */
function faultCode(status: number): [string, string] {
  if (status === 503) return ['SlowDown', 'Please reduce your request rate.'];
  if (status === 500) return ['InternalError', 'We encountered an internal error. Please try again.'];
  if (status === 403) return ['AccessDenied', 'Access Denied'];
  if (status === 404) return ['NoSuchKey', 'The specified key does not exist.'];
  return ['InvalidRequest', `Injected ${status}`];
}

function objectHeaders(object: StoredObject): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': object.content_type,
    'content-length': String(object.body.byteLength),
    etag: object.etag,
    'last-modified': object.last_modified.toUTCString(),
    'accept-ranges': 'bytes',
    'x-amz-request-id': newRequestId(),
  };
  for (const [name, value] of Object.entries(object.metadata)) headers[`x-amz-meta-${name}`] = value;
  return headers;
}

function userMetadata(request: Request): Record<string, string> {
  const metadata: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (name.startsWith('x-amz-meta-')) metadata[name.slice('x-amz-meta-'.length)] = value;
  });
  return metadata;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `x-amz-copy-source`: `[/]<bucket>/<key>[?versionId=...]`, URL-encoded (API_CopyObject.html). */
function parseCopySource(value: string): { bucket: string; key: string } {
  const path = (value.split('?')[0] ?? '').replace(/^\//, '');
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) {
    s3Fail(400, 'InvalidArgument', 'Invalid copy source object key', {
      ArgumentName: 'x-amz-copy-source',
      ArgumentValue: value,
    });
  }
  return { bucket: decodeSegment(path.slice(0, slash)), key: decodeSegment(path.slice(slash + 1)) };
}

/**
 * `encoding-type` takes only `url` (API_ListObjectsV2.html, "Valid Values: url"); S3 refuses anything else with
 * 400 InvalidArgument "Invalid Encoding Method specified in Request" (as S3 itself answers, recorded in
 * versity/versitygw issues #1984 and #2169; S3 is closed source).
 */
function checkEncodingType(query: URLSearchParams): void {
  const value = query.get('encoding-type');
  if (value === null || value === 'url') return;
  s3Fail(400, 'InvalidArgument', 'Invalid Encoding Method specified in Request', {
    ArgumentName: 'encoding-type',
    ArgumentValue: value,
  });
}

function parseMaxKeys(query: URLSearchParams): number | undefined {
  const raw = query.get('max-keys');
  if (raw === null) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value)) {
    s3Fail(400, 'InvalidArgument', 'Provided max-keys not an integer or within integer range', {
      ArgumentName: 'max-keys',
      ArgumentValue: raw,
    });
  }
  return value;
}

export function createS3Handlers(options: S3HandlerOptions): RequestHandler[] {
  const base = new URL(options.baseUrl.replace(/\/+$/, ''));
  const basePath = base.pathname.replace(/\/+$/, '');
  const matcher = new RegExp(`^${escapeRegExp(`${base.origin}${basePath}`)}/[^?#]`);
  const bucket = options.bucket;

  // Without a path prefix the bucket can also be addressed virtual-hosted style
  // (`https://<bucket>.s3.<region>.amazonaws.com/<key>`), the AWS SDK's default.
  const virtualOrigin = basePath === '' ? `${base.protocol}//${bucket.name}.${base.host}` : undefined;

  const route = async ({ request }: { request: Request }) => {
    const url = new URL(request.url);
    const head = request.method === 'HEAD';
    let bucketName: string;
    let key: string;
    if (virtualOrigin !== undefined && url.origin === virtualOrigin) {
      bucketName = bucket.name;
      key = url.pathname.slice(1).split('/').map(decodeSegment).join('/');
    } else {
      const segments = url.pathname.slice(basePath.length + 1).split('/');
      bucketName = decodeSegment(segments[0] ?? '');
      key = segments.slice(1).map(decodeSegment).join('/');
    }
    try {
      return await handle(request, url, bucketName, key, head);
    } catch (error) {
      if (isServiceError(error)) return s3ErrorResponse(error, head);
      throw error;
    }
  };

  const resolver = withFaults(options.faults, route, {
    errorResponse: (status, request) => {
      const [code, message] = faultCode(status);
      return s3ErrorResponse(new ServiceError(status, code, message), request.method === 'HEAD');
    },
  });

  async function handle(request: Request, url: URL, bucketName: string, key: string, head: boolean) {
    const raw =
      request.method === 'GET' || head ? new Uint8Array() : new Uint8Array(await request.arrayBuffer());
    const { body } = await authenticateS3Request(request, raw, {
      region: options.region,
      credentials: options.credentials(),
      now: options.now,
    });
    if (bucketName !== bucket.name) {
      s3Fail(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucketName });
    }
    const owner = request.headers.get('x-amz-expected-bucket-owner');
    if (owner !== null && options.accountId !== undefined && owner !== options.accountId) {
      s3Fail(403, 'AccessDenied', 'Access Denied');
    }
    const query = url.searchParams;
    const unsupported = UNSUPPORTED_SUBRESOURCES.find((name) => query.has(name));
    if (unsupported !== undefined) {
      s3Fail(501, 'NotImplemented', `The ${unsupported} sub-resource is not implemented by this fake.`);
    }
    return key === '' ? bucketCall(request, query) : objectCall(request, key, body, head);
  }

  function bucketCall(request: Request, query: URLSearchParams) {
    const xml = (text: string) =>
      new HttpResponse(text, {
        status: 200,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': newRequestId() },
      });
    if (request.method === 'HEAD') {
      // HeadBucket (API_HeadBucket.html).
      return new HttpResponse(null, {
        status: 200,
        headers: { 'x-amz-bucket-region': options.region, 'x-amz-request-id': newRequestId() },
      });
    }
    if (request.method !== 'GET') {
      s3Fail(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    }
    if (query.has('location')) return xml(locationXml(options.region));
    checkEncodingType(query);
    const maxKeys = parseMaxKeys(query);
    if (query.get('list-type') === '2') {
      const result = bucket.list({
        prefix: query.get('prefix') ?? '',
        delimiter: query.get('delimiter') || undefined,
        start_after: query.get('start-after') ?? undefined,
        continuation_token: query.get('continuation-token') ?? undefined,
        max_keys: maxKeys,
      });
      return xml(listV2Xml(bucket.name, query, result));
    }
    const result = bucket.list({
      prefix: query.get('prefix') ?? '',
      delimiter: query.get('delimiter') || undefined,
      start_after: query.get('marker') ?? undefined,
      max_keys: maxKeys,
    });
    return xml(listV1Xml(bucket.name, query, result));
  }

  function objectCall(request: Request, key: string, body: Uint8Array, head: boolean) {
    switch (request.method) {
      case 'GET':
      case 'HEAD': {
        const object = bucket.getObject(key);
        return new HttpResponse(head ? null : object.body, { status: 200, headers: objectHeaders(object) });
      }
      case 'PUT': {
        const copySource = request.headers.get('x-amz-copy-source');
        if (copySource !== null) {
          const source = parseCopySource(copySource);
          const directive = (request.headers.get('x-amz-metadata-directive') ?? 'COPY').toUpperCase();
          if (directive !== 'COPY' && directive !== 'REPLACE') {
            s3Fail(400, 'InvalidArgument', 'Unknown metadata directive.', {
              ArgumentName: 'x-amz-metadata-directive',
              ArgumentValue: directive,
            });
          }
          const copied = bucket.copyObject({
            source_bucket: source.bucket,
            source_key: source.key,
            key,
            metadata_directive: directive,
            content_type: request.headers.get('content-type') ?? undefined,
            metadata: userMetadata(request),
          });
          return new HttpResponse(copyResultXml(copied), {
            status: 200,
            headers: { 'content-type': 'application/xml', 'x-amz-request-id': newRequestId() },
          });
        }
        const stored = bucket.putObject({
          key,
          body,
          content_type: request.headers.get('content-type') ?? undefined,
          metadata: userMetadata(request),
        });
        return new HttpResponse(null, {
          status: 200,
          headers: { etag: stored.etag, 'x-amz-request-id': newRequestId() },
        });
      }
      case 'DELETE': {
        bucket.deleteObject(key);
        return new HttpResponse(null, { status: 204, headers: { 'x-amz-request-id': newRequestId() } });
      }
      default:
        s3Fail(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    }
  }

  const handlers: RequestHandler[] = [http.all(matcher, resolver)];
  if (virtualOrigin !== undefined) {
    handlers.push(http.all(new RegExp(`^${escapeRegExp(virtualOrigin)}/`), resolver));
  }
  return handlers;
}

export interface FormsApiHandlerOptions {
  baseUrl: string;
  store: FormDocumentStore;
  faults: FaultInjector;
  /**
   * When set, requests need `Authorization: Bearer <apiToken>`. forms-admin itself has no token on this endpoint
   * (it is reachable only on GOV.UK Forms' private network); this stands in for whatever guards a council's copy.
   */
  apiToken?: string | undefined;
}

/** forms-admin app/controllers/api/errors_controller.rb: `{"error":"not_found"}`, `{"error":"internal_server_error"}`. */
function formsApiErrorBody(status: number) {
  if (status === 404) return { error: 'not_found' };
  if (status === 500) return { error: 'internal_server_error' };
  return { error: `error_${status}` };
}

export function createFormsApiHandlers(options: FormsApiHandlerOptions): RequestHandler[] {
  const base = options.baseUrl.replace(/\/+$/, '');
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
          // config/routes.rb: `constraints: { tag: /draft|live|archived/ }`; anything else is an unrouted 404.
          if (!isFormTag(tag)) return HttpResponse.json(formsApiErrorBody(404), { status: 404 });
          const language = new URL(request.url).searchParams.get('language') ?? undefined;
          try {
            const found = options.store.find({ form_id: String(params.formId), tag, language });
            return HttpResponse.json(found.content as Record<string, unknown>);
          } catch (error) {
            if (!isServiceError(error)) throw error;
            return HttpResponse.json(formsApiErrorBody(error.status), { status: error.status });
          }
        },
        { errorBody: formsApiErrorBody },
      ),
    ),
  ];
}
