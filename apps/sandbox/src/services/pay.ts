import { isServiceError } from '@council-sdk/core/testing';
import {
  type CardSubmission,
  type CardSubmissionResult,
  createPayFake,
  type JourneyStart,
  type PayFake,
  type PayFakeSnapshot,
  type PaymentRecord,
  TEST_CARDS,
} from '@council-sdk/pay/testing';
import type { Response } from 'express';
import { serviceUrls } from '../env.js';
import { escapeHtml } from '../html.js';
import { payPageLocals } from '../locales/pay.js';
import { formBody, type SandboxContext, type SandboxService } from './types.js';

/** Pay's own frontend names the card page's fields like this; the fake's plain page uses the same names. */
const CARD_FIELDS: Record<string, string> = {
  card_number: 'cardNo',
  expiry_date: 'expiry',
  cvc: 'cvc',
  cardholder_name: 'cardholderName',
  email: 'email',
};

const STATUS_CLASSES: Record<string, string> = {
  created: 'govuk-tag--grey',
  started: 'govuk-tag--light-blue',
  submitted: 'govuk-tag--light-blue',
  capturable: 'govuk-tag--yellow',
  success: 'govuk-tag--green',
  failed: 'govuk-tag--red',
  cancelled: 'govuk-tag--orange',
  error: 'govuk-tag--red',
};

