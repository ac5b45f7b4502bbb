/**
 * `@council-sdk/one-login/testing`: a fake GOV.UK One Login on the fake kernel of `@council-sdk/core/testing`.
 * Use its msw handlers in tests (`setupServer(...fake.handlers)`), or let the sandbox serve them over HTTP; steer it
 * only through the methods below (the model behind them is private).
 */
import { generateKeyPairSync } from 'node:crypto';
import {
  checkSnapshot,
  createFakeClock,
  createFaultInjector,
  type FakeClock,
  type FakeSnapshot,
  makeSnapshot,
  OutboundDeliveries,
  type OutboundPolicy,
  type OutboundState,
  type ServiceFake,
} from '@council-sdk/core/testing';
import type { JWK } from 'jose';
import { ENVIRONMENTS, issuerUrl } from '../constants';
import { createHandlers } from './handlers';
import { type FakeClientConfig, registerClient } from './model/clients';
import { defaultUrlsFor, didIdFor, endpointsFor, type ModelContext, nowMs } from './model/context';
import type { ErrorConfiguration } from './model/injected-errors';
import { noErrors } from './model/injected-errors';
import {
  activeDidKey,
  activeSigningKey,
  didDocument,
  generateSigningKey,
  jwks,
  newDidKey,
  type RotateSigningKeysOptions,
  rotateDidKey,
  rotateSigningKeys,
  type SigningAlgorithm,
  type SigningKey,
} from './model/keys';
import { createLogoutToken, endSession } from './model/logout';
import { completeInPersonCheck, type InPersonOutcome, startInPersonCheck } from './model/in-person';
import { addPersona, DEFAULT_PERSONAS, findPersona, type Persona } from './model/personas';
import {
  type AuthorizationOutcome,
  completePendingAuthorization,
  liveSessions,
  pendingAuthorization,
  signInSession,
} from './model/sessions';
import { setErrors } from './model/simulator-config';
import type { AuthorizationRecord, OneLoginFakeState, SessionRecord } from './model/state';

export type { FakeClientConfig, StoredClient } from './model/clients';
export type {
  AuthoriseError,
  CoreIdentityError,
  ErrorConfiguration,
  IdTokenError,
} from './model/injected-errors';
export type { RotateSigningKeysOptions, SigningKey } from './model/keys';
export type { AuthorizationOutcome } from './model/sessions';
export type {
  AccessTokenRecord,
  AuthorizationRecord,
  CodeRecord,
  OneLoginFakeState,
  SessionRecord,
} from './model/state';
export type { InPersonOutcome } from './model/in-person';
export { DEFAULT_PERSONAS, type InPersonCheck, type Persona } from './model/personas';

export const ONE_LOGIN_SERVICE = 'one-login';
/** Bumped when the snapshot layout changes (2: kernel clock and delivery log). */
export const ONE_LOGIN_SNAPSHOT_VERSION = 2;

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
  /** The clock to keep time with (default: a new ticking `createFakeClock`). */
  clock?: FakeClock;
  /** The base clock for a new fake clock (default: the system clock). Ignored when `clock` is given. */
  now?: () => Date;
  /** Seed for probabilistic faults. */
  faultSeed?: number;
  /** Change the back-channel logout delivery policy (default: One Login's, see `BACK_CHANNEL_LOGOUT_POLICY`). */
  backChannelLogout?: Partial<OutboundPolicy>;
}

/**
 * How One Login delivers back-channel logout tokens (govuk-one-login/authentication-api): a POST with a 15 s timeout
 * (`BACK_CHANNEL_LOGOUT_CALL_TIMEOUT`, ConfigurationService) that counts only when the answer is exactly 200
 * (oidc-api/.../services/HttpRequestService.java); a failure goes back on the SQS queue and is tried again after
 * the queue's 30 s visibility timeout, three receives in all before the dead-letter queue
 * (ci/terraform/oidc/logout-sqs.tf `maxReceiveCount = 3`).
 */
export const BACK_CHANNEL_LOGOUT_POLICY: OutboundPolicy = {
  retryDelaysMs: [30_000, 30_000],
  timeoutMs: 15_000,
  isDelivered: (status) => status === 200,
};

/** One back-channel logout the fake sent, with how its delivery went. */
export interface BackChannelLogoutRecord {
  at: string;
  clientId: string;
  uri: string;
  sub: string;
  jti: string;
  /** `pending` while retries remain. */
  delivery: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** HTTP status of the last attempt, or its error. */
  status?: number;
  error?: string;
}

export interface BackChannelDelivery {
  clientId: string;
  uri: string;
  status?: number;
  error?: string;
}

