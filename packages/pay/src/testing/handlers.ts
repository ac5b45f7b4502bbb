/**
 * msw handlers: HTTP in, model call, HTTP out. No Pay rules here (they are in model.ts), only how Pay speaks
 * HTTP: bearer auth with a non-JSON 401, the Accept check, Pay-shaped error bodies, 201 + Location, 202, 204.
 */
import { type FaultInjector, withFaults } from '@council-sdk/core/testing';
import { http, HttpResponse } from 'msw';
import { renderCardPage, renderMessagePage, renderThreeDSecurePage } from './hosted-page.js';
import {
  type CardSubmissionResult,
  type FakeAccount,
  type JourneyStart,
  type PayModel,
  PayFakeError,
  type RateLimits,
} from './model.js';

type Info = { request: Request; params: Record<string, string | readonly string[] | undefined> };

const param = (info: Info, name: string) => String(info.params[name] ?? '');

/** Pay's error body for an injected fault status. */
export function payErrorBody(status: number): { code: string; description: string } {
  if (status === 429) return { code: 'P0900', description: 'Too many requests' };
  if (status === 401) return { code: 'P0401', description: 'Unauthorised' };
  if (status === 503) return { code: 'P0999', description: 'GOV.UK Pay is unavailable' };
  if (status >= 500) return { code: 'P0198', description: 'Downstream system error' };
  return { code: 'P0102', description: 'Invalid request' };
}

/** `Accept` must allow JSON: Pay blocks anything else with 400 P0920. */
function acceptsJson(accept: string | null): boolean {
  if (!accept) return true;
  return accept
    .split(',')
    .map((part) => part.split(';')[0]?.trim().toLowerCase())
    .some((type) => type === 'application/json' || type === '*/*' || type === 'application/*');
}

function errorResponse(error: unknown): Response {
  if (error instanceof PayFakeError) return HttpResponse.json(error.body, { status: error.status });
  throw error;
}

const redirect = (location: string) => new Response(null, { status: 303, headers: { Location: location } });
const html = (body: string, status = 200) =>
  new Response(body, {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  });

export function createHandlers(model: PayModel, faults: FaultInjector) {
  const base = () => model.baseUrl;
  const url = (path: string) => `${model.baseUrl}${path}`;
  const faulty = <R extends (info: Info) => Promise<Response>>(resolver: R) =>
    withFaults(faults, resolver as never, { errorBody: payErrorBody }) as unknown as R;

  /** An authenticated, rate-limited API endpoint. */
  const api = (
    bucket: keyof RateLimits,
    handle: (account: FakeAccount, info: Info) => Response | Promise<Response>,
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
      const account = model.authenticate(info.request.headers.get('authorization'));
      // Pay answers a bad key with a non-JSON 401.
      if (!account)
        return new Response('Credentials are required to access this resource.', {
          status: 401,
          headers: { 'Content-Type': 'text/plain' },
        });
      try {
        model.checkRateLimit(account, bucket);
        return await handle(account, info);
      } catch (error) {
        return errorResponse(error);
      }
    });

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
    if (result.kind === 'three_d_secure')
      return html(renderThreeDSecurePage(result.payment, { baseUrl: base() }));
    if (result.kind === 'card_page') return html(renderCardPage(result.payment, { baseUrl: base() }));
    return html(renderCardPage(result.payment, { baseUrl: base(), errors: result.errors }), 200);
  };

  const startJourney = (token: string): Response => {
    try {
      return finishJourney(model.startJourney(token));
    } catch (error) {
      if (error instanceof PayFakeError) {
        return html(
          renderMessagePage('This link has expired', 'To pay, go back to the service and start again.'),
          404,
        );
      }
      throw error;
    }
  };

  const form = async (request: Request) => new URLSearchParams(await request.text());

  return [
    // ---------------------------------------------------------------- payments
    http.post(
      url('/v1/payments'),
      api('create', async (account, { request }) => {
        const result = model.createPayment(
          account,
          await request.text(),
          request.headers.get('idempotency-key'),
        );
        return HttpResponse.json(result.body, {
          status: result.status,
          headers: { Location: result.location },
        });
      }),
    ),
    http.get(
      url('/v1/payments'),
      api('get', (account, { request }) =>
        HttpResponse.json(model.searchPayments(account, new URL(request.url).searchParams)),
      ),
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
        return new Response(null, { status: 204 });
      }),
    ),
    http.post(
      url('/v1/payments/:paymentId/capture'),
      api('capture', (account, info) => {
        model.capturePayment(account, param(info, 'paymentId'));
        return new Response(null, { status: 204 });
      }),
    ),
    // ---------------------------------------------------------------- refunds
    http.post(
      url('/v1/payments/:paymentId/refunds'),
      api('otherPost', async (account, info) =>
        // 202 with the refund body (the spec says 200, or 202 without a body).
        HttpResponse.json(model.createRefund(account, param(info, 'paymentId'), await info.request.text()), {
          status: 202,
        }),
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
      api('get', (account, { request }) =>
        HttpResponse.json(model.searchRefunds(account, new URL(request.url).searchParams)),
      ),
    ),
    // ---------------------------------------------------------------- agreements
    http.post(
      url('/v1/agreements'),
      api('otherPost', async (account, { request }) =>
        HttpResponse.json(model.createAgreement(account, await request.text()), { status: 201 }),
      ),
    ),
    http.get(
      url('/v1/agreements'),
      api('get', (account, { request }) =>
        HttpResponse.json(model.searchAgreements(account, new URL(request.url).searchParams)),
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
        return new Response(null, { status: 204 });
      }),
    ),
    // ---------------------------------------------------------------- disputes
    http.get(
      url('/v1/disputes'),
      api('get', (account, { request }) =>
        HttpResponse.json(model.searchDisputes(account, new URL(request.url).searchParams)),
      ),
    ),
    // ---------------------------------------------------------------- MOTO (no API key: the one-time token authorises)
    http.post(
      url('/v1/auth'),
      faulty(async ({ request }: Info) => {
        try {
          model.authoriseMoto(await request.text());
          return new Response(null, { status: 204 });
        } catch (error) {
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
        const payment = model.journeyPayment(paymentId);
        if (!payment) return html(renderMessagePage('Payment not found', 'There is no such payment.'), 404);
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
              baseUrl: base(),
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
      url('/card_details/:paymentId/3ds'),
      faulty(async (info: Info) => {
        const outcome = (await form(info.request)).get('outcome');
        const paymentId = param(info, 'paymentId');
        if (!model.journeyPayment(paymentId))
          return html(renderMessagePage('Payment not found', 'There is no such payment.'), 404);
        return finishJourney(model.completeThreeDSecure(paymentId, outcome !== 'fail'));
      }),
    ),
    http.post(
      url('/card_details/:paymentId/cancel'),
      faulty(async (info: Info) => {
        const paymentId = param(info, 'paymentId');
        if (!model.journeyPayment(paymentId))
          return html(renderMessagePage('Payment not found', 'There is no such payment.'), 404);
        return finishJourney(model.cancelJourney(paymentId));
      }),
    ),
  ];
}
