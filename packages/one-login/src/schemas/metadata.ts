import { z } from 'zod';

/** OpenID Provider metadata (`/.well-known/openid-configuration`); only what the client relies on is required. */
export const ProviderMetadata = z.looseObject({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  userinfo_endpoint: z.string(),
  jwks_uri: z.string(),
  end_session_endpoint: z.string().optional(),
  id_token_signing_alg_values_supported: z.array(z.string()).optional(),
  token_endpoint_auth_methods_supported: z.array(z.string()).optional(),
  token_endpoint_auth_signing_alg_values_supported: z.array(z.string()).optional(),
  request_parameter_supported: z.boolean().optional(),
  backchannel_logout_supported: z.boolean().optional(),
  ui_locales_supported: z.array(z.string()).optional(),
  trustmarks: z.string().optional(),
});
export type ProviderMetadata = z.infer<typeof ProviderMetadata>;

export const PublicJwk = z.looseObject({
  kty: z.string(),
  kid: z.string().optional(),
  alg: z.string().optional(),
  use: z.string().optional(),
  crv: z.string().optional(),
  x: z.string().optional(),
  y: z.string().optional(),
  n: z.string().optional(),
  e: z.string().optional(),
});
export type PublicJwk = z.infer<typeof PublicJwk>;

export const JwkSet = z.looseObject({ keys: z.array(z.unknown()) });

export const DidVerificationMethod = z.looseObject({
  id: z.string(),
  type: z.string().optional(),
  controller: z.string(),
  publicKeyJwk: PublicJwk,
});
export type DidVerificationMethod = z.infer<typeof DidVerificationMethod>;

export const DidDocument = z.looseObject({
  id: z.string(),
  assertionMethod: z.array(z.unknown()).default([]),
});
export type DidDocument = z.infer<typeof DidDocument>;
