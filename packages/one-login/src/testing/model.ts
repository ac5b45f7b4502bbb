/**
 * The fake One Login itself: pure state and rules, no HTTP. The msw handlers translate requests into calls here,
 * the sandbox drives the same model through the fake's state API, and tests steer it the same way.
 *
 * Where the official simulator is lax this model follows the real service: codes are single use, PKCE is checked
 * when sent, `max_age` is honoured, `sid` is per session, state is URL-encoded and back-channel logout tokens exist.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import { timingSafeEqualString } from '@council-sdk/core';
import {
  base64url,
  compactVerify,
  decodeJwt,
  decodeProtectedHeader,
  importJWK,
  type JWK,
  jwtVerify,
  SignJWT,
} from 'jose';
import {
  authorizeAudience,
  BACKCHANNEL_LOGOUT_EVENT,
  CLIENT_ASSERTION_TYPE,
  ENVIRONMENTS,
  IDENTITY_CLAIMS,
  issuerUrl,
} from '../constants';
import { identityLevelOf, vtrProblem } from '../schemas/vtr';
import { DEFAULT_PERSONAS, type Persona } from './personas';

export type IdTokenError =
  | 'INVALID_ISS'
  | 'INVALID_AUD'
  | 'INVALID_ALG_HEADER'
  | 'INVALID_SIGNATURE'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_VALID_YET'
  | 'NONCE_NOT_MATCHING'
  | 'INCORRECT_VOT';
export type CoreIdentityError =
  | 'INVALID_ALG_HEADER'
  | 'INVALID_SIGNATURE'
  | 'INVALID_ISS'
  | 'INVALID_AUD'
  | 'INCORRECT_SUB'
  | 'TOKEN_EXPIRED';
export type AuthoriseError = 'ACCESS_DENIED' | 'TEMPORARILY_UNAVAILABLE';

/** The simulator's `errorConfiguration`. */
export interface ErrorConfiguration {
  authoriseErrors: AuthoriseError[];
  idTokenErrors: IdTokenError[];
  coreIdentityErrors: CoreIdentityError[];
}

/** A relying party registered with the fake (the simulator's `clientConfiguration`). */
export interface FakeClientConfig {
  clientId: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /** RSA public keys (JWKs) that verify the client's assertions and request objects. */
  publicKeys?: JWK[];
  /** For client_secret_post clients (authentication only). */
  clientSecret?: string;
  /** Default: openid, email, phone, wallet-subject-id. */
  scopes?: string[];
  /** Identity claims (friendly names or URIs) the client may request. Default: all. */
  claims?: string[];
  /** Default true for private_key_jwt clients, false for client_secret_post ones. */
  identityVerificationSupported?: boolean;
  idTokenSigningAlgorithm?: 'ES256' | 'RS256';
  /** Refuse authorisation requests without PKCE. */
  pkceEnforced?: boolean;
  /** Identity failures come back as return codes instead of access_denied. */
  returnCodesEnabled?: boolean;
  backChannelLogoutUri?: string;
}

export interface StoredClient extends Omit<FakeClientConfig, 'clientSecret'> {
  /** sha256 of the secret: the fake, like One Login, never keeps it in the clear. */
  clientSecretHash?: string;
}

export interface SigningKey {
  kid: string;
  alg: 'ES256' | 'RS256';
  privateJwk: JWK;
  publicJwk: JWK;
  /** `next`: published, not yet used. `active`: signs. `previous`: published, no longer signs. */
  status: 'next' | 'active' | 'previous';
}

export interface AuthorizationRecord {
  id: string;
  clientId: string;
  redirectUri: string;
  state?: string;
  nonce: string;
  scopes: string[];
  vtr: string[];
  /** Identity claim URIs requested for /userinfo. */
  claims: string[];
  codeChallenge?: string;
  maxAge?: number;
  prompt?: string;
  uiLocales?: string;
  responseMode?: string;
  createdAt: number;
}

export interface CodeRecord {
  code: string;
  authorization: AuthorizationRecord;
  personaId: string;
  sub: string;
  sid: string;
  authTime: number;
  identityProven: boolean;
  expiresAt: number;
  used: boolean;
  accessTokens: string[];
}

export interface AccessTokenRecord {
  token: string;
  clientId: string;
  sub: string;
  personaId: string;
  scopes: string[];
  claims: string[];
  identityProven: boolean;
  expiresAt: number;
  revoked: boolean;
}

export interface SessionRecord {
  sid: string;
  sub: string;
  authTime: number;
  clientIds: string[];
}

export interface BackChannelLogoutRecord {
  at: string;
  clientId: string;
  uri: string;
  sub: string;
  jti: string;
  /** HTTP status the RP answered, or the delivery error. */
  status?: number;
  error?: string;
}

export interface OneLoginFakeState {
  version: 1;
  clients: StoredClient[];
  personas: Persona[];
  defaultPersonaId: string;
  signingKeys: SigningKey[];
  didKeys: SigningKey[];
  pending: AuthorizationRecord[];
  codes: CodeRecord[];
  accessTokens: AccessTokenRecord[];
  sessions: SessionRecord[];
  errors: ErrorConfiguration;
  usedAssertionJtis: { jti: string; expiresAt: number }[];
  backChannelLogouts: BackChannelLogoutRecord[];
  clockOffsetMs: number;
}

export interface ModelOptions {
  issuer: string;
  didDocumentUrl: string;
  coreIdentityIssuer: string;
  now: () => Date;
  interactive: boolean;
  signInPageUrl: string;
}

