import type { KeyObject } from 'node:crypto';
import {
  abortable,
  type ClientOptions,
  createHttpClient,
  type HttpClient,
  type RequestOptions,
  requestOptions,
  ValidationError,
} from '@council-sdk/core';
import {
  CLIENT_ASSERTION_ALGORITHMS,
  type ClientAssertionAlgorithm,
  ENVIRONMENTS,
  issuerUrl,
  LOGOUT_QUERY_LIMIT,
} from './constants.js';
import {
  describeOAuthError,
  KeyNotFoundError,
  ProviderMetadataError,
  SubjectMismatchError,
  tokenErrorClass,
} from './errors.js';
import { loadJose } from './jose.js';
import {
  assertSecureUrl,
  CachedDocument,
  checkMetadata,
  DidDocument,
  fetchJson,
  type IndexedDidDocument,
  indexDidDocument,
  indexJwks,
  JwkSet,
  ProviderMetadata,
} from './provider.js';
import {
  type AuthorizationRequest,
  type AuthorizationRequestOptions,
  buildAuthorizationRequest,
} from './resources/authorization.js';
import {
  type CallbackInput,
  checkCallback,
  type ClientAuthentication,
  exchangeCode,
  readCallbackParams,
  signClientAssertion,
} from './resources/token.js';
import { toUserInfo } from './resources/userinfo.js';
import {
  type IdTokenClaims,
  type LogoutTokenClaims,
  type UserInfo,
  UserInfoResponse,
} from './schemas/claims.js';
import type { PublicJwk } from './schemas/metadata.js';
import {
  type ClientJwks,
  ClientSigningKeys,
  type PrivateKeyInput,
  type RotatingPrivateKey,
  signingKeyIssues,
} from './signing-keys.js';
import {
  type CoreIdentity,
  type IdentityLevel,
  isIdentityLevel,
  validateCoreIdentity,
} from './verify/core-identity.js';
import { validateIdToken } from './verify/id-token.js';
import { InMemoryReplayStore, type ReplayStore, validateLogoutToken } from './verify/logout-token.js';

export type OneLoginEnvironment =
  | 'integration'
  | 'production'
  | {
      /** e.g. `http://127.0.0.1:4000/one-login/` (plain http only for loopback hosts). */
      issuer: string;
      didDocumentUrl?: string;
      coreIdentityIssuer?: string;
    };

/**
 * Core's `ClientOptions` (except `baseUrl`: the environment names One Login's endpoints, which may live on several
 * origins) plus your registration with One Login.
 */
export interface OneLoginClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  environment: OneLoginEnvironment;
  clientId: string;
  /** RSA private key (2048 bits or more) for private_key_jwt: PKCS#8 PEM, a private JWK, or a KeyObject/CryptoKey. */
  privateKey?: string | KeyObject | CryptoKey | JsonWebKey;
  /** The `kid` of your public key in the JWKS you registered (sent in client assertions and request objects). */
  privateKeyId?: string;
  /**
   * Several keys instead of `privateKey`, for rotation: the first signs, all are published by `publicJwks()`. A `kid`
   * (default: the key's RFC 7638 thumbprint) is sent in every assertion and request object.
   */
  privateKeys?: ReadonlyArray<PrivateKeyInput | RotatingPrivateKey>;
  /** client_secret_post instead of a private key: authentication only, by arrangement with One Login. */
  clientSecret?: string;
  redirectUri: string;
  postLogoutRedirectUri?: string;
  /** `RS256` (default) or `PS256`. One Login does not accept ES256 client assertions. */
  clientAssertionAlgorithm?: ClientAssertionAlgorithm;
  /** Leeway for `exp`/`iat`/`nbf`/`auth_time`. Default 30 seconds, at most 300. */
  clockToleranceSeconds?: number;
  /** Where logout token `jti`s are remembered. Default: in memory (use a shared store with several instances). */
  logoutTokenReplayStore?: ReplayStore;
  /**
   * The shortest time between two key-set refetches caused by an unknown `kid`. Default 5 seconds. The first
   * unknown `kid` after a rotation always causes a refetch, however recently the keys were fetched.
   */
  keyRefreshIntervalSeconds?: number;
  /** At most this many key-set refetches caused by unknown `kid`s in any minute. Default 6. */
  keyRefreshesPerMinute?: number;
  /** The current time (tests with a fake clock). */
  now?: () => Date;
}

export interface HandleCallbackChecks {
  /** The `state` stored in the session when the sign-in started. */
  state: string;
  nonce: string;
  codeVerifier?: string | undefined;
  /** The vtr requested (default `['Cl.Cm']`): `vot` must match it. */
  vtr?: readonly string[] | string | undefined;
  maxAge?: number | undefined;
}

