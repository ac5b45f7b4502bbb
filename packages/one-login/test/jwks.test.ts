import { createHash, createPrivateKey } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidClientError, OneLoginClient, ValidationError } from '@council-sdk/one-login';
import { jwksHandler, oneLoginRouter } from '@council-sdk/one-login/express';
import { generateClientKeyPair } from '@council-sdk/one-login/testing';
import express from 'express';
import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, REDIRECT_URI, setup, signIn, useMsw } from './helpers';

useMsw();

const oldKey = generateClientKeyPair({ kid: 'unused-old' });
const newKey = generateClientKeyPair({ kid: 'unused-new' });

/** RFC 7638 thumbprint of an RSA public key, computed independently of jose: SHA-256 of {"e","kty","n"} in order. */
function thumbprint(jwk: { n?: string; e?: string }): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}

const base = {
  environment: 'integration' as const,
  clientId: CLIENT_ID,
  redirectUri: REDIRECT_URI,
  userAgent: 'council-tests/1.0',
};

/** A client signing with `privateKeys`, registered in the fake with the keys of `registered` (as by a JWKS URL). */
async function rotatingSetup(privateKeys: string[], registered: string[] = privateKeys) {
  const published = await new OneLoginClient({ ...base, privateKeys: registered }).publicJwks();
  return setup({
    clientConfig: { publicKeys: published.keys as never },
    client: { privateKey: undefined, privateKeyId: undefined, privateKeys },
  });
}

describe('client.publicJwks()', () => {
  it('publishes the public parts only, with the RFC 7638 thumbprint as kid, use sig and alg', async () => {
    const client = new OneLoginClient({ ...base, privateKeys: [newKey.privateKeyPem] });
    const { keys } = await client.publicJwks();
    expect(keys).toHaveLength(1);
    const expected = createPrivateKey(newKey.privateKeyPem).export({ format: 'jwk' });
    expect(keys[0]).toEqual({
      kty: 'RSA',
      n: expected.n,
      e: expected.e,
      kid: thumbprint(expected),
      use: 'sig',
      alg: 'RS256',
    });
    expect(JSON.stringify(keys)).not.toMatch(/"(d|p|q|dp|dq|qi)"/);
  });

  it('names the algorithm the client signs with (PS256)', async () => {
    const client = new OneLoginClient({
      ...base,
      privateKeys: [newKey.privateKeyPem],
      clientAssertionAlgorithm: 'PS256',
    });
    expect((await client.publicJwks()).keys[0]?.alg).toBe('PS256');
  });

  it('publishes every key for rotation, the signing (first) key first, and keeps a kid you choose', async () => {
    const client = new OneLoginClient({
      ...base,
      privateKeys: [{ key: newKey.privateKeyPem, kid: '2026-11' }, oldKey.privateKeyPem],
    });
    const { keys } = await client.publicJwks();
    expect(keys.map((k) => k.kid)).toEqual([
      '2026-11',
      thumbprint(createPrivateKey(oldKey.privateKeyPem).export({ format: 'jwk' })),
    ]);
  });

  it('signs with the first key only: One Login with just the old key published refuses it', async () => {
    const rotated = await rotatingSetup([newKey.privateKeyPem, oldKey.privateKeyPem], [newKey.privateKeyPem]);
    const { result } = await signIn(rotated);
    expect(result.claims.sub).toBeTruthy();

    const stale = await rotatingSetup([newKey.privateKeyPem, oldKey.privateKeyPem], [oldKey.privateKeyPem]);
    await expect(signIn(stale)).rejects.toBeInstanceOf(InvalidClientError);
  });

  it('puts the signing key kid in request objects (One Login needs it once keys come from a JWKS)', async () => {
    const client = new OneLoginClient({ ...base, privateKeys: [newKey.privateKeyPem, oldKey.privateKeyPem] });
    setup(); // the fake serves discovery
    const request = await client.createAuthorizationRequest({ useJar: true });
    const jwt = new URL(request.url).searchParams.get('request') as string;
    const [signing] = (await client.publicJwks()).keys;
    expect(decodeProtectedHeader(jwt).kid).toBe(signing?.kid);
  });

  it('uses privateKeyId as the kid of a single privateKey', async () => {
    const client = new OneLoginClient({ ...base, privateKey: newKey.privateKeyPem, privateKeyId: 'my-kid' });
    expect((await client.publicJwks()).keys.map((k) => k.kid)).toEqual(['my-kid']);
  });

  it('refuses to publish a JWKS for a single privateKey without privateKeyId (its assertions carry no kid)', async () => {
    const client = new OneLoginClient({ ...base, privateKey: newKey.privateKeyPem });
    await expect(client.publicJwks()).rejects.toMatchObject({ issues: [{ path: 'privateKeyId' }] });
  });

  it('has nothing to publish for a client_secret_post client', async () => {
    const client = new OneLoginClient({ ...base, clientSecret: 'a-client-secret-value' });
    await expect(client.publicJwks()).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses privateKey with privateKeys, an empty list, duplicate kids, and the same key twice', async () => {
    expect(
      () =>
        new OneLoginClient({
          ...base,
          privateKey: newKey.privateKeyPem,
          privateKeys: [oldKey.privateKeyPem],
        }),
    ).toThrow(/privateKeys: give privateKey or privateKeys, not both/);
    expect(() => new OneLoginClient({ ...base, privateKeys: [] })).toThrow(
      /privateKeys: must be a non-empty array/,
    );
    expect(
      () =>
        new OneLoginClient({
          ...base,
          privateKeys: [
            { key: newKey.privateKeyPem, kid: 'k' },
            { key: oldKey.privateKeyPem, kid: 'k' },
          ],
        }),
    ).toThrow(/privateKeys\[1\]\.kid: must be unique/);
    const twice = new OneLoginClient({ ...base, privateKeys: [newKey.privateKeyPem, newKey.privateKeyPem] });
    await expect(twice.publicJwks()).rejects.toMatchObject({ issues: [{ path: 'privateKeys[1]' }] });
  });

  it('never shows a private key, in errors or when the client is serialised', async () => {
    let message = '';
    try {
      new OneLoginClient({
        ...base,
        privateKeys: [newKey.privateKeyPem, `${oldKey.privateKeyPem.slice(0, 200)}broken`],
      });
    } catch (error) {
      message = `${(error as Error).message} ${JSON.stringify(error)}`;
    }
    expect(message).toContain('privateKeys[1]');
    expect(message).not.toContain('PRIVATE KEY');
    const client = new OneLoginClient({ ...base, privateKeys: [newKey.privateKeyPem] });
    expect(JSON.stringify(client)).not.toContain('PRIVATE');
    const d = createPrivateKey(newKey.privateKeyPem).export({ format: 'jwk' }).d as string;
    expect(JSON.stringify(await client.publicJwks())).not.toContain(d.slice(0, 20));
  });
});

