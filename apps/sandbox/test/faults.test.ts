import { PayClient, ServerError } from '@council-sdk/pay';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(async () => {
  await fetch(`${sandbox.url}/__faults`, { method: 'DELETE' });
});

const inject = (target: string, fault: unknown) =>
  fetch(`${sandbox.url}/__faults/${target}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });

describe('/__faults', () => {
  it('answers the next matching Pay request with the injected status, once', async () => {
    const res = await inject('pay', {
      type: 'status',
      status: 503,
      times: 1,
      match: { pathPattern: '/v1/payments$' },
    });
    expect(res.status).toBe(201);
    const pay = new PayClient({
      apiKey: sandbox.env['PAY_API_KEY']!,
      baseUrl: sandbox.env['PAY_BASE_URL']!,
      maxRetries: 0,
    });
    const body = { amount: 100, description: 'x', reference: 'x', return_url: 'http://127.0.0.1:3000/r' };
    await expect(pay.payments.create(body)).rejects.toBeInstanceOf(ServerError);
    // Used up: the next request goes through.
    await expect(pay.payments.create(body)).resolves.toMatchObject({ amount: 100 });
  });

  it('lists and clears pending faults', async () => {
    await inject('notify', { type: 'latency', ms: 10, times: 3 });
    await inject('s3', { type: 'drop', when: 'before' });
    const pending = (await (await fetch(`${sandbox.url}/__faults`)).json()) as Record<string, unknown[]>;
    expect(pending['notify']).toEqual([{ type: 'latency', ms: 10, times: 3 }]);
    expect(pending['s3']).toHaveLength(1);
    expect(Object.keys(pending).sort()).toEqual(['forms-api', 'notify', 'one-login', 'pay', 's3']);
    expect((await fetch(`${sandbox.url}/__faults`, { method: 'DELETE' })).status).toBe(204);
    const after = (await (await fetch(`${sandbox.url}/__faults`)).json()) as Record<string, unknown[]>;
    expect(Object.values(after).flat()).toEqual([]);
  });

  it('rejects a malformed fault naming the field, and an unknown target', async () => {
    const bad = await inject('pay', { type: 'status' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ issues: [{ path: 'status', message: 'is required' }] });
    expect((await inject('pay', { type: 'status', status: 503, match: { pathPattern: '(' } })).status).toBe(
      400,
    );
    expect((await inject('nowhere', { type: 'drop' })).status).toBe(404);
  });
});
