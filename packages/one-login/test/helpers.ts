import { OneLoginClient, type OneLoginClientOptions } from '@council-sdk/one-login';
import {
  createOneLoginFake,
  type FakeClientConfig,
  generateClientKeyPair,
  type OneLoginFake,
} from '@council-sdk/one-login/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const CLIENT_ID = 'council-test-client';
export const REDIRECT_URI = 'https://council.example/auth/callback';
export const POST_LOGOUT_URI = 'https://council.example/signed-out';
export const BACKCHANNEL_URI = 'https://council.example/auth/backchannel-logout';

export const server = setupServer();

/** Start msw once per file; each test gets a fresh fake whose handlers are installed with `server.use`. */
export function useMsw() {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
}

const clientKeys = generateClientKeyPair({ kid: 'council-key-1' });
export { clientKeys };

export interface Setup {
  fake: OneLoginFake;
  client: OneLoginClient;
}

export function setup(
  options: {
    fake?: Parameters<typeof createOneLoginFake>[0];
    clientConfig?: Partial<FakeClientConfig>;
    client?: Partial<OneLoginClientOptions>;
  } = {},
): Setup {
  const fake = createOneLoginFake({
    clients: [
      {
        clientId: CLIENT_ID,
        redirectUris: [REDIRECT_URI],
        postLogoutRedirectUris: [POST_LOGOUT_URI],
        publicKeys: [clientKeys.publicJwk],
        backChannelLogoutUri: BACKCHANNEL_URI,
        returnCodesEnabled: true,
        ...options.clientConfig,
      },
    ],
    ...options.fake,
  });
  server.use(...fake.handlers);
  const client = new OneLoginClient({
    environment: 'integration',
    clientId: CLIENT_ID,
    privateKey: clientKeys.privateKeyPem,
    privateKeyId: clientKeys.kid,
    redirectUri: REDIRECT_URI,
    postLogoutRedirectUri: POST_LOGOUT_URI,
    userAgent: 'council-tests/1.0',
    now: () => fake.clock.now(),
    ...options.client,
  } as OneLoginClientOptions);
  return { fake, client };
}

/** What the browser does: GET the authorize URL and read the redirect. */
export async function follow(
  url: string,
): Promise<{ status: number; location: string | null; body: string }> {
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
}

/** Sign in end to end: authorization request -> fake /authorize -> callback. */
export async function signIn(
  { client }: Setup,
  request: Parameters<OneLoginClient['createAuthorizationRequest']>[0] = {},
) {
  const auth = await client.createAuthorizationRequest(request);
  const { location } = await follow(auth.url);
  if (!location) throw new Error('no redirect');
  const result = await client.handleCallback(location, auth);
  return { auth, location, result };
}