/**
 * Tokens from /token. `access_token` and `id_token` are read through getters over private fields, so they never
 * reach logs, `JSON.stringify` or `util.inspect` by accident.
 */
export interface TokenSet {
  readonly access_token: string;
  readonly id_token: string;
  readonly token_type: string;
  readonly expires_in: number | undefined;
}

class Tokens implements TokenSet {
  readonly #accessToken: string;
  readonly #idToken: string;
  readonly token_type: string;
  readonly expires_in: number | undefined;
  constructor(accessToken: string, idToken: string, tokenType: string, expiresIn: number | undefined) {
    this.#accessToken = accessToken;
    this.#idToken = idToken;
    this.token_type = tokenType;
    this.expires_in = expiresIn;
  }
  get access_token(): string {
    return this.#accessToken;
  }
  get id_token(): string {
    return this.#idToken;
  }
  toJSON() {
    return { token_type: this.token_type, expires_in: this.expires_in };
  }
}

export interface CallbackResult {
  tokens: TokenSet;
  /** The validated ID token claims. */
  claims: IdTokenClaims;
}

const DEFAULT_TOLERANCE_SECONDS = 30;

function validUrl(value: unknown, path: string, issues: { path: string; message: string }[]) {
  try {
    if (typeof value !== 'string') throw new Error();
    assertSecureUrl(value, path);
  } catch {
    issues.push({ path, message: 'must be an https URL (http only for loopback hosts)' });
  }
}

/**
 * A GOV.UK One Login relying party. Every token it hands back has been validated; every check the tech docs
 * describe is made and none can be switched off.
 */
export class OneLoginClient {
  readonly issuer: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly postLogoutRedirectUri: string | undefined;
  readonly didDocumentUrl: string;
  readonly coreIdentityIssuer: string;
  readonly clientAssertionAlgorithm: ClientAssertionAlgorithm;
  readonly clockToleranceSeconds: number;

  readonly #auth: ClientAuthentication;
  /** Signs request objects (JAR); absent for client_secret_post clients. */
  readonly #signRequestObject:
    | ((claims: Record<string, unknown>, audience: string) => Promise<string>)
    | undefined;
  readonly #signingKeys: ClientSigningKeys | undefined;
  readonly #options: OneLoginClientOptions;
  readonly #http = new Map<string, HttpClient>();
  readonly #metadata: CachedDocument<ProviderMetadata>;
  readonly #jwks: CachedDocument<Map<string, PublicJwk>>;
  readonly #did: CachedDocument<IndexedDidDocument>;
  readonly #replayStore: ReplayStore;
  readonly #now: () => number;

