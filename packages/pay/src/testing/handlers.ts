/**
 * The wire layer: msw handlers that read Pay requests (bearer key, Accept, JSON bodies, query strings), call the
 * pure model, and write Pay's answers: `{field?, header?, code, description}` error bodies, 201 + Location, 202,
 * 204, the non-JSON 401s. No Pay rules live here; they are in `model/`.
 */
import { type FaultInjector, isServiceError, withFaults } from '@council-sdk/core/testing';
import { isLosslessNumber, parse as parseLossless } from 'lossless-json';
import { http, HttpResponse } from 'msw';
import { renderCardPage, renderMessagePage } from './hosted-page.js';
import type { CardSubmissionResult, FakeAccount, JourneyStart, PayModel, RateLimits } from './model/index.js';

type Info = { request: Request; params: Record<string, string | readonly string[] | undefined> };

const param = (info: Info, name: string) => String(info.params[name] ?? '');

/** Pay's error body for an injected fault status. */
export function payErrorBody(status: number): { code: string; description: string } {
  if (status === 429) return { code: 'P0900', description: 'Too many requests' };
  if (status === 503) return { code: 'P0999', description: 'GOV.UK Pay is unavailable' };
  if (status >= 500) return { code: 'P0198', description: 'Downstream system error' };
  return { code: 'P0102', description: 'Invalid request' };
}

/** `Accept` must allow JSON: Pay's WAF blocks anything else with 400 P0920. */
function acceptsJson(accept: string | null): boolean {
  if (!accept) return true;
  return accept
    .split(',')
    .map((part) => part.split(';')[0]?.trim().toLowerCase())
    .some((type) => type === 'application/json' || type === '*/*' || type === 'application/*');
}

/** A `ServiceError` from the model as Pay writes it (alphagov/pay-publicapi model/RequestError.java, nulls omitted). */
function errorResponse(error: unknown): Response {
  if (!isServiceError(error)) throw error;
  const { field, header } = error.details as { field?: string; header?: string };
  return HttpResponse.json(
    {
      ...(field ? { field } : {}),
      ...(header ? { header } : {}),
      code: error.code,
      description: error.message,
    },
    { status: error.status },
  );
}

/** A body Pay's JSON reader cannot parse: 400 with the endpoint's own "Unable to parse JSON" code. */
class UnparsableJson extends Error {
  constructor(readonly code: string) {
    super('Unable to parse JSON');
  }
}

async function jsonBody(request: Request, code: string): Promise<unknown> {
  const text = await request.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new UnparsableJson(code);
  }
  return withAmountAsWritten(body, text);
}

/**
 * Pay reads `amount` (of a payment or a refund) with Jackson's `JsonNode::isInt` (alphagov/pay-publicapi
 * json/RequestJsonParser.java `validateAndGetAmount`): a number written with a fraction or an exponent, such as
 * `1250.0` (PHP's `json_encode` of a float) or `1e3`, is a DoubleNode, not an int, and is refused as "Must be a valid
 * numeric format" even when its value is whole. `JSON.parse` keeps no number text, so the top-level `amount` is read
 * again with lossless-json; one written as a decimal reaches the model as its text, which the model refuses as it
 * refuses any amount that is not an int. Other fields keep `JSON.parse`'s numbers (e.g. `refund_amount_available`,
 * which Pay reads with `asInt()`, whole or not).
 */
function withAmountAsWritten(body: unknown, text: string): unknown {
  if (typeof body !== 'object' || body === null || typeof (body as { amount?: unknown }).amount !== 'number')
    return body;
  let written: unknown;
  try {
    written = (parseLossless(text) as { amount?: unknown }).amount;
  } catch {
    return body; // e.g. a duplicate key, which JSON.parse (and Jackson) accept, keeping the last
  }
  return isLosslessNumber(written) && /[.eE]/.test(written.value) ? { ...body, amount: written.value } : body;
}

/**
 * The two 401s Pay answers (neither is JSON). A header that is missing, not `Bearer ` or too short to carry a key
 * and its checksum is stopped by alphagov/pay-publicapi filter/AuthorizationValidationFilter.java (`sendError(401)`);
 * a well-formed key Pay does not know reaches Dropwizard's OAuthCredentialAuthFilter (app/PublicApi.java, prefix
 * `Bearer`), whose default unauthorised handler sends a `WWW-Authenticate` challenge with its default realm.
 */
