/**
 * `@council-sdk/one-login/testing`: a fake GOV.UK One Login. Use its msw handlers in tests
 * (`setupServer(...fake.handlers)`), or let the sandbox serve them over HTTP.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createFaultInjector, type FaultInjector } from '@council-sdk/core/testing';
import type { JWK } from 'jose';
import { ENVIRONMENTS, issuerUrl } from '../constants';
import { createHandlers } from './handlers';
import {
  type AuthorizationRecord,
  type BackChannelLogoutRecord,
  defaultUrlsFor,
  type ErrorConfiguration,
  type FakeClientConfig,
  OneLoginModel,
  type OneLoginFakeState,
} from './model';
import { DEFAULT_PERSONAS, type Persona } from './personas';

export type {
  AccessTokenRecord,
  AuthoriseError,
  CodeRecord,
  SessionRecord,
  SigningKey,
  StoredClient,
  AuthorizationRecord,
  BackChannelLogoutRecord,
  CoreIdentityError,
  ErrorConfiguration,
  FakeClientConfig,
  IdTokenError,
  OneLoginFakeState,
} from './model';
export { DEFAULT_PERSONAS, type Persona } from './personas';

export interface OneLoginFakeOptions {
  /** The issuer, with its trailing slash. Default: the integration issuer. E.g. `http://127.0.0.1:4000/one-login/`. */
  baseUrl?: string;
  /** Default: the integration DID URL for the integration issuer, else `<baseUrl>.well-known/did.json`. */
  didDocumentUrl?: string;
  /** Default: the integration identity issuer for the integration issuer, else `baseUrl`. */
  coreIdentityIssuer?: string;
  clients?: FakeClientConfig[];
  personas?: Persona[];
  /** The persona /authorize signs in as in immediate mode. Default `authenticated`. */
  persona?: string;
  /**
   * Interactive mode (the sandbox): /authorize validates, stores a pending authorization and redirects to
   * `signInPageUrl?id=...`, where a tester chooses a persona; then `completeAuthorization` gives the redirect.
   */
  interactive?: boolean;
  signInPageUrl?: string;
  now?: () => Date;
  /** Seed for probabilistic faults. */
  faultSeed?: number;
}

export interface BackChannelDelivery {
  clientId: string;
  uri: string;
  status?: number;
  error?: string;
}

/** A fresh RSA key pair for a test client: the PEM for the OneLoginClient, the JWK to register with the fake. */
export function generateClientKeyPair(options: { kid?: string } = {}): {
  privateKeyPem: string;
  publicJwk: JWK;
  kid: string;
} {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = options.kid ?? `client-key-${Math.random().toString(36).slice(2, 10)}`;
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicJwk: { ...(publicKey.export({ format: 'jwk' }) as JWK), kid, alg: 'RS256', use: 'sig' },
    kid,
  };
}

