/** msw handlers: HTTP in, model call, HTTP out. No rules live here (they are in model.ts). */
import { type FaultInjector, withFaults } from '@council-sdk/core/testing';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { type FakeResponse, errorBody, type NotifyModel } from './model.js';

function toResponse(r: FakeResponse): Response {
  if (r.bytes) {
    return new HttpResponse(r.bytes, {
      status: r.status,
      headers: { 'Content-Type': r.contentType ?? 'application/octet-stream' },
    });
  }
  return HttpResponse.json(r.body as Record<string, unknown>, { status: r.status });
}

const queryOf = (request: Request): Array<[string, string]> => [
  ...new URL(request.url).searchParams.entries(),
];

/** Notify-shaped bodies for injected error statuses. */
export function faultErrorBody(status: number): unknown {
  if (status === 429) {
    return errorBody(429, [
      {
        error: 'RateLimitError',
        message: 'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds',
      },
    ]).body;
  }
  if (status === 504)
    return errorBody(504, [{ error: 'EventletTimeout', message: 'Timeout serving request' }]).body;
  if (status >= 500)
    return errorBody(status, [{ error: 'Exception', message: 'Internal server error' }]).body;
  return errorBody(status, [{ error: 'BadRequestError', message: `Injected ${status}` }]).body;
}

export function createHandlers(model: NotifyModel, faults: FaultInjector): HttpHandler[] {
  const base = model.baseUrl;
  const wrap = <T extends Parameters<typeof http.get>[1]>(resolver: T): T =>
    withFaults(faults, resolver, { errorBody: faultErrorBody }) as T;
  const auth = (request: Request) => request.headers.get('authorization');

  return [
    http.post(
      `${base}/v2/notifications/email`,
      wrap(async ({ request }) => toResponse(await model.send('email', auth(request), await request.text()))),
    ),
    http.post(
      `${base}/v2/notifications/sms`,
      wrap(async ({ request }) => toResponse(await model.send('sms', auth(request), await request.text()))),
    ),
    http.post(
      `${base}/v2/notifications/letter`,
      wrap(async ({ request }) =>
        toResponse(await model.send('letter', auth(request), await request.text())),
      ),
    ),
    http.get(
      `${base}/v2/notifications/:id/pdf`,
      wrap(async ({ request, params }) => toResponse(await model.getPdf(auth(request), String(params.id)))),
    ),
    http.get(
      `${base}/v2/notifications/:id`,
      wrap(async ({ request, params }) =>
        toResponse(await model.getNotification(auth(request), String(params.id))),
      ),
    ),
    http.get(
      `${base}/v2/notifications`,
      wrap(async ({ request }) => toResponse(await model.listNotifications(auth(request), queryOf(request)))),
    ),
    http.get(
      `${base}/v2/template/:id/version/:version`,
      wrap(async ({ request, params }) => {
        const a = await model.authenticate(auth(request));
        return toResponse(
          'error' in a ? a.error : model.getTemplate(String(params.id), String(params.version)),
        );
      }),
    ),
    http.get(
      `${base}/v2/template/:id`,
      wrap(async ({ request, params }) => {
        const a = await model.authenticate(auth(request));
        return toResponse('error' in a ? a.error : model.getTemplate(String(params.id)));
      }),
    ),
    http.post(
      `${base}/v2/template/:id/preview`,
      wrap(async ({ request, params }) => {
        const a = await model.authenticate(auth(request));
        return toResponse(
          'error' in a ? a.error : model.previewTemplate(String(params.id), await request.text()),
        );
      }),
    ),
    http.get(
      `${base}/v2/templates`,
      wrap(async ({ request }) => {
        const a = await model.authenticate(auth(request));
        return toResponse('error' in a ? a.error : model.listTemplates(queryOf(request)));
      }),
    ),
    http.get(
      `${base}/v2/received-text-messages`,
      wrap(async ({ request }) => toResponse(await model.listReceivedTexts(auth(request), queryOf(request)))),
    ),
  ];
}
