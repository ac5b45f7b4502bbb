import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { ConnectionError, HttpClient, ServerError } from '../src';
import { createFaultInjector, withFaults } from '../src/testing';
import { BASE, useMswServer } from './helpers';

const server = useMswServer();

function setup() {
  const faults = createFaultInjector({ seed: 7 });
  let acted = 0;
  server.use(
    http.post(
      `${BASE}/things`,
      withFaults(
        faults,
        () => {
          acted += 1;
          return HttpResponse.json({ n: acted }, { status: 201 });
        },
        { errorBody: (status) => ({ status_code: status, errors: [{ error: 'Injected' }] }) },
      ),
    ),
  );
  const client = new HttpClient({ service: 't', version: '1', baseUrl: BASE, maxRetries: 0 });
  return { faults, client, acted: () => acted };
}

describe('fault injection for fakes', () => {
  it('answers an injected status with the service-shaped body, then recovers', async () => {
    const { faults, client, acted } = setup();
    faults.inject({ type: 'status', status: 503, times: 1 });
    const error = await client.request({ method: 'POST', path: '/things', body: {} }).catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.body).toEqual({ status_code: 503, errors: [{ error: 'Injected' }] });
    expect(acted()).toBe(0);
    expect((await client.request({ method: 'POST', path: '/things', body: {} })).status).toBe(201);
  });

  it('drops before acting, or acts and then drops', async () => {
    const { faults, client, acted } = setup();
    faults.inject({ type: 'drop', when: 'before' });
    await expect(client.request({ method: 'POST', path: '/things', body: {} })).rejects.toBeInstanceOf(
      ConnectionError,
    );
    expect(acted()).toBe(0);
    faults.inject({ type: 'drop', when: 'after' });
    await expect(client.request({ method: 'POST', path: '/things', body: {} })).rejects.toBeInstanceOf(
      ConnectionError,
    );
    expect(acted()).toBe(1);
  });

  it('applies only to matching requests and only as many times as asked', async () => {
    const { faults, client } = setup();
    faults.inject({ type: 'status', status: 500, times: 2, match: { method: 'GET' } });
    expect((await client.request({ method: 'POST', path: '/things', body: {} })).status).toBe(201);
    expect(faults.pending()).toHaveLength(1);
    faults.clear();
    expect(faults.pending()).toHaveLength(0);
  });

  it('applies a probabilistic fault to a reproducible subset for a given seed', () => {
    const runs = [1, 2].map(() => {
      const f = createFaultInjector({ seed: 42 });
      f.inject({ type: 'drop', times: Number.POSITIVE_INFINITY, probability: 0.3 });
      return Array.from({ length: 200 }, () => (f.take(new Request(`${BASE}/x`)) ? 1 : 0)).join('');
    });
    expect(runs[0]).toBe(runs[1]);
    const hits = runs[0]!.split('').filter((c) => c === '1').length;
    expect(hits).toBeGreaterThan(30);
    expect(hits).toBeLessThan(100);
  });
});

describe('non-JSON services', () => {
  it('lets a fake answer an injected status in its own format (S3 XML)', async () => {
    const faults = createFaultInjector();
    server.use(
      http.get(
        `${BASE}/bucket/key`,
        withFaults(faults, () => HttpResponse.text('ok'), {
          errorResponse: (status) =>
            new HttpResponse(`<Error><Code>SlowDown</Code><Status>${status}</Status></Error>`, {
              status,
              headers: { 'content-type': 'application/xml' },
            }),
        }),
      ),
    );
    faults.inject({ type: 'status', status: 503 });
    const res = await fetch(`${BASE}/bucket/key`);
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('<Error><Code>SlowDown</Code><Status>503</Status></Error>');
    expect(await (await fetch(`${BASE}/bucket/key`)).text()).toBe('ok');
  });
});