export type AuthorizeOutcome =
  | { kind: 'page'; status: number; message: string }
  | { kind: 'redirect'; location: string };

export type TokenOutcome = { status: number; body: Record<string, unknown> };
export type UserInfoOutcome = { status: number; body?: Record<string, unknown>; wwwAuthenticate?: string };

const DEFAULT_SCOPES = ['openid', 'email', 'phone', 'wallet-subject-id'];
const CODE_LIFETIME_S = 300;
const ACCESS_TOKEN_LIFETIME_S = 180;
const ID_TOKEN_LIFETIME_S = 120;
const CORE_IDENTITY_LIFETIME_S = 1800;
const ASSERTION_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const random = (bytes = 24) => base64url.encode(randomBytes(bytes));

export function generateSigningKey(alg: 'ES256' | 'RS256', kid?: string): SigningKey {
  const { privateKey, publicKey } =
    alg === 'ES256'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicJwk = { ...(publicKey.export({ format: 'jwk' }) as JWK) };
  const id = kid ?? createHash('sha256').update(JSON.stringify(publicJwk)).digest('hex');
  return {
    kid: id,
    alg,
    privateJwk: { ...(privateKey.export({ format: 'jwk' }) as JWK), kid: id, alg },
    publicJwk: { ...publicJwk, kid: id, alg, use: 'sig' },
    status: 'active',
  };
}

/** `did:web` id for a DID document URL (`https://host/.well-known/did.json` -> `did:web:host`). */
export function didIdFor(didDocumentUrl: string): string {
  const url = new URL(didDocumentUrl);
  const path = url.pathname
    .replace(/\/\.well-known\/did\.json$/, '')
    .replace(/\/did\.json$/, '')
    .split('/')
    .filter(Boolean);
  return ['did:web', encodeURIComponent(url.host), ...path].join(':');
}

function defaultState(): OneLoginFakeState {
  return {
    version: 1,
    clients: [],
    personas: DEFAULT_PERSONAS.map((p) => structuredClone(p) as Persona),
    defaultPersonaId: 'authenticated',
    signingKeys: [generateSigningKey('ES256'), generateSigningKey('RS256')],
    didKeys: [],
    pending: [],
    codes: [],
    accessTokens: [],
    sessions: [],
    errors: { authoriseErrors: [], idTokenErrors: [], coreIdentityErrors: [] },
    usedAssertionJtis: [],
    backChannelLogouts: [],
    clockOffsetMs: 0,
  };
}

export class OneLoginModel {
  readonly issuer: string;
  readonly didDocumentUrl: string;
  readonly coreIdentityIssuer: string;
  readonly didId: string;
  readonly endpoints: {
    discovery: string;
    authorize: string;
    token: string;
    userinfo: string;
    jwks: string;
    logout: string;
    trustmark: string;
    loggedOut: string;
    /** The simulator's configuration endpoint (GET/POST). */
    config: string;
    /** The fake's own (plain) persona chooser, used in interactive mode when no signInPageUrl is given. */
    signIn: string;
  };
  state: OneLoginFakeState;
  readonly #options: ModelOptions;
  readonly #keyObjects = new Map<string, KeyObject>();

