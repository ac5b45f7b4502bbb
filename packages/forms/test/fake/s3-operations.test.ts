/**
 * The S3 calls the AWS SDK and common tools make, answered as S3 answers them (Amazon S3 API Reference:
 * API_PutObject, API_GetObject, API_HeadObject, API_CopyObject, API_DeleteObject, API_ListObjects,
 * API_ListObjectsV2, API_HeadBucket, API_GetBucketLocation, ErrorResponses), over raw signed HTTP.
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET, encodeKey, type Harness, s3ErrorFields, s3Fetch, startFake, xmlValues } from './harness';

const ACCOUNT_ID = '111122223333';
let h: Harness;
beforeAll(async () => {
  h = await startFake({ s3: { accountId: ACCOUNT_ID } });
});
afterEach(() => h.fake.reset());
afterAll(() => h.close());

const objectPath = (key: string, bucket = BUCKET) => `/s3/${bucket}/${encodeKey(key)}`;
const bucketPath = `/s3/${BUCKET}`;

describe('PutObject, GetObject, HeadObject, DeleteObject', () => {
  it('stores an object with its content type and metadata; the ETag is the MD5 of the body in quotes', async () => {
    const put = await s3Fetch(h.origin, {
      method: 'PUT',
      path: objectPath('dir/llun ŵ (1).txt'),
      body: 'hello',
      headers: { 'content-type': 'text/plain', 'x-amz-meta-source': 'test' },
    });
    expect(put.status).toBe(200);
    const md5 = `"${createHash('md5').update('hello').digest('hex')}"`;
    expect(put.headers.get('etag')).toBe(md5);

    const get = await s3Fetch(h.origin, { path: objectPath('dir/llun ŵ (1).txt') });
    expect(get.status).toBe(200);
    expect(await get.text()).toBe('hello');
    expect(get.headers.get('content-type')).toBe('text/plain');
    expect(get.headers.get('etag')).toBe(md5);
    expect(get.headers.get('x-amz-meta-source')).toBe('test');
    expect(get.headers.get('last-modified')).toMatch(/GMT$/);
  });

  it('stores binary/octet-stream when no content type is sent', async () => {
    // Bytes, so fetch adds no content type of its own.
    await s3Fetch(h.origin, { method: 'PUT', path: objectPath('raw'), body: new Uint8Array([120]) });
    expect(h.fake.s3.getObject('raw')?.content_type).toBe('binary/octet-stream');
  });

  it('answers GetObject of a missing key with 404 NoSuchKey naming the key', async () => {
    const res = await s3Fetch(h.origin, { path: objectPath('missing.json') });
    expect(res.status).toBe(404);
    expect(s3ErrorFields(await res.text())).toMatchObject({
      Code: 'NoSuchKey',
      Message: 'The specified key does not exist.',
      Key: 'missing.json',
    });
  });

  it('answers HeadObject with the headers and no body, and a missing key with a bare 404', async () => {
    h.fake.s3.put('x.json', '{"a":1}', { content_type: 'application/json' });
    const head = await s3Fetch(h.origin, { method: 'HEAD', path: objectPath('x.json') });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('7');
    expect(await head.text()).toBe('');
    const missing = await s3Fetch(h.origin, { method: 'HEAD', path: objectPath('nope') });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('');
  });

  it('answers DeleteObject with 204 whether or not the key existed', async () => {
    h.fake.s3.put('gone.txt', 'x');
    const first = await s3Fetch(h.origin, { method: 'DELETE', path: objectPath('gone.txt') });
    const again = await s3Fetch(h.origin, { method: 'DELETE', path: objectPath('gone.txt') });
    expect([first.status, again.status]).toEqual([204, 204]);
    expect(h.fake.s3.objects()).toEqual([]);
  });

  it('refuses a key over 1,024 bytes (400 KeyTooLongError)', async () => {
    const res = await s3Fetch(h.origin, { method: 'PUT', path: objectPath('k'.repeat(1025)), body: 'x' });
    expect(res.status).toBe(400);
    expect(s3ErrorFields(await res.text()).Code).toBe('KeyTooLongError');
  });
});

describe('CopyObject', () => {
  it('copies an object with its bytes, ETag, content type and metadata, answering CopyObjectResult', async () => {
    h.fake.s3.put('uploads/a.pdf', 'pdf', {
      content_type: 'application/pdf',
      metadata: { origin: 'runner' },
    });
    const res = await s3Fetch(h.origin, {
      method: 'PUT',
      path: objectPath('form_submissions/1/a.pdf'),
      headers: { 'x-amz-copy-source': `/${BUCKET}/${encodeKey('uploads/a.pdf')}` },
    });
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toContain('<CopyObjectResult');
    const copied = h.fake.s3.getObject('form_submissions/1/a.pdf');
    expect(new TextDecoder().decode(copied?.body)).toBe('pdf');
    expect(copied?.content_type).toBe('application/pdf');
    expect(copied?.metadata).toEqual({ origin: 'runner' });
    expect(xmlValues(xml, 'ETag')).toEqual([`"${createHash('md5').update('pdf').digest('hex')}"`]);
    expect(h.fake.s3.writes().at(-1)).toMatchObject({ key: 'form_submissions/1/a.pdf', via: 'copy' });
  });

  it('takes the request content type and metadata with x-amz-metadata-directive: REPLACE', async () => {
    h.fake.s3.put('a.txt', 'a', { content_type: 'text/plain', metadata: { old: '1' } });
    await s3Fetch(h.origin, {
      method: 'PUT',
      path: objectPath('b.txt'),
      headers: {
        'x-amz-copy-source': `${BUCKET}/a.txt`,
        'x-amz-metadata-directive': 'REPLACE',
        'content-type': 'text/markdown',
        'x-amz-meta-new': '2',
      },
    });
    expect(h.fake.s3.getObject('b.txt')).toMatchObject({
      content_type: 'text/markdown',
      metadata: { new: '2' },
    });
  });

  it('refuses to copy a missing source (404 NoSuchKey)', async () => {
    const res = await s3Fetch(h.origin, {
      method: 'PUT',
      path: objectPath('b.txt'),
      headers: { 'x-amz-copy-source': `/${BUCKET}/missing.txt` },
    });
    expect(res.status).toBe(404);
    expect(s3ErrorFields(await res.text()).Code).toBe('NoSuchKey');
  });

  it('refuses to copy an object onto itself without replacing anything (400 InvalidRequest)', async () => {
    h.fake.s3.put('a.txt', 'a');
    const res = await s3Fetch(h.origin, {
      method: 'PUT',
      path: objectPath('a.txt'),
      headers: { 'x-amz-copy-source': `/${BUCKET}/a.txt` },
    });
    expect(res.status).toBe(400);
    expect(s3ErrorFields(await res.text()).Code).toBe('InvalidRequest');
  });
});

describe('ListObjectsV2', () => {
  it('pages in UTF-8 key order with continuation tokens, KeyCount and MaxKeys', async () => {
    for (const key of ['p/b', 'p/a', 'p/é', 'p/z', 'q/other']) h.fake.s3.put(key, 'x');
    const keys: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await s3Fetch(h.origin, {
        path: bucketPath,
        query: {
          'list-type': '2',
          prefix: 'p/',
          'max-keys': '2',
          ...(token ? { 'continuation-token': token } : {}),
        },
      });
      const xml = await res.text();
      pages++;
      keys.push(...xmlValues(xml, 'Key'));
      expect(xmlValues(xml, 'KeyCount')).toEqual([String(xmlValues(xml, 'Key').length)]);
      expect(xmlValues(xml, 'MaxKeys')).toEqual(['2']);
      token =
        xmlValues(xml, 'IsTruncated')[0] === 'true' ? xmlValues(xml, 'NextContinuationToken')[0] : undefined;
    } while (token);
    expect(pages).toBe(2);
    expect(keys).toEqual(['p/a', 'p/b', 'p/z', 'p/é']);
  });

  it('rolls keys up to the delimiter into CommonPrefixes', async () => {
    for (const key of ['f/1/a', 'f/1/b', 'f/2/a', 'f/top']) h.fake.s3.put(key, 'x');
    const xml = await (
      await s3Fetch(h.origin, { path: bucketPath, query: { 'list-type': '2', prefix: 'f/', delimiter: '/' } })
    ).text();
    expect(xmlValues(xml, 'Key')).toEqual(['f/top']);
    expect(xml).toContain(
      '<CommonPrefixes><Prefix>f/1/</Prefix></CommonPrefixes><CommonPrefixes><Prefix>f/2/</Prefix></CommonPrefixes>',
    );
  });

  it('URL-encodes keys and prefixes with encoding-type=url, a space as + and a + as %2B, slashes kept', async () => {
    for (const key of ['e/a+ b.txt', 'e/100%.csv', 'e/run books/x.txt', 'e/é.txt']) h.fake.s3.put(key, 'x');
    for (const listType of [{ 'list-type': '2' }, {}] as Record<string, string>[]) {
      const xml = await (
        await s3Fetch(h.origin, {
          path: bucketPath,
          query: { ...listType, prefix: 'e/', delimiter: '/', 'encoding-type': 'url' },
        })
      ).text();
      expect(xmlValues(xml, 'Key')).toEqual(['e/100%25.csv', 'e/a%2B+b.txt', 'e/%C3%A9.txt']);
      expect(xml).toContain('<CommonPrefixes><Prefix>e/run+books/</Prefix></CommonPrefixes>');
      expect(xmlValues(xml, 'EncodingType')).toEqual(['url']);
    }
  });

  it('refuses an encoding-type other than url (400 InvalidArgument "Invalid Encoding Method specified in Request")', async () => {
    for (const listType of [{ 'list-type': '2' }, {}] as Record<string, string>[]) {
      const res = await s3Fetch(h.origin, {
        path: bucketPath,
        query: { ...listType, 'encoding-type': 'utf-8' },
      });
      expect(res.status).toBe(400);
      expect(s3ErrorFields(await res.text())).toMatchObject({
        Code: 'InvalidArgument',
        Message: 'Invalid Encoding Method specified in Request',
        ArgumentName: 'encoding-type',
        ArgumentValue: 'utf-8',
      });
    }
  });

  it('refuses a continuation token it did not issue (400 InvalidArgument)', async () => {
    const res = await s3Fetch(h.origin, {
      path: bucketPath,
      query: { 'list-type': '2', 'continuation-token': 'bm90LWEtdG9rZW4=' },
    });
    expect(res.status).toBe(400);
    expect(s3ErrorFields(await res.text())).toMatchObject({
      Code: 'InvalidArgument',
      ArgumentName: 'continuation-token',
    });
  });

  it('refuses a max-keys that is not an integer (400 InvalidArgument)', async () => {
    const res = await s3Fetch(h.origin, { path: bucketPath, query: { 'list-type': '2', 'max-keys': 'ten' } });
    expect(res.status).toBe(400);
    expect(s3ErrorFields(await res.text())).toMatchObject({
      Code: 'InvalidArgument',
      ArgumentName: 'max-keys',
    });
  });
});

describe('ListObjects (v1)', () => {
  it('pages with Marker, shows owners, and gives NextMarker when a delimiter is used', async () => {
    for (const key of ['a/1', 'a/2', 'b', 'c']) h.fake.s3.put(key, 'x');
    const first = await (await s3Fetch(h.origin, { path: bucketPath, query: { 'max-keys': '2' } })).text();
    expect(xmlValues(first, 'Key')).toEqual(['a/1', 'a/2']);
    expect(xmlValues(first, 'IsTruncated')).toEqual(['true']);
    expect(xmlValues(first, 'Marker')).toEqual(['']);
    expect(first).toContain('<Owner>');
    expect(first).not.toContain('NextMarker');
    const second = await (
      await s3Fetch(h.origin, { path: bucketPath, query: { 'max-keys': '2', marker: 'a/2' } })
    ).text();
    expect(xmlValues(second, 'Key')).toEqual(['b', 'c']);
    expect(xmlValues(second, 'IsTruncated')).toEqual(['false']);

    const rolled = await (
      await s3Fetch(h.origin, { path: bucketPath, query: { delimiter: '/', 'max-keys': '2' } })
    ).text();
    expect(xmlValues(rolled, 'Prefix')).toContain('a/');
    expect(xmlValues(rolled, 'NextMarker')).toEqual(['b']);
  });
});

describe('the bucket', () => {
  it('answers another bucket with 404 NoSuchBucket', async () => {
    const res = await s3Fetch(h.origin, { path: '/s3/someone-elses-bucket', query: { 'list-type': '2' } });
    expect(res.status).toBe(404);
    expect(s3ErrorFields(await res.text())).toMatchObject({
      Code: 'NoSuchBucket',
      BucketName: 'someone-elses-bucket',
    });
  });

  it('refuses a request whose x-amz-expected-bucket-owner is another account (403 AccessDenied)', async () => {
    const ok = await s3Fetch(h.origin, {
      path: bucketPath,
      query: { 'list-type': '2' },
      headers: { 'x-amz-expected-bucket-owner': ACCOUNT_ID },
    });
    expect(ok.status).toBe(200);
    const res = await s3Fetch(h.origin, {
      path: bucketPath,
      query: { 'list-type': '2' },
      headers: { 'x-amz-expected-bucket-owner': '999999999999' },
    });
    expect(res.status).toBe(403);
    expect(s3ErrorFields(await res.text()).Code).toBe('AccessDenied');
  });

  it('answers HeadBucket with its region, and GetBucketLocation with its LocationConstraint', async () => {
    const head = await s3Fetch(h.origin, { method: 'HEAD', path: bucketPath });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-amz-bucket-region')).toBe('eu-west-2');
    const location = await (await s3Fetch(h.origin, { path: bucketPath, query: { location: '' } })).text();
    expect(xmlValues(location, 'LocationConstraint')).toEqual([]);
    expect(location).toContain('>eu-west-2</LocationConstraint>');
  });

  it('answers sub-resources it does not implement with 501 NotImplemented', async () => {
    const res = await s3Fetch(h.origin, { path: bucketPath, query: { versioning: '' } });
    expect(res.status).toBe(501);
    expect(s3ErrorFields(await res.text()).Code).toBe('NotImplemented');
  });

  it('answers injected faults in S3 XML (503 SlowDown)', async () => {
    h.fake.faults.inject({ type: 'status', status: 503 });
    const res = await s3Fetch(h.origin, { path: bucketPath, query: { 'list-type': '2' } });
    expect(res.status).toBe(503);
    expect(s3ErrorFields(await res.text()).Code).toBe('SlowDown');
  });
});
