import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_IDS,
  ENV_NAMES,
  formatBanner,
  loadConfigFile,
  resolveConfig,
  SandboxConfigError,
  type Sandbox,
  startSandbox,
} from '../src/index.js';

let dir: string;
let sandbox: Sandbox | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sandbox-test-'));
});

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('configuration', () => {
  it('derives the app endpoints from appBaseUrl (INTEGRATION.md)', () => {
    const config = resolveConfig({}, { appBaseUrl: 'http://127.0.0.1:3999/' });
    expect(config.appBaseUrl).toBe('http://127.0.0.1:3999');
    expect(config.app.port).toBe('3999');
    expect(config.oneLogin.clients[0]).toMatchObject({
      clientId: 'council-app',
      redirectUris: ['http://127.0.0.1:3999/auth/callback'],
      postLogoutRedirectUris: ['http://127.0.0.1:3999/signed-out'],
      backChannelLogoutUri: 'http://127.0.0.1:3999/auth/backchannel-logout',
    });
    expect(config.notify.callback?.url).toBe('http://127.0.0.1:3999/callbacks/notify/status');
    expect(config.pay.webhook?.url).toBe('http://127.0.0.1:3999/webhooks/pay');
  });

  it('seeds the three templates the sample app uses, with their placeholders', () => {
    const { templates } = resolveConfig().notify;
    const email = templates.find((t) => t.id === DEFAULT_IDS.templatePermitEmail)!;
    expect(email.type).toBe('email');
    expect(email.subject).toBe('Parking permit application ((reference))');
    for (const p of ['full_name', 'reference', 'vehicle_registration', 'permit_length', 'amount']) {
      expect(email.body).toContain(`((${p}))`);
    }
    const sms = templates.find((t) => t.id === DEFAULT_IDS.templatePermitSms)!;
    expect(sms.body).toBe('Parking permit application ((reference)) received. Amount paid: ((amount)).');
    const ack = templates.find((t) => t.id === DEFAULT_IDS.templateFormsAckEmail)!;
    expect(ack.subject).toBe('We have received your report ((reference))');
    expect(ack.body).toContain('((form_name))');
  });

  it('builds Notify API keys in Notify format: <name>-<service id>-<secret>', () => {
    const key = resolveConfig().notify.apiKeys[0]!.key;
    expect(key.slice(-36)).toBe(DEFAULT_IDS.notifyLiveSecret);
    expect(key.slice(key.length - 73, key.length - 37)).toBe(DEFAULT_IDS.notifyServiceId);
  });

  it('names every bad field of an invalid configuration', () => {
    expect(() =>
      resolveConfig({ appBaseUrl: 'not a url', notify: { callback: { bearerToken: 'short' } } } as never),
    ).toThrow(SandboxConfigError);
    try {
      resolveConfig({ appBaseUrl: 'not a url', notify: { callback: { bearerToken: 'short' } } } as never);
    } catch (error) {
      expect((error as Error).message).toContain('appBaseUrl');
      expect((error as Error).message).toContain('notify.callback.bearerToken');
    }
  });

  it('reads YAML and JSON config files', async () => {
    const yamlPath = join(dir, 'sandbox.yaml');
    await writeFile(yamlPath, 'pay:\n  apiKey: api_test_from_yaml\n  webhook:\n    secret: yaml-secret\n');
    const jsonPath = join(dir, 'sandbox.json');
    await writeFile(jsonPath, JSON.stringify({ pay: { apiKey: 'api_test_from_json' } }));
    expect(resolveConfig(await loadConfigFile(yamlPath)).pay).toMatchObject({
      apiKey: 'api_test_from_yaml',
      webhook: { secret: 'yaml-secret' },
    });
    expect(resolveConfig(await loadConfigFile(jsonPath)).pay.apiKey).toBe('api_test_from_json');
  });

  it('refuses a One Login client public key that is not an RSA PEM public key', () => {
    expect(() => resolveConfig({ oneLogin: { clients: [{ clientId: 'x', publicKeyPem: 'PEM' }] } })).toThrow(
      /oneLogin\.clients\.0\.publicKeyPem/,
    );
  });

  it('turns the Pay webhook and Notify callback off with null', () => {
    const config = resolveConfig({ pay: { webhook: null }, notify: { callback: null } });
    expect(config.pay.webhook).toBeNull();
    expect(config.notify.callback).toBeNull();
  });
});

