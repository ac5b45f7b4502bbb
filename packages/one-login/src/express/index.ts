/**
 * `@council-sdk/one-login/express`: sign-in, callback, logout and back-channel logout routes for Express 4/5.
 * Needs a session middleware (express-session or cookie-session) mounted first. The main entry never imports
 * express; only this subpath does.
 */
import express from 'express';
import { ValidationError } from '@council-sdk/core';
// From the modules themselves, never from '../index.js': an entry point that another entry imports is bundled into a
// shared chunk, and its `export * from '@council-sdk/core/errors'` is then lost from the built entry.
import type { CallbackResult, OneLoginClient } from '../client.js';
import { LogoutTokenValidationError } from '../errors.js';
import type { AuthorizationRequestOptions } from '../resources/authorization.js';
import type { LogoutTokenClaims } from '../schemas/claims.js';

/** The smallest request/response shapes the routes need (so the types do not depend on @types/express). */
export interface SessionRequest {
  query: Record<string, unknown>;
  body?: unknown;
  session?:
    | (Record<string, unknown> & {
        regenerate?: (cb: (err?: unknown) => void) => void;
        destroy?: (cb: (err?: unknown) => void) => void;
      })
    | null;
}
export interface RouteResponse {
  redirect(url: string): void;
  status(code: number): RouteResponse;
  json(body: unknown): void;
  headersSent: boolean;
  /** Node's own (Express responses have it); used to set Cache-Control on the JWKS. */
  setHeader?(name: string, value: string): unknown;
}
export type Next = (error?: unknown) => void;

/** What is kept in the session while the user is at One Login. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier?: string;
  vtr: string[];
  maxAge?: number;
  returnTo?: string;
}

/** What is kept in the session once signed in. `idToken` is needed as the logout hint. */
export interface SignedInUser {
  sub: string;
  vot: string;
  idToken: string;
  signedInAt: string;
}

export interface OneLoginRouterOptions {
  client: OneLoginClient;
  /** `jwks`: also serve `client.publicJwks()` there (e.g. `/.well-known/jwks.json`); not served unless given. */
  paths?: { login?: string; callback?: string; logout?: string; backChannelLogout?: string; jwks?: string };
  /** Options for each sign-in (e.g. ask for identity on some routes). Default: authentication with Cl.Cm. */
  authorizationRequest?: (
    req: SessionRequest,
  ) => AuthorizationRequestOptions | Promise<AuthorizationRequestOptions>;
  /**
   * Called after a successful sign-in, with the session already regenerated and the user stored. Fetch userinfo or
   * verify identity here. Send a response to take over; otherwise the user goes to `returnTo` or `afterSignIn`.
   */
  onSignIn?: (args: {
    req: SessionRequest;
    res: RouteResponse;
    result: CallbackResult;
    user: SignedInUser;
  }) => unknown;
  /** End every session of `sub` in your store (One Login is telling you the user signed out elsewhere). */
  onBackChannelLogout: (sub: string, claims: LogoutTokenClaims) => unknown;
  /** Where to go after sign-in when no `returnTo` was given. Default `/`. */
  afterSignIn?: string;
  /** Session keys. Defaults `oneLoginPending` and `oneLoginUser`. */
  sessionKeys?: { pending?: string; user?: string };
}

/** A local path only (`/x`, never `//host` or `https://...`): no open redirects through `returnTo`. */
export function safeReturnTo(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\'))
    return undefined;
  return /[\r\n]/.test(value) ? undefined : value;
}

function needSession(req: SessionRequest): NonNullable<SessionRequest['session']> {
  if (!req.session)
    throw new ValidationError([
      { path: 'req.session', message: 'mount a session middleware before the One Login routes' },
    ]);
  return req.session;
}

function regenerate(req: SessionRequest): Promise<void> {
  const session = req.session;
  if (!session?.regenerate) return Promise.resolve();
  // A new session id on sign-in, so a session id planted before sign-in is worthless afterwards (fixation).
  return new Promise((resolve, reject) => session.regenerate?.((err) => (err ? reject(err) : resolve())));
}

/**
 * Routes (defaults): `GET /auth/login?returnTo=/path`, `GET /auth/callback`, `GET|POST /auth/logout`,
 * `POST /auth/backchannel-logout`. Errors (typed, from the client) go to your Express error handler.
 */
/** An Express router (typed structurally so this package's types do not depend on @types/express). */
export type OneLoginRouter = (req: unknown, res: unknown, next: Next) => void;

