/**
 * The official simulator's `/config` (govuk-one-login/simulator src/components/config/config-controller.ts and
 * get-config-controller.ts), so tests written against the simulator keep working against the fake.
 */
import { createPublicKey } from 'node:crypto';
import type { JWK } from 'jose';
import { IDENTITY_CLAIMS } from '../../constants';
import { DEFAULT_SCOPES, findClient, type StoredClient } from './clients';
import type { ModelContext } from './context';
import type { AuthoriseError, CoreIdentityError, IdTokenError } from './injected-errors';
import { addPersona, DEFAULT_PERSONAS, findPersona, type Persona } from './personas';

/** The simulator's `GET /config` view: the first client, the default persona and the error configuration. */
export function simulatorConfig(ctx: ModelContext): Record<string, unknown> {
  const state = ctx.state;
  const client = state.clients[0];
  const persona = findPersona(ctx, state.defaultPersonaId);
  return {
    clientConfiguration: client
      ? {
          clientId: client.clientId,
          publicKeySource: 'STATIC',
          scopes: client.scopes ?? DEFAULT_SCOPES,
          redirectUrls: client.redirectUris,
          postLogoutRedirectUrls: client.postLogoutRedirectUris ?? [],
          claims: client.claims,
          identityVerificationSupported: client.identityVerificationSupported,
          idTokenSigningAlgorithm: client.idTokenSigningAlgorithm ?? 'ES256',
        }
      : {},
    responseConfiguration: persona
      ? {
          sub: persona.sub,
          email: persona.email,
          emailVerified: persona.email_verified,
          phoneNumber: persona.phone_number,
          phoneNumberVerified: persona.phone_number_verified,
          maxLoCAchieved: persona.identity?.vot ?? 'P0',
          coreIdentityVerifiableCredentials: persona.identity
            ? {
                type: ['VerifiableCredential', 'IdentityCheckCredential'],
                credentialSubject: { name: persona.identity.name, birthDate: persona.identity.birthDate },
              }
            : null,
          passportDetails: persona.identity?.passport ?? null,
          drivingPermitDetails: persona.identity?.drivingPermit ?? null,
          postalAddressDetails: persona.identity?.address ?? null,
          returnCodes: persona.returnCodes ?? [],
        }
      : {},
    errorConfiguration: structuredClone(state.errors),
  };
}

/**
   * The simulator's `POST /config`, for tests written against it: `clientConfiguration` (re)registers a client
   * (static public key only), `responseConfiguration` becomes the `configured` persona (and the default),
   * `errorConfiguration` sets the injected errors. Returns a problem message, or undefined.

/**
 * The simulator's `POST /config`: `clientConfiguration` (re)registers a client (static public key only),
 * `responseConfiguration` becomes the `configured` persona (and the default), `errorConfiguration` sets the
 * injected errors. Returns a problem message, or undefined.
 */