  constructor(options: ModelOptions) {
    this.#options = options;
    this.issuer = options.issuer;
    this.didDocumentUrl = options.didDocumentUrl;
    this.coreIdentityIssuer = options.coreIdentityIssuer;
    this.didId = didIdFor(options.didDocumentUrl);
    const at = (p: string) => issuerUrl(this.issuer, p);
    this.endpoints = {
      discovery: at('.well-known/openid-configuration'),
      authorize: at('authorize'),
      token: at('token'),
      userinfo: at('userinfo'),
      jwks: at('.well-known/jwks.json'),
      logout: at('logout'),
      trustmark: at('trustmark'),
      loggedOut: at('signed-out'),
      config: at('config'),
      signIn: at('fake-sign-in'),
    };
    this.state = defaultState();
    this.state.didKeys = [this.#newDidKey()];
  }

  // ---- clock --------------------------------------------------------------------------------------------------
  nowMs(): number {
    return this.#options.now().getTime() + this.state.clockOffsetMs;
  }
  nowS(): number {
    return Math.floor(this.nowMs() / 1000);
  }
  advanceClock(ms: number): void {
    this.state.clockOffsetMs += ms;
  }

  reset(): void {
    const clients = this.state.clients;
    this.state = defaultState();
    this.state.didKeys = [this.#newDidKey()];
    // Registered clients are configuration, not state a test creates: keep them (the sandbox re-registers anyway).
    this.state.clients = clients;
  }

  restore(state: OneLoginFakeState): void {
    if (state?.version !== 1) throw new Error('Not a One Login fake snapshot');
    this.state = structuredClone(state);
    this.#keyObjects.clear();
  }

  // ---- configuration ------------------------------------------------------------------------------------------
  registerClient(config: FakeClientConfig): void {
    const { clientSecret, ...rest } = config;
    if (!config.clientId || !Array.isArray(config.redirectUris) || config.redirectUris.length === 0) {
      throw new Error('A client needs a clientId and at least one redirect URI');
    }
    if (!clientSecret && !config.publicKeys?.length)
      throw new Error('A client needs publicKeys or a clientSecret');
    const stored: StoredClient = {
      ...structuredClone(rest),
      claims: (rest.claims ?? Object.keys(IDENTITY_CLAIMS)).map(
        (c) => (IDENTITY_CLAIMS as Record<string, string>)[c] ?? c,
      ),
      identityVerificationSupported: rest.identityVerificationSupported ?? !clientSecret,
      ...(clientSecret ? { clientSecretHash: sha256(clientSecret) } : {}),
    };
    this.state.clients = [...this.state.clients.filter((c) => c.clientId !== config.clientId), stored];
  }

  client(clientId: string): StoredClient | undefined {
    return this.state.clients.find((c) => c.clientId === clientId);
  }

  persona(id: string): Persona | undefined {
    return this.state.personas.find((p) => p.id === id);
  }

  addPersona(persona: Persona): void {
    this.state.personas = [
      ...this.state.personas.filter((p) => p.id !== persona.id),
      structuredClone(persona),
    ];
  }

  setErrors(errors: Partial<ErrorConfiguration>): void {
    this.state.errors = { ...this.state.errors, ...structuredClone(errors) };
  }

  // ---- the simulator's /config --------------------------------------------------------------------------------
  /** The simulator's `GET /config` view: the first client, the default persona and the error configuration. */
  simulatorConfig(): Record<string, unknown> {
    const client = this.state.clients[0];
    const persona = this.persona(this.state.defaultPersonaId);
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
      errorConfiguration: structuredClone(this.state.errors),
    };
  }

  /**
   * The simulator's `POST /config`, for tests written against it: `clientConfiguration` (re)registers a client
   * (static public key only), `responseConfiguration` becomes the `configured` persona (and the default),
   * `errorConfiguration` sets the injected errors. Returns a problem message, or undefined.
   */
  applySimulatorConfig(body: unknown): string | undefined {
    if (!body || typeof body !== 'object') return 'Expected a JSON object';
    const b = body as Record<string, Record<string, unknown> | undefined>;
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const arr = <T>(v: unknown) => (Array.isArray(v) ? (v as T[]) : undefined);
    const c = b.clientConfiguration;
    if (c) {
      const clientId = str(c.clientId) ?? this.state.clients[0]?.clientId;
      if (!clientId) return 'clientConfiguration.clientId is required';
      if (c.publicKeySource === 'JWKS')
        return 'publicKeySource JWKS is not supported by the fake: register publicKeys instead';
      const existing = this.client(clientId);
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
      this.state.clients = this.state.clients.filter((x) => x.clientId !== clientId);
      this.state.clients.push({
        ...(existing ?? {}),
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
      const base = this.persona(this.state.defaultPersonaId) ?? DEFAULT_PERSONAS[0];
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
        email_verified:
          typeof r.emailVerified === 'boolean' ? r.emailVerified : (base?.email_verified ?? true),
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
      this.addPersona(persona);
      this.state.defaultPersonaId = 'configured';
    }
    const e = b.errorConfiguration;
    if (e) {
      this.setErrors({
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

  // ---- keys ---------------------------------------------------------------------------------------------------
  #newDidKey(): SigningKey {
    const key = generateSigningKey('ES256', 'pending');
    const fragment = createHash('sha256').update(JSON.stringify(key.publicJwk)).digest('hex');
    const kid = `${this.didId}#${fragment}`;
    return { ...key, kid, privateJwk: { ...key.privateJwk, kid }, publicJwk: { ...key.publicJwk, kid } };
  }

  #keyObject(key: SigningKey): KeyObject {
    let object = this.#keyObjects.get(key.kid);
    if (!object) {
      object = createPrivateKey({ key: key.privateJwk as import('node:crypto').JsonWebKey, format: 'jwk' });
      this.#keyObjects.set(key.kid, object);
    }
    return object;
  }

  activeSigningKey(alg: 'ES256' | 'RS256'): SigningKey {
    const key = this.state.signingKeys.find((k) => k.alg === alg && k.status === 'active');
    if (!key) throw new Error(`no active ${alg} key`);
    return key;
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.state.signingKeys.map((k) => k.publicJwk) };
  }

  /**
   * Key rotation. `publish`: add a new key to the JWKS without using it (what One Login does first); `use`: sign
   * with the newest published key (or a brand-new one); `retire`: drop keys that no longer sign from the JWKS.
   */
  rotateSigningKeys(
    options: { alg?: 'ES256' | 'RS256'; step?: 'publish' | 'use' | 'publish-and-use'; retire?: boolean } = {},
  ) {
    const algs = options.alg ? [options.alg] : (['ES256', 'RS256'] as const);
    const step = options.step ?? 'publish-and-use';
    for (const alg of algs) {
      if (step === 'publish' || step === 'publish-and-use') {
        if (!this.state.signingKeys.some((k) => k.alg === alg && k.status === 'next')) {
          this.state.signingKeys.push({ ...generateSigningKey(alg), status: 'next' });
        }
      }
      if (step === 'use' || step === 'publish-and-use') {
        const next = this.state.signingKeys.find((k) => k.alg === alg && k.status === 'next') ?? {
          ...generateSigningKey(alg),
          status: 'next' as const,
        };
        if (!this.state.signingKeys.includes(next)) this.state.signingKeys.push(next);
        for (const k of this.state.signingKeys)
          if (k.alg === alg && k.status === 'active') k.status = 'previous';
        next.status = 'active';
      }
    }
    if (options.retire)
      this.state.signingKeys = this.state.signingKeys.filter((k) => k.status !== 'previous');
  }

  didDocument(): Record<string, unknown> {
    return {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
      id: this.didId,
      assertionMethod: this.state.didKeys.map((k) => ({
        type: 'JsonWebKey',
        id: k.kid,
        controller: this.didId,
        publicKeyJwk: {
          kty: k.publicJwk.kty,
          crv: k.publicJwk.crv,
          x: k.publicJwk.x,
          y: k.publicJwk.y,
          alg: 'ES256',
        },
      })),
    };
  }

  /** New DID signing key; the old one stays in the document unless `retire`. */
  rotateDidKey(options: { retire?: boolean } = {}): void {
    const key = this.#newDidKey();
    for (const k of this.state.didKeys) k.status = 'previous';
    this.state.didKeys = [...(options.retire ? [] : this.state.didKeys), key];
  }

  discovery(): Record<string, unknown> {
    const e = this.endpoints;
    return {
      issuer: this.issuer,
      authorization_endpoint: e.authorize,
      token_endpoint: e.token,
      registration_endpoint: issuerUrl(this.issuer, 'connect/register'),
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

  trustmark(): Record<string, unknown> {
    return { idp: this.issuer, trustmark_provider: this.issuer, C: ['Cl', 'Cl.Cm'], P: ['P0', 'P1', 'P2'] };
  }

  // ---- /authorize ---------------------------------------------------------------------------------------------
  async authorize(query: URLSearchParams): Promise<AuthorizeOutcome> {
    const clientId = query.get('client_id');
    const client = clientId ? this.client(clientId) : undefined;
    if (!client) return { kind: 'page', status: 400, message: 'Unknown client (client_id)' };

    let params: Record<string, unknown>;
    if (query.has('request')) {
      const verified = await this.#verifyRequestObject(client, query);
      if (typeof verified === 'string') return { kind: 'page', status: 400, message: verified };
      params = verified;
    } else {
      params = Object.fromEntries(query.entries());
    }

    const redirectUri = params.redirect_uri;
    if (typeof redirectUri !== 'string' || !client.redirectUris.includes(redirectUri)) {
      return { kind: 'page', status: 400, message: 'Invalid redirect_uri for this client' };
    }
    const state = typeof params.state === 'string' ? params.state : undefined;
    const fail = (error: string, description: string): AuthorizeOutcome => ({
      kind: 'redirect',
      location: this.#redirect(redirectUri, { error, error_description: description, state }),
    });

    if (params.response_type !== 'code')
      return fail('unsupported_response_type', 'Unsupported response type');
    const scopes = typeof params.scope === 'string' ? params.scope.split(' ').filter(Boolean) : [];
    const allowedScopes = client.scopes ?? DEFAULT_SCOPES;
    if (!scopes.includes('openid') || scopes.some((s) => !allowedScopes.includes(s))) {
      return fail('invalid_scope', 'Invalid, unknown or malformed scope');
    }
    if (typeof params.nonce !== 'string' || params.nonce.length === 0) {
      return fail('invalid_request', 'Request is missing nonce parameter');
    }

    let vtr: unknown = params.vtr ?? ['Cl.Cm'];
    if (typeof vtr === 'string') {
      try {
        vtr = JSON.parse(vtr);
      } catch {
        return fail('invalid_request', 'Request vtr not valid');
      }
    }
    if (!Array.isArray(vtr) || !vtr.every((v) => typeof v === 'string') || vtrProblem(vtr)) {
      return fail('invalid_request', 'Request vtr not valid');
    }
    const level = identityLevelOf(vtr);
    if (level && !client.identityVerificationSupported)
      return fail('invalid_request', 'Request vtr not valid');

    let claims: string[] = [];
    if (params.claims !== undefined) {
      let parsed: unknown = params.claims;
      if (typeof parsed === 'string') {
        try {
          parsed = JSON.parse(parsed);
        } catch {
          return fail('invalid_request', 'Request contains invalid claims');
        }
      }
      const userinfo = (parsed as { userinfo?: unknown } | null)?.userinfo;
      if (
        !parsed ||
        typeof parsed !== 'object' ||
        Object.keys(parsed).some((k) => k !== 'userinfo') ||
        !userinfo ||
        typeof userinfo !== 'object'
      ) {
        return fail('invalid_request', 'Request contains invalid claims');
      }
      claims = Object.keys(userinfo);
      if (claims.some((c) => !client.claims?.includes(c)) || (claims.length > 0 && level !== 'P2')) {
        return fail('invalid_request', 'Request contains invalid claims');
      }
    }

    const challenge = params.code_challenge;
    const method = params.code_challenge_method;
    if (challenge !== undefined || method !== undefined) {
      if (method !== 'S256' || typeof challenge !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
        return fail('invalid_request', 'Invalid value for code_challenge_method or code_challenge');
      }
    } else if (client.pkceEnforced) {
      return fail('invalid_request', 'Request is missing code_challenge parameter, but PKCE is enforced.');
    }

    let maxAge: number | undefined;
    if (params.max_age !== undefined) {
      maxAge = Number(params.max_age);
      if (!Number.isInteger(maxAge) || maxAge < 0) return fail('invalid_request', 'Invalid max_age value');
    }
    if (params.prompt !== undefined && params.prompt !== 'login' && params.prompt !== 'none') {
      return fail('invalid_request', 'Invalid prompt parameter');
    }

    const injected = this.state.errors.authoriseErrors[0];
    if (injected === 'ACCESS_DENIED')
      return fail('access_denied', 'Access denied by resource owner or authorization server');
    if (injected === 'TEMPORARILY_UNAVAILABLE')
      return fail('temporarily_unavailable', 'Temporarily unavailable');

    const record: AuthorizationRecord = {
      id: random(16),
      clientId: client.clientId,
      redirectUri,
      nonce: params.nonce,
      scopes,
      vtr: vtr as string[],
      claims,
      createdAt: this.nowMs(),
      ...(state !== undefined ? { state } : {}),
      ...(typeof challenge === 'string' ? { codeChallenge: challenge } : {}),
      ...(maxAge !== undefined ? { maxAge } : {}),
      ...(typeof params.prompt === 'string' ? { prompt: params.prompt } : {}),
      ...(typeof params.ui_locales === 'string' ? { uiLocales: params.ui_locales } : {}),
      ...(params.response_mode === 'fragment' ? { responseMode: 'fragment' } : {}),
    };
    if (this.#options.interactive) {
      this.state.pending.push(record);
      const page = new URL(this.#options.signInPageUrl);
      page.searchParams.set('id', record.id);
      return { kind: 'redirect', location: page.toString() };
    }
    return { kind: 'redirect', location: this.#complete(record, { persona: this.state.defaultPersonaId }) };
  }

  async #verifyRequestObject(
    client: StoredClient,
    query: URLSearchParams,
  ): Promise<Record<string, unknown> | string> {
    const allowed = new Set(['response_type', 'scope', 'client_id', 'request']);
    if ([...query.keys()].some((k) => !allowed.has(k))) {
      return 'With a request object, only response_type, scope, client_id and request may be in the query';
    }
    const jwt = query.get('request') ?? '';
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(jwt);
    } catch {
      return 'Invalid request object';
    }
    if (typeof header.alg !== 'string' || !ASSERTION_ALGS.includes(header.alg))
      return 'Invalid request object algorithm';
    const payload = await this.#verifyWithClientKeys(client, jwt, header.alg, header.kid);
    if (!payload) return 'Invalid request object signature';
    if (payload.iss !== client.clientId) return 'Invalid request object issuer';
    const aud = payload.aud;
    const expectedAud = authorizeAudience(this.issuer);
    if (!(aud === expectedAud || (Array.isArray(aud) && aud.includes(expectedAud))))
      return 'Invalid request object audience';
    if (typeof payload.exp !== 'number' || payload.exp <= this.nowS()) return 'Request object expired';
    for (const k of ['response_type', 'scope', 'client_id'] as const) {
      if (payload[k] !== query.get(k)) return `${k} does not match the request object`;
    }
    if (payload.request !== undefined || payload.request_uri !== undefined)
      return 'Nested request objects are not allowed';
    return payload;
  }

  /** Verify a JWT signed by the client: the key is chosen by kid when sent, else each registered key is tried. */
  async #verifyWithClientKeys(client: StoredClient, jwt: string, alg: string, kid: unknown) {
    const keys = (client.publicKeys ?? []).filter((k) => kid === undefined || k.kid === kid);
    for (const jwk of keys) {
      try {
        const key = await importJWK({ ...jwk, alg }, alg);
        const { payload } = await compactVerify(jwt, key, { algorithms: [alg] });
        return JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
      } catch {
        // try the next key
      }
    }
    return undefined;
  }

  pendingAuthorization(id: string): AuthorizationRecord | undefined {
    const found = this.state.pending.find((p) => p.id === id);
    return found ? structuredClone(found) : undefined;
  }

  /** Finish an interactive sign-in: returns where to send the browser (the RP's redirect URI). */
  completeAuthorization(
    id: string,
    outcome: { persona: string } | { error: string; error_description?: string },
  ): string {
    const record = this.state.pending.find((p) => p.id === id);
    if (!record) throw new Error(`No pending authorization ${id}`);
    this.state.pending = this.state.pending.filter((p) => p !== record);
    return this.#complete(record, outcome);
  }

  #complete(
    record: AuthorizationRecord,
    outcome: { persona: string } | { error: string; error_description?: string },
  ): string {
    const { redirectUri, state } = record;
    if ('error' in outcome) {
      return this.#redirect(
        redirectUri,
        { error: outcome.error, error_description: outcome.error_description, state },
        record,
      );
    }
    const persona = this.persona(outcome.persona);
    if (!persona) throw new Error(`Unknown persona ${outcome.persona}`);
    const client = this.client(record.clientId);
    const level = identityLevelOf(record.vtr);
    let identityProven = false;
    if (level === 'P1' || level === 'P2') {
      const achieved = persona.identity?.vot;
      identityProven = achieved !== undefined && (level === 'P1' || achieved === 'P2');
      const wantsReturnCodes =
        client?.returnCodesEnabled && record.claims.includes(IDENTITY_CLAIMS.returnCode);
      if (!identityProven && !wantsReturnCodes) {
        return this.#redirect(
          redirectUri,
          {
            error: 'access_denied',
            error_description: 'Access denied by resource owner or authorization server',
            state,
          },
          record,
        );
      }
    }
    const session = this.#session(persona.sub, record.clientId);
    const code = random(24);
    this.state.codes.push({
      code,
      authorization: record,
      personaId: persona.id,
      sub: persona.sub,
      sid: session.sid,
      authTime: session.authTime,
      identityProven,
      expiresAt: this.nowMs() + CODE_LIFETIME_S * 1000,
      used: false,
      accessTokens: [],
    });
    return this.#redirect(redirectUri, { code, state }, record);
  }

  #session(sub: string, clientId: string): SessionRecord {
    let session = this.state.sessions.find((s) => s.sub === sub);
    if (!session) {
      session = { sid: random(16), sub, authTime: this.nowS(), clientIds: [] };
      this.state.sessions.push(session);
    } else {
      // The fake always (re)authenticates the user, so auth_time is now: max_age and prompt=login are satisfied.
      session.authTime = this.nowS();
    }
    if (!session.clientIds.includes(clientId)) session.clientIds.push(clientId);
    return session;
  }

  #redirect(uri: string, params: Record<string, string | undefined>, record?: AuthorizationRecord): string {
    const url = new URL(uri);
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) search.set(k, v);
    if (record?.responseMode === 'fragment') url.hash = search.toString();
    else for (const [k, v] of search) url.searchParams.set(k, v);
    return url.toString();
  }

  // ---- /token -------------------------------------------------------------------------------------------------
  async token(form: URLSearchParams): Promise<TokenOutcome> {
    const err = (error: string, error_description: string, status = 400): TokenOutcome => ({
      status,
      body: { error, error_description },
    });
    if (form.get('grant_type') !== 'authorization_code')
      return err('unsupported_grant_type', 'Unsupported grant type');
    this.#prune();

    let client: StoredClient | undefined;
    if (form.has('client_assertion')) {
      if (form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE)
        return err('invalid_request', 'Invalid client_assertion_type');
      const result = await this.#verifyClientAssertion(form.get('client_assertion') ?? '');
      if (typeof result === 'string') return err('invalid_client', result);
      client = result;
    } else if (form.has('client_secret')) {
      const candidate = this.client(form.get('client_id') ?? '');
      const secret = form.get('client_secret') ?? '';
      if (
        !candidate?.clientSecretHash ||
        !timingSafeEqualString(sha256(secret), candidate.clientSecretHash)
      ) {
        return err('invalid_client', 'Client authentication failed');
      }
      client = candidate;
    } else {
      return err('invalid_request', 'Request is missing client authentication');
    }

    const codeValue = form.get('code');
    if (!codeValue) return err('invalid_request', 'Request is missing code parameter');
    const code = this.state.codes.find((c) => c.code === codeValue);
    if (!code || code.authorization.clientId !== client.clientId)
      return err('invalid_grant', 'Invalid grant');
    if (code.used) {
      // RFC 6749 §4.1.2: a replayed code revokes what it issued.
      for (const t of this.state.accessTokens) if (code.accessTokens.includes(t.token)) t.revoked = true;
      return err('invalid_grant', 'Invalid grant');
    }
    if (code.expiresAt <= this.nowMs()) return err('invalid_grant', 'Invalid grant');
    if (form.get('redirect_uri') !== code.authorization.redirectUri)
      return err('invalid_grant', 'Invalid grant');
    if (code.authorization.codeChallenge) {
      const verifier = form.get('code_verifier') ?? '';
      const computed = base64url.encode(createHash('sha256').update(verifier, 'ascii').digest());
      if (
        !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) ||
        !timingSafeEqualString(computed, code.authorization.codeChallenge)
      ) {
        return err('invalid_grant', 'PKCE code verification failed');
      }
    }
    code.used = true;

    const accessToken = random(32);
    code.accessTokens.push(accessToken);
    this.state.accessTokens.push({
      token: accessToken,
      clientId: client.clientId,
      sub: code.sub,
      personaId: code.personaId,
      scopes: code.authorization.scopes,
      claims: code.authorization.claims,
      identityProven: code.identityProven,
      expiresAt: this.nowMs() + ACCESS_TOKEN_LIFETIME_S * 1000,
      revoked: false,
    });
    const idToken = await this.#idToken(client, code, accessToken);
    return {
      status: 200,
      body: {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: ACCESS_TOKEN_LIFETIME_S,
        id_token: idToken,
      },
    };
  }

  /** Forget codes and tokens an hour after they expire, so a long-running sandbox's state stays small. */
  #prune(): void {
    const cutoff = this.nowMs() - 3_600_000;
    this.state.codes = this.state.codes.filter((c) => c.expiresAt > cutoff);
    this.state.accessTokens = this.state.accessTokens.filter((t) => t.expiresAt > cutoff);
    // Interactive sign-ins nobody finished within a day.
    this.state.pending = this.state.pending.filter((p) => p.createdAt > cutoff - 23 * 3_600_000);
  }

  async #verifyClientAssertion(assertion: string): Promise<StoredClient | string> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    let unverified: ReturnType<typeof decodeJwt>;
    try {
      header = decodeProtectedHeader(assertion);
      unverified = decodeJwt(assertion);
    } catch {
      return 'Invalid client assertion';
    }
    if (typeof header.alg !== 'string' || !ASSERTION_ALGS.includes(header.alg)) {
      return 'Invalid signing algorithm for client assertion';
    }
    const client = typeof unverified.iss === 'string' ? this.client(unverified.iss) : undefined;
    if (!client?.publicKeys?.length) return 'Client authentication failed';
    const payload = await this.#verifyWithClientKeys(client, assertion, header.alg, header.kid);
    if (!payload) return 'Invalid signature in private_key_jwt';
    if (payload.iss !== client.clientId || payload.sub !== client.clientId)
      return 'Invalid issuer or subject in client assertion';
    const auds = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!auds.some((a) => a === this.endpoints.token || a === this.issuer))
      return 'Invalid audience in client assertion';
    const now = this.nowS();
    if (typeof payload.exp !== 'number' || payload.exp <= now) return 'Client assertion expired';
    if (payload.exp > now + 3600) return 'Client assertion expiry too far in the future';
    if (typeof payload.jti !== 'string' || payload.jti.length === 0) return 'Client assertion has no jti';
    this.state.usedAssertionJtis = this.state.usedAssertionJtis.filter((j) => j.expiresAt > now);
    if (this.state.usedAssertionJtis.some((j) => j.jti === `${client.clientId} ${payload.jti}`)) {
      return 'Client assertion jti already used';
    }
    this.state.usedAssertionJtis.push({ jti: `${client.clientId} ${payload.jti}`, expiresAt: payload.exp });
    return client;
  }

  async #idToken(client: StoredClient, code: CodeRecord, accessToken: string): Promise<string> {
    const errors = this.state.errors.idTokenErrors;
    const alg = client.idTokenSigningAlgorithm ?? 'ES256';
    const now = this.nowS();
    const requested = code.authorization.vtr.map((v) => v.replace(/\.P[012]$/, ''));
    const vot = requested.includes('Cl.Cm') ? 'Cl.Cm' : (requested[0] ?? 'Cl.Cm');
    const digest = createHash('sha256').update(accessToken, 'ascii').digest();
    let iat = now;
    let exp = now + ID_TOKEN_LIFETIME_S;
    if (errors.includes('TOKEN_EXPIRED')) {
      iat = now - 3600;
      exp = now - 3600 + ID_TOKEN_LIFETIME_S;
    }
    if (errors.includes('TOKEN_NOT_VALID_YET')) {
      iat = now + 3600;
      exp = now + 3600 + ID_TOKEN_LIFETIME_S;
    }
    const claims = {
      sub: code.sub,
      aud: errors.includes('INVALID_AUD') ? 'invalid-client-id' : client.clientId,
      iss: errors.includes('INVALID_ISS') ? 'https://invalid-issuer.example/' : this.issuer,
      vot: errors.includes('INCORRECT_VOT') ? (vot === 'Cl' ? 'Cl.Cm' : 'Cl') : vot,
      vtm: this.endpoints.trustmark,
      iat,
      exp,
      nonce: errors.includes('NONCE_NOT_MATCHING') ? random(16) : code.authorization.nonce,
      sid: code.sid,
      auth_time: code.authTime,
      at_hash: base64url.encode(digest.subarray(0, 16)),
    };
    return this.#sign(
      claims,
      alg,
      errors.includes('INVALID_ALG_HEADER'),
      errors.includes('INVALID_SIGNATURE'),
    );
  }

  async #sign(
    claims: Record<string, unknown>,
    alg: 'ES256' | 'RS256',
    hs256: boolean,
    badSignature: boolean,
    typ?: string,
  ): Promise<string> {
    if (hs256) {
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', kid: randomUUID() })
        .sign(randomBytes(32));
    }
    const key = this.activeSigningKey(alg);
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg, kid: key.kid, ...(typ ? { typ } : {}) })
      .sign(this.#keyObject(key));
    return badSignature ? corruptSignature(jwt) : jwt;
  }

  // ---- /userinfo ----------------------------------------------------------------------------------------------
  async userinfo(authorization: string | null): Promise<UserInfoOutcome> {
    const invalid = (description: string): UserInfoOutcome => ({
      status: 401,
      wwwAuthenticate: `Bearer error="invalid_token", error_description="${description}"`,
    });
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) return { status: 401, wwwAuthenticate: 'Bearer' };
    const record = this.state.accessTokens.find((t) => t.token === match[1]);
    if (!record || record.revoked) return invalid('Invalid access token');
    if (record.expiresAt <= this.nowMs()) return invalid('The access token expired');
    const persona = this.persona(record.personaId);
    if (!persona) return invalid('Invalid access token');

    const body: Record<string, unknown> = { sub: persona.sub };
    if (record.scopes.includes('email'))
      Object.assign(body, { email: persona.email, email_verified: persona.email_verified });
    if (record.scopes.includes('phone') && persona.phone_number) {
      Object.assign(body, {
        phone_number: persona.phone_number,
        phone_number_verified: persona.phone_number_verified ?? false,
      });
    }
    if (record.scopes.includes('wallet-subject-id')) {
      body.wallet_subject_id =
        persona.wallet_subject_id ?? `urn:fdc:wallet.account.gov.uk:2024:${sha256(persona.sub).slice(0, 43)}`;
    }
    const wants = (name: keyof typeof IDENTITY_CLAIMS) => record.claims.includes(IDENTITY_CLAIMS[name]);
    const identity = record.identityProven ? persona.identity : undefined;
    if (identity) {
      if (wants('coreIdentityJWT'))
        body[IDENTITY_CLAIMS.coreIdentityJWT] = await this.#coreIdentity(record, persona);
      if (wants('address') && identity.address) body[IDENTITY_CLAIMS.address] = identity.address;
      if (wants('passport') && identity.passport) body[IDENTITY_CLAIMS.passport] = identity.passport;
      if (wants('drivingPermit') && identity.drivingPermit)
        body[IDENTITY_CLAIMS.drivingPermit] = identity.drivingPermit;
    }
    if (wants('returnCode') && persona.returnCodes?.length)
      body[IDENTITY_CLAIMS.returnCode] = persona.returnCodes;
    return { status: 200, body };
  }

  async #coreIdentity(record: AccessTokenRecord, persona: Persona): Promise<string> {
    const errors = this.state.errors.coreIdentityErrors;
    const identity = persona.identity;
    const now = this.nowS();
    const start = errors.includes('TOKEN_EXPIRED') ? now - 2 * CORE_IDENTITY_LIFETIME_S : now;
    const claims = {
      sub: errors.includes('INCORRECT_SUB') ? 'urn:fdc:gov.uk:2022:someone-else' : persona.sub,
      iss: errors.includes('INVALID_ISS') ? 'https://invalid-issuer.example/' : this.coreIdentityIssuer,
      aud: errors.includes('INVALID_AUD') ? 'invalid-client-id' : record.clientId,
      nbf: start,
      iat: start,
      exp: start + CORE_IDENTITY_LIFETIME_S,
      vot: identity?.vot ?? 'P0',
      vtm: this.endpoints.trustmark,
      vc: {
        type: ['VerifiableCredential', 'IdentityCheckCredential'],
        credentialSubject: { name: identity?.name ?? [], birthDate: identity?.birthDate ?? [] },
      },
    };
    if (errors.includes('INVALID_ALG_HEADER')) {
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', kid: randomUUID() })
        .sign(randomBytes(32));
    }
    const key = this.state.didKeys.at(-1);
    if (!key) throw new Error('no DID key');
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
      .sign(this.#keyObject(key));
    return errors.includes('INVALID_SIGNATURE') ? corruptSignature(jwt) : jwt;
  }

  // ---- /logout and back-channel logout ------------------------------------------------------------------------
  /** Returns where to send the browser, and the sub whose session ended (for back-channel logout). */
  async logout(query: URLSearchParams): Promise<{ location: string; endedSub?: string }> {
    const hint = query.get('id_token_hint');
    const postLogout = query.get('post_logout_redirect_uri');
    const state = query.get('state') ?? undefined;
    const signedOut = { location: this.endpoints.loggedOut };
    if (!hint) return signedOut;
    const claims = await this.#verifyOwnToken(hint);
    if (!claims) return signedOut;
    const clientId = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
    const client = typeof clientId === 'string' ? this.client(clientId) : undefined;
    const sub = typeof claims.sub === 'string' ? claims.sub : undefined;
    const ended = sub && this.state.sessions.some((s) => s.sub === sub) ? sub : undefined;
    const result = (location: string) => (ended ? { location, endedSub: ended } : { location });
    if (!client || !postLogout || !(client.postLogoutRedirectUris ?? []).includes(postLogout)) {
      return result(this.endpoints.loggedOut);
    }
    return result(this.#redirect(postLogout, { state }));
  }

  /** Our own ID token, expired or not (an id_token_hint is usually old). */
  async #verifyOwnToken(jwt: string): Promise<Record<string, unknown> | undefined> {
    try {
      const header = decodeProtectedHeader(jwt);
      const key = this.state.signingKeys.find((k) => k.kid === header.kid);
      if (!key) return undefined;
      const { payload } = await jwtVerify(jwt, await importJWK(key.publicJwk, key.alg), {
        algorithms: [key.alg],
        issuer: this.issuer,
        currentDate: new Date(0),
      });
      return payload as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }

  /** End the user's One Login session; returns the back-channel logout tokens to deliver (one per RP in session). */
  async endSession(
    sub: string,
  ): Promise<{ clientId: string; uri: string; logoutToken: string; jti: string }[]> {
    const session = this.state.sessions.find((s) => s.sub === sub);
    this.state.sessions = this.state.sessions.filter((s) => s.sub !== sub);
    for (const t of this.state.accessTokens) if (t.sub === sub) t.revoked = true;
    const clientIds = session ? session.clientIds : [];
    const out: { clientId: string; uri: string; logoutToken: string; jti: string }[] = [];
    for (const clientId of clientIds) {
      const client = this.client(clientId);
      if (!client?.backChannelLogoutUri) continue;
      const { token, jti } = await this.createLogoutToken({ sub, clientId });
      out.push({ clientId, uri: client.backChannelLogoutUri, logoutToken: token, jti });
    }
    return out;
  }

  /** A logout token as One Login sends it (ES256, `typ: logout+jwt`, expires in two minutes). */
  async createLogoutToken(input: { sub: string; clientId: string }): Promise<{ token: string; jti: string }> {
    const now = this.nowS();
    const jti = randomUUID();
    const token = await this.#sign(
      {
        iss: this.issuer,
        aud: input.clientId,
        sub: input.sub,
        iat: now,
        exp: now + 120,
        jti,
        events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
      },
      'ES256',
      false,
      false,
      'logout+jwt',
    );
    return { token, jti };
  }

  recordBackChannelLogout(record: BackChannelLogoutRecord): void {
    this.state.backChannelLogouts.push(record);
  }
}

/** Flip bits in the signature so it no longer verifies (the simulator's INVALID_SIGNATURE). */
function corruptSignature(jwt: string): string {
  const [h, p, s = ''] = jwt.split('.');
  const bytes = base64url.decode(s);
  bytes[0] = (bytes[0] ?? 0) ^ 0xff;
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
  return `${h}.${p}.${base64url.encode(bytes)}`;
}

export function defaultUrlsFor(issuer: string): { didDocumentUrl: string; coreIdentityIssuer: string } {
  if (issuer === ENVIRONMENTS.integration.issuer) return ENVIRONMENTS.integration;
  if (issuer === ENVIRONMENTS.production.issuer) return ENVIRONMENTS.production;
  return { didDocumentUrl: issuerUrl(issuer, '.well-known/did.json'), coreIdentityIssuer: issuer };
}
