/** Discovery and the trustmark document, as One Login publishes them (https://oidc.integration.account.gov.uk/.well-known/openid-configuration). */
import { IDENTITY_CLAIMS, issuerUrl } from '../../constants';
import type { ModelContext } from './context';

/** Algorithms One Login accepts for client assertions (discovery `token_endpoint_auth_signing_alg_values_supported`). */
export const ASSERTION_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];

export function discovery(ctx: ModelContext): Record<string, unknown> {
  const e = ctx.endpoints;
  return {
    issuer: ctx.issuer,
    authorization_endpoint: e.authorize,
    token_endpoint: e.token,
    registration_endpoint: issuerUrl(ctx.issuer, 'connect/register'),
    userinfo_endpoint: e.userinfo,
    jwks_uri: e.jwks,
    end_session_endpoint: e.logout,
    scopes_supported: ['openid', 'email', 'phone', 'offline_access', 'wallet-subject-id'],
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code'],
    token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_post'],
    token_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGS,
    ui_locales_supported: ['en', 'cy'],
    service_documentation: 'https://docs.sign-in.service.gov.uk/',
    op_policy_uri: 'https://signin.account.gov.uk/privacy-notice',
    op_tos_uri: 'https://signin.account.gov.uk/terms-and-conditions',
    request_parameter_supported: true,
    request_uri_parameter_supported: false,
    trustmarks: e.trustmark,
    subject_types_supported: ['public', 'pairwise'],
    userinfo_signing_alg_values_supported: ['ES256', 'RS256'],
    id_token_signing_alg_values_supported: ['ES256', 'RS256'],
    claim_types_supported: ['normal'],
    claims_supported: [
      'sub',
      'email',
      'email_verified',
      'phone_number',
      'phone_number_verified',
      'wallet_subject_id',
      ...Object.values(IDENTITY_CLAIMS),
    ],
    claims_parameter_supported: true,
    backchannel_logout_supported: true,
    backchannel_logout_session_supported: false,
    code_challenge_methods_supported: ['S256'],
  };
}

export function trustmark(ctx: ModelContext): Record<string, unknown> {
  return { idp: ctx.issuer, trustmark_provider: ctx.issuer, C: ['Cl', 'Cl.Cm'], P: ['P0', 'P1', 'P2'] };
}