export function applySimulatorConfig(ctx: ModelContext, body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return 'Expected a JSON object';
  const b = body as Record<string, Record<string, unknown> | undefined>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const arr = <T>(v: unknown) => (Array.isArray(v) ? (v as T[]) : undefined);
  const c = b.clientConfiguration;
  if (c) {
    const clientId = str(c.clientId) ?? ctx.state.clients[0]?.clientId;
    if (!clientId) return 'clientConfiguration.clientId is required';
    if (c.publicKeySource === 'JWKS')
      return 'publicKeySource JWKS is not supported by the fake: register publicKeys instead';
    const existing = findClient(ctx, clientId);
    let publicKeys = existing?.publicKeys;
    if (str(c.publicKey)) {
      try {
        const pem = (c.publicKey as string).includes('BEGIN')
          ? (c.publicKey as string)
          : `-----BEGIN PUBLIC KEY-----\n${c.publicKey}\n-----END PUBLIC KEY-----`;
        publicKeys = [{ ...(createPublicKey(pem).export({ format: 'jwk' }) as JWK) }];
      } catch {
        return 'clientConfiguration.publicKey is not a PEM public key';
      }
    }
    const redirectUris = arr<string>(c.redirectUrls) ?? existing?.redirectUris;
    if (!redirectUris?.length) return 'clientConfiguration.redirectUrls is required';
    const alg = c.idTokenSigningAlgorithm;
    ctx.state.clients = ctx.state.clients.filter((x) => x.clientId !== clientId);
    ctx.state.clients.push({
      ...(existing ?? {}),
      tokenAuthMethod: existing?.tokenAuthMethod ?? 'private_key_jwt',
      claims: existing?.claims ?? Object.values(IDENTITY_CLAIMS),
      clientId,
      redirectUris,
      ...(publicKeys ? { publicKeys } : {}),
      ...(arr<string>(c.postLogoutRedirectUrls)
        ? { postLogoutRedirectUris: arr<string>(c.postLogoutRedirectUrls) }
        : {}),
      ...(arr<string>(c.scopes) ? { scopes: arr<string>(c.scopes) } : {}),
      ...(arr<string>(c.claims) ? { claims: arr<string>(c.claims) } : {}),
      ...(typeof c.identityVerificationSupported === 'boolean'
        ? { identityVerificationSupported: c.identityVerificationSupported }
        : {}),
      ...(alg === 'ES256' || alg === 'RS256' ? { idTokenSigningAlgorithm: alg } : {}),
    } as StoredClient);
  }
  const r = b.responseConfiguration;
  if (r) {
    const base = findPersona(ctx, ctx.state.defaultPersonaId) ?? DEFAULT_PERSONAS[0];
    const vc = r.coreIdentityVerifiableCredentials as
      | { credentialSubject?: { name?: unknown; birthDate?: unknown } }
      | null
      | undefined;
    const level = str(r.maxLoCAchieved);
    const persona: Persona = {
      id: 'configured',
      label: 'Configured through /config',
      sub: str(r.sub) ?? base?.sub ?? 'urn:fdc:gov.uk:2022:configured',
      email: str(r.email) ?? base?.email ?? 'configured@example.com',
      email_verified: typeof r.emailVerified === 'boolean' ? r.emailVerified : (base?.email_verified ?? true),
      ...((str(r.phoneNumber) ?? base?.phone_number)
        ? { phone_number: str(r.phoneNumber) ?? base?.phone_number }
        : {}),
      phone_number_verified:
        typeof r.phoneNumberVerified === 'boolean'
          ? r.phoneNumberVerified
          : (base?.phone_number_verified ?? true),
      ...(arr<{ code: string }>(r.returnCodes)?.length
        ? { returnCodes: arr<{ code: string }>(r.returnCodes) }
        : {}),
    } as Persona;
    if ((level === 'P1' || level === 'P2') && vc?.credentialSubject) {
      persona.identity = {
        vot: level,
        name: (arr(vc.credentialSubject.name) ?? []) as never,
        birthDate: (arr(vc.credentialSubject.birthDate) ?? []) as never,
        ...(arr(r.postalAddressDetails) ? { address: arr(r.postalAddressDetails) as never } : {}),
        ...(arr(r.passportDetails) ? { passport: arr(r.passportDetails) as never } : {}),
        ...(arr(r.drivingPermitDetails) ? { drivingPermit: arr(r.drivingPermitDetails) as never } : {}),
      };
    }
    addPersona(ctx, persona);
    ctx.state.defaultPersonaId = 'configured';
  }
  const e = b.errorConfiguration;
  if (e) {
    setErrors(ctx, {
      ...(arr<AuthoriseError>(e.authoriseErrors)
        ? { authoriseErrors: arr<AuthoriseError>(e.authoriseErrors) }
        : {}),
      ...(arr<IdTokenError>(e.idTokenErrors) ? { idTokenErrors: arr<IdTokenError>(e.idTokenErrors) } : {}),
      ...(arr<CoreIdentityError>(e.coreIdentityErrors)
        ? { coreIdentityErrors: arr<CoreIdentityError>(e.coreIdentityErrors) }
        : {}),
    });
  }
  return undefined;
}

export function setErrors(ctx: ModelContext, errors: Partial<ModelContext['state']['errors']>): void {
  ctx.state.errors = { ...ctx.state.errors, ...structuredClone(errors) };
}
