/**
 * The wire layer: read requests, call the model, write One Login's own answers (error redirects and pages for
 * /authorize, `{error, error_description}` JSON for /token, `WWW-Authenticate` for /userinfo). No rules live here.
 * The sandbox serves these same handlers over real HTTP.
 */
import { type FaultInjector, isServiceError, type ServiceError, withFaults } from '@council-sdk/core/testing';
import { HttpResponse, http } from 'msw';
import { AUTHORIZE_QUERY_LIMIT, LOGOUT_QUERY_LIMIT } from '../constants';
import { type AuthorizeParams, authorize } from './model/authorize';
import { isRedirectError, redirectTo } from './model/authorize-errors';
import type { ModelContext } from './model/context';
import { discovery, trustmark } from './model/discovery';
import { didDocument, jwks } from './model/keys';
import { type LogoutParams, logout } from './model/logout';
import { findPersona } from './model/personas';
import { completePendingAuthorization, pendingAuthorization } from './model/sessions';
import { applySimulatorConfig, simulatorConfig } from './model/simulator-config';
import { exchangeCode, type TokenRequest } from './model/token';
import { userinfo } from './model/userinfo';

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  HttpResponse.json(body as Record<string, unknown>, { status, headers });

const html = (title: string, message: string, status = 200) =>
  new HttpResponse(
    `<!DOCTYPE html><html lang="en"><head><title>${escapeHtml(title)} - GOV.UK One Login (fake)</title></head>` +
      `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`,
    { status, headers: { 'Content-Type': 'text/html; charset=utf-8' } },
  );

const redirect = (location: string) =>
  new HttpResponse(null, { status: 302, headers: { Location: location } });

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The caching headers every One Login API answer carries (orchestration-shared/.../helpers/ApiGatewayResponseHelper.java
 * `SecurityHeaders`).
 */
const NO_CACHE = { 'Cache-Control': 'no-cache, no-store', Pragma: 'no-cache' };

/** One Login answers 403 to /token, /userinfo and did.json without a User-Agent. */
const forbiddenWithoutUserAgent = (request: Request) =>
  request.headers.get('user-agent') ? undefined : new HttpResponse('Forbidden', { status: 403 });

/**
 * One value per parameter, the last when one is repeated: API Gateway's `queryStringParameters` keep the last value
 * (the simulator's src/middleware/dedupe-query-params.ts emulates the same), and /token's form is read into a map
 * where the last value wins (orchestration-shared/.../helpers/RequestBodyHelper.java).
 */
function lastValues<T>(params: URLSearchParams): T {
  const out: Record<string, string> = {};
  for (const [k, v] of params) out[k] = v;
  return out as T;
}

/** /authorize refusals: a redirect to the client, or One Login's plain 400 body. */
function authorizeError(error: ServiceError): Response {
  if (isRedirectError(error)) {
    const { redirectUri, state, responseMode } = error.details;
    return redirect(
      redirectTo(redirectUri, { error: error.code, error_description: error.message, state }, responseMode),
    );
  }
  return new HttpResponse(error.message, { status: error.status, headers: { 'Content-Type': 'text/plain' } });
}

export interface HandlerHooks {
  /** Called when /logout ended a session, to send back-channel logout tokens. */
  onSessionEnded: (sub: string) => void;
  /** Serve the fake's own plain persona page at `<issuer>fake-sign-in`. */
  builtInSignInPage: boolean;
}

