/**
 * Tests of the fake talk to it as a service would: raw `fetch` over real HTTP on 127.0.0.1 (no SDK in between),
 * with the fake's clock frozen so time moves only when a test says so.
 */
import { afterEach } from 'vitest';
import type { PayFake, PayFakeOptions } from '../../src/testing/index.js';
import { receiver, serveFake } from '../http-server.js';

/** Answers are read loosely, as a service reading Pay's JSON would. */
// biome-ignore lint/suspicious/noExplicitAny: the answers under test are untyped JSON
export type Json = Record<string, any>;

export const START = new Date('2026-03-02T09:00:00.000Z');
const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

export interface CallInit {
  method?: string;
  /** The API key (default the fake's); `null` sends no Authorization header. */
  key?: string | null;
  /** A value to send as JSON, or a string sent as it is. */
  json?: unknown;
  headers?: Record<string, string>;
}

export interface Harness {
  fake: PayFake;
  call(path: string, init?: CallInit): Promise<Response>;
  /** POST /v1/payments. */
  create(json: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Create a payment that must succeed; its JSON. */
  payment(body?: Record<string, unknown>): Promise<Json>;
  get(paymentId: string): Promise<Json>;
}

export const webPayment = (overrides: Record<string, unknown> = {}) => ({
  amount: 1250,
  description: 'Resident parking permit',
  reference: 'PERMIT-1',
  return_url: 'https://council.example.gov.uk/permits/return',
  ...overrides,
});

export async function payFake(options: PayFakeOptions = {}): Promise<Harness> {
  const { fake, close } = await serveFake({ rateLimit: false, now: START, ...options });
  closers.push(close);
  const call = (path: string, init: CallInit = {}) => {
    const headers = new Headers(init.headers);
    if (init.key !== null) headers.set('Authorization', `Bearer ${init.key ?? fake.apiKey}`);
    if (init.json !== undefined) headers.set('Content-Type', 'application/json');
    return fetch(`${fake.baseUrl}${path}`, {
      method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
      headers,
      ...(init.json !== undefined
        ? { body: typeof init.json === 'string' ? init.json : JSON.stringify(init.json) }
        : {}),
    });
  };
  const create = (json: unknown, headers: Record<string, string> = {}) =>
    call('/v1/payments', { method: 'POST', json, headers });
  return {
    fake,
    call,
    create,
    async payment(body = webPayment()) {
      const res = await create(body);
      if (res.status !== 201) throw new Error(`create answered ${res.status}: ${await res.text()}`);
      return res.json();
    },
    async get(paymentId) {
      return (await call(`/v1/payments/${paymentId}`)).json();
    },
  };
}

/** A webhook endpoint that records every request and answers with `status(attempt)` (0: never answers). */
export async function webhookReceiver(status: (attempt: number) => number = () => 200) {
  const received: Array<{ body: string; signature: string }> = [];
  const r = await receiver((req, raw, res) => {
    received.push({ body: raw.toString('utf8'), signature: String(req.headers['pay-signature'] ?? '') });
    const code = status(received.length);
    if (code === 0) return;
    res.statusCode = code;
    res.end();
  });
  closers.push(r.close);
  return { url: r.url, received, events: () => received.map((m) => JSON.parse(m.body)) };
}

/** A hosted card page form post, as a browser sends it. */
export function postForm(url: string, fields: Record<string, string>) {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

export const cardForm = (cardNo: string, extra: Record<string, string> = {}) => ({
  cardNo,
  expiryMonth: '12',
  expiryYear: String(START.getUTCFullYear() + 2).slice(-2),
  cardholderName: 'Jo Resident',
  cvc: cardNo.startsWith('37') ? '1234' : '123',
  ...extra,
});

/** Open a payment's next_url and submit a card on the page; the page's final answer. */
export async function payOnHostedPage(payment: Json, cardNo: string) {
  const page = await fetch(payment._links.next_url.href);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)" novalidate>/.exec(html)?.[1];
  if (!action) throw new Error('no card form on the page');
  return postForm(action.replaceAll('&#38;', '&'), cardForm(cardNo));
}
