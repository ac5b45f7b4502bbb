/**
 * AWS Signature Version 4 as S3 checks it, for the wire layer: header authentication (`Authorization:
 * AWS4-HMAC-SHA256 ...`) and presigned URLs (`X-Amz-Signature` in the query), with the payload modes the AWS SDK v3
 * sends (a hex SHA-256 of the body, `UNSIGNED-PAYLOAD`, `STREAMING-UNSIGNED-PAYLOAD-TRAILER`, and the chunk-signed
 * `STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`). The canonical request, string to sign and signatures are computed
 * by the AWS SDK's own signer (`@smithy/signature-v4`), never by hand.
 *
 * S3 is closed source: the rules and error codes follow the Amazon S3 API Reference, "Authenticating Requests (AWS
 * Signature Version 4)" (docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-authenticating-requests.html,
 * sigv4-auth-using-authorization-header.html, sigv4-query-string-auth.html, sigv4-streaming.html,
 * sig-v4-header-based-auth.html) and ErrorResponses.html.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@smithy/core/checksum';
import { ServiceError } from '@council-sdk/core/testing';
import { getCanonicalHeaders, SignatureV4 } from '@smithy/signature-v4';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface S3AuthOptions {
  /** The bucket's region: a signature scoped to another region is refused. */
  region: string;
  /** The access keys the fake accepts. */
  credentials: readonly S3Credentials[];
  /** The service's clock, for presigned URL expiry. */
  now: () => Date;
}

export interface AuthenticatedRequest {
  accessKeyId: string;
  /** The request body with any aws-chunked framing removed. */
  body: Uint8Array;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
const STREAMING_SIGNED = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
const STREAMING_SIGNED_TRAILER = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
const PAYLOAD_MODES = [
  UNSIGNED_PAYLOAD,
  STREAMING_UNSIGNED_TRAILER,
  STREAMING_SIGNED,
  STREAMING_SIGNED_TRAILER,
];
/** sigv4-query-string-auth.html: "The maximum value is 604800 seconds (seven days)". */
const MAX_PRESIGNED_SECONDS = 604_800;
const QUERY_AUTH_PARAMS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
];

/** The signer, opened up just enough to compute the canonical request and string to sign S3 will compare. */
class Sigv4Check extends SignatureV4 {
  constructor(credentials: S3Credentials, region: string) {
    // S3 signs the path as sent, without SigV4's second round of escaping (the AWS SDK's S3 signer does the same).
    super({ credentials, region, service: 's3', sha256: Sha256, uriEscapePath: false });
  }

  async expected(input: {
    method: string;
    path: string;
    query: Record<string, string | string[]>;
    headers: Record<string, string>;
    payloadHash: string;
    longDate: string;
    scope: string;
    signingDate: Date;
    region: string;
  }): Promise<{ canonicalRequest: string; stringToSign: string; signature: string }> {
    const signed = new Set(Object.keys(input.headers));
    const request = {
      method: input.method,
      protocol: 'https:',
      hostname: input.headers.host ?? '',
      path: input.path,
      query: input.query,
      headers: input.headers,
    };
    const canonicalHeaders = getCanonicalHeaders(request, undefined, signed);
    const canonicalRequest = this.createCanonicalRequest(request, canonicalHeaders, input.payloadHash);
    const stringToSign = await this.createStringToSign(
      input.longDate,
      input.scope,
      canonicalRequest,
      ALGORITHM,
    );
    const signature = await this.sign(stringToSign, {
      signingDate: input.signingDate,
      signingRegion: input.region,
      signingService: 's3',
    });
    return { canonicalRequest, stringToSign, signature };
  }

  /** sigv4-streaming.html: each chunk's signature chains on the previous one, starting from the request's. */
  chunkSignature(input: {
    previous: string;
    chunk: Uint8Array;
    longDate: string;
    scope: string;
    signingDate: Date;
    region: string;
  }): Promise<string> {
    const stringToSign = [
      'AWS4-HMAC-SHA256-PAYLOAD',
      input.longDate,
      input.scope,
      input.previous,
      EMPTY_SHA256,
      sha256Hex(input.chunk),
    ].join('\n');
    return this.sign(stringToSign, {
      signingDate: input.signingDate,
      signingRegion: input.region,
      signingService: 's3',
    });
  }
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function sameSignature(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function bytesOf(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** `20260101T120000Z` -> a Date, or undefined. */
function parseAmzDate(value: string | null | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, s));
}

interface Scope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  /** `date/region/service/aws4_request`. */
  scope: string;
}

