import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  NotifyClient,
  PermissionDeniedError,
  parseApiKey,
  ValidationError,
} from '../src/index.js';
import { TokenSigner } from '../src/auth.js';
import { setup } from './helpers.js';

const SERVICE = '26785a09-ab16-4eb0-8407-a37497a57506';
const SECRET = '3d844edf-8d35-48ac-975b-e847b4f122b0';
const KEY = `my_test_key-${SERVICE}-${SECRET}`;

describe('parseApiKey', () => {
  it('splits {key_name}-{service_id}-{secret} like Notify’s clients (name may contain hyphens)', () => {
    expect(parseApiKey(KEY)).toEqual({ keyName: 'my_test_key', serviceId: SERVICE, secret: SECRET });
    expect(parseApiKey(`my-key-name-${SERVICE}-${SECRET}`).keyName).toBe('my-key-name');
    expect(parseApiKey(`${SERVICE}-${SECRET}`).keyName).toBe('');
  });

  it.each([
    ['too short', 'abc'],
    ['service id not a uuid', `key-${'x'.repeat(36)}-${SECRET}`],
    ['secret not a uuid', `key-${SERVICE}-${'y'.repeat(36)}`],
    ['no separators', `key${SERVICE}${SECRET}`],
    ['not a string', 12345],
  ])('refuses a malformed key (%s) with a ValidationError that does not echo it', (_label, key) => {
    let error: unknown;
    try {
      parseApiKey(key);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const text = `${(error as Error).message} ${JSON.stringify(error)}`;
    expect(text).toContain('apiKey');
    if (typeof key === 'string' && key.length > 8) expect(text).not.toContain(key.slice(-36));
  });

  it('the NotifyClient constructor refuses a malformed key the same way', () => {
    expect(() => new NotifyClient({ apiKey: 'nope' })).toThrow(ValidationError);
  });
});

describe('TokenSigner', () => {
  it('signs HS256 {iss, iat} with typ JWT', async () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0, 500);
    const token = await new TokenSigner(parseApiKey(KEY), { now: () => now }).token();
    expect(decodeProtectedHeader(token)).toEqual({ typ: 'JWT', alg: 'HS256' });
    expect(decodeJwt(token)).toEqual({ iss: SERVICE, iat: Math.floor(now / 1000) });
  });

  it('reuses a token for a few seconds, then signs a new one, always inside the 30 s window', async () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const signer = new TokenSigner(parseApiKey(KEY), { now: () => now, reuseMs: 5_000 });
    const first = await signer.token();
    now += 4_000;
    expect(await signer.token()).toBe(first);
    now += 1_500;
    const second = await signer.token();
    expect(second).not.toBe(first);
    expect(decodeJwt(second).iat).toBe(Math.floor(now / 1000));
    // walk the clock in 700 ms steps for two minutes: a token is never older than the window
    for (let i = 0; i < 170; i++) {
      now += 700;
      const iat = decodeJwt(await signer.token()).iat!;
      expect(Math.floor(now / 1000) - iat).toBeLessThanOrEqual(6);
    }
  });

  it('clamps reuse to 20 s however it is configured', async () => {
    let now = Date.UTC(2026, 0, 1);
    const signer = new TokenSigner(parseApiKey(KEY), { now: () => now, reuseMs: 10 * 60_000 });
    const first = await signer.token();
    now += 21_000;
    expect(await signer.token()).not.toBe(first);
  });

  it('hides the secret from JSON and inspect', async () => {
    const { inspect } = await import('node:util');
    const signer = new TokenSigner(parseApiKey(KEY));
    expect(JSON.stringify(signer)).not.toContain(SECRET);
    expect(inspect(signer, { showHidden: true, depth: 5 })).not.toContain(SECRET);
  });
});

