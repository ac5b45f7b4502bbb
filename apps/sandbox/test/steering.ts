import { expect } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { steeringEndpoints } from '../src/steering/index.js';

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whatever JSON came back
  body: any;
}

/**
 * Raw HTTP against `/__steer`: `call('POST', '/__steer/pay/payments/:paymentId/complete', { params, body })`.
 * A success is checked against the answer schema the endpoint documents in `GET /__steer`.
 */
export function steering(sandbox: Sandbox) {
  const endpoints = steeringEndpoints(sandbox.fakes);
  return async function call(
    method: 'GET' | 'POST' | 'DELETE',
    route: string,
    options: {
      params?: Record<string, string>;
      query?: Record<string, string>;
      body?: unknown;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Answer> {
    let path = route;
    for (const [name, value] of Object.entries(options.params ?? {}))
      path = path.replace(`:${name}`, encodeURIComponent(value));
    const url = new URL(path, sandbox.url);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
    const res = await fetch(url, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await res.text();
    const body = text ? JSON.parse(text) : undefined;
    if (res.ok) {
      const endpoint = endpoints.find((e) => e.method === method && e.path === route);
      expect(endpoint, `${method} ${route} is a documented endpoint`).toBeDefined();
      const checked = endpoint!.answer.safeParse(body);
      expect(checked.success ? [] : checked.error.issues, `${method} ${route} answers its schema`).toEqual(
        [],
      );
    }
    return { status: res.status, body };
  };
}

/** The field names a 400 names. */
export const fieldsOf = (answer: Answer): string[] =>
  (answer.body?.issues ?? []).map((i: { path: string }) => i.path);
