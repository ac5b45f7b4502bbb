import type { OneLoginFake } from '@council-sdk/one-login/testing';
import { z } from 'zod';
import { clockEndpoints, endpoint, found, type SteeringEndpoint } from './endpoint.js';

/** The official simulator's `errorConfiguration` switches (govuk-one-login/simulator src/types/error-configuration.ts). */
const AuthoriseError = z.enum(['ACCESS_DENIED', 'TEMPORARILY_UNAVAILABLE']);
const IdTokenError = z.enum([
  'INVALID_ISS',
  'INVALID_AUD',
  'INVALID_ALG_HEADER',
  'INVALID_SIGNATURE',
  'TOKEN_EXPIRED',
  'TOKEN_NOT_VALID_YET',
  'NONCE_NOT_MATCHING',
  'INCORRECT_VOT',
]);
const CoreIdentityError = z.enum([
  'INVALID_ALG_HEADER',
  'INVALID_SIGNATURE',
  'INVALID_ISS',
  'INVALID_AUD',
  'INCORRECT_SUB',
  'TOKEN_EXPIRED',
]);
const ErrorConfiguration = z.object({
  authoriseErrors: z.array(AuthoriseError),
  idTokenErrors: z.array(IdTokenError),
  coreIdentityErrors: z.array(CoreIdentityError),
});

const Persona = z.looseObject({
  id: z.string(),
  label: z.string(),
  description: z.string().optional(),
  sub: z.string(),
  email: z.string(),
  email_verified: z.boolean(),
  phone_number: z.string().optional(),
  identity: z.looseObject({ vot: z.enum(['P1', 'P2']) }).optional(),
});
const Session = z.object({
  sub: z.string(),
  authTime: z.number().describe('Seconds: the ID token auth_time'),
  lastActiveAt: z.number().describe('Milliseconds; the session ends an hour after it'),
  clientIds: z.array(z.string()),
});
const Delivery = z.object({
  clientId: z.string(),
  uri: z.string(),
  status: z.number().optional().describe("HTTP status of the client's answer to the first attempt"),
  error: z.string().optional(),
});
const BackChannelLogout = z.object({
  at: z.string(),
  clientId: z.string(),
  uri: z.string(),
  sub: z.string(),
  jti: z.string(),
  delivery: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  status: z.number().optional(),
  error: z.string().optional(),
});
const SigningKey = z.object({
  kid: z.string(),
  alg: z.enum(['ES256', 'RS256']),
  status: z.string().describe('next (published), active (signing), previous (published)'),
  publicJwk: z.record(z.string(), z.unknown()),
});

export function oneLoginEndpoints(fake: () => OneLoginFake): SteeringEndpoint[] {
  const persona = (id: string) =>
    found(
      fake()
        .personas()
        .find((p) => p.id === id),
      `persona ${id}`,
    );
  const signingKeys = () => ({ signingKeys: fake().signingKeys() });
  return [
    endpoint({
      method: 'GET',
      path: '/__steer/one-login/personas',
      description: 'The personas a user can sign in as (their claims and proven identity).',
      answer: z.array(Persona),
      handle: () => fake().personas(),
    }),
    endpoint({
      method: 'GET',
      path: '/__steer/one-login/sessions',
      description: 'Live One Login sessions: who is signed in, to which clients.',
      answer: z.array(Session),
      handle: () => fake().sessions(),
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/one-login/sessions',
      description:
        'Sign a persona in to a client directly, as if they had just been through /authorize (no code is issued): ' +
        'to test what happens to a signed-in user, such as back-channel logout.',
      body: z
        .object({
          persona: z.string().min(1).max(100).describe('Persona id, e.g. authenticated'),
          clientId: z.string().min(1).max(200),
        })
        .strict(),
      answer: Session,
      status: 201,
      handle: ({ body }) => {
        persona(body.persona);
        found(
          fake()
            .clients()
            .find((c) => c.clientId === body.clientId),
          `client ${body.clientId}`,
        );
        return fake().signIn(body);
      },
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/one-login/personas/:persona/sign-out',
      description:
        "End the persona's One Login session everywhere (as signing out of another service does): a back-channel " +
        'logout token goes to every client in the session that has a back-channel logout URI.',
      answer: z.object({ deliveries: z.array(Delivery) }),
      handle: async ({ params }) => ({
        deliveries: await fake().endSession(persona(params['persona']!).sub),
      }),
    }),
    endpoint({
      method: 'GET',
      path: '/__steer/one-login/back-channel-logouts',
      description: 'Every back-channel logout sent, with its delivery so far.',
      answer: z.array(BackChannelLogout),
      handle: () => fake().backChannelLogouts(),
    }),
    endpoint({
      method: 'GET',
      path: '/__steer/one-login/signing-keys',
      description: 'The ID token signing keys with their status (public halves).',
      answer: z.object({ signingKeys: z.array(SigningKey) }),
      handle: signingKeys,
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/one-login/signing-keys/rotate',
      description:
        'Rotate the ID token signing keys. Default: a new key is published and signs from now on, the old one stays ' +
        'published (`retire: true` drops it); `step: "publish"` only publishes the next key, `step: "use"` then ' +
        'signs with it.',
      body: z
        .object({
          alg: z.enum(['ES256', 'RS256']).describe('Default: both'),
          step: z.enum(['publish', 'use', 'publish-and-use']),
          retire: z.boolean(),
        })
        .partial()
        .strict(),
      answer: z.object({ signingKeys: z.array(SigningKey) }),
      handle: ({ body }) => {
        fake().rotateSigningKeys(body);
        return signingKeys();
      },
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/one-login/did-key/rotate',
      description: 'A new core identity signing key in the DID document (the old one stays unless `retire`).',
      body: z.object({ retire: z.boolean().optional() }).strict(),
      answer: z.looseObject({ id: z.string() }).describe('The DID document'),
      handle: ({ body }) => {
        fake().rotateDidKey(body);
        return fake().didDocument();
      },
    }),
    endpoint({
      method: 'GET',
      path: '/__steer/one-login/errors',
      description: "The error switches (the simulator's errorConfiguration).",
      answer: ErrorConfiguration,
      handle: () => fake().errorConfiguration(),
    }),
    endpoint({
      method: 'POST',
      path: '/__steer/one-login/errors',
      description:
        'Turn error switches on: /authorize answers an error, ID tokens or core identity JWTs come broken. ' +
        'Each list given replaces the current one.',
      body: ErrorConfiguration.partial().strict(),
      answer: ErrorConfiguration,
      handle: ({ body }) => {
        fake().setErrorConfiguration(body);
        return fake().errorConfiguration();
      },
    }),
    endpoint({
      method: 'DELETE',
      path: '/__steer/one-login/errors',
      description: 'Turn every error switch off.',
      answer: ErrorConfiguration,
      handle: () => {
        fake().clearErrors();
        return fake().errorConfiguration();
      },
    }),
    ...clockEndpoints(
      'one-login',
      () => fake().clock,
      'codes, tokens and sessions expire; back-channel logout retries fall due',
    ),
  ];
}
