/** msw handlers: HTTP <-> model, nothing else. The sandbox serves these same handlers over real HTTP. */
import { type FaultInjector, withFaults } from '@council-sdk/core/testing';
import { HttpResponse, http } from 'msw';
import type { OneLoginModel } from './model';

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  HttpResponse.json(body as Record<string, unknown>, { status, headers });

const html = (title: string, message: string, status = 200) =>
  new HttpResponse(
    `<!DOCTYPE html><html lang="en"><head><title>${escapeHtml(title)} - GOV.UK One Login (fake)</title></head>` +
      `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`,
    { status, headers: { 'Content-Type': 'text/html; charset=utf-8' } },
  );

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One Login answers 403 to /token, /userinfo and did.json without a User-Agent. */
const forbiddenWithoutUserAgent = (request: Request) =>
  request.headers.get('user-agent') ? undefined : new HttpResponse('Forbidden', { status: 403 });

export interface HandlerHooks {
  /** Called when /logout ended a session, to send back-channel logout tokens. */
  onSessionEnded: (sub: string) => void;
  /** Serve the fake's own plain persona page at `<issuer>fake-sign-in`. */
  builtInSignInPage: boolean;
}

export function createHandlers(model: OneLoginModel, faults: FaultInjector, hooks: HandlerHooks) {
  const e = model.endpoints;
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
      wrap(() => json(model.discovery(), 200, { 'Cache-Control': 'max-age=86400' })),
    ),
    http.get(
      e.jwks,
      wrap(() => json(model.jwks(), 200, { 'Cache-Control': 'max-age=86400' })),
    ),
    http.get(
      model.didDocumentUrl,
      wrap(
        ({ request }) =>
          forbiddenWithoutUserAgent(request) ??
          json(model.didDocument(), 200, { 'Cache-Control': 'max-age=3600, private' }),
      ),
    ),
    http.get(
      e.trustmark,
      wrap(() => json(model.trustmark())),
    ),
    http.get(
      e.authorize,
      wrap(async ({ request }) => {
        const url = new URL(request.url);
        if (url.search.length - 1 > 4096)
          return html('Request too long', 'The query string is over 4096 characters', 400);
        const outcome = await model.authorize(url.searchParams);
        if (outcome.kind === 'page')
          return html('Sorry, there is a problem', outcome.message, outcome.status);
        return new HttpResponse(null, { status: 302, headers: { Location: outcome.location } });
      }),
    ),
    http.post(
      e.token,
      wrap(async ({ request }) => {
        const forbidden = forbiddenWithoutUserAgent(request);
        if (forbidden) return forbidden;
        if (!(request.headers.get('content-type') ?? '').includes('application/x-www-form-urlencoded')) {
          return json(
            { error: 'invalid_request', error_description: 'Request must be form-urlencoded' },
            400,
          );
        }
        const outcome = await model.token(new URLSearchParams(await request.text()));
        return json(outcome.body, outcome.status, { 'Cache-Control': 'no-store' });
      }),
    ),
    ...(['get', 'post'] as const).map((method) =>
      http[method](
        e.userinfo,
        wrap(async ({ request }) => {
          const forbidden = forbiddenWithoutUserAgent(request);
          if (forbidden) return forbidden;
          const outcome = await model.userinfo(request.headers.get('authorization'));
          if (outcome.status !== 200) {
            return new HttpResponse(null, {
              status: outcome.status,
              headers: outcome.wwwAuthenticate ? { 'WWW-Authenticate': outcome.wwwAuthenticate } : {},
            });
          }
          return json(outcome.body, 200, { 'Cache-Control': 'no-store' });
        }),
      ),
    ),
    http.get(
      e.logout,
      wrap(async ({ request }) => {
        const url = new URL(request.url);
        if (url.search.length - 1 > 2048)
          return html('Request too long', 'The query string is over 2048 characters', 400);
        const { location, endedSub } = await model.logout(url.searchParams);
        if (endedSub) hooks.onSessionEnded(endedSub);
        return new HttpResponse(null, { status: 302, headers: { Location: location } });
      }),
    ),
    // The official simulator's configuration endpoint, so tests written against it keep working.
    http.get(
      e.config,
      wrap(() => json(model.simulatorConfig())),
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
        const problem = model.applySimulatorConfig(body);
        return problem ? json({ error: problem }, 400) : json(model.simulatorConfig());
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
          const pending = model.pendingAuthorization(id);
          if (!pending)
            return html('Sorry, there is a problem', 'This sign-in has expired or was already used.', 404);
          const options = model.state.personas
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
          if (!model.pendingAuthorization(id))
            return html('Sorry, there is a problem', 'This sign-in has expired.', 404);
          const persona = form.get('persona');
          if (persona && !model.persona(persona))
            return html('Sorry, there is a problem', 'Unknown persona.', 400);
          const location = persona
            ? model.completeAuthorization(id, { persona })
            : model.completeAuthorization(id, { error: form.get('error') ?? 'access_denied' });
          return new HttpResponse(null, { status: 302, headers: { Location: location } });
        }),
      ),
    ];
  }
}
