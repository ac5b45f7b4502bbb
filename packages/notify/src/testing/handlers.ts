/**
 * The wire layer of the fake Notify: read the bearer token, parse JSON bodies and query strings, call the model,
 * and write Notify's own bodies (`{status_code, errors: [{error, message}]}`, `app/v2/errors.py`). No rules of
 * the service live here beyond the order in which notifications-api applies them per endpoint.
 */
import { type FaultInjector, isServiceError, withFaults } from '@council-sdk/core/testing';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { authenticate } from './model/auth.js';
import { authError, badRequest, errorItems, validationError } from './model/errors.js';
import { letterPdf } from './model/letters.js';
import { checkRateLimiting } from './model/limits.js';
import {
  getNotification,
  listNotifications,
  type SendResult,
  sendEmail,
  sendLetter,
  sendPrecompiledLetter,
  sendSms,
} from './model/notifications.js';
import { listReceivedTexts } from './model/received-texts.js';
import { InvalidEmailError, InvalidPhoneError } from './model/recipients.js';
import {
  postEmailRequest,
  postLetterRequest,
  postPrecompiledLetterRequest,
  postSmsRequest,
  postTemplatePreviewRequest,
  type SendEmailRequest,
  type SendLetterRequest,
  type SendPrecompiledLetterRequest,
  type SendSmsRequest,
  validate,
} from './model/schemas.js';
import { isUuid, type NotifyStore } from './model/store.js';
import { getTemplate, listTemplates, previewTemplate } from './model/templates.js';
import type { ApiKeyRecord, NotificationRecord, NotificationType } from './model/types.js';

const body = (status: number, errors: Array<{ error: string; message: string }>) => ({
  status_code: status,
  errors,
});

/** Notify-shaped bodies for injected error statuses. */
export function faultErrorBody(status: number): unknown {
  if (status === 429) {
    return body(429, [
      {
        error: 'RateLimitError',
        message: 'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds',
      },
    ]);
  }
  if (status === 504) return body(504, [{ error: 'EventletTimeout', message: 'Timeout serving request' }]);
  if (status >= 500) return body(status, [{ error: 'Exception', message: 'Internal server error' }]);
  return body(status, [{ error: 'BadRequestError', message: `Injected ${status}` }]);
}

function errorResponse(error: unknown): Response {
  if (isServiceError(error))
    return HttpResponse.json(body(error.status, errorItems(error)), { status: error.status });
  // the errors notifications-api registers its own handlers for (`register_errors`)
  if (error instanceof InvalidPhoneError || error instanceof InvalidEmailError) {
    return HttpResponse.json(body(400, [{ error: error.constructor.name, message: error.message }]), {
      status: 400,
    });
  }
  return HttpResponse.json(body(500, [{ error: 'Exception', message: 'Internal server error' }]), {
    status: 500,
  });
}

/** `_get_auth_token` */
function bearerToken(request: Request): string {
  const header = request.headers.get('authorization');
  if (!header) throw authError(401, 'Unauthorized: authentication token must be provided');
  if (header.slice(0, 7).toLowerCase() !== 'bearer ') {
    throw authError(401, 'Unauthorized: authentication bearer scheme must be used');
  }
  return header.slice(7);
}

/** `get_valid_json`: the body as JSON whatever the content type; an empty value counts as `{}`. */
async function validJson(request: Request): Promise<unknown> {
  const text = await request.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('Invalid JSON supplied in POST data');
  }
  const empty =
    parsed === null ||
    parsed === false ||
    parsed === 0 ||
    parsed === '' ||
    (Array.isArray(parsed) && parsed.length === 0) ||
    (typeof parsed === 'object' && parsed !== null && Object.keys(parsed).length === 0);
  return empty ? {} : parsed;
}

const queryOf = (request: Request): Array<[string, string]> => [
  ...new URL(request.url).searchParams.entries(),
];

/** What the fake does once a notification is stored (simulated delivery, immediate mode). */
export interface HandlerHooks {
  onCreated(notification: NotificationRecord): void;
}