function parseCredential(value: string): Scope | undefined {
  const parts = value.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || parts.some((p) => p === '')) return undefined;
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  return { accessKeyId, date, region, service, scope: parts.slice(1).join('/') };
}

function queryObject(
  params: URLSearchParams,
  skip: readonly string[] = [],
): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of params) {
    if (skip.includes(name)) continue;
    const existing = query[name];
    if (existing === undefined) query[name] = value;
    else query[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

function signedHeaderValues(request: Request, url: URL, names: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of names) {
    // A Fetch Request may not expose Host; the URL carries it.
    headers[name] = request.headers.get(name) ?? (name === 'host' ? url.host : '');
  }
  return headers;
}

function accessKeyFor(options: S3AuthOptions, accessKeyId: string): S3Credentials {
  const credentials = options.credentials.find((c) => c.accessKeyId === accessKeyId);
  if (!credentials) {
    throw new ServiceError(
      403,
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
      {
        AWSAccessKeyId: accessKeyId,
      },
    );
  }
  return credentials;
}

function signatureMismatch(
  accessKeyId: string,
  provided: string,
  computed: { canonicalRequest: string; stringToSign: string },
) {
  return new ServiceError(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    {
      AWSAccessKeyId: accessKeyId,
      StringToSign: computed.stringToSign,
      SignatureProvided: provided,
      StringToSignBytes: bytesOf(computed.stringToSign),
      CanonicalRequest: computed.canonicalRequest,
      CanonicalRequestBytes: bytesOf(computed.canonicalRequest),
    },
  );
}

/**
 * Check a request's SigV4 signature and payload; resolve to the caller's access key id and the decoded body, or
 * throw the `ServiceError` S3 would answer with.
 */
export async function authenticateS3Request(
  request: Request,
  rawBody: Uint8Array,
  options: S3AuthOptions,
): Promise<AuthenticatedRequest> {
  const url = new URL(request.url);
  const authorization = request.headers.get('authorization');
  if (authorization !== null) return headerAuth(request, url, authorization, rawBody, options);
  if (
    url.searchParams.has('X-Amz-Signature') ||
    url.searchParams.has('X-Amz-Credential') ||
    url.searchParams.has('X-Amz-Algorithm')
  ) {
    return queryAuth(request, url, rawBody, options);
  }
  // An anonymous request to a private bucket.
  throw new ServiceError(403, 'AccessDenied', 'Access Denied');
}

async function headerAuth(
  request: Request,
  url: URL,
  authorization: string,
  rawBody: Uint8Array,
  options: S3AuthOptions,
): Promise<AuthenticatedRequest> {
  if (authorization.startsWith('AWS ')) {
    // Regions opened after 2014 (eu-west-2 among them) accept only Signature Version 4.
    throw new ServiceError(
      400,
      'InvalidRequest',
      'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
    );
  }
  if (!authorization.startsWith(`${ALGORITHM} `)) {
    throw new ServiceError(400, 'InvalidArgument', 'Unsupported Authorization Type', {
      ArgumentName: 'Authorization',
      ArgumentValue: authorization.split(' ')[0],
    });
  }
  const fields = Object.fromEntries(
    authorization
      .slice(ALGORITHM.length + 1)
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const at = part.indexOf('=');
        return at === -1 ? [part, ''] : [part.slice(0, at), part.slice(at + 1)];
      }),
  ) as Record<string, string>;
  const { Credential: credential, SignedHeaders: signedHeaderList, Signature: provided } = fields;
  if (!credential || !signedHeaderList || !provided) {
    throw new ServiceError(
      400,
      'AuthorizationHeaderMalformed',
      'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.',
    );
  }
  const scope = parseCredential(credential);
  if (!scope) {
    throw new ServiceError(
      400,
      'AuthorizationHeaderMalformed',
      'The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    );
  }
  const keys = accessKeyFor(options, scope.accessKeyId);
  if (scope.region !== options.region) {
    throw new ServiceError(
      400,
      'AuthorizationHeaderMalformed',
      `The authorization header is malformed; the region '${scope.region}' is wrong; expecting '${options.region}'`,
      { Region: options.region },
    );
  }
  const longDate = request.headers.get('x-amz-date');
  const signingDate = parseAmzDate(longDate);
  if (!longDate || !signingDate) {
    throw new ServiceError(
      403,
      'AccessDenied',
      'AWS authentication requires a valid Date or x-amz-date header',
    );
  }
  const payloadHash = request.headers.get('x-amz-content-sha256');
  if (payloadHash === null) {
    throw new ServiceError(
      400,
      'InvalidRequest',
      'Missing required header for this request: x-amz-content-sha256',
    );
  }
  checkPayloadMode(payloadHash);
  const signedNames = signedHeaderList.split(';').map((n) => n.trim().toLowerCase());
  checkAllAmzHeadersSigned(request, signedNames);

  const check = new Sigv4Check(keys, options.region);
  const computed = await check.expected({
    method: request.method,
    path: url.pathname,
    query: queryObject(url.searchParams),
    headers: signedHeaderValues(request, url, signedNames),
    payloadHash,
    longDate,
    scope: scope.scope,
    signingDate,
    region: scope.region,
  });
  if (!sameSignature(computed.signature, provided))
    throw signatureMismatch(scope.accessKeyId, provided, computed);

  const body = await decodePayload(request, rawBody, payloadHash, {
    check,
    seed: provided,
    longDate,
    scope: scope.scope,
    signingDate,
    region: scope.region,
  });
  return { accessKeyId: scope.accessKeyId, body };
}

