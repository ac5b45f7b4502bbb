import { beforeAll, describe, expect, it } from 'vitest';
import { sandboxWithReceiver } from './helpers.js';
import { fieldsOf, steering } from './steering.js';

const stack = sandboxWithReceiver();
let call: ReturnType<typeof steering>;
let clientId: string;

beforeAll(async () => {
  call = steering(stack.sandbox);
  clientId = stack.sandbox.env['ONE_LOGIN_CLIENT_ID']!;
});

describe('/__steer/one-login: personas and sessions', () => {
  it('lists the personas a user can sign in as', async () => {
    const personas = await call('GET', '/__steer/one-login/personas');
    expect(personas.body.map((p: { id: string }) => p.id)).toContain('authenticated');
  });

  it('signs a persona out everywhere: the app gets a back-channel logout token and the session ends', async () => {
    const signedIn = await call('POST', '/__steer/one-login/sessions', {
      body: { persona: 'authenticated', clientId },
    });
    expect(signedIn.status).toBe(201);
    expect((await call('GET', '/__steer/one-login/sessions')).body).toHaveLength(1);

    const out = await call('POST', '/__steer/one-login/personas/:persona/sign-out', {
      params: { persona: 'authenticated' },
    });
    expect(out.body.deliveries).toEqual([
      { clientId, uri: `${stack.app.url}/auth/backchannel-logout`, status: 200 },
    ]);
    const logout = await stack.app.waitFor((r) => r.path === '/auth/backchannel-logout');
    expect(logout.body).toMatch(/^logout_token=/);
    expect((await call('GET', '/__steer/one-login/sessions')).body).toEqual([]);
    const log = await call('GET', '/__steer/one-login/back-channel-logouts');
    expect(log.body).toEqual([expect.objectContaining({ sub: signedIn.body.sub, delivery: 'delivered' })]);
  });

  it('refuses a sign-in without a client (naming the field), an unknown persona or client (404)', async () => {
    const bad = await call('POST', '/__steer/one-login/sessions', { body: { persona: 'authenticated' } });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['clientId']);
    expect(
      (await call('POST', '/__steer/one-login/sessions', { body: { persona: 'nobody', clientId } })).status,
    ).toBe(404);
    expect(
      (
        await call('POST', '/__steer/one-login/sessions', {
          body: { persona: 'authenticated', clientId: 'x' },
        })
      ).status,
    ).toBe(404);
    expect((await call('GET', '/__steer/one-login/sessions')).body).toEqual([]);
    expect(
      (await call('POST', '/__steer/one-login/personas/:persona/sign-out', { params: { persona: 'nobody' } }))
        .status,
    ).toBe(404);
  });
});

describe('/__steer/one-login: keys', () => {
  it('rotates the signing keys: the new key is in the JWKS the app fetches', async () => {
    const before = (await call('GET', '/__steer/one-login/signing-keys')).body.signingKeys;
    const rotated = await call('POST', '/__steer/one-login/signing-keys/rotate', { body: { alg: 'ES256' } });
    const active = rotated.body.signingKeys.find(
      (k: { alg: string; status: string }) => k.alg === 'ES256' && k.status === 'active',
    );
    expect(before.map((k: { kid: string }) => k.kid)).not.toContain(active.kid);
    const jwks = (await (
      await fetch(`${stack.sandbox.env['ONE_LOGIN_ISSUER']}.well-known/jwks.json`)
    ).json()) as {
      keys: { kid: string }[];
    };
    expect(jwks.keys.map((k) => k.kid)).toContain(active.kid);
  });

  it('refuses an unknown rotation step, naming the field, and keeps the keys', async () => {
    const before = (await call('GET', '/__steer/one-login/signing-keys')).body;
    const bad = await call('POST', '/__steer/one-login/signing-keys/rotate', { body: { step: 'sideways' } });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['step']);
    expect((await call('GET', '/__steer/one-login/signing-keys')).body).toEqual(before);
  });

  it('rotates the DID key that signs core identity JWTs', async () => {
    const before = (await (await fetch(stack.sandbox.env['ONE_LOGIN_DID_URL']!)).json()) as {
      assertionMethod: unknown[];
    };
    const doc = await call('POST', '/__steer/one-login/did-key/rotate', { body: { retire: true } });
    expect(doc.body.assertionMethod).not.toEqual(before.assertionMethod);
  });
});

describe('/__steer/one-login: error switches', () => {
  it('turns an ID token error on and off', async () => {
    const on = await call('POST', '/__steer/one-login/errors', { body: { idTokenErrors: ['INVALID_ISS'] } });
    expect(on.body).toEqual({ authoriseErrors: [], idTokenErrors: ['INVALID_ISS'], coreIdentityErrors: [] });
    expect((await call('GET', '/__steer/one-login/errors')).body.idTokenErrors).toEqual(['INVALID_ISS']);
    const off = await call('DELETE', '/__steer/one-login/errors');
    expect(off.body.idTokenErrors).toEqual([]);
  });

  it('makes /authorize answer access_denied to the app', async () => {
    await call('POST', '/__steer/one-login/errors', { body: { authoriseErrors: ['ACCESS_DENIED'] } });
    const authorize = new URL(`${stack.sandbox.env['ONE_LOGIN_ISSUER']}authorize`);
    for (const [k, v] of Object.entries({
      response_type: 'code',
      scope: 'openid email',
      client_id: clientId,
      redirect_uri: `${stack.app.url}/auth/callback`,
      state: 'state-1',
      nonce: 'nonce-1',
    }))
      authorize.searchParams.set(k, v);
    const res = await fetch(authorize, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('access_denied');
  });

  it('refuses an unknown error name, naming its place in the list, and switches nothing on', async () => {
    const bad = await call('POST', '/__steer/one-login/errors', {
      body: { idTokenErrors: ['INVALID_ISS', 'NOPE'] },
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['idTokenErrors.1']);
    expect((await call('GET', '/__steer/one-login/errors')).body.idTokenErrors).toEqual([]);
  });
});