export function createHandlers(
  store: NotifyStore,
  faults: FaultInjector,
  hooks: HandlerHooks,
): HttpHandler[] {
  const base = store.baseUrl;
  type Resolver = (info: {
    request: Request;
    params: Record<string, string | readonly string[] | undefined>;
  }) => Promise<Response>;
  /** Authenticate (every endpoint: `requires_auth`), then answer; any refusal becomes Notify's error body. */
  const route = (
    handle: (key: ApiKeyRecord, request: Request, params: Record<string, string>) => Promise<Response>,
  ) =>
    withFaults(
      faults,
      (async ({ request, params }) => {
        try {
          const key = await authenticate(store, bearerToken(request));
          return await handle(key, request, params as Record<string, string>);
        } catch (error) {
          return errorResponse(error);
        }
      }) as Resolver,
      { errorBody: faultErrorBody },
    );

  const created = (result: SendResult) => {
    if (result.notification) hooks.onCreated(result.notification);
    return HttpResponse.json(result.response, { status: 201 });
  };

  /** `post_notification`: the rate limits first, then the body. */
  const send = async (type: NotificationType, key: ApiKeyRecord, request: Request) => {
    checkRateLimiting(store, key.type, type);
    const json = await validJson(request);
    if (type === 'email')
      return created(sendEmail(store, key, validate<SendEmailRequest>(json, postEmailRequest(store.now))));
    if (type === 'sms')
      return created(sendSms(store, key, validate<SendSmsRequest>(json, postSmsRequest(store.now))));
    return created(sendLetter(store, key, validate<SendLetterRequest>(json, postLetterRequest)));
  };

  const versionRoute = route(async (_key, _request, params) => {
    // get_template_by_id: `if version:` lets version 0 through as "the latest"
    const version = Number(params.version);
    return HttpResponse.json(getTemplate(store, templateId(params.id), version === 0 ? undefined : version));
  });

  return [
    http.post(
      `${base}/v2/notifications/email`,
      route((key, request) => send('email', key, request)),
    ),
    http.post(
      `${base}/v2/notifications/sms`,
      route((key, request) => send('sms', key, request)),
    ),
    http.post(
      `${base}/v2/notifications/letter`,
      route(async (key, request) => {
        // post_precompiled_letter_notification checks the limits, then post_notification checks them again for a
        // templated letter: a letter from a template takes two tokens from the bucket
        checkRateLimiting(store, key.type, 'letter');
        const json = await validJson(request.clone());
        if (!(typeof json === 'object' && json !== null && 'content' in json))
          return send('letter', key, request);
        const req = validate<SendPrecompiledLetterRequest>(json, postPrecompiledLetterRequest);
        return created(sendPrecompiledLetter(store, key, req));
      }),
    ),
    http.get(
      `${base}/v2/notifications/:id/pdf`,
      route(async (_key, _request, params) => {
        const id = notificationId(params.id);
        return new HttpResponse(letterPdf(store, id), {
          status: 200,
          headers: { 'Content-Type': 'application/pdf' },
        });
      }),
    ),
    http.get(
      `${base}/v2/notifications/:id`,
      route(async (_key, _request, params) =>
        HttpResponse.json(getNotification(store, notificationId(params.id))),
      ),
    ),
    http.get(
      `${base}/v2/notifications`,
      route(async (key, request) =>
        HttpResponse.json(listNotifications(store, key, parseListQuery(queryOf(request)))),
      ),
    ),
    http.get(
      `${base}/v2/template/:id/version/:version`,
      withFaults(
        faults,
        async (info) => {
          // Flask's `<int:version>` converter: anything but digits matches no route at all, so the app's own 404
          // answers before any authentication (`app/__init__.py` page_not_found)
          if (!/^\d+$/.test(String(info.params.version))) {
            return HttpResponse.json({ result: 'error', message: WERKZEUG_NOT_FOUND }, { status: 404 });
          }
          return versionRoute(info);
        },
        { errorBody: faultErrorBody },
      ),
    ),
    http.get(
      `${base}/v2/template/:id`,
      route(async (_key, _request, params) => HttpResponse.json(getTemplate(store, templateId(params.id)))),
    ),
    http.post(
      `${base}/v2/template/:id/preview`,
      route(async (_key, request, params) => {
        // post_template_preview: an empty body means no personalisation
        const text = await request.clone().text();
        const json = text ? await validJson(request) : {};
        const data = validate<{ id: string; personalisation?: Record<string, unknown> }>(
          { ...(json as object), id: params.id },
          postTemplatePreviewRequest,
        );
        return HttpResponse.json(previewTemplate(store, data.id, data.personalisation ?? {}));
      }),
    ),
    http.get(
      `${base}/v2/templates`,
      route(async (_key, request) => {
        // get_templates: `request.args.to_dict()` (the first value of each), then get_all_template_request
        const query = queryOf(request);
        const type = query.find(([k]) => k === 'type')?.[1];
        const errors: string[] = [];
        if (type !== undefined && !['sms', 'email', 'letter'].includes(type)) {
          errors.push(`type ${type} is not one of [sms, email, letter]`);
        }
        errors.push(...additionalProperties(query, ['type']));
        if (errors.length) throw validationError(errors);
        return HttpResponse.json(listTemplates(store, type as NotificationType | undefined));
      }),
    ),
    http.get(
      `${base}/v2/received-text-messages`,
      route(async (_key, request) => {
        // get_inbound_sms: `request.args.to_dict()` (the first value of each), then get_inbound_sms_request
        const query = queryOf(request);
        const olderThan = query.find(([k]) => k === 'older_than')?.[1];
        const errors: string[] = [];
        if (olderThan !== undefined && !isUuid(olderThan)) errors.push('older_than is not a valid UUID');
        errors.push(...additionalProperties(query, ['older_than']));
        if (errors.length) throw validationError(errors);
        return HttpResponse.json(listReceivedTexts(store, olderThan));
      }),
    ),
  ];
}