describe('serving the JWKS with the Express helpers', () => {
  async function get(app: express.Express, path: string) {
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      return { status: res.status, cacheControl: res.headers.get('cache-control'), body: await res.json() };
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it('jwksHandler serves publicJwks() at the path of your choice', async () => {
    const client = new OneLoginClient({ ...base, privateKeys: [newKey.privateKeyPem, oldKey.privateKeyPem] });
    const app = express();
    app.get('/keys/one-login.json', jwksHandler(client, { maxAgeSeconds: 600 }));
    const res = await get(app, '/keys/one-login.json');
    expect(res.status).toBe(200);
    expect(res.cacheControl).toBe('public, max-age=600');
    expect(res.body).toEqual(await client.publicJwks());
  });

  it('oneLoginRouter serves it when paths.jwks is given', async () => {
    const client = new OneLoginClient({ ...base, privateKeys: [newKey.privateKeyPem] });
    const app = express();
    app.use(
      oneLoginRouter({ client, paths: { jwks: '/.well-known/jwks.json' }, onBackChannelLogout: () => {} }),
    );
    const res = await get(app, '/.well-known/jwks.json');
    expect(res.status).toBe(200);
    expect(res.body.keys).toHaveLength(1);
  });
});

describe('createAuthorizationRequest({ responseMode })', () => {
  it('asks for the code in the fragment, and handleCallback reads it from there', async () => {
    const s = setup();
    const { auth, location, result } = await signIn(s, { responseMode: 'fragment' });
    expect(new URL(auth.url).searchParams.get('response_mode')).toBe('fragment');
    const back = new URL(location);
    expect(back.search).toBe('');
    expect(new URLSearchParams(back.hash.slice(1)).get('code')).toBeTruthy();
    expect(result.claims.sub).toBeTruthy();
  });

  it('sends response_mode=query when asked, and nothing by default', async () => {
    const { client } = setup();
    expect(
      new URL((await client.createAuthorizationRequest({ responseMode: 'query' })).url).searchParams.get(
        'response_mode',
      ),
    ).toBe('query');
    expect(new URL((await client.createAuthorizationRequest()).url).searchParams.has('response_mode')).toBe(
      false,
    );
  });

  it('puts response_mode in the request object with JAR', async () => {
    const { client } = setup();
    const request = await client.createAuthorizationRequest({ responseMode: 'fragment', useJar: true });
    const jwt = new URL(request.url).searchParams.get('request') as string;
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString());
    expect(payload.response_mode).toBe('fragment');
  });

  it('refuses a response mode One Login does not document (form_post)', async () => {
    const { client } = setup();
    await expect(
      client.createAuthorizationRequest({ responseMode: 'form_post' as never }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});