export function createPayService(ctx: SandboxContext): SandboxService<PayFake> {
  const { config } = ctx;
  const baseUrl = serviceUrls(ctx.url).pay;
  // The card page's forms post to paths, not URLs: the page works whichever host name the browser used.
  const basePath = new URL(baseUrl).pathname;
  const fake = createPayFake({
    baseUrl,
    accounts: [{ id: 'council-sandbox', mode: 'test', apiKeys: [config.pay.apiKey] }],
    ...(config.pay.rateLimits ? {} : { rateLimit: false as const }),
    webhooks: config.pay.webhook ? { url: config.pay.webhook.url, secret: config.pay.webhook.secret } : {},
  });
  const serviceName = 'Council sandbox';
  /** Card details waiting on the "Confirm your payment" page; kept in memory only, like a browser session. */
  const pendingCards = new Map<string, CardSubmission>();

  // ----------------------------------------------------------------------------- the hosted card page
  function finish(
    res: Response,
    result: CardSubmissionResult | JourneyStart,
    values: Record<string, string> = {},
  ) {
    const payment = result.payment;
    // The payment's language (`language: "cy"` on create): Pay's words, and <html lang>.
    const locals = payPageLocals(payment.language);
    if (result.kind === 'finished') {
      ctx.changed();
      if (result.returnUrl) {
        res.redirect(303, result.returnUrl);
        return;
      }
      ctx.render(res, 'pay/message.njk', {
        ...locals,
        title: locals.t.finishedTitle,
        heading: payment.status === 'success' ? locals.t.successHeading : locals.t.finishedHeading,
        message: locals.t.finishedMessage(payment.status),
      });
      return;
    }
    const errors = result.kind === 'invalid' ? result.errors : [];
    const fieldErrors: Record<string, string> = {};
    for (const e of errors) fieldErrors[CARD_FIELDS[e.field] ?? e.field] ??= e.message;
    if (errors.length) res.status(400);
    ctx.render(res, 'pay/card.njk', {
      ...locals,
      serviceName,
      payment,
      action: `${basePath}/card_details/${payment.payment_id}`,
      cancelAction: `${basePath}/card_details/${payment.payment_id}/cancel`,
      values,
      errors: errors.map((e) => ({
        text: locals.cardError(e.field, e.message),
        href: `#${{ cardNo: 'card-no', expiry: 'expiry-month', cardholderName: 'cardholder-name', cvc: 'cvc' }[CARD_FIELDS[e.field] ?? ''] ?? e.field}`,
      })),
      fieldErrors,
      testCards: TEST_CARDS,
    });
  }

  function startJourney(res: Response, token: string) {
    let start: JourneyStart;
    try {
      start = fake.journey.start(token);
    } catch (error) {
      if (!isServiceError(error)) throw error;
      res.status(404);
      ctx.render(res, 'pay/message.njk', {
        title: 'This link has expired',
        heading: 'This link has expired',
        message:
          'A next_url works once. To pay, go back to the service and start again (the service gets a fresh next_url by getting the payment).',
      });
      return;
    }
    ctx.changed();
    finish(res, start);
  }

  function journey(res: Response, paymentId: string): PaymentRecord | undefined {
    const payment = fake.journey.payment(paymentId);
    if (!payment) {
      res.status(404);
      ctx.render(res, 'pay/message.njk', {
        title: 'Payment not found',
        heading: 'Payment not found',
        message: 'There is no such payment.',
      });
    }
    return payment;
  }

  // ----------------------------------------------------------------------------- the dashboard
  function dashboardPayment(p: PaymentRecord) {
    const summary = fake.payments.refundSummary(p.payment_id);
    const refunded = fake.refunds
      .list()
      .filter((r) => r.payment_id === p.payment_id && r.status !== 'error')
      .reduce((sum, r) => sum + r.amount, 0);
    const disputes = fake.disputes.list().filter((d) => d.payment_id === p.payment_id);
    const actions: { action: string; label: string; warning?: boolean }[] = [];
    if (['created', 'started', 'capturable'].includes(p.status))
      actions.push({ action: 'expire', label: 'Expire', warning: true });
    // Pay cancels a payment not yet paid or waiting for capture (alphagov/pay-connector StatusFlow.java).
    if (['created', 'started', 'capturable'].includes(p.status))
      actions.push({ action: 'cancel', label: 'Cancel' });
    if (p.status === 'capturable') actions.push({ action: 'capture', label: 'Capture' });
    if (summary.status === 'available') actions.push({ action: 'refund', label: 'Refund' });
    if (p.status === 'success' && disputes.length === 0)
      actions.push({ action: 'dispute', label: 'Dispute', warning: true });
    return {
      payment_id: p.payment_id,
      description: p.description,
      reference: p.reference,
      amount: p.amount,
      created_date: p.created_date,
      status: p.status,
      statusClass: STATUS_CLASSES[p.status] ?? '',
      code: p.code,
      card: p.card_details
        ? `${p.card_details.card_brand} ending ${p.card_details.last_digits_card_number}`
        : undefined,
      refunded,
      amountAvailable: summary.amount_available,
      dispute: disputes.map((d) => d.status.replace('_', ' ')).join(', ') || undefined,
      actions,
    };
  }

  return {
    id: 'pay',
    title: 'GOV.UK Pay',
    prefix: '/pay',
    baseUrl,
    dashboard: '/dashboard/pay',
    fake,
    handlers: fake.handlers,
    faults: { pay: fake.faults },
    env: () => ({}),
    summary() {
      const n = fake.payments.list().length;
      return `${n} payment${n === 1 ? '' : 's'}, ${fake.webhooks.deliveries().length} webhook deliveries`;
    },
    snapshot: () => fake.snapshot(),
    restore: (snapshot) => fake.restore(snapshot as PayFakeSnapshot),
    reset() {
      fake.reset();
      pendingCards.clear();
    },
    close() {
      // Expiry and webhook retries are timers on the fake's clock.
      fake.clock.clearTimers();
    },
    routes(router) {
      // next_url and next_url_post: the same single-use token rules as the fake's own plain page.
      router.get('/pay/secure/:token', (req, res) => startJourney(res, String(req.params['token'])));
      router.post('/pay/secure', formBody, (req, res) =>
        startJourney(res, String((req.body as Record<string, unknown>)?.['chargeTokenId'] ?? '')),
      );

      router.post('/pay/card_details/:paymentId', formBody, (req, res) => {
        const payment = journey(res, String(req.params['paymentId']));
        if (!payment) return;
        const f = (req.body ?? {}) as Record<string, string>;
        const card: CardSubmission = {
          card_number: f['cardNo'] ?? '',
          expiry_month: f['expiryMonth'] ?? '',
          expiry_year: f['expiryYear'] ?? '',
          cvc: f['cvc'] ?? '',
          cardholder_name: f['cardholderName'] ?? '',
          ...(f['email'] ? { email: f['email'] } : {}),
          ...(f['addressLine1'] || f['addressPostcode']
            ? {
                billing_address: {
                  line1: f['addressLine1'] ?? '',
                  ...(f['addressLine2'] ? { line2: f['addressLine2'] } : {}),
                  city: f['addressCity'] ?? '',
                  postcode: f['addressPostcode'] ?? '',
                  country: 'GB',
                },
              }
            : {}),
        };
        // With `pay.confirmationPage`, like Pay, a card that passes the form checks is shown back for confirmation
        // before it is charged. Anything else (form errors, a journey already over) goes through the fake's rules now.
        if (
          !config.pay.confirmationPage ||
          payment.status !== 'started' ||
          fake.journey.validateCard(card).length > 0
        ) {
          finish(res, fake.journey.submitCard(payment.payment_id, card), f);
          return;
        }
        pendingCards.set(payment.payment_id, card);
        const number = card.card_number.replace(/[\s-]/g, '');
        const locals = payPageLocals(payment.language);
        const { t } = locals;
        ctx.render(res, 'pay/confirm.njk', {
          ...locals,
          title: t.confirmTitle,
          serviceName,
          payment,
          action: `${basePath}/card_details/${payment.payment_id}/confirm`,
          cancelAction: `${basePath}/card_details/${payment.payment_id}/cancel`,
          rows: [
            { key: { text: t.paymentFor }, value: { text: payment.description } },
            { key: { text: t.totalAmountRow }, value: { text: `£${(payment.amount / 100).toFixed(2)}` } },
            { key: { text: t.cardNo }, value: { text: `●●●●●●●●●●●●${number.slice(-4)}` } },
            { key: { text: t.expiry }, value: { text: `${card.expiry_month}/${card.expiry_year}` } },
            { key: { text: t.cardholderName }, value: { text: card.cardholder_name } },
            ...(card.billing_address
              ? [
                  {
                    key: { text: t.billingAddress },
                    value: {
                      text: [
                        card.billing_address.line1,
                        card.billing_address.line2,
                        card.billing_address.city,
                        card.billing_address.postcode,
                      ]
                        .filter(Boolean)
                        .join(', '),
                    },
                  },
                ]
              : []),
            ...(card.email ? [{ key: { text: t.confirmationEmail }, value: { text: card.email } }] : []),
          ],
        });
      });

      router.post('/pay/card_details/:paymentId/confirm', formBody, (req, res) => {
        const payment = journey(res, String(req.params['paymentId']));
        if (!payment) return;
        const card = pendingCards.get(payment.payment_id);
        pendingCards.delete(payment.payment_id);
        if (!card) {
          // Nothing to confirm (a double submit, or the sandbox restarted): back to the card page, or the end.
          finish(
            res,
            payment.status === 'started'
              ? { kind: 'card_page', payment }
              : fake.journey.submitCard(payment.payment_id, {} as CardSubmission),
          );
          return;
        }
        finish(res, fake.journey.submitCard(payment.payment_id, card));
      });

      router.post('/pay/card_details/:paymentId/cancel', formBody, (req, res) => {
        const payment = journey(res, String(req.params['paymentId']));
        if (!payment) return;
        finish(res, fake.journey.cancel(payment.payment_id));
      });

      router.get('/dashboard/pay', (_req, res) => {
        const payments = [...fake.payments.list()].sort((a, b) =>
          b.created_date.localeCompare(a.created_date),
        );
        const messages = new Map(fake.webhooks.messages().map((m) => [m.webhook_message_id, m]));
        ctx.render(res, 'pay/dashboard.njk', {
          title: 'Pay',
          section: 'pay',
          baseUrl,
          webhookUrl: config.pay.webhook?.url,
          payments: payments.map(dashboardPayment),
          webhookRows: [...fake.webhooks.deliveries()].reverse().map((d) => [
            { text: d.at },
            { text: `${d.event_type} (attempt ${d.attempt})` },
            { html: `<code>${escapeHtml(messages.get(d.webhook_message_id)?.resource_id ?? '')}</code>` },
            {
              html: d.delivered
                ? `<strong class="govuk-tag govuk-tag--green">HTTP ${d.status}</strong>`
                : `<strong class="govuk-tag govuk-tag--red">${d.status ? `HTTP ${d.status}` : 'failed'}</strong> ${escapeHtml(d.error ?? '')}`,
            },
            {
              html: `<form method="post" action="/dashboard/pay/webhooks/${encodeURIComponent(d.webhook_message_id)}/resend"><button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button" data-action="resend">Send again</button></form>`,
            },
          ]),
        });
      });

      router.post('/dashboard/pay/webhooks/:id/resend', formBody, async (req, res) => {
        const id = String(req.params['id']);
        if (!fake.webhooks.messages().some((m) => m.webhook_message_id === id)) {
          ctx.flash(res, '/dashboard/pay', 'No such webhook message.', 'important');
          return;
        }
        await ctx.track(fake.webhooks.resend(id));
        const last = fake.webhooks
          .deliveries()
          .filter((d) => d.webhook_message_id === id)
          .at(-1);
        ctx.flash(
          res,
          '/dashboard/pay',
          `Webhook sent again: ${last?.status ? `HTTP ${last.status}` : `failed (${last?.error ?? 'no answer'})`}.`,
        );
      });

      router.post('/dashboard/pay/:paymentId/:action', formBody, async (req, res) => {
        const id = String(req.params['paymentId']);
        const action = String(req.params['action']);
        const amount = Number((req.body as Record<string, unknown>)?.['amount'] ?? Number.NaN);
        try {
          if (action === 'expire') fake.payments.expire(id);
          else if (action === 'cancel') fake.payments.cancel(id);
          else if (action === 'capture') fake.payments.capture(id);
          else if (action === 'refund')
            fake.payments.refund(id, Number.isInteger(amount) ? amount : undefined);
          else if (action === 'dispute') fake.payments.dispute(id);
          else {
            res.status(404).type('text/plain').send('Unknown action');
            return;
          }
        } catch (error) {
          ctx.flash(res, '/dashboard/pay', (error as Error).message, 'important');
          return;
        }
        // Let the webhook the action caused go out before the page shows the log.
        await ctx.track(fake.webhooks.idle());
        ctx.flash(res, '/dashboard/pay', `Payment ${id}: ${action} done.`);
      });
    },
  };
}
