/** Fixed facts about GOV.UK One Login (see the tech docs); everything else is discovered. */

export const ENVIRONMENTS = {
  integration: {
    issuer: 'https://oidc.integration.account.gov.uk/',
    didDocumentUrl: 'https://identity.integration.account.gov.uk/.well-known/did.json',
    coreIdentityIssuer: 'https://identity.integration.account.gov.uk/',
  },
  production: {
    issuer: 'https://oidc.account.gov.uk/',
    didDocumentUrl: 'https://identity.account.gov.uk/.well-known/did.json',
    coreIdentityIssuer: 'https://identity.account.gov.uk/',
  },
} as const;

const VOCAB = 'https://vocab.account.gov.uk/v1/';

/** Identity claims: the friendly name used by this SDK -> the claim URI on the wire. */
export const IDENTITY_CLAIMS = {
  coreIdentityJWT: `${VOCAB}coreIdentityJWT`,
  address: `${VOCAB}address`,
  passport: `${VOCAB}passport`,
  drivingPermit: `${VOCAB}drivingPermit`,
  returnCode: `${VOCAB}returnCode`,
} as const;

export type IdentityClaimName = keyof typeof IDENTITY_CLAIMS;
export const IDENTITY_CLAIM_NAMES = Object.keys(IDENTITY_CLAIMS) as IdentityClaimName[];

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** ID tokens and logout tokens: One Login signs with ES256 (default) or RS256, nothing else. */
export const ID_TOKEN_ALGORITHMS = ['ES256', 'RS256'] as const;
/** One Login accepts only RSA client assertions (ES256 is refused at /token). */
export const CLIENT_ASSERTION_ALGORITHMS = ['RS256', 'PS256'] as const;
export type ClientAssertionAlgorithm = (typeof CLIENT_ASSERTION_ALGORITHMS)[number];

/** Query-string limits of the real service. */
export const AUTHORIZE_QUERY_LIMIT = 4096;
export const LOGOUT_QUERY_LIMIT = 2048;

/** One Login refuses logout tokens replayed within this window. */
export const LOGOUT_REPLAY_WINDOW_SECONDS = 180;

/** `<issuer>authorize`, the audience of a request object, whether or not the issuer ends in a slash. */
export function authorizeAudience(issuer: string): string {
  return issuer.endsWith('/') ? `${issuer}authorize` : `${issuer}/authorize`;
}

/** A URL below the issuer (the fake and discovery fallbacks build endpoints this way). */
export function issuerUrl(issuer: string, path: string): string {
  return (issuer.endsWith('/') ? issuer : `${issuer}/`) + path.replace(/^\//, '');
}

/** Core's one rule for plain-http hosts (127.0.0.0/8, localhost, [::1]), shared with every client. */
export { isLoopbackHost } from '@council-sdk/core';
