/**
 * S3's XML bodies, for the wire layer: the error document (ErrorResponses.html, "REST error responses"), the
 * ListBucketResult of ListObjects v1 and v2 (API_ListObjects.html, API_ListObjectsV2.html), CopyObjectResult
 * (API_CopyObject.html) and LocationConstraint (API_GetBucketLocation.html).
 */
import { randomBytes } from 'node:crypto';
import type { ListResult, StoredObject } from './model/objects';

const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function xmlEscape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );
}

export function newRequestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

/** `<Error><Code>NoSuchKey</Code><Message>...</Message>[extra fields]<RequestId/><HostId/></Error>`. */
export function errorXml(
  code: string,
  message: string,
  extra: Record<string, unknown>,
  requestId: string,
): string {
  const fields = Object.entries(extra)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `<${k}>${xmlEscape(String(v))}</${k}>`)
    .join('');
  return `${XML_DECLARATION}<Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message>${fields}<RequestId>${requestId}</RequestId><HostId>${randomBytes(16).toString('base64')}</HostId></Error>`;
}

/**
 * With `encoding-type=url`, S3 URL-encodes keys, prefixes, `StartAfter`/`Marker` and the delimiter in the listing,
 * slashes kept and a space as `+` (form encoding: `a+ b.txt` is listed as `a%2B+b.txt`, as S3's own answers in
 * versity/versitygw issue #2169 show; boto's `unquote_plus` decoding relies on it, boto/boto PR #2654).
 */
function encoder(query: URLSearchParams): (text: string) => string {
  const url = query.get('encoding-type') === 'url';
  return (text) => xmlEscape(url ? encodeURIComponent(text).replace(/%2F/g, '/').replace(/%20/g, '+') : text);
}

/** Last-Modified in listings: ISO 8601 with milliseconds. */
function contentsXml(o: StoredObject, enc: (t: string) => string, owner: boolean): string {
  const ownerXml = owner ? '<Owner><ID>fake-owner</ID><DisplayName>fake-owner</DisplayName></Owner>' : '';
  return `<Contents><Key>${enc(o.key)}</Key><LastModified>${o.last_modified.toISOString()}</LastModified><ETag>${xmlEscape(o.etag)}</ETag><Size>${o.body.byteLength}</Size>${ownerXml}<StorageClass>STANDARD</StorageClass></Contents>`;
}

export function listV2Xml(bucket: string, query: URLSearchParams, result: ListResult): string {
  const enc = encoder(query);
  const out = [XML_DECLARATION, `<ListBucketResult xmlns="${S3_NAMESPACE}">`];
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
  out.push(`<KeyCount>${result.key_count}</KeyCount>`, `<MaxKeys>${result.max_keys}</MaxKeys>`);
  if (query.has('delimiter')) out.push(`<Delimiter>${enc(query.get('delimiter') as string)}</Delimiter>`);
  if (query.get('encoding-type') === 'url') out.push('<EncodingType>url</EncodingType>');
  out.push(`<IsTruncated>${result.is_truncated}</IsTruncated>`);
  // v2 shows owners only with fetch-owner=true.
  const owner = query.get('fetch-owner') === 'true';
  for (const o of result.contents) out.push(contentsXml(o, enc, owner));
  for (const p of result.common_prefixes)
    out.push(`<CommonPrefixes><Prefix>${enc(p)}</Prefix></CommonPrefixes>`);
  out.push('</ListBucketResult>');
  return out.join('');
}

/** ListObjects (v1): `Marker`, and `NextMarker` only when a delimiter was given (API_ListObjects.html). */
export function listV1Xml(bucket: string, query: URLSearchParams, result: ListResult): string {
  const enc = encoder(query);
  const out = [XML_DECLARATION, `<ListBucketResult xmlns="${S3_NAMESPACE}">`];
  out.push(
    `<Name>${xmlEscape(bucket)}</Name>`,
    `<Prefix>${enc(query.get('prefix') ?? '')}</Prefix>`,
    `<Marker>${enc(query.get('marker') ?? '')}</Marker>`,
  );
  if (result.is_truncated && query.has('delimiter') && result.last !== undefined) {
    out.push(`<NextMarker>${enc(result.last)}</NextMarker>`);
  }
  out.push(`<MaxKeys>${result.max_keys}</MaxKeys>`);
  if (query.has('delimiter')) out.push(`<Delimiter>${enc(query.get('delimiter') as string)}</Delimiter>`);
  if (query.get('encoding-type') === 'url') out.push('<EncodingType>url</EncodingType>');
  out.push(`<IsTruncated>${result.is_truncated}</IsTruncated>`);
  for (const o of result.contents) out.push(contentsXml(o, enc, true));
  for (const p of result.common_prefixes)
    out.push(`<CommonPrefixes><Prefix>${enc(p)}</Prefix></CommonPrefixes>`);
  out.push('</ListBucketResult>');
  return out.join('');
}

export function copyResultXml(object: StoredObject): string {
  return `${XML_DECLARATION}<CopyObjectResult xmlns="${S3_NAMESPACE}"><LastModified>${object.last_modified.toISOString()}</LastModified><ETag>${xmlEscape(object.etag)}</ETag></CopyObjectResult>`;
}

/** GetBucketLocation: S3 answers an empty constraint for us-east-1. */
export function locationXml(region: string): string {
  const value = region === 'us-east-1' ? '' : xmlEscape(region);
  return `${XML_DECLARATION}<LocationConstraint xmlns="${S3_NAMESPACE}">${value}</LocationConstraint>`;
}