describe('the fake verifies JWTs exactly as Notify does', () => {
  const s = setup();
  beforeAll(() => s.server.listen({ onUnhandledRequest: 'error' }));
  // The ±30 s window is checked across two clocks: the one a token is signed by (this test, or the SDK's signer,
  // which reads Date.now) and the fake's (whose base is the system clock). Left running, a second can tick over
  // between signing and checking and move a token 31 s away to 30 s (accepted). Only Date is faked, at one instant
  // (half a second into a second, so no rounding can hide an off-by-one), so both sides read the same time;
  // timers stay real for msw and fetch.
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-01-01T12:00:00.500Z') }));
  afterEach(() => {
    vi.useRealTimers();
    s.fake.reset();
  });
  afterAll(() => s.server.close());

  async function call(authorization?: string) {
    const res = await fetch(
      `${s.fake.baseUrl}/v2/templates`,
      authorization ? { headers: { Authorization: authorization } } : {},
    );
    return { status: res.status, body: await res.json() };
  }
  const secretOf = (key: string) => key.slice(-36);
  const sign = (claims: Record<string, unknown>, secret: string, alg = 'HS256') =>
    new SignJWT(claims).setProtectedHeader({ typ: 'JWT', alg }).sign(new TextEncoder().encode(secret));
  const nowSeconds = () => Math.floor(s.fake.clock.now().getTime() / 1000);
  const authError = (status: number, message: string) => ({
    status,
    body: { status_code: status, errors: [{ error: 'AuthError', message }] },
  });

  it('401 without a token', async () => {
    expect(await call()).toEqual(authError(401, 'Unauthorized: authentication token must be provided'));
  });

  it('401 with another scheme', async () => {
    expect(await call('Basic abc')).toEqual(
      authError(401, 'Unauthorized: authentication bearer scheme must be used'),
    );
  });

  it('403 for a token that is not a JWT', async () => {
    expect(await call('Bearer not-a-jwt')).toEqual(
      authError(
        403,
        'Invalid token: make sure your API token matches the example at https://docs.notifications.service.gov.uk/rest-api.html#authorisation-header',
      ),
    );
  });

  it('403 without iss', async () => {
    const token = await sign({ iat: nowSeconds() }, secretOf(s.fake.apiKeys.live));
    expect(await call(`Bearer ${token}`)).toEqual(authError(403, 'Invalid token: iss field not provided'));
  });

  it('403 for an unknown service', async () => {
    const token = await sign({ iss: SERVICE, iat: nowSeconds() }, secretOf(s.fake.apiKeys.live));
    expect(await call(`Bearer ${token}`)).toEqual(authError(403, 'Invalid token: service not found'));
  });

  it('403 for a key the service does not have', async () => {
    const token = await sign({ iss: s.fake.serviceId, iat: nowSeconds() }, SECRET);
    expect(await call(`Bearer ${token}`)).toEqual(authError(403, 'Invalid token: API key not found'));
  });

  it('403 for an algorithm other than HS256', async () => {
    const token = await sign(
      { iss: s.fake.serviceId, iat: nowSeconds() },
      secretOf(s.fake.apiKeys.live),
      'HS512',
    );
    expect(await call(`Bearer ${token}`)).toEqual(
      authError(403, 'Invalid token: algorithm used is not HS256'),
    );
  });

  // Notify allows 30 s either way (`__bound__ = 30` in alphagov/notifications-python-client
  // notifications_python_client/authentication.py, decode_jwt_token): 30 s away is accepted, 31 s is not.
  it.each([31, -31])(
    '403 when iat is %i s away from the server clock, accepted within 30 s',
    async (offset) => {
      const secret = secretOf(s.fake.apiKeys.live);
      const late = await sign({ iss: s.fake.serviceId, iat: nowSeconds() + offset }, secret);
      expect(await call(`Bearer ${late}`)).toEqual(
        authError(403, 'Error: Your system clock must be accurate to within 30 seconds'),
      );
      const edge = await sign({ iss: s.fake.serviceId, iat: nowSeconds() + Math.sign(offset) * 30 }, secret);
      expect((await call(`Bearer ${edge}`)).status).toBe(200);
    },
  );

  it('accepts the SDK’s own token while both clocks agree', async () => {
    expect(decodeJwt(await new TokenSigner(parseApiKey(s.fake.apiKeys.live)).token()).iat).toBe(nowSeconds());
    expect(await s.client().templates.list()).toHaveLength(3);
  });

  it('403 for a revoked key', async () => {
    const key = s.fake.keys.create('live', 'to-revoke');
    s.fake.keys.revoke(key);
    const token = await sign({ iss: s.fake.serviceId, iat: nowSeconds() }, secretOf(key));
    expect(await call(`Bearer ${token}`)).toEqual(authError(403, 'Invalid token: API key revoked'));
  });

  it('the SDK maps them to AuthenticationError (401) and PermissionDeniedError (403) with errors[] kept', async () => {
    const wrong = new NotifyClient({ apiKey: `x-${s.fake.serviceId}-${SECRET}`, baseUrl: s.fake.baseUrl });
    const error = await wrong.templates
      .list()
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({
      status: 403,
      code: 'AuthError',
      errors: [{ error: 'AuthError', message: 'Invalid token: API key not found' }],
    });
    const body = {
      status_code: 401,
      errors: [{ error: 'AuthError', message: 'Unauthorized: authentication token must be provided' }],
    };
    s.fake.inject({ type: 'status', status: 401, body });
    const unauthorised = await s
      .client()
      .templates.list()
      .toArray()
      .catch((e: unknown) => e);
    expect(unauthorised).toBeInstanceOf(AuthenticationError);
    expect(unauthorised).toMatchObject({ status: 401, errors: body.errors });
  });

  it('a token the SDK reuses is refused once the server clock has moved 31 s past its iat', async () => {
    const client = s.client('live', { tokenReuseMs: 20_000 });
    await client.templates.list().toArray();
    s.fake.clock.advance(31_000);
    // the client's own clock did not move, so it reuses its token: the fake must refuse it
    const error = await client.templates
      .list()
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as Error).message).toBe('Error: Your system clock must be accurate to within 30 seconds');
  });
});