describe('the server', () => {
  it('answers GET /__env with exactly the INTEGRATION.md variables', async () => {
    sandbox = await startSandbox({ port: 0, appBaseUrl: 'http://127.0.0.1:3456' });
    const res = await fetch(`${sandbox.url}/__env`);
    expect(res.status).toBe(200);
    const env = (await res.json()) as Record<string, string>;
    expect(Object.keys(env).sort()).toEqual([...ENV_NAMES].sort());
    expect(env).toEqual(sandbox.env);
    expect(env['NOTIFY_BASE_URL']).toBe(`${sandbox.url}/notify`);
    expect(env['PAY_BASE_URL']).toBe(`${sandbox.url}/pay`);
    expect(env['ONE_LOGIN_ISSUER']).toBe(`${sandbox.url}/one-login/`);
    expect(env['S3_ENDPOINT']).toBe(`${sandbox.url}/s3`);
    expect(env['APP_BASE_URL']).toBe('http://127.0.0.1:3456');
    expect(env['PORT']).toBe('3456');
    expect(env['ONE_LOGIN_CLIENT_ID']).toBe('council-app');
    // A usable PKCS#8 RSA key: the app signs its client assertions with it.
    const key = createPrivateKey(env['ONE_LOGIN_PRIVATE_KEY']!);
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(env['ONE_LOGIN_PRIVATE_KEY']).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('keeps the generated One Login key pair across restarts when a state file is used', async () => {
    const stateFile = join(dir, 'state.json');
    sandbox = await startSandbox({ port: 0, stateFile });
    const first = sandbox.env['ONE_LOGIN_PRIVATE_KEY'];
    await sandbox.close();
    const mode = (await stat(stateFile)).mode & 0o777;
    expect(mode).toBe(0o600);
    const saved = JSON.parse(await readFile(stateFile, 'utf8'));
    expect(saved.keys['council-app'].privateKeyPem).toBe(first);
    // The public half matches the private half.
    const pub = createPublicKey(saved.keys['council-app'].publicKeyPem).export({ format: 'jwk' });
    expect(createPublicKey(createPrivateKey(first!)).export({ format: 'jwk' })).toEqual(pub);

    sandbox = await startSandbox({ port: 0, stateFile });
    expect(sandbox.env['ONE_LOGIN_PRIVATE_KEY']).toBe(first);
  });

  it('generates a fresh key pair per process without a state file', async () => {
    sandbox = await startSandbox({ port: 0 });
    const first = sandbox.env['ONE_LOGIN_PRIVATE_KEY'];
    await sandbox.close();
    sandbox = await startSandbox({ port: 0 });
    expect(sandbox.env['ONE_LOGIN_PRIVATE_KEY']).not.toBe(first);
  });

  it('does not hand out a private key for a client that brings its own public key', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    sandbox = await startSandbox({
      port: 0,
      config: { oneLogin: { clients: [{ clientId: 'own-key', publicKeyPem }] } },
    });
    expect(sandbox.env['ONE_LOGIN_CLIENT_ID']).toBe('own-key');
    expect(sandbox.env['ONE_LOGIN_PRIVATE_KEY']).toBe('');
  });

  it('serves the dashboard as a GOV.UK page with the govuk-frontend assets', async () => {
    sandbox = await startSandbox({ port: 0 });
    const res = await fetch(`${sandbox.url}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('govuk-template');
    expect(html).toContain('govuk-header');
    expect(html).toContain('Council sandbox');
    expect(html).toContain(`NOTIFY_BASE_URL=${sandbox.url}/notify`);
    const css = await fetch(`${sandbox.url}/govuk-frontend/govuk-frontend.min.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    const font = /url\(([^)]*\.woff2)\)/.exec(await css.text())?.[1];
    expect(font).toBeDefined();
    expect((await fetch(new URL(font!.replace(/["']/g, ''), `${sandbox.url}/govuk-frontend/`))).status).toBe(
      200,
    );
    expect((await fetch(`${sandbox.url}/govuk-frontend/govuk-frontend.min.js`)).status).toBe(200);
  });

  it('answers POST /__reset with the services it reset', async () => {
    sandbox = await startSandbox({ port: 0 });
    const res = await fetch(`${sandbox.url}/__reset`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reset: sandbox.services.map((s) => s.id) });
  });

  it('refuses a cross-site form post to the dashboard', async () => {
    sandbox = await startSandbox({ port: 0 });
    const res = await fetch(`${sandbox.url}/__reset`, {
      method: 'POST',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(res.status).toBe(403);
  });

  it('answers unknown service paths with JSON 404 and unknown pages with a GOV.UK 404 page', async () => {
    sandbox = await startSandbox({ port: 0 });
    const api = await fetch(`${sandbox.url}/notify/v9/nothing`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/json');
    const page = await fetch(`${sandbox.url}/no-such-page`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Page not found');
  });

  it('prints a banner with ready-to-paste variables', async () => {
    sandbox = await startSandbox({ port: 0 });
    const banner = formatBanner(sandbox);
    expect(banner).toContain(`Council sandbox running at ${sandbox.url}`);
    expect(banner).toContain(`PAY_BASE_URL=${sandbox.url}/pay`);
    expect(banner).toContain(`${sandbox.url}/forms-api`);
    expect(banner).toContain(`${sandbox.url}/one-login/`);
    expect(banner).toContain(`NOTIFY_API_KEY=${sandbox.env['NOTIFY_API_KEY']}`);
    // The PEM is quoted so dotenv and shells read it as one value.
    expect(banner).toContain('ONE_LOGIN_PRIVATE_KEY="-----BEGIN PRIVATE KEY-----');
  });

  it('refuses to start on a port that is taken, with the system error', async () => {
    sandbox = await startSandbox({ port: 0 });
    const port = Number(new URL(sandbox.url).port);
    await expect(startSandbox({ port })).rejects.toThrow(/EADDRINUSE/);
  });
});