  constructor(options: OneLoginClientOptions) {
    const issues: { path: string; message: string }[] = [];
    const env = options?.environment;
    let issuer = '';
    let didDocumentUrl = '';
    let coreIdentityIssuer = '';
    if (env === 'integration' || env === 'production') {
      ({ issuer, didDocumentUrl, coreIdentityIssuer } = ENVIRONMENTS[env]);
    } else if (env && typeof env === 'object' && typeof env.issuer === 'string') {
      issuer = env.issuer;
      validUrl(issuer, 'environment.issuer', issues);
      didDocumentUrl = env.didDocumentUrl ?? issuerUrl(issuer, '.well-known/did.json');
      coreIdentityIssuer = env.coreIdentityIssuer ?? issuer;
      validUrl(didDocumentUrl, 'environment.didDocumentUrl', issues);
    } else {
      issues.push({ path: 'environment', message: "must be 'integration', 'production' or { issuer }" });
    }
    if (typeof options?.clientId !== 'string' || options.clientId.length === 0) {
      issues.push({ path: 'clientId', message: 'is required' });
    }
    validUrl(options?.redirectUri, 'redirectUri', issues);
    if (options?.postLogoutRedirectUri !== undefined)
      validUrl(options.postLogoutRedirectUri, 'postLogoutRedirectUri', issues);
    const alg = options?.clientAssertionAlgorithm ?? 'RS256';
    if (!CLIENT_ASSERTION_ALGORITHMS.includes(alg)) {
      issues.push({
        path: 'clientAssertionAlgorithm',
        message: 'must be RS256 or PS256 (One Login refuses ES256)',
      });
    }
    const tolerance = options?.clockToleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
    if (!Number.isFinite(tolerance) || tolerance < 0 || tolerance > 300) {
      issues.push({ path: 'clockToleranceSeconds', message: 'must be between 0 and 300' });
    }
    const hasKey = options?.privateKey !== undefined || options?.privateKeys !== undefined;
    issues.push(...signingKeyIssues(options ?? {}));
    const hasSecret = options?.clientSecret !== undefined;
    if (hasKey === hasSecret)
      issues.push({ path: 'privateKey', message: 'give exactly one of privateKey or clientSecret' });
    if (hasSecret && (typeof options.clientSecret !== 'string' || options.clientSecret.length === 0)) {
      issues.push({ path: 'clientSecret', message: 'must be a non-empty string' });
    }
    if (issues.length) throw new ValidationError(issues, 'Invalid OneLoginClient options');

    this.issuer = issuer;
    this.clientId = options.clientId;
    this.redirectUri = options.redirectUri;
    this.postLogoutRedirectUri = options.postLogoutRedirectUri;
    this.didDocumentUrl = didDocumentUrl;
    this.coreIdentityIssuer = coreIdentityIssuer;
    this.clientAssertionAlgorithm = alg;
    this.clockToleranceSeconds = tolerance;
    this.#options = options;
    this.#replayStore = options.logoutTokenReplayStore ?? new InMemoryReplayStore();
    const now = options.now;
    this.#now = now ? () => now().getTime() : Date.now;

    if (hasKey) {
      const keys = new ClientSigningKeys(options, alg);
      this.#signingKeys = keys;
      this.#auth = {
        method: 'private_key_jwt',
        sign: async (_claims, audience) => {
          const { key, kid } = await keys.signer();
          return signClientAssertion(key, {
            clientId: this.clientId,
            audience,
            alg,
            kid,
            nowSeconds: this.#nowSeconds(),
          });
        },
      };
      this.#signRequestObject = async (claims, audience) => {
        const { key, kid } = await keys.signer();
        const t = this.#nowSeconds();
        const { SignJWT } = await loadJose();
        return new SignJWT(claims)
          .setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) })
          .setIssuer(this.clientId)
          .setAudience(audience)
          .setIssuedAt(t)
          .setNotBefore(t)
          .setExpirationTime(t + 300)
          .setJti(crypto.randomUUID())
          .sign(key);
      };
    } else {
      this.#signingKeys = undefined;
      this.#auth = { method: 'client_secret_post', secret: options.clientSecret as string };
    }

    const refreshMs = (options.keyRefreshIntervalSeconds ?? 5) * 1000;
    const cacheOptions = (defaultMaxAgeMs: number, what: string) => ({
      now: this.#now,
      defaultMaxAgeMs,
      minRefreshIntervalMs: refreshMs,
      maxRefreshesPerMinute: options.keyRefreshesPerMinute ?? 6,
      onStale: () =>
        options.logger?.warn?.(
          `council-sdk-one-login: could not refresh the ${what}; using the cached copy`,
          {},
        ),
    });
    this.#metadata = new CachedDocument(
      async () => {
        const url = issuerUrl(this.issuer, '.well-known/openid-configuration');
        const fetched = await fetchJson(this.#httpFor(url), url, ProviderMetadata, 'One Login discovery');
        return { ...fetched, value: checkMetadata(fetched.value, this.issuer) };
      },
      cacheOptions(86_400_000, 'discovery document'),
    );
    this.#jwks = new CachedDocument(
      async () => {
        const { jwks_uri } = await this.discover();
        const fetched = await fetchJson(this.#httpFor(jwks_uri), jwks_uri, JwkSet, 'One Login JWKS');
        return { ...fetched, value: indexJwks(fetched.value) };
      },
      cacheOptions(86_400_000, 'JWKS'),
    );
    this.#did = new CachedDocument(
      async () => {
        const url = this.didDocumentUrl;
        const fetched = await fetchJson(this.#httpFor(url), url, DidDocument, 'One Login DID document');
        return { ...fetched, value: indexDidDocument(fetched.value) };
      },
      cacheOptions(3_600_000, 'DID document'),
    );
  }

  /** The provider metadata (cached by Cache-Control). */
  async discover(options?: RequestOptions): Promise<ProviderMetadata> {
    // Shared by every caller: an abort stops this caller waiting, not the fetch the others wait on.
    return abortable(this.#metadata.get(), options?.signal);
  }

  /**
   * The JWKS to publish at the URL you register with One Login: the public half of each signing key (first the one
   * that signs), with `kid`, `use: 'sig'` and `alg`. Serve it with `jwksHandler` from `/express`.
   */
  async publicJwks(): Promise<ClientJwks> {
    if (!this.#signingKeys) {
      throw new ValidationError(
        [{ path: 'privateKey', message: 'a client_secret_post client has no keys to publish' }],
        'No JWKS',
      );
    }
    return this.#signingKeys.publicJwks();
  }

  /** Build the URL to send the user to, and what to keep in their session until the callback. */
  async createAuthorizationRequest(options: AuthorizationRequestOptions = {}): Promise<AuthorizationRequest> {
    const metadata = await this.discover();
    return buildAuthorizationRequest(options, {
      issuer: this.issuer,
      authorizationEndpoint: metadata.authorization_endpoint,
      clientId: this.clientId,
      redirectUri: this.redirectUri,
      ...(this.#signRequestObject ? { signRequestObject: this.#signRequestObject } : {}),
    });
  }

  /**
   * Complete sign-in: check `state`, surface `error=` answers as typed errors, exchange the code and validate the
   * ID token. Throws rather than returning anything unvalidated.
   */
  async handleCallback(
    callback: CallbackInput,
    checks: HandleCallbackChecks,
    options?: RequestOptions,
  ): Promise<CallbackResult> {
    if (!checks || typeof checks.nonce !== 'string' || checks.nonce.length === 0) {
      throw new ValidationError(
        [{ path: 'nonce', message: 'the nonce stored for this session is required' }],
        'Invalid callback',
      );
    }
    const code = checkCallback(readCallbackParams(callback), checks.state, this.issuer);
    const metadata = await this.discover(options);
    const tokens = await exchangeCode(
      this.#httpFor(metadata.token_endpoint),
      {
        tokenEndpoint: metadata.token_endpoint,
        code,
        redirectUri: this.redirectUri,
        clientId: this.clientId,
        codeVerifier: checks.codeVerifier,
        auth: this.#auth,
      },
      options,
    );
    const vtr =
      checks.vtr === undefined ? ['Cl.Cm'] : typeof checks.vtr === 'string' ? [checks.vtr] : [...checks.vtr];
    const claims = await validateIdToken(tokens.id_token, {
      issuer: this.issuer,
      clientId: this.clientId,
      nonce: checks.nonce,
      vtr,
      maxAge: checks.maxAge,
      accessToken: tokens.access_token,
      nowSeconds: this.#nowSeconds(),
      toleranceSeconds: this.clockToleranceSeconds,
      findKey: (kid) => abortable(this.#findJwk(kid), options?.signal),
    });
    return {
      tokens: new Tokens(tokens.access_token, tokens.id_token, tokens.token_type, tokens.expires_in),
      claims,
    };
  }

  /** /userinfo, with identity claims under friendly names. `expectedSub` is the ID token's `sub`. */
  async getUserInfo(
    accessToken: string,
    options: { expectedSub: string } & RequestOptions,
  ): Promise<UserInfo> {
    if (typeof accessToken !== 'string' || accessToken.length === 0) {
      throw new ValidationError(
        [{ path: 'accessToken', message: 'is required' }],
        'Invalid userinfo request',
      );
    }
    if (typeof options?.expectedSub !== 'string' || options.expectedSub.length === 0) {
      throw new ValidationError(
        [{ path: 'expectedSub', message: "is required (the ID token's sub)" }],
        'Invalid userinfo request',
      );
    }
    const { userinfo_endpoint } = await this.discover(options);
    const { expectedSub: _sub, ...callOptions } = options;
    const res = await this.#httpFor(userinfo_endpoint).request({
      ...requestOptions(callOptions),
      method: 'GET',
      path: userinfo_endpoint,
      headers: { ...callOptions.headers, Authorization: `Bearer ${accessToken}` },
      secrets: [accessToken],
    });
    const raw = this.#httpFor(userinfo_endpoint).parse(UserInfoResponse, res.data, 'One Login /userinfo', [
      accessToken,
    ]);
    if (raw.sub !== options.expectedSub) throw new SubjectMismatchError();
    return toUserInfo(raw);
  }

  /**
   * Verify the core identity JWT from /userinfo with a key from One Login's DID document (never a third-party
   * resolver). `sub` is the ID token's `sub`; `vot` is the identity level you asked for (default `P2`): a JWT
   * proving a lower level is refused (`CoreIdentityValidationError` with `check: 'vot'`).
   */
  async verifyCoreIdentity(
    jwt: string,
    options: { sub: string; vot?: IdentityLevel } & RequestOptions,
  ): Promise<CoreIdentity> {
    if (typeof options?.sub !== 'string' || options.sub.length === 0) {
      throw new ValidationError(
        [{ path: 'sub', message: "is required (the ID token's sub)" }],
        'Invalid core identity check',
      );
    }
    const vot = options.vot ?? 'P2';
    if (!isIdentityLevel(vot)) {
      throw new ValidationError(
        [{ path: 'vot', message: 'must be one of P0, P1, P2, P3, P4 (the level you asked for)' }],
        'Invalid core identity check',
      );
    }
    return validateCoreIdentity(jwt, {
      issuer: this.coreIdentityIssuer,
      clientId: this.clientId,
      sub: options.sub,
      vot,
      nowSeconds: this.#nowSeconds(),
      toleranceSeconds: this.clockToleranceSeconds,
      findMethod: async (kid) => {
        let doc = await abortable(this.#did.get(), options.signal);
        if (!doc.methods.has(kid)) doc = await abortable(this.#did.refresh(), options.signal);
        return { documentId: doc.id, method: doc.methods.get(kid) };
      },
    });
  }

  /** The URL that signs the user out of One Login (send the browser there after ending your own session). */
  async createLogoutUrl(
    options: {
      idTokenHint: string;
      state?: string;
      postLogoutRedirectUri?: string;
    } & RequestOptions,
  ): Promise<string> {
    const issues: { path: string; message: string }[] = [];
    if (typeof options?.idTokenHint !== 'string' || options.idTokenHint.length === 0) {
      issues.push({ path: 'idTokenHint', message: 'is required' });
    }
    const postLogout = options?.postLogoutRedirectUri ?? this.postLogoutRedirectUri;
    if (postLogout !== undefined) validUrl(postLogout, 'postLogoutRedirectUri', issues);
    if (issues.length) throw new ValidationError(issues, 'Invalid logout request');
    const { end_session_endpoint } = await this.discover(options);
    if (!end_session_endpoint) throw new ProviderMetadataError('discovery has no end_session_endpoint');
    const url = new URL(end_session_endpoint);
    url.searchParams.set('id_token_hint', options.idTokenHint);
    if (postLogout) url.searchParams.set('post_logout_redirect_uri', postLogout);
    if (options.state) url.searchParams.set('state', options.state);
    if (url.search.length - 1 > LOGOUT_QUERY_LIMIT) {
      throw new ValidationError(
        [{ path: '', message: `the query string is over ${LOGOUT_QUERY_LIMIT} characters` }],
        'Invalid logout request',
      );
    }
    return url.toString();
  }

  /**
   * Verify a back-channel logout token (the `logout_token` form field One Login POSTs). On success end every session
   * of `claims.sub` and answer 200; on a thrown error answer 400.
   */
  async verifyLogoutToken(logoutToken: string, options?: RequestOptions): Promise<LogoutTokenClaims> {
    return validateLogoutToken(logoutToken, {
      issuer: this.issuer,
      clientId: this.clientId,
      nowSeconds: this.#nowSeconds(),
      toleranceSeconds: this.clockToleranceSeconds,
      findKey: (kid) => abortable(this.#findJwk(kid), options?.signal),
      replayStore: this.#replayStore,
    });
  }

  toJSON(): Record<string, unknown> {
    return {
      issuer: this.issuer,
      clientId: this.clientId,
      redirectUri: this.redirectUri,
      authentication: this.#auth.method,
    };
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `OneLoginClient { issuer: '${this.issuer}', clientId: '${this.clientId}', authentication: '${this.#auth.method}' }`;
  }

  #nowSeconds(): number {
    return Math.floor(this.#now() / 1000);
  }

  async #findJwk(kid: string): Promise<PublicJwk | undefined> {
    let keys = await this.#jwks.get();
    // Rotation: a new key is published before it is used, so an unknown kid means our copy is old (or the token is
    // forged). Refetch at once; CachedDocument#refresh limits how often unknown kids can cause that.
    if (!keys.has(kid)) keys = await this.#jwks.refresh();
    const jwk = keys.get(kid);
    if (jwk?.kty === 'ambiguous') throw new KeyNotFoundError('the JWKS lists this kid more than once');
    return jwk;
  }

  /** One core transport per origin (discovery, the DID document and the endpoints may live on different hosts). */
  #httpFor(url: string): HttpClient {
    const origin = assertSecureUrl(url, 'endpoint').origin;
    let http = this.#http.get(origin);
    if (!http) {
      http = createHttpClient(
        {
          service: 'one-login',
          version: __PKG_VERSION__,
          secrets: this.#auth.method === 'client_secret_post' ? [this.#auth.secret] : [],
          describeError: describeOAuthError,
          errorClass: tokenErrorClass,
        },
        { ...this.#options, baseUrl: origin },
      );
      this.#http.set(origin, http);
    }
    return http;
  }
}
