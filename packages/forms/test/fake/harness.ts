/**
 * The Forms fake on a real socket (as the sandbox serves it), and a raw-HTTP S3 client that signs requests with
 * Signature Version 4 through the AWS SDK's own signer, so each test can also sign wrongly on purpose.
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createFormsFake, type FormsFake, type FormsFakeOptions } from '@council-sdk/forms/testing';
import { createMiddleware } from '@mswjs/http-middleware';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import express from 'express';

export const ACCESS_KEY_ID = 'AKIAFORMSFAKETEST01';
export const SECRET_ACCESS_KEY = 'forms/fake/secret/access/key/for/tests';
export const BUCKET = 'council-forms';
export const REGION = 'eu-west-2';

export interface Harness {
  origin: string;
  fake: FormsFake;
  close(): Promise<void>;
}

export async function startFake(options: FormsFakeOptions = {}): Promise<Harness> {
  const app = express();
  let middleware: express.RequestHandler = (_req, _res, next) => next();
  app.use((req, res, next) => middleware(req, res, next));
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fake = createFormsFake({
    ...options,
    s3: {
      baseUrl: `${origin}/s3`,
      bucket: BUCKET,
      region: REGION,
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: SECRET_ACCESS_KEY,
      ...options.s3,
    },
    api: { baseUrl: `${origin}/forms-api`, ...options.api },
  });
  middleware = createMiddleware(...fake.handlers) as express.RequestHandler;
  return {
    origin,
    fake,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An S3 key in a URL path, encoded as the AWS SDK encodes it (slashes kept). */
export function encodeKey(key: string): string {
  return key
    .split('/')
    .map((s) =>
      encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}

export function sha256Hex(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

export interface SignedRequestOptions {
  method?: string;
  /** Path after the origin, already encoded, e.g. `/s3/council-forms/a%20b.txt`. */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  signingDate?: Date;
  /** The `x-amz-content-sha256` to sign (default: the SHA-256 of the body). */
  payloadHash?: string;
}

function signer(options: { accessKeyId?: string; secretAccessKey?: string; region?: string }) {
  return new SignatureV4({
    credentials: {
      accessKeyId: options.accessKeyId ?? ACCESS_KEY_ID,
      secretAccessKey: options.secretAccessKey ?? SECRET_ACCESS_KEY,
    },
    region: options.region ?? REGION,
    service: 's3',
    sha256: Sha256,
    // As the AWS SDK's S3 client signs: the path as sent, not escaped a second time.
    uriEscapePath: false,
  });
}

/** Sign a request as the AWS SDK would; returns the URL and headers to send. */
export async function signRequest(
  origin: string,
  options: SignedRequestOptions,
): Promise<{ url: string; headers: Record<string, string> }> {
  const url = new URL(origin);
  const body = options.body ?? '';
  const request = {
    method: options.method ?? 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: options.path,
    query: options.query ?? {},
    headers: {
      host: url.host,
      'x-amz-content-sha256': options.payloadHash ?? sha256Hex(body),
      ...options.headers,
    },
    body,
  };
  const signed = await signer(options).sign(request, {
    ...(options.signingDate ? { signingDate: options.signingDate } : {}),
  });
  const { host: _host, ...headers } = signed.headers as Record<string, string>;
  const search = new URLSearchParams(options.query ?? {}).toString().replace(/\+/g, '%20');
  return { url: `${origin}${options.path}${search ? `?${search}` : ''}`, headers };
}

/** Send a signed request over HTTP. */
export async function s3Fetch(origin: string, options: SignedRequestOptions): Promise<Response> {
  const { url, headers } = await signRequest(origin, options);
  return fetch(url, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body !== undefined && options.method !== 'GET' ? { body: options.body as BodyInit } : {}),
  });
}

/** A presigned URL, as `@aws-sdk/s3-request-presigner` makes them (query auth, UNSIGNED-PAYLOAD). */
export async function presign(
  origin: string,
  options: Omit<SignedRequestOptions, 'body' | 'payloadHash'> & { expiresIn: number },
): Promise<string> {
  const url = new URL(origin);
  const request = {
    method: options.method ?? 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: options.path,
    query: options.query ?? {},
    headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...options.headers },
  };
  const presigned = await signer(options).presign(request, {
    expiresIn: options.expiresIn,
    ...(options.signingDate ? { signingDate: options.signingDate } : {}),
  });
  const search = Object.entries(presigned.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${origin}${options.path}?${search}`;
}

function xmlText(text: string): string {
  return text.replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_m, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name] as string,
  );
}

/** The fields of S3's XML error document. */
export function s3ErrorFields(xml: string): Record<string, string> {
  const inner = /<Error>([\s\S]*)<\/Error>/.exec(xml)?.[1] ?? '';
  const fields: Record<string, string> = {};
  for (const m of inner.matchAll(/<([A-Za-z0-9-]+)>([\s\S]*?)<\/\1>/g))
    fields[m[1] as string] = xmlText(m[2] as string);
  return fields;
}

/** Every value of one element in an XML document, in order. */
export function xmlValues(xml: string, element: string): string[] {
  return [...xml.matchAll(new RegExp(`<${element}>([\\s\\S]*?)</${element}>`, 'g'))].map((m) =>
    xmlText(m[1] as string),
  );
}
