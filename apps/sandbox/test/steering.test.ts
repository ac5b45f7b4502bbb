import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import { steeringEndpoints } from '../src/steering/index.js';
import { steering } from './steering.js';

let sandbox: Sandbox;
let call: ReturnType<typeof steering>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  call = steering(sandbox);
});
afterAll(async () => {
  await sandbox?.close();
});

interface Listed {
  method: string;
  path: string;
  description: string;
  query?: { properties?: Record<string, unknown> };
  body?: { type: string; properties?: Record<string, { type?: string }>; required?: string[] };
  answer: Record<string, unknown>;
  status: number;
}

const trialMode = async () => (await call('GET', '/__steer/notify/settings')).body.trial_mode as boolean;

describe('GET /__steer', () => {
  it('lists every endpoint with its method, path, description and the JSON Schema of its body and answer', async () => {
    const res = await fetch(`${sandbox.url}/__steer`);
    expect(res.status).toBe(200);
    const { endpoints } = (await res.json()) as { endpoints: Listed[] };
    expect(endpoints.map((e) => `${e.method} ${e.path}`)).toEqual(
      steeringEndpoints(sandbox.fakes).map((e) => `${e.method} ${e.path}`),
    );
    for (const service of ['notify', 'pay', 'one-login', 'forms']) {
      expect(endpoints.some((e) => e.path === `/__steer/${service}/clock/advance`)).toBe(true);
    }
    for (const e of endpoints) {
      expect(e.description.length, e.path).toBeGreaterThan(10);
      expect(e.answer, e.path).toHaveProperty('$schema');
      if (e.method === 'POST') expect(e.body?.type, e.path).toBe('object');
      else expect(e.body, e.path).toBeUndefined();
    }
    const settings = endpoints.find((e) => e.method === 'POST' && e.path === '/__steer/notify/settings');
    expect(settings?.body?.properties?.['trial_mode']?.type).toBe('boolean');
    const advance = endpoints.find((e) => e.path === '/__steer/pay/clock/advance');
    expect(advance?.body?.required).toEqual(['ms']);
    const inbox = endpoints.find((e) => e.path === '/__steer/notify/inbox');
    expect(Object.keys(inbox?.query?.properties ?? {})).toEqual(['to', 'type', 'reference']);
  });

  it('answers every GET that needs no parameter with what its schema says', async () => {
    const gets = steeringEndpoints(sandbox.fakes).filter(
      (e) =>
        e.method === 'GET' &&
        !e.path.includes(':') &&
        !['/__steer/notify/inbox/last', '/__steer/forms/object'].includes(e.path),
    );
    expect(gets.length).toBeGreaterThan(10);
    // `call` checks each answer against the endpoint's answer schema
    for (const e of gets) expect((await call('GET', e.path)).status, e.path).toBe(200);
  });
});

describe('/__steer protections (as the dashboard)', () => {
  it('refuses a cross-site POST from a browser and changes nothing', async () => {
    const res = await fetch(`${sandbox.url}/__steer/notify/settings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify({ trial_mode: true }),
    });
    expect(res.status).toBe(403);
    expect(await trialMode()).toBe(false);
  });

  it('refuses a request addressed to another host name (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL('/__steer', sandbox.url);
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, headers: { host: 'attacker.example' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('refuses a body that is not JSON (415) and malformed JSON (400), changing nothing', async () => {
    const plain = await fetch(`${sandbox.url}/__steer/notify/settings`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"trial_mode":true}',
    });
    expect(plain.status).toBe(415);
    const broken = await fetch(`${sandbox.url}/__steer/notify/settings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"trial_mode":',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: 'invalid_json' });
    expect(await trialMode()).toBe(false);
  });

  it('takes a POST with no body at all as {} (curl -X POST)', async () => {
    const res = await fetch(`${sandbox.url}/__steer/notify/notifications/deliver-all`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ moved: 0 });
  });

  it('refuses fields on an endpoint that takes none', async () => {
    const res = await call('POST', '/__steer/notify/notifications/deliver-all', { body: { all: true } });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([{ path: 'all', message: 'is not a field here' }]);
  });
});