async function queryAuth(
  request: Request,
  url: URL,
  rawBody: Uint8Array,
  options: S3AuthOptions,
): Promise<AuthenticatedRequest> {
  const params = url.searchParams;
  if (QUERY_AUTH_PARAMS.some((name) => !params.has(name))) {
    throw new ServiceError(
      400,
      'AuthorizationQueryParametersError',
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  if (params.get('X-Amz-Algorithm') !== ALGORITHM) {
    throw new ServiceError(
      400,
      'AuthorizationQueryParametersError',
      'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"',
    );
  }
  const scope = parseCredential(params.get('X-Amz-Credential') as string);
  if (!scope) {
    throw new ServiceError(
      400,
      'AuthorizationQueryParametersError',
      'Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    );
  }
  const keys = accessKeyFor(options, scope.accessKeyId);
  if (scope.region !== options.region) {
    throw new ServiceError(
      400,
      'AuthorizationQueryParametersError',
      `Error parsing the X-Amz-Credential parameter; the region '${scope.region}' is wrong; expecting '${options.region}'`,
      { Region: options.region },
    );
  }
  const longDate = params.get('X-Amz-Date') as string;
  const signingDate = parseAmzDate(longDate);
  if (!signingDate) {
    throw new ServiceError(
      400,
      'AuthorizationQueryParametersError',
      "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"",
    );
  }
  const expiresRaw = params.get('X-Amz-Expires') as string;
  const expires = Number(expiresRaw);
  if (!/^\d+$/.test(expiresRaw)) {
    throw new ServiceError(400, 'AuthorizationQueryParametersError', 'X-Amz-Expires should be a number');
  }
  if (expires > MAX_PRESIGNED_SECONDS) {
    throw new ServiceError(
      400,
      'AuthorizationQueryParametersError',
      'X-Amz-Expires must be less than a week (in seconds) that is 604800',
    );
  }
  const provided = params.get('X-Amz-Signature') as string;
  const signedNames = (params.get('X-Amz-SignedHeaders') as string)
    .split(';')
    .map((n) => n.trim().toLowerCase());
  // A presigned URL signs no payload unless it says otherwise (sigv4-query-string-auth.html).
  // Presigners hoist it into the query under either spelling.
  const hashParam = [...params.keys()].find((name) => name.toLowerCase() === 'x-amz-content-sha256');
  const payloadHash =
    (hashParam === undefined ? null : params.get(hashParam)) ??
    request.headers.get('x-amz-content-sha256') ??
    UNSIGNED_PAYLOAD;
  checkPayloadMode(payloadHash);

  const check = new Sigv4Check(keys, options.region);
  const computed = await check.expected({
    method: request.method,
    path: url.pathname,
    query: queryObject(params),
    headers: signedHeaderValues(request, url, signedNames),
    payloadHash,
    longDate,
    scope: scope.scope,
    signingDate,
    region: scope.region,
  });
  if (!sameSignature(computed.signature, provided))
    throw signatureMismatch(scope.accessKeyId, provided, computed);

  const expiresAt = new Date(signingDate.getTime() + expires * 1000);
  const now = options.now();
  if (now.getTime() > expiresAt.getTime()) {
    throw new ServiceError(403, 'AccessDenied', 'Request has expired', {
      'X-Amz-Expires': expiresRaw,
      Expires: expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ServerTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
  }
  const body = await decodePayload(request, rawBody, payloadHash, {
    check,
    seed: provided,
    longDate,
    scope: scope.scope,
    signingDate,
    region: scope.region,
  });
  return { accessKeyId: scope.accessKeyId, body };
}

function checkPayloadMode(payloadHash: string): void {
  if (PAYLOAD_MODES.includes(payloadHash) || /^[0-9a-f]{64}$/.test(payloadHash)) return;
  throw new ServiceError(
    400,
    'InvalidArgument',
    'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
    { ArgumentName: 'x-amz-content-sha256', ArgumentValue: payloadHash },
  );
}

/** sig-v4-header-based-auth.html: every `x-amz-*` header sent must be signed. */
function checkAllAmzHeadersSigned(request: Request, signed: string[]): void {
  const unsigned: string[] = [];
  request.headers.forEach((_value, name) => {
    if (name.startsWith('x-amz-') && !signed.includes(name)) unsigned.push(name);
  });
  if (unsigned.length > 0) {
    throw new ServiceError(
      403,
      'AccessDenied',
      'There were headers present in the request which were not signed',
      {
        HeadersNotSigned: unsigned.join(', '),
      },
    );
  }
}

interface ChunkContext {
  check: Sigv4Check;
  seed: string;
  longDate: string;
  scope: string;
  signingDate: Date;
  region: string;
}

async function decodePayload(
  request: Request,
  raw: Uint8Array,
  payloadHash: string,
  context: ChunkContext,
): Promise<Uint8Array> {
  if (/^[0-9a-f]{64}$/.test(payloadHash)) {
    const computed = sha256Hex(raw);
    if (computed !== payloadHash) {
      throw new ServiceError(
        400,
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        {
          ClientComputedContentSHA256: payloadHash,
          S3ComputedContentSHA256: computed,
        },
      );
    }
    return raw;
  }
  if (payloadHash === STREAMING_SIGNED || payloadHash === STREAMING_SIGNED_TRAILER) {
    return decodeAwsChunked(raw, context);
  }
  if (
    payloadHash === STREAMING_UNSIGNED_TRAILER ||
    (request.headers.get('content-encoding') ?? '').includes('aws-chunked')
  ) {
    return decodeAwsChunked(raw);
  }
  return raw;
}

function incompleteBody(): ServiceError {
  return new ServiceError(400, 'IncompleteBody', 'The request body terminated unexpectedly');
}

/**
 * An `aws-chunked` body: `<hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n` ... `0[;chunk-signature=<sig>]\r\n`
 * then optional trailers. With a signing context, every chunk signature (the final empty one included) is checked.
 */
async function decodeAwsChunked(body: Uint8Array, context?: ChunkContext): Promise<Uint8Array> {
  const buffer = Buffer.from(body);
  const parts: Buffer[] = [];
  let offset = 0;
  let previous = context?.seed ?? '';
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', offset);
    if (lineEnd === -1) throw incompleteBody();
    const [sizeText, ...extensions] = buffer.subarray(offset, lineEnd).toString('latin1').split(';');
    const size = Number.parseInt(sizeText ?? '', 16);
    if (!Number.isFinite(size) || size < 0) throw incompleteBody();
    offset = lineEnd + 2;
    if (offset + size > buffer.length) throw incompleteBody();
    const chunk = buffer.subarray(offset, offset + size);
    if (context) {
      const provided =
        extensions.find((e) => e.startsWith('chunk-signature='))?.slice('chunk-signature='.length) ?? '';
      const expected = await context.check.chunkSignature({ ...context, previous, chunk });
      if (!sameSignature(expected, provided)) {
        throw new ServiceError(
          403,
          'SignatureDoesNotMatch',
          'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        );
      }
      previous = provided;
    }
    if (size === 0) break;
    parts.push(chunk);
    offset += size + 2;
  }
  return new Uint8Array(Buffer.concat(parts));
}