/** What a snapshot carries: the model's state and the delivery log. */
export interface OneLoginSnapshotState {
  model: OneLoginFakeState;
  deliveries: OutboundState;
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

function freshState(didId: string): OneLoginFakeState {
  return {
    clients: [],
    personas: DEFAULT_PERSONAS.map((p) => structuredClone(p) as Persona),
    defaultPersonaId: 'authenticated',
    signingKeys: [generateSigningKey('ES256'), generateSigningKey('RS256')],
    didKeys: [newDidKey(didId)],
    pending: [],
    codes: [],
    accessTokens: [],
    sessions: [],
    errors: noErrors(),
    backChannelLogouts: [],
  };
}

export function createOneLoginFake(options: OneLoginFakeOptions = {}) {
  const issuer = options.baseUrl ?? ENVIRONMENTS.integration.issuer;
  const defaults = defaultUrlsFor(issuer);
  const didDocumentUrl = options.didDocumentUrl ?? defaults.didDocumentUrl;
  const clock = options.clock ?? createFakeClock(options.now ? { base: options.now } : {});
  const faults = createFaultInjector(options.faultSeed === undefined ? {} : { seed: options.faultSeed });
  const deliveries = new OutboundDeliveries({
    clock,
    ...BACK_CHANNEL_LOGOUT_POLICY,
    ...options.backChannelLogout,
  });
  const didId = didIdFor(didDocumentUrl);
  const ctx: ModelContext = {
    issuer,
    didDocumentUrl,
    coreIdentityIssuer: options.coreIdentityIssuer ?? defaults.coreIdentityIssuer,
    didId,
    endpoints: endpointsFor(issuer),
    clock,
    interactive: options.interactive ?? false,
    signInPageUrl: options.signInPageUrl ?? issuerUrl(issuer, 'fake-sign-in'),
    state: freshState(didId),
    keyObjects: new Map(),
  };
  const inflight = new Set<Promise<unknown>>();

  const configure = () => {
    for (const client of options.clients ?? []) registerClient(ctx, client);
    for (const persona of options.personas ?? []) addPersona(ctx, persona);
    if (options.persona) setDefaultPersona(options.persona);
  };

  function setDefaultPersona(id: string) {
    if (!findPersona(ctx, id)) throw new Error(`Unknown persona ${id}`);
    ctx.state.defaultPersonaId = id;
  }

  /** Sign and queue one logout token for a client (delivered on One Login's retry schedule). */
  async function sendLogoutToken(sub: string, clientId: string, uri: string): Promise<string> {
    const { token, jti } = await createLogoutToken(ctx, { sub, clientId });
    const form = (logoutToken: string) => new URLSearchParams({ logout_token: logoutToken }).toString();
    const message = deliveries.send({
      kind: 'back-channel-logout',
      url: uri,
      body: form(token),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      // BackChannelLogoutRequestHandler signs a new token (new jti, iat and exp) each time the queue hands the
      // message over again, so each retry carries a fresh one.
      renew: async () => {
        const next = await createLogoutToken(ctx, { sub, clientId });
        const sent = ctx.state.backChannelLogouts.find((b) => b.messageId === message.id);
        if (sent) sent.jti = next.jti;
        return { body: form(next.token) };
      },
    });
    ctx.state.backChannelLogouts.push({
      messageId: message.id,
      at: message.createdAt,
      clientId,
      uri,
      sub,
      jti,
    });
    return message.id;
  }

  /** How a back-channel logout's delivery went so far (its last attempt). */
  function deliveryOf(messageId: string) {
    const message = deliveries.messages().find((m) => m.id === messageId);
    const last = deliveries
      .attempts()
      .filter((a) => a.messageId === messageId)
      .at(-1);
    return {
      delivery: message?.status ?? ('failed' as const),
      attempts: message?.attempts ?? 0,
      ...(last?.status !== undefined ? { status: last.status } : {}),
      ...(last?.error ? { error: last.error } : {}),
    };
  }

  /** End `sub`'s session and send a logout token to every client in it that has a back-channel logout URI. */
  async function logoutEverywhere(sub: string): Promise<BackChannelDelivery[]> {
    const targets = endSession(ctx, sub);
    const sent = await Promise.all(targets.map((t) => sendLogoutToken(sub, t.clientId, t.uri)));
    await deliveries.settle();
    return sent.map((id, i) => {
      const { status, error } = deliveryOf(id);
      const target = targets[i] as (typeof targets)[number];
      return {
        clientId: target.clientId,
        uri: target.uri,
        ...(status !== undefined ? { status } : {}),
        ...(error ? { error } : {}),
      };
    });
  }

  const handlers = createHandlers(ctx, faults, {
    // The built-in persona page only when nobody else (the sandbox) renders one.
    builtInSignInPage: options.interactive === true && options.signInPageUrl === undefined,
    onSessionEnded: (sub) => {
      const p = logoutEverywhere(sub).finally(() => inflight.delete(p));
      inflight.add(p);
    },
  });
  configure();

  const settled = async () => {
    while (inflight.size) await Promise.all([...inflight]);
    await deliveries.settle();
  };

  const fake = {
    service: ONE_LOGIN_SERVICE,
    handlers,
    clock,
    faults,
    deliveries,
    issuer,
    didDocumentUrl,
    coreIdentityIssuer: ctx.coreIdentityIssuer,
    endpoints: ctx.endpoints,

    /** Move the fake's clock forward (codes, tokens and sessions expire; logout retries fall due). */
    advance: (ms: number) => clock.advance(ms),
    /** Back to a fresh state (new keys, no sessions, no deliveries); registered clients and option personas stay. */
    reset() {
      const clients = ctx.state.clients;
      faults.clear();
      deliveries.reset(); // cancels its own retry timers (the clock may be shared with other fakes)
      ctx.state = freshState(didId);
      ctx.keyObjects.clear();
      // Registered clients are configuration, not state a test creates: keep them (the sandbox re-registers anyway).
      ctx.state.clients = clients;
      configure();
    },
    /** Versioned, JSON-serialisable state (private keys included: a fake's keys protect nothing; client secrets are hashed). */
    snapshot(): FakeSnapshot<OneLoginSnapshotState> {
      return makeSnapshot(ONE_LOGIN_SERVICE, ONE_LOGIN_SNAPSHOT_VERSION, clock, {
        model: ctx.state,
        deliveries: deliveries.state(),
      });
    },
    restore(snapshot: FakeSnapshot<OneLoginSnapshotState>) {
      const checked = checkSnapshot(snapshot, {
        service: ONE_LOGIN_SERVICE,
        version: ONE_LOGIN_SNAPSHOT_VERSION,
      });
      clock.restoreState(checked.clock);
      ctx.state = structuredClone(checked.state.model);
      ctx.keyObjects.clear();
      deliveries.restoreState(checked.state.deliveries);
    },
    /** Wait until no back-channel logout is being signed or delivered right now. */
    settle: settled,
    /** Same as `settle()` (the name this fake had first). */
    settled,

    // ---- clients and personas ---------------------------------------------------------------------------------
    registerClient: (config: FakeClientConfig) => registerClient(ctx, config),
    /** Registered clients (secrets are never kept, only hashed, and not returned). */
    clients: () => ctx.state.clients.map(({ clientSecretHash: _h, ...c }) => structuredClone(c)),
    personas: (): Persona[] => structuredClone(ctx.state.personas),
    addPersona: (persona: Persona) => addPersona(ctx, persona),
    /**
     * The Post Office's result of a persona's in-person identity check arrives (persona `sub` or id). `passed`: the
     * persona gains the identity the check confirmed, so the next P2 request returns it; `failed`: it stays without
     * one (with `returnCodes` if given). Throws if no check is pending. Then send the browser to the client's
     * `landingPageUrl`, as One Login's result email does.
     */
    completeInPersonCheck: (
      subOrId: string,
      outcome: InPersonOutcome = 'passed',
      options: { returnCodes?: Persona['returnCodes'] } = {},
    ): Persona => completeInPersonCheck(ctx, subOrId, outcome, options),
    /** Put a persona's in-person check (back) at pending, e.g. to run the journey again. */
    startInPersonCheck: (subOrId: string, identityOnSuccess?: NonNullable<Persona['identity']>): Persona =>
      startInPersonCheck(ctx, subOrId, identityOnSuccess),
    /** The persona /authorize signs in as in immediate mode. */
    setDefaultPersona,
    defaultPersona: () => ctx.state.defaultPersonaId,

    // ---- injected errors (the simulator's errorConfiguration) --------------------------------------------------
    setErrorConfiguration: (errors: Partial<ErrorConfiguration>) => setErrors(ctx, errors),
    errorConfiguration: (): ErrorConfiguration => structuredClone(ctx.state.errors),
    clearErrors: () => setErrors(ctx, noErrors()),

    // ---- signing in -------------------------------------------------------------------------------------------
    pendingAuthorizations: (): AuthorizationRecord[] => structuredClone(ctx.state.pending),
    pendingAuthorization: (id: string) => pendingAuthorization(ctx, id),
    /** Finish an interactive sign-in; returns the URL to send the browser to (the client's redirect URI). */
    completeAuthorization: (id: string, outcome: AuthorizationOutcome) =>
      completePendingAuthorization(ctx, id, outcome),
    /**
     * Sign a persona in to a client directly, as if they had just been through /authorize (no code is issued):
     * for testing what happens to a signed-in user, such as back-channel logout.
     */
    signIn(input: { persona: string; clientId: string }): SessionRecord {
      const persona = findPersona(ctx, input.persona);
      if (!persona) throw new Error(`Unknown persona ${input.persona}`);
      if (!ctx.state.clients.some((c) => c.clientId === input.clientId))
        throw new Error(`Unknown client ${input.clientId}`);
      return structuredClone(signInSession(ctx, persona.sub, input.clientId));
    },
    /** Live sessions (a session ends an hour after the user's last interaction). */
    sessions: (): SessionRecord[] => structuredClone(liveSessions(ctx)),
    /** Codes, access tokens and pending sign-ins the fake still remembers (it forgets them an hour after expiry). */
    storeSizes: () => ({
      codes: ctx.state.codes.length,
      accessTokens: ctx.state.accessTokens.length,
      pendingAuthorizations: ctx.state.pending.length,
      sessions: ctx.state.sessions.length,
    }),

    // ---- logout -----------------------------------------------------------------------------------------------
    /** End the user's One Login session and send back-channel logout tokens to every client in it. */
    endSession: logoutEverywhere,
    /** Same as `endSession` (the name this fake had first). */
    logoutEverywhere,
    /**
     * Send one back-channel logout token for `sub` to a client's registered back-channel logout URI, session or
     * not, on One Login's retry schedule. Resolves with the first attempt's outcome.
     */
    async sendBackChannelLogout(input: { sub: string; clientId: string }): Promise<BackChannelDelivery> {
      const uri = ctx.state.clients.find((c) => c.clientId === input.clientId)?.backChannelLogoutUri;
      if (!uri) throw new Error(`Client ${input.clientId} has no back-channel logout URI`);
      const id = await sendLogoutToken(input.sub, input.clientId, uri);
      await deliveries.settle();
      const { status, error } = deliveryOf(id);
      return {
        clientId: input.clientId,
        uri,
        ...(status !== undefined ? { status } : {}),
        ...(error ? { error } : {}),
      };
    },
    /** A valid logout token for a test to POST itself. */
    createLogoutToken: async (input: { sub: string; clientId: string }) =>
      (await createLogoutToken(ctx, input)).token,
    /** Every back-channel logout sent, with its delivery so far. */
    backChannelLogouts: (): BackChannelLogoutRecord[] =>
      ctx.state.backChannelLogouts.map(({ messageId, ...sent }) => {
        const { delivery, attempts, status, error } = deliveryOf(messageId);
        return {
          ...sent,
          delivery,
          attempts,
          ...(status !== undefined ? { status } : {}),
          ...(error ? { error } : {}),
        };
      }),

    // ---- keys -------------------------------------------------------------------------------------------------
    jwks: () => jwks(ctx),
    didDocument: () => didDocument(ctx),
    /** The signing keys with their status (`next` published, `active` signing, `previous` published, retired). */
    signingKeys: () =>
      ctx.state.signingKeys.map(({ kid, alg, status, publicJwk }) => ({ kid, alg, status, publicJwk })),
    /** The key that signs now, private half included, for tests that forge what One Login would sign. */
    activeSigningKey: (alg: SigningAlgorithm = 'ES256'): SigningKey =>
      structuredClone(activeSigningKey(ctx, alg)),
    /** The DID key that signs core identity JWTs now, private half included. */
    activeDidKey: (): SigningKey => structuredClone(activeDidKey(ctx)),
    /**
     * Rotate the ID token signing keys. By default a new key is published and signs from now on, and the old one
     * stays published (`retire: true` drops it); `step: 'publish'` only publishes the next key, `step: 'use'` then
     * starts signing with it.
     */
    rotateSigningKeys: (o?: RotateSigningKeysOptions) => rotateSigningKeys(ctx, o),
    /** A new core identity key in the DID document (the old one stays unless `retire`). */
    rotateDidKey: (o?: { retire?: boolean }) => rotateDidKey(ctx, o),
    /** The fake's current time in ms (its clock). */
    now: () => nowMs(ctx),
  };
  return fake satisfies ServiceFake<OneLoginSnapshotState>;
}

export type OneLoginFake = ReturnType<typeof createOneLoginFake>;
export { DEFAULT_PERSONAS as personas };
