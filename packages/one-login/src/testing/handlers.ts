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
    http.get(
      e.loggedOut,
      wrap(() => html('You have signed out', 'You have signed out of GOV.UK One Login.')),
    ),
  ];
}