export function createHandlers(ctx: ModelContext, faults: FaultInjector, hooks: HandlerHooks) {
  const e = ctx.endpoints;
  const opts = {
    errorBody: (status: number) => ({
      error: status === 503 ? 'temporarily_unavailable' : 'server_error',
      error_description: `Injected ${status}`,
    }),
  };
  type Resolver = (info: { request: Request }) => Response | Promise<Response>;
  const wrap = (resolver: Resolver) => withFaults(faults, resolver as never, opts) as unknown as Resolver;

  return [
    http.get(
      e.discovery,
      wrap(() => json(discovery(ctx), 200, { 'Cache-Control': 'max-age=86400' })),
    ),
    http.get(
      e.jwks,
      wrap(() => json(jwks(ctx), 200, { 'Cache-Control': 'max-age=86400' })),
    ),
    http.get(
      ctx.didDocumentUrl,
      wrap(
        ({ request }) =>
          forbiddenWithoutUserAgent(request) ??
          json(didDocument(ctx), 200, { 'Cache-Control': 'max-age=3600, private' }),
      ),
    ),
    http.get(
      e.trustmark,
      wrap(() => json(trustmark(ctx))),
    ),
    http.get(
      e.authorize,
      wrap(async ({ request }) => {
        const url = new URL(request.url);
        if (url.search.length - 1 > AUTHORIZE_QUERY_LIMIT)
          return html(
            'Request too long',
            `The query string is over ${AUTHORIZE_QUERY_LIMIT} characters`,
            400,
          );
        try {
          const { location } = await authorize(ctx, lastValues<AuthorizeParams>(url.searchParams));
          return redirect(location);
        } catch (error) {
          if (isServiceError(error)) return authorizeError(error);
          throw error;
        }
      }),
    ),
    http.post(
      e.token,
      wrap(async ({ request }) => {
        const forbidden = forbiddenWithoutUserAgent(request);
        if (forbidden) return forbidden;
        // One Login reads the body as a form whatever the content type says (RequestBodyHelper.parseRequestBody).
        const form = lastValues<TokenRequest>(new URLSearchParams(await request.text()));
        try {
          return json(await exchangeCode(ctx, form), 200, NO_CACHE);
        } catch (error) {
          if (!isServiceError(error)) throw error;
          return json({ error: error.code, error_description: error.message }, error.status, NO_CACHE);
        }
      }),
    ),
    ...(['get', 'post'] as const).map((method) =>
      http[method](
        e.userinfo,
        wrap(async ({ request }) => {
          const forbidden = forbiddenWithoutUserAgent(request);
          if (forbidden) return forbidden;
          // Only a missing Authorization header is "no token": one that is there but is not `Bearer <token>` is a
          // token One Login cannot parse, so an invalid one (AccessTokenService.parse).
          const authorization = request.headers.get('authorization');
          const bearer =
            authorization === null ? undefined : (/^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1] ?? '');
          try {
            return json(await userinfo(ctx, bearer), 200, NO_CACHE);
          } catch (error) {
            if (!isServiceError(error)) throw error;
            const www = error.details.wwwAuthenticate;
            return new HttpResponse(null, {
              status: error.status,
              headers: { ...NO_CACHE, ...(typeof www === 'string' ? { 'WWW-Authenticate': www } : {}) },
            });
          }
        }),
      ),
    ),
    http.get(
      e.logout,
      wrap(async ({ request }) => {
        const url = new URL(request.url);
        if (url.search.length - 1 > LOGOUT_QUERY_LIMIT)
          return html('Request too long', `The query string is over ${LOGOUT_QUERY_LIMIT} characters`, 400);
        const { location, endedSub } = await logout(ctx, lastValues<LogoutParams>(url.searchParams));
        if (endedSub) hooks.onSessionEnded(endedSub);
        return redirect(location);
      }),
    ),
    // The official simulator's configuration endpoint, so tests written against it keep working.
    http.get(
      e.config,
      wrap(() => json(simulatorConfig(ctx))),
    ),
    http.post(
      e.config,
      wrap(async ({ request }) => {
        let body: unknown;
        try {
          body = await request.json();
        } catch {
          return json({ error: 'Expected a JSON body' }, 400);
        }
        const problem = applySimulatorConfig(ctx, body);
        return problem ? json({ error: problem }, 400) : json(simulatorConfig(ctx));
      }),
    ),
    // The built-in persona chooser for interactive mode (the sandbox renders its own GOV.UK-styled page instead).
    ...(hooks.builtInSignInPage ? signInPage() : []),
    http.get(
      e.loggedOut,
      wrap(() => html('You have signed out', 'You have signed out of GOV.UK One Login.')),
    ),
  ];

  function signInPage() {
    return [
      http.get(
        e.signIn,
        wrap(({ request }) => {
          const id = new URL(request.url).searchParams.get('id') ?? '';
          const pending = pendingAuthorization(ctx, id);
          if (!pending)
            return html('Sorry, there is a problem', 'This sign-in has expired or was already used.', 404);
          const options = ctx.state.personas
            .map(
              (p) =>
                `<p><button name="persona" value="${escapeHtml(p.id)}">${escapeHtml(p.label)}</button></p>`,
            )
            .join('');
          return new HttpResponse(
            `<!DOCTYPE html><html lang="en"><head><title>Choose a persona - GOV.UK One Login (fake)</title></head><body>` +
              `<h1>Sign in to ${escapeHtml(pending.clientId)}</h1><p>Requested: ${escapeHtml(pending.vtr.join(', '))}</p>` +
              `<form method="post"><input type="hidden" name="id" value="${escapeHtml(id)}">${options}` +
              `<p><button name="error" value="access_denied">Cancel (access_denied)</button></p></form></body></html>`,
            { headers: { 'Content-Type': 'text/html; charset=utf-8' } },
          );
        }),
      ),
      http.post(
        e.signIn,
        wrap(async ({ request }) => {
          const form = new URLSearchParams(await request.text());
          const id = form.get('id') ?? '';
          if (!pendingAuthorization(ctx, id))
            return html('Sorry, there is a problem', 'This sign-in has expired.', 404);
          const persona = form.get('persona');
          if (persona && !findPersona(ctx, persona))
            return html('Sorry, there is a problem', 'Unknown persona.', 400);
          const location = persona
            ? completePendingAuthorization(ctx, id, { persona })
            : completePendingAuthorization(ctx, id, { error: form.get('error') ?? 'access_denied' });
          return redirect(location);
        }),
      ),
    ];
  }
}
