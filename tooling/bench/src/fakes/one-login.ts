// The fake One Login OP (immediate mode: /authorize signs the default persona in and redirects with a code).
// The relying party's public key comes from the parent, which keeps the private key for both clients.
import { createOneLoginFake } from '@council-sdk/one-login/testing';
import type { SetupFn } from '../harness/fake-setup.js';

export const setup: SetupFn = async ({ origin, options }) => {
  const fake = createOneLoginFake({
    baseUrl: `${origin}/`,
    clients: [
      {
        clientId: String(options.clientId),
        redirectUris: [String(options.redirectUri)],
        publicKeys: [options.publicJwk as never],
      },
    ],
  });
  return {
    handlers: fake.handlers,
    info: { issuer: fake.issuer, tokenEndpoint: fake.endpoints.token },
    commands: {
      // Forget sessions, codes and used assertion ids between rounds (keys are regenerated: clients refetch JWKS
      // only if they meet an unknown kid, which a reset would cause; the benchmark does not reset mid-round).
      sessions: () => fake.sessions().length,
    },
  };
};
