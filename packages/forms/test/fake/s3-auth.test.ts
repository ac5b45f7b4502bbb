/**
 * The fake S3 checks AWS Signature Version 4 as S3 does (Amazon S3 API Reference, "Authenticating Requests (AWS
 * Signature Version 4)" and ErrorResponses.html), over raw HTTP.
 */
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCESS_KEY_ID,
  BUCKET,
  encodeKey,
  type Harness,
  presign,
  REGION,
  s3ErrorFields,
  s3Fetch,
  SECRET_ACCESS_KEY,
  sha256Hex,
  signRequest,
  startFake,
} from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startFake();
});
afterEach(() => h.fake.reset());
afterAll(() => h.close());

const objectPath = (key: string) => `/s3/${BUCKET}/${encodeKey(key)}`;

async function error(res: Response) {
  expect(res.headers.get('content-type')).toBe('application/xml');
  return s3ErrorFields(await res.text());
}

describe('header authentication (Authorization: AWS4-HMAC-SHA256)', () => {
  it('accepts a request signed with the configured key, checking the signed payload hash', async () => {
    const res = await s3Fetch(h.origin, {
      method: 'PUT',
      path: objectPath('notes/a b+c.txt'),
      body: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(200);
    expect(h.fake.s3.getObject('notes/a b+c.txt')?.content_type).toBe('text/plain');
  });

  it('refuses a wrong secret with 403 SignatureDoesNotMatch, showing the string to sign but no secret', async () => {
    const res = await s3Fetch(h.origin, {
      path: `/s3/${BUCKET}`,
      query: { 'list-type': '2' },
      secretAccessKey: 'not-the-secret',
    });
    expect(res.status).toBe(403);
    const body = await res.text();
    const fields = s3ErrorFields(body);
    expect(fields.Code).toBe('SignatureDoesNotMatch');
    expect(fields.Message).toBe(
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
    expect(fields.AWSAccessKeyId).toBe(ACCESS_KEY_ID);
    expect(fields.StringToSign).toMatch(
      /^AWS4-HMAC-SHA256\n\d{8}T\d{6}Z\n\d{8}\/eu-west-2\/s3\/aws4_request\n[0-9a-f]{64}$/,
    );
    expect(fields.CanonicalRequest).toContain('list-type=2');
    expect(body).not.toContain(SECRET_ACCESS_KEY);
    expect(body).not.toContain('not-the-secret');
  });

  it('refuses a request whose path was changed after signing (SignatureDoesNotMatch)', async () => {
    h.fake.s3.put('a.txt', 'a');
    h.fake.s3.put('b.txt', 'b');
    const { url, headers } = await signRequest(h.origin, { path: objectPath('a.txt') });
    const res = await fetch(url.replace('a.txt', 'b.txt'), { headers });
    expect(res.status).toBe(403);
    expect((await error(res)).Code).toBe('SignatureDoesNotMatch');
  });

  it('refuses a signed header changed after signing (SignatureDoesNotMatch)', async () => {
    const { url, headers } = await signRequest(h.origin, {
      method: 'PUT',
      path: objectPath('x.txt'),
      body: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    const res = await fetch(url, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'text/html' },
      body: 'x',
    });
    expect(res.status).toBe(403);
    expect((await error(res)).Code).toBe('SignatureDoesNotMatch');
    expect(h.fake.s3.objects()).toEqual([]);
  });

  it('refuses a body that does not match the signed x-amz-content-sha256 (400 XAmzContentSHA256Mismatch)', async () => {
    const { url, headers } = await signRequest(h.origin, {
      method: 'PUT',
      path: objectPath('x.txt'),
      body: 'original',
    });
    const res = await fetch(url, { method: 'PUT', headers, body: 'tampered' });
    expect(res.status).toBe(400);
    const fields = await error(res);
    expect(fields.Code).toBe('XAmzContentSHA256Mismatch');
    expect(fields.ClientComputedContentSHA256).toBe(sha256Hex('original'));
    expect(fields.S3ComputedContentSHA256).toBe(sha256Hex('tampered'));
  });

  it('refuses an access key it does not know (403 InvalidAccessKeyId)', async () => {
    const res = await s3Fetch(h.origin, { path: `/s3/${BUCKET}`, accessKeyId: 'AKIASOMEONEELSE0001' });
    expect(res.status).toBe(403);
    const fields = await error(res);
    expect(fields.Code).toBe('InvalidAccessKeyId');
    expect(fields.AWSAccessKeyId).toBe('AKIASOMEONEELSE0001');
  });

  it('refuses an anonymous request to the private bucket (403 AccessDenied)', async () => {
    const res = await fetch(`${h.origin}/s3/${BUCKET}?list-type=2`);
    expect(res.status).toBe(403);
    expect(await error(res)).toMatchObject({ Code: 'AccessDenied', Message: 'Access Denied' });
  });

  it('refuses a signature scoped to another region (400 AuthorizationHeaderMalformed, naming the right one)', async () => {
    const res = await s3Fetch(h.origin, { path: `/s3/${BUCKET}`, region: 'us-east-1' });
    expect(res.status).toBe(400);
    expect(await error(res)).toMatchObject({
      Code: 'AuthorizationHeaderMalformed',
      Message:
        "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-2'",
      Region: REGION,
    });
  });

  it('requires x-amz-content-sha256 with header authentication (400 InvalidRequest)', async () => {
    const signer = new SignatureV4({
      credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
      region: REGION,
      service: 's3',
      sha256: Sha256,
      uriEscapePath: false,
      applyChecksum: false,
    });
    const url = new URL(h.origin);
    const signed = await signer.sign({
      method: 'GET',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: `/s3/${BUCKET}`,
      query: {},
      headers: { host: url.host },
    });
    const { host: _host, ...headers } = signed.headers as Record<string, string>;
    const res = await fetch(`${h.origin}/s3/${BUCKET}`, { headers });
    expect(res.status).toBe(400);
    expect(await error(res)).toMatchObject({
      Code: 'InvalidRequest',
      Message: 'Missing required header for this request: x-amz-content-sha256',
    });
  });

  it('refuses x-amz-* headers that were not signed (403 AccessDenied)', async () => {
    const { url, headers } = await signRequest(h.origin, { path: `/s3/${BUCKET}` });
    const res = await fetch(url, { headers: { ...headers, 'x-amz-meta-sneaky': 'yes' } });
    expect(res.status).toBe(403);
    expect(await error(res)).toMatchObject({
      Code: 'AccessDenied',
      Message: 'There were headers present in the request which were not signed',
      HeadersNotSigned: 'x-amz-meta-sneaky',
    });
  });

  it('refuses Signature Version 2 (400 InvalidRequest: use AWS4-HMAC-SHA256)', async () => {
    const res = await fetch(`${h.origin}/s3/${BUCKET}`, {
      headers: { authorization: `AWS ${ACCESS_KEY_ID}:c2lnbmF0dXJl`, date: new Date().toUTCString() },
    });
    expect(res.status).toBe(400);
    expect(await error(res)).toMatchObject({
      Code: 'InvalidRequest',
      Message: 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
    });
  });

  it('accepts UNSIGNED-PAYLOAD, storing the body as sent', async () => {
    const res = await s3Fetch(h.origin, {
      method: 'PUT',
      path: objectPath('unsigned.txt'),
      body: 'not hashed',
      payloadHash: 'UNSIGNED-PAYLOAD',
    });
    expect(res.status).toBe(200);
    expect(new TextDecoder().decode(h.fake.s3.getObject('unsigned.txt')?.body)).toBe('not hashed');
  });

  it('accepts an aws-chunked body with STREAMING-UNSIGNED-PAYLOAD-TRAILER (the SDK streaming an upload)', async () => {
    const body = '5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n';
    const res = await s3Fetch(h.origin, {
      method: 'PUT',
      path: objectPath('streamed.txt'),
      body,
      payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      headers: {
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': '11',
        'x-amz-trailer': 'x-amz-checksum-crc32',
      },
    });
    expect(res.status).toBe(200);
    expect(new TextDecoder().decode(h.fake.s3.getObject('streamed.txt')?.body)).toBe('hello world');
  });

  describe('chunk-signed uploads (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)', () => {
    const signingDate = new Date();
    const longDate = signingDate
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}Z$/, 'Z');
    const scope = `${longDate.slice(0, 8)}/${REGION}/s3/aws4_request`;
    const chunkSigner = new SignatureV4({
      credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
      region: REGION,
      service: 's3',
      sha256: Sha256,
    });

    /** sigv4-streaming.html: each chunk's string to sign chains on the previous signature. */
    async function chunked(chunks: string[], seed: string, tamper?: number): Promise<string> {
      let previous = seed;
      let out = '';
      for (const [i, chunk] of [...chunks, ''].entries()) {
        const stringToSign = [
          'AWS4-HMAC-SHA256-PAYLOAD',
          longDate,
          scope,
          previous,
          sha256Hex(''),
          sha256Hex(chunk),
        ].join('\n');
        const signature = await chunkSigner.sign(stringToSign, { signingDate });
        const sent = i === tamper ? chunk.toUpperCase() : chunk;
        out += `${Buffer.byteLength(sent).toString(16)};chunk-signature=${signature}\r\n${sent}\r\n`;
        previous = signature;
      }
      return out;
    }

    async function upload(tamper?: number) {
      const headers = {
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': '10',
      };
      const first = await signRequest(h.origin, {
        method: 'PUT',
        path: objectPath('chunked.txt'),
        payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        headers,
        signingDate,
      });
      const seed = /Signature=([0-9a-f]{64})/.exec(first.headers.authorization as string)?.[1] as string;
      const body = await chunked(['hello', 'chunk'], seed, tamper);
      return fetch(first.url, { method: 'PUT', headers: first.headers, body });
    }

    it('verifies every chunk signature and stores the decoded bytes', async () => {
      const res = await upload();
      expect(res.status).toBe(200);
      expect(new TextDecoder().decode(h.fake.s3.getObject('chunked.txt')?.body)).toBe('hellochunk');
    });

    it('refuses a chunk changed after signing (403 SignatureDoesNotMatch)', async () => {
      const res = await upload(1);
      expect(res.status).toBe(403);
      expect((await error(res)).Code).toBe('SignatureDoesNotMatch');
      expect(h.fake.s3.objects()).toEqual([]);
    });
  });
});

describe('presigned URLs (query authentication)', () => {
  it('serves an object from a presigned GET URL', async () => {
    h.fake.s3.put('form_submissions/1/file.pdf', 'pdf bytes', { content_type: 'application/pdf' });
    const url = await presign(h.origin, { path: objectPath('form_submissions/1/file.pdf'), expiresIn: 300 });
    expect(url).toContain('X-Amz-Signature=');
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('pdf bytes');
  });

  it('refuses a presigned URL whose key was changed (403 SignatureDoesNotMatch)', async () => {
    h.fake.s3.put('a.txt', 'a');
    h.fake.s3.put('b.txt', 'b');
    const url = await presign(h.origin, { path: objectPath('a.txt'), expiresIn: 300 });
    const res = await fetch(url.replace('/a.txt?', '/b.txt?'));
    expect(res.status).toBe(403);
    expect((await error(res)).Code).toBe('SignatureDoesNotMatch');
  });

  it('refuses a presigned URL once X-Amz-Expires has passed on the fake clock (403 AccessDenied, Request has expired)', async () => {
    h.fake.s3.put('a.txt', 'a');
    const url = await presign(h.origin, { path: objectPath('a.txt'), expiresIn: 60 });
    expect((await fetch(url)).status).toBe(200);
    await h.fake.advance(61_000);
    const res = await fetch(url);
    expect(res.status).toBe(403);
    const fields = await error(res);
    expect(fields).toMatchObject({
      Code: 'AccessDenied',
      Message: 'Request has expired',
      'X-Amz-Expires': '60',
    });
    expect(Date.parse(fields.ServerTime as string)).toBeGreaterThan(Date.parse(fields.Expires as string));
  });

  it('refuses X-Amz-Expires over a week (400 AuthorizationQueryParametersError)', async () => {
    const url = await presign(h.origin, { path: objectPath('a.txt'), expiresIn: 60 });
    const res = await fetch(url.replace('X-Amz-Expires=60', 'X-Amz-Expires=604801'));
    expect(res.status).toBe(400);
    expect(await error(res)).toMatchObject({
      Code: 'AuthorizationQueryParametersError',
      Message: 'X-Amz-Expires must be less than a week (in seconds) that is 604800',
    });
  });

  it('refuses a presigned URL with a wrong secret (403 SignatureDoesNotMatch)', async () => {
    h.fake.s3.put('a.txt', 'a');
    const url = await presign(h.origin, {
      path: objectPath('a.txt'),
      expiresIn: 60,
      secretAccessKey: 'wrong',
    });
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect((await error(res)).Code).toBe('SignatureDoesNotMatch');
  });
});