export function createOneLoginFake(options: OneLoginFakeOptions = {}) {
  const issuer = options.baseUrl ?? ENVIRONMENTS.integration.issuer;
  const defaults = defaultUrlsFor(issuer);
  const model = new OneLoginModel({
    issuer,
    didDocumentUrl: options.didDocumentUrl ?? defaults.didDocumentUrl,
    coreIdentityIssuer: options.coreIdentityIssuer ?? defaults.coreIdentityIssuer,
    now: options.now ?? (() => new Date()),
    interactive: options.interactive ?? false,
    signInPageUrl: options.signInPageUrl ?? issuerUrl(issuer, 'fake-sign-in'),
  });
  const configure = () => {
    for (const client of options.clients ?? []) model.registerClient(client);
    for (const persona of options.personas ?? []) model.addPersona(persona);
    if (options.persona) setDefaultPersona(options.persona);
  };
  const faults: FaultInjector = createFaultInjector(
    options.faultSeed === undefined ? {} : { seed: options.faultSeed },
  );
  const inflight = new Set<Promise<unknown>>();

  function setDefaultPersona(id: string) {
    if (!model.persona(id)) throw new Error(`Unknown persona ${id}`);
    model.state.defaultPersonaId = id;
  }

  /** POST each logout token to its RP with global fetch (form field `logout_token`), recording the answer. */
  async function deliver(
    tokens: Awaited<ReturnType<OneLoginModel['endSession']>>,
    sub: string,
  ): Promise<BackChannelDelivery[]> {
    return Promise.all(
      tokens.map(async ({ clientId, uri, logoutToken, jti }) => {
        const record: BackChannelLogoutRecord = {
          at: new Date(model.nowMs()).toISOString(),
          clientId,
          uri,
          sub,
          jti,
        };
        try {
          const res = await fetch(uri, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ logout_token: logoutToken }).toString(),
            signal: AbortSignal.timeout(5000),
          });
          record.status = res.status;
        } catch (error) {
          record.error = error instanceof Error ? error.message : 'delivery failed';
        }
        model.recordBackChannelLogout(record);
        return {
          clientId,
          uri,
          ...(record.status !== undefined ? { status: record.status } : {}),
          ...(record.error ? { error: record.error } : {}),
        };
      }),
    );
  }

  async function logoutEverywhere(sub: string): Promise<BackChannelDelivery[]> {
    return deliver(await model.endSession(sub), sub);
  }

  const handlers = createHandlers(model, faults, {
    // The built-in persona page only when nobody else (the sandbox) renders one.
    builtInSignInPage: options.interactive === true && options.signInPageUrl === undefined,
    onSessionEnded: (sub) => {
      const p = logoutEverywhere(sub).finally(() => inflight.delete(p));
      inflight.add(p);
    },
  });
  configure();

  return {
    handlers,
    faults,
    issuer,
    didDocumentUrl: model.didDocumentUrl,
    coreIdentityIssuer: model.coreIdentityIssuer,
    endpoints: model.endpoints,
    clock: {
      now: () => new Date(model.nowMs()),
      advance: (ms: number) => model.advanceClock(ms),
    },
    /** Back to a fresh state (new keys, no sessions); registered clients and option personas stay. */
    reset() {
      faults.clear();
      model.reset();
      configure();
    },
    /** JSON-serialisable state, private keys included (a fake's keys protect nothing). */
    snapshot(): OneLoginFakeState {
      return structuredClone(model.state);
    },
    restore(snapshot: OneLoginFakeState) {
      model.restore(snapshot);
    },

    registerClient: (config: FakeClientConfig) => model.registerClient(config),
    clients: () => model.state.clients.map(({ clientSecretHash: _h, ...c }) => structuredClone(c)),
    personas: (): Persona[] => structuredClone(model.state.personas),
    addPersona: (persona: Persona) => model.addPersona(persona),
    setDefaultPersona,
    defaultPersona: () => model.state.defaultPersonaId,

    /** The simulator's errorConfiguration: inject broken tokens and authorisation errors. */
    setErrorConfiguration: (errors: Partial<ErrorConfiguration>) => model.setErrors(errors),
    errorConfiguration: (): ErrorConfiguration => structuredClone(model.state.errors),
    clearErrors: () => model.setErrors({ authoriseErrors: [], idTokenErrors: [], coreIdentityErrors: [] }),

    pendingAuthorizations: (): AuthorizationRecord[] => structuredClone(model.state.pending),
    pendingAuthorization: (id: string) => model.pendingAuthorization(id),
    /** Finish an interactive sign-in; returns the URL to send the browser to (the RP's redirect URI). */
    completeAuthorization: (
      id: string,
      outcome: { persona: string } | { error: string; error_description?: string },
    ) => model.completeAuthorization(id, outcome),

    sessions: () => structuredClone(model.state.sessions),
    /** End the user's One Login session and send back-channel logout tokens to every RP in it. */
    logoutEverywhere,
    /** A valid logout token for a test to POST itself. */
    createLogoutToken: async (input: { sub: string; clientId: string }) =>
      (await model.createLogoutToken(input)).token,
    backChannelLogouts: (): BackChannelLogoutRecord[] => structuredClone(model.state.backChannelLogouts),
    /** Resolves when back-channel deliveries triggered by /logout have finished. */
    settled: async () => {
      while (inflight.size) await Promise.all([...inflight]);
    },

    jwks: () => model.jwks(),
    didDocument: () => model.didDocument(),
    rotateSigningKeys: (o?: Parameters<OneLoginModel['rotateSigningKeys']>[0]) => model.rotateSigningKeys(o),
    rotateDidKey: (o?: { retire?: boolean }) => model.rotateDidKey(o),
  };
}

export type OneLoginFake = ReturnType<typeof createOneLoginFake>;
export { DEFAULT_PERSONAS as personas };