export function oneLoginRouter(options: OneLoginRouterOptions): OneLoginRouter {
  const { client } = options;
  const paths = {
    login: '/auth/login',
    callback: '/auth/callback',
    logout: '/auth/logout',
    backChannelLogout: '/auth/backchannel-logout',
    ...options.paths,
  };
  const pendingKey = options.sessionKeys?.pending ?? 'oneLoginPending';
  const userKey = options.sessionKeys?.user ?? 'oneLoginUser';
  const router = express.Router();

  router.get(paths.login, async (req: SessionRequest, res: RouteResponse, next: Next) => {
    try {
      const session = needSession(req);
      const request = await client.createAuthorizationRequest(
        (await options.authorizationRequest?.(req)) ?? {},
      );
      const returnTo = safeReturnTo(req.query.returnTo);
      const pending: PendingSignIn = {
        state: request.state,
        nonce: request.nonce,
        vtr: request.vtr,
        ...(request.codeVerifier ? { codeVerifier: request.codeVerifier } : {}),
        ...(request.maxAge !== undefined ? { maxAge: request.maxAge } : {}),
        ...(returnTo ? { returnTo } : {}),
      };
      session[pendingKey] = pending;
      res.redirect(request.url);
    } catch (error) {
      next(error);
    }
  });

  router.get(paths.callback, async (req: SessionRequest, res: RouteResponse, next: Next) => {
    try {
      const session = needSession(req);
      const pending = session[pendingKey] as PendingSignIn | undefined;
      // Single use: whatever happens next, this sign-in attempt cannot be completed twice.
      delete session[pendingKey];
      if (!pending) {
        throw new ValidationError([
          { path: 'session', message: 'no sign-in in progress (start again at the login route)' },
        ]);
      }
      const result = await client.handleCallback(req.query, pending);
      await regenerate(req);
      const user: SignedInUser = {
        sub: result.claims.sub,
        vot: result.claims.vot,
        idToken: result.tokens.id_token,
        signedInAt: new Date().toISOString(),
      };
      needSession(req)[userKey] = user;
      await options.onSignIn?.({ req, res, result, user });
      if (!res.headersSent) res.redirect(pending.returnTo ?? options.afterSignIn ?? '/');
    } catch (error) {
      next(error);
    }
  });

  const logout = async (req: SessionRequest, res: RouteResponse, next: Next) => {
    try {
      const session = needSession(req);
      const user = session[userKey] as SignedInUser | undefined;
      delete session[userKey];
      delete session[pendingKey];
      await new Promise<void>((resolve, reject) =>
        session.destroy ? session.destroy((err) => (err ? reject(err) : resolve())) : resolve(),
      );
      if (!user) return res.redirect(client.postLogoutRedirectUri ?? '/');
      res.redirect(await client.createLogoutUrl({ idTokenHint: user.idToken }));
    } catch (error) {
      next(error);
    }
  };
  router.get(paths.logout, logout);
  router.post(paths.logout, logout);

  router.post(
    paths.backChannelLogout,
    express.urlencoded({ extended: false, limit: '64kb' }),
    async (req: SessionRequest, res: RouteResponse, next: Next) => {
      const token = (req.body as Record<string, unknown> | undefined)?.logout_token;
      try {
        const claims = await client.verifyLogoutToken(token as string);
        await options.onBackChannelLogout(claims.sub, claims);
        res.status(200).json({});
      } catch (error) {
        if (error instanceof LogoutTokenValidationError) {
          res.status(400).json({ error: 'invalid_request', error_description: error.message });
          return;
        }
        next(error);
      }
    },
  );

  if (paths.jwks) router.get(paths.jwks, jwksHandler(client));

  return router as unknown as OneLoginRouter;
}

/**
 * A route handler that serves the client's public JWKS (`client.publicJwks()`), for the JWKS URL you register with
 * One Login: `app.get('/.well-known/jwks.json', jwksHandler(oneLogin))`. One Login caches it for up to 24 hours;
 * `maxAgeSeconds` (default 3600) is what other caches may keep.
 */
export function jwksHandler(client: OneLoginClient, options: { maxAgeSeconds?: number } = {}) {
  const maxAge = options.maxAgeSeconds ?? 3600;
  return async (_req: unknown, res: RouteResponse, next: Next) => {
    try {
      const jwks = await client.publicJwks();
      res.setHeader?.('Cache-Control', `public, max-age=${maxAge}`);
      res.status(200).json(jwks);
    } catch (error) {
      next(error);
    }
  };
}

/** Middleware: continue when signed in, else send the user to the login route (coming back here afterwards). */
export function requireSignIn(options: { loginPath?: string; userKey?: string } = {}) {
  return (req: SessionRequest & { originalUrl?: string }, res: RouteResponse, next: Next) => {
    if (req.session?.[options.userKey ?? 'oneLoginUser']) return next();
    const login = options.loginPath ?? '/auth/login';
    const returnTo = safeReturnTo(req.originalUrl);
    res.redirect(returnTo ? `${login}?returnTo=${encodeURIComponent(returnTo)}` : login);
  };
}

/** The signed-in user stored by the routes, if any. */
export function signedInUser(req: SessionRequest, userKey = 'oneLoginUser'): SignedInUser | undefined {
  return (req.session?.[userKey] as SignedInUser | undefined) ?? undefined;
}
