import {
  AccessDeniedError,
  AuthorizationError,
  ENVIRONMENTS,
  OneLoginClient,
  type OneLoginEnvironment,
  type PostalAddress,
  type ReplayStore,
  StateMismatchError,
} from '@council-sdk/one-login';
import type { Config } from '../config.js';
import {
  type IdentityAddress,
  OneLoginAccessDenied,
  OneLoginAuthorizationError,
  type OneLoginService,
  OneLoginStateMismatch,
} from './ports.js';

/** GOV.UK One Login through @council-sdk/one-login. Every token handed back has been validated by the SDK. */
export function createOneLoginService(
  config: Config,
  options: { logoutTokenReplayStore?: ReplayStore } = {},
): OneLoginService {
  const client = new OneLoginClient({
    // Shared by every instance: a logout token replayed to another instance is refused there too.
    ...(options.logoutTokenReplayStore ? { logoutTokenReplayStore: options.logoutTokenReplayStore } : {}),
    environment: environmentFor(config),
    clientId: config.ONE_LOGIN_CLIENT_ID,
    privateKey: config.ONE_LOGIN_PRIVATE_KEY,
    redirectUri: `${config.APP_BASE_URL}/auth/callback`,
    postLogoutRedirectUri: `${config.APP_BASE_URL}/signed-out`,
    userAgent: 'council-app/0.1',
  });

  return {
    async createAuthorizationRequest({ vtr, identity, uiLocales }) {
      const request = await client.createAuthorizationRequest({
        // email and phone let us send the confirmation by email and text message.
        scopes: ['email', 'phone'],
        vtr,
        uiLocales,
        ...(identity ? { claims: ['coreIdentityJWT', 'address', 'returnCode'] } : {}),
      });
      return {
        url: request.url,
        state: request.state,
        nonce: request.nonce,
        codeVerifier: request.codeVerifier,
      };
    },

    async handleCallback(callbackUrl, expected) {
      try {
        const { tokens, claims } = await client.handleCallback(callbackUrl, expected);
        return { sub: claims.sub, idToken: tokens.id_token, accessToken: tokens.access_token };
      } catch (err) {
        if (err instanceof AccessDeniedError) throw new OneLoginAccessDenied(err.message);
        if (err instanceof AuthorizationError) throw new OneLoginAuthorizationError(err.code);
        if (err instanceof StateMismatchError) throw new OneLoginStateMismatch(err.message);
        throw err;
      }
    },

    async getUserInfo(accessToken, expectedSub) {
      const info = await client.getUserInfo(accessToken, { expectedSub });
      return {
        email: info.email,
        phone_number: info.phone_number,
        coreIdentityJWT: info.coreIdentityJWT,
        address: currentAddress(info.address),
        returnCodes: (info.returnCode ?? []).map((r) => r.code),
      };
    },

    async verifyCoreIdentity(jwt, sub) {
      const identity = await client.verifyCoreIdentity(jwt, { sub });
      if (!identity.currentName) throw new Error('the core identity has no current name');
      return { fullName: identity.currentName.fullName, birthDate: identity.birthDate };
    },

    createLogoutUrl(idTokenHint, state) {
      return client.createLogoutUrl({ idTokenHint, state });
    },

    async verifyLogoutToken(token) {
      const claims = await client.verifyLogoutToken(token);
      return { sub: claims.sub };
    },
  };
}

/**
 * GOV.UK's own issuers are named, so the SDK uses their fixed DID document and core identity issuer (which live on
 * another host); any other issuer (the sandbox) is described by its URLs.
 */
export function environmentFor(config: Config): OneLoginEnvironment {
  const overrides = {
    ...(config.ONE_LOGIN_DID_URL ? { didDocumentUrl: config.ONE_LOGIN_DID_URL } : {}),
    ...(config.ONE_LOGIN_CORE_IDENTITY_ISSUER
      ? { coreIdentityIssuer: config.ONE_LOGIN_CORE_IDENTITY_ISSUER }
      : {}),
  };
  for (const name of ['integration', 'production'] as const) {
    if (ENVIRONMENTS[name].issuer === config.ONE_LOGIN_ISSUER && Object.keys(overrides).length === 0)
      return name;
  }
  return { issuer: config.ONE_LOGIN_ISSUER, ...overrides };
}

/** The address valid today (no `validUntil`), as printable lines. */
export function currentAddress(addresses: PostalAddress[] | undefined): IdentityAddress | undefined {
  const current = addresses?.find((a) => !a.validUntil) ?? addresses?.[0];
  if (!current) return undefined;
  const street = [current.buildingNumber, current.dependentStreetName, current.streetName]
    .filter(Boolean)
    .join(' ');
  const lines = [
    current.organisationName,
    current.departmentName,
    current.subBuildingName,
    current.buildingName,
    street,
    current.doubleDependentAddressLocality,
    current.dependentAddressLocality,
    current.addressLocality,
  ].filter((l): l is string => typeof l === 'string' && l.trim() !== '');
  return {
    lines: lines.map(titleCase),
    postcode: current.postalCode ?? '',
    uprn: current.uprn === undefined ? undefined : String(current.uprn),
  };
}

// One Login addresses come in capitals ("HADLEY ROAD"); letters and pages read better in title case.
function titleCase(s: string): string {
  return s.toLowerCase().replace(/\b([a-z])/g, (c) => c.toUpperCase());
}