/** werkzeug's NotFound description. */
const WERKZEUG_NOT_FOUND =
  'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.';

function notificationId(id: string | undefined): string {
  if (!isUuid(id)) throw validationError(['notification_id is not a valid UUID']);
  return id;
}

function templateId(id: string | undefined): string {
  if (!isUuid(id)) throw validationError(['id is not a valid UUID']);
  return id;
}

/** Statuses the `status` filter accepts (`NOTIFICATION_STATUS_TYPES` + accepted, received), in the server's order. */
const FILTER_STATUSES = [
  'cancelled',
  'created',
  'sending',
  'sent',
  'delivered',
  'pending',
  'failed',
  'technical-failure',
  'temporary-failure',
  'permanent-failure',
  'pending-virus-check',
  'validation-failed',
  'virus-scan-failed',
  'returned-letter',
  'accepted',
  'received',
];

/**
 * `get_notifications`: `request.args.to_dict(flat=False)`, then the first value only of older_than, reference and
 * include_jobs, validated by `get_notifications_request` (include_jobs must be "true" or "True").
 */
function parseListQuery(raw: Array<[string, string]>) {
  const all = (name: string) => raw.filter(([k]) => k === name).map(([, v]) => v);
  const first = (name: string) => raw.find(([k]) => k === name)?.[1];
  const messages: string[] = [];
  const status = all('status');
  const types = all('template_type');
  for (const s of status) {
    if (!FILTER_STATUSES.includes(s))
      messages.push(`status ${s} is not one of [${FILTER_STATUSES.join(', ')}]`);
  }
  for (const t of types) {
    if (!['sms', 'email', 'letter'].includes(t))
      messages.push(`template_type ${t} is not one of [sms, email, letter]`);
  }
  const includeJobs = first('include_jobs');
  if (includeJobs !== undefined && includeJobs !== 'true' && includeJobs !== 'True') {
    messages.push(`include_jobs ${includeJobs} is not one of [true, True]`);
  }
  const olderThan = first('older_than');
  if (olderThan !== undefined && !isUuid(olderThan)) messages.push('older_than is not a valid UUID');
  messages.push(
    ...additionalProperties(raw, ['reference', 'status', 'template_type', 'include_jobs', 'older_than']),
  );
  if (messages.length) throw validationError([...new Set(messages)]);
  const reference = first('reference');
  // the validated dict, in the order its keys first appear (`to_dict(flat=False)`), is what `url_for` writes into
  // the links: every status and template_type, one older_than, reference and include_jobs
  const keys = [...new Set(raw.map(([k]) => k))];
  const data: Array<[string, string]> = keys.flatMap(
    (k): Array<[string, string]> =>
      k === 'status' || k === 'template_type' ? all(k).map((v) => [k, v]) : [[k, first(k)!]],
  );
  return {
    ...(status.length ? { status } : {}),
    ...(types.length ? { template_type: types as NotificationType[] } : {}),
    ...(reference !== undefined ? { reference } : {}),
    ...(olderThan !== undefined ? { older_than: olderThan } : {}),
    ...(includeJobs !== undefined ? { include_jobs: true } : {}),
    data,
  };
}

/** jsonschema's `additionalProperties: false` message: every unexpected key once, sorted, in one message. */
function additionalProperties(query: Array<[string, string]>, allowed: string[]): string[] {
  const extras = [...new Set(query.map(([k]) => k))].filter((k) => !allowed.includes(k)).sort();
  if (extras.length === 0) return [];
  return [
    `Additional properties are not allowed (${extras.join(', ')} ${extras.length === 1 ? 'was' : 'were'} unexpected)`,
  ];
}