function unauthorised(authorization: string | null): Response {
  const key = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  if (!key || key.length < 33) {
    return new Response('Unauthorized', { status: 401, headers: { 'Content-Type': 'text/plain' } });
  }
  return new Response('Credentials are required to access this resource.', {
    status: 401,
    headers: { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer realm="realm"' },
  });
}

/**
 * The endpoints that take a body are `@Consumes(APPLICATION_JSON)` (alphagov/pay-publicapi resources/PaymentsResource
 * createNewPayment, PaymentRefundsResource, AuthorisationResource, agreement/resource/AgreementsApiResource): Jersey
 * matches them only for a JSON Content-Type (parameters such as charset allowed) or none at all, and answers any
 * other with 415 before the resource's own filters (the API-key check, the rate limiter) run; Dropwizard's default
 * exception mapper writes its `{code, message}` body.
 */
function consumesJson(request: Request): boolean {
  const type = request.headers.get('content-type');
  if (type === null) return true;
  return type.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

const unsupportedMediaType = () =>
  HttpResponse.json({ code: 415, message: 'HTTP 415 Unsupported Media Type' }, { status: 415 });

const redirect = (location: string) => new Response(null, { status: 303, headers: { Location: location } });
const html = (body: string, status = 200) =>
  new Response(body, {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  });
const noContent = () => new Response(null, { status: 204 });

export function createHandlers(model: PayModel, faults: FaultInjector) {
  const url = (path: string) => `${model.baseUrl}${path}`;
  const faulty = <R extends (info: Info) => Promise<Response>>(resolver: R) =>
    withFaults(faults, resolver as never, { errorBody: payErrorBody }) as unknown as R;

  /** An authenticated, rate-limited API endpoint. */
  const api = (
    bucket: keyof RateLimits,
    handle: (account: FakeAccount, info: Info) => Response | Promise<Response>,
    { json = false }: { json?: boolean } = {},
  ) =>
    faulty(async (info: Info) => {
      if (!acceptsJson(info.request.headers.get('accept'))) {
        return HttpResponse.json(
          {
            header: 'Accept',
            code: 'P0920',
            description:
              'Request blocked by security rules. Please consult API documentation for more information.',
          },
          { status: 400 },
        );
      }
      const authorization = info.request.headers.get('authorization');
      const key = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
      // The servlet filter that refuses malformed Authorization headers runs before Jersey picks a resource; the
      // unknown-key check runs after, so a non-JSON body to a well-formed but unknown key is 415.
      if (json && (!key || key.length < 33)) return unauthorised(authorization);
      if (json && !consumesJson(info.request)) return unsupportedMediaType();
      const account = key ? model.accountForKey(key) : undefined;
      if (!account) return unauthorised(authorization);
      try {
        model.checkRateLimit(account, bucket);
        return await handle(account, info);
      } catch (error) {
        if (error instanceof UnparsableJson) {
          return HttpResponse.json({ code: error.code, description: error.message }, { status: 400 });
        }
        return errorResponse(error);
      }
    });

  const query = (request: Request) => new URL(request.url).searchParams;

  const finishJourney = (result: CardSubmissionResult | JourneyStart): Response => {
    if (result.kind === 'finished') {
      return result.returnUrl
        ? redirect(result.returnUrl)
        : html(
            renderMessagePage(
              'Payment complete',
              `This payment is ${result.payment.status}. You can close this page.`,
            ),
          );
    }
    if (result.kind === 'card_page') return html(renderCardPage(result.payment, { baseUrl: model.baseUrl }));
    return html(renderCardPage(result.payment, { baseUrl: model.baseUrl, errors: result.errors }), 200);
  };

  const startJourney = (token: string): Response => {
    try {
      return finishJourney(model.startJourney(token));
    } catch (error) {
      if (!isServiceError(error)) throw error;
      return html(
        renderMessagePage('This link has expired', 'To pay, go back to the service and start again.'),
        404,
      );
    }
  };

  const form = async (request: Request) => new URLSearchParams(await request.text());
  const noSuchPayment = () => html(renderMessagePage('Payment not found', 'There is no such payment.'), 404);

  return [
    // ---------------------------------------------------------------- payments
    http.post(
      url('/v1/payments'),
      api(
        'create',
        async (account, { request }) => {
          const body = await jsonBody(request, 'P0197');
          const result = model.createPayment(account, body, request.headers.get('idempotency-key'));
          // alphagov/pay-publicapi resources/PaymentsResource.java: 201 with Location, or a plain 200 for a replay.
          return HttpResponse.json(result.body, {
            status: result.status,
            headers: {
              Pragma: 'no-cache',
              'Cache-Control': 'no-store',
              ...(result.location ? { Location: result.location } : {}),
            },
          });
        },
        { json: true },
      ),
    ),
    http.get(
      url('/v1/payments'),
      api('get', (account, { request }) => HttpResponse.json(model.searchPayments(account, query(request)))),
    ),
    http.get(
      url('/v1/payments/:paymentId'),
      api('get', (account, info) => HttpResponse.json(model.getPayment(account, param(info, 'paymentId')))),
    ),
    http.get(
      url('/v1/payments/:paymentId/events'),
      api('get', (account, info) => HttpResponse.json(model.getEvents(account, param(info, 'paymentId')))),
    ),
    http.post(
      url('/v1/payments/:paymentId/cancel'),
      api('otherPost', (account, info) => {
        model.cancelPayment(account, param(info, 'paymentId'));
        return noContent();
      }),
    ),
    http.post(
      url('/v1/payments/:paymentId/capture'),
      api('capture', (account, info) => {
        model.capturePayment(account, param(info, 'paymentId'));
        return noContent();
      }),
    ),
    // ---------------------------------------------------------------- refunds
    http.post(
      url('/v1/payments/:paymentId/refunds'),
      api(
        'otherPost',
        async (account, info) => {
          const body = await jsonBody(info.request, 'P0697');
          // 202 with the refund body (the spec says 200, or 202 without a body).
          return HttpResponse.json(model.createRefund(account, param(info, 'paymentId'), body), {
            status: 202,
          });
        },
        { json: true },
      ),
    ),
    http.get(
      url('/v1/payments/:paymentId/refunds'),
      api('get', (account, info) =>
        HttpResponse.json(model.listRefundsForPayment(account, param(info, 'paymentId'))),
      ),
    ),
    http.get(
      url('/v1/payments/:paymentId/refunds/:refundId'),
      api('get', (account, info) =>
        HttpResponse.json(model.getRefund(account, param(info, 'paymentId'), param(info, 'refundId'))),
      ),
    ),
    http.get(
      url('/v1/refunds'),
      api('get', (account, { request }) => HttpResponse.json(model.searchRefunds(account, query(request)))),
    ),
    // ---------------------------------------------------------------- agreements
    http.post(
      url('/v1/agreements'),
      api(
        'otherPost',
        async (account, { request }) =>
          HttpResponse.json(model.createAgreement(account, await jsonBody(request, 'P2197')), {
            status: 201,
          }),
        { json: true },
      ),
    ),
    http.get(
      url('/v1/agreements'),
      api('get', (account, { request }) =>
        HttpResponse.json(model.searchAgreements(account, query(request))),
      ),
    ),
    http.get(
      url('/v1/agreements/:agreementId'),
      api('get', (account, info) =>
        HttpResponse.json(model.getAgreement(account, param(info, 'agreementId'))),
      ),
    ),
    http.post(
      url('/v1/agreements/:agreementId/cancel'),
      api('otherPost', (account, info) => {
        model.cancelAgreement(account, param(info, 'agreementId'));
        return noContent();
      }),
    ),
    // ---------------------------------------------------------------- disputes
    http.get(
      url('/v1/disputes'),
      api('get', (account, { request }) => HttpResponse.json(model.searchDisputes(account, query(request)))),
    ),
    // ---------------------------------------------------------------- MOTO (no API key: the one-time token authorises)
    http.post(
      url('/v1/auth'),
      faulty(async ({ request }: Info) => {
        if (!consumesJson(request)) return unsupportedMediaType();
        try {
          model.authoriseMoto(await jsonBody(request, 'P0197'));
          return noContent();
        } catch (error) {
          if (error instanceof UnparsableJson) {
            return HttpResponse.json({ code: error.code, description: error.message }, { status: 400 });
          }
          return errorResponse(error);
        }
      }),
    ),
    // ---------------------------------------------------------------- the hosted card page
    http.get(
      url('/secure/:token'),
      faulty(async (info: Info) => startJourney(param(info, 'token'))),
    ),
    http.post(
      url('/secure'),
      faulty(async ({ request }: Info) => startJourney((await form(request)).get('chargeTokenId') ?? '')),
    ),
    http.post(
      url('/card_details/:paymentId'),
      faulty(async (info: Info) => {
        const f = await form(info.request);
        const paymentId = param(info, 'paymentId');
        if (!model.journeyPayment(paymentId)) return noSuchPayment();
        const result = model.submitCard(paymentId, {
          card_number: f.get('cardNo') ?? '',
          expiry_month: f.get('expiryMonth') ?? '',
          expiry_year: f.get('expiryYear') ?? '',
          cvc: f.get('cvc') ?? '',
          cardholder_name: f.get('cardholderName') ?? '',
          ...(f.get('email') ? { email: f.get('email') as string } : {}),
          ...(f.get('addressLine1') || f.get('addressPostcode')
            ? {
                billing_address: {
                  line1: f.get('addressLine1') ?? '',
                  city: f.get('addressCity') ?? '',
                  postcode: f.get('addressPostcode') ?? '',
                  country: 'GB',
                },
              }
            : {}),
        });
        if (result.kind === 'invalid') {
          return html(
            renderCardPage(result.payment, {
              baseUrl: model.baseUrl,
              errors: result.errors,
              values: Object.fromEntries(f),
            }),
            200,
          );
        }
        return finishJourney(result);
      }),
    ),
    http.post(
      url('/card_details/:paymentId/cancel'),
      faulty(async (info: Info) => {
        const paymentId = param(info, 'paymentId');
        if (!model.journeyPayment(paymentId)) return noSuchPayment();
        return finishJourney(model.cancelJourney(paymentId));
      }),
    ),
  ];
}
