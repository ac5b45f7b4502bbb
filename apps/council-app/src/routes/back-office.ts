import { createHash, timingSafeEqual } from 'node:crypto';
import { type NextFunction, type Request, type Response, Router } from 'express';
import type { AppContext } from '../context.js';
import { formatPence } from '../domain/permit.js';
import { NothingToRefundError } from '../domain/permits.js';
import { FailureThrottle } from '../http/throttle.js';
import { asyncHandler, regenerateSession } from '../http/util.js';
import { paths } from '../paths.js';
import { notFound } from './resident.js';

/**
 * Staff back office, behind its own sign-in with the configured BACK_OFFICE_USERNAME/PASSWORD. Without them
 * configured, every back-office URL answers 404: the back office is never open.
 */
export function backOfficeRoutes(ctx: AppContext): Router {
  const router = Router();
  const credential = ctx.config.backOffice;

  router.use(paths.backOffice, (_req, res, next) => {
    if (!credential) return notFound(res);
    res.locals.backOffice = true;
    res.locals.languageToggle = undefined;
    next();
  });

  const requireStaff = (req: Request, res: Response, next: NextFunction) => {
    if (req.session.staff) return next();
    res.redirect(303, paths.backOfficeSignIn);
  };

  router.get(paths.backOfficeSignIn, (_req, res) => {
    res.render('back-office/sign-in.njk', { title: 'Sign in', errors: [] });
  });

  // Slow down password guessing, from one address (5 failures) and against the account from anywhere (10 failures,
  // so guessing spread over many addresses stops too), each for 15 minutes. Only the real account is counted per
  // account (a made-up username cannot sign in anyway), and the per-address records are bounded in number.
  const WINDOW_MS = 15 * 60 * 1000;
  const byAddress = new FailureThrottle({ maxFailures: 5, windowMs: WINDOW_MS, maxKeys: 10_000 });
  const byAccount = new FailureThrottle({ maxFailures: 10, windowMs: WINDOW_MS, maxKeys: 16 });

  router.post(
    paths.backOfficeSignIn,
    asyncHandler(async (req, res) => {
      const ip = req.ip ?? 'unknown';
      const accountKey = credential!.username;
      if (byAddress.isBlocked(ip) || byAccount.isBlocked(accountKey)) {
        res.status(429);
        return res.render('back-office/sign-in.njk', {
          title: 'Sign in',
          errors: [{ text: 'Too many attempts. Try again in 15 minutes', href: '#username' }],
        });
      }
      const username = typeof req.body.username === 'string' ? req.body.username : '';
      const password = typeof req.body.password === 'string' ? req.body.password : '';
      // Compare both fields, always, in constant time: no early exit that tells which one was wrong.
      const userOk = constantTimeEqual(username, credential!.username);
      const passwordOk = constantTimeEqual(password, credential!.password);
      if (!(userOk && passwordOk)) {
        byAddress.recordFailure(ip);
        if (userOk) byAccount.recordFailure(accountKey);
        ctx.log.warn('back-office sign-in failed');
        res.status(401);
        return res.render('back-office/sign-in.njk', {
          title: 'Sign in',
          username,
          errors: [{ text: 'Enter a correct username and password', href: '#username' }],
        });
      }
      byAddress.reset(ip);
      byAccount.reset(accountKey);
      await regenerateSession(req, []);
      req.session.staff = { username: credential!.username };
      req.session.save(() => res.redirect(303, paths.backOffice));
    }),
  );

  router.post('/back-office/sign-out', (req, res) => {
    delete req.session.staff;
    res.redirect(303, paths.backOfficeSignIn);
  });

  router.get(
    paths.backOffice,
    requireStaff,
    asyncHandler(async (_req, res) => {
      const rows = (await ctx.backOffice.applications()).map(
        ({ application: a, latestPayment, notifications }) => [
          {
            html: `<a class="govuk-link" href="${paths.backOfficeApplication(a.reference)}">${a.reference}</a>`,
          },
          { text: a.full_name },
          { text: a.vehicle_registration },
          { text: formatPence(a.amount) },
          { text: a.status.replace(/_/g, ' ') },
          { text: latestPayment ? latestPayment.status : '–' },
          {
            text: notifications.length
              ? notifications.map((n) => `${n.channel}: ${n.status}`).join(', ')
              : '–',
          },
        ],
      );
      res.render('back-office/applications.njk', { title: 'Applications', rows });
    }),
  );

  router.get(
    paths.backOfficeApplicationPattern,
    requireStaff,
    asyncHandler(async (req, res) => {
      const detail = await ctx.backOffice.application(String(req.params.reference));
      if (!detail) return notFound(res);
      const { application: app } = detail;
      res.render('back-office/application.njk', {
        title: `Application ${app.reference}`,
        application: app,
        amountText: formatPence(app.amount),
        payments: detail.payments.map((p) => ({
          ...p,
          amountText: formatPence(p.amount),
          refundedText: formatPence(p.refunded_amount),
          refundUrl: paths.backOfficeRefund(p.payment_id),
        })),
        notifications: detail.notifications,
        message: typeof req.query.message === 'string' ? req.query.message : undefined,
      });
    }),
  );

  router.post(
    paths.backOfficeRefundPattern,
    requireStaff,
    asyncHandler(async (req, res) => {
      const payment = await ctx.backOffice.payment(String(req.params.paymentId));
      if (!payment) return notFound(res);
      const back = paths.backOfficeApplication(payment.application_reference);
      try {
        const refund = await ctx.permits.refund(payment.payment_id);
        ctx.log.info('refund requested', { payment_id: payment.payment_id, refund_id: refund.refund_id });
        res.redirect(
          303,
          `${back}?message=${encodeURIComponent(`Refund of ${formatPence(refund.amount)} requested`)}`,
        );
      } catch (err) {
        if (!(err instanceof NothingToRefundError) && !isApiError(err)) throw err;
        ctx.log.warn('refund refused', { err });
        res.redirect(
          303,
          `${back}?message=${encodeURIComponent(`Refund not possible: ${(err as Error).message}`)}`,
        );
      }
    }),
  );

  router.get(
    paths.backOfficeSubmissions,
    requireStaff,
    asyncHandler(async (req, res) => {
      const rows = await Promise.all(
        (await ctx.formsInbox.list()).map(async (s) => ({
          ...s,
          paymentText: s.payment_id
            ? `${s.payment_status ?? 'unknown'}${s.payment_amount ? ` (${formatPence(s.payment_amount)})` : ''}`
            : 'No payment',
          ackText: (await ctx.backOffice.notificationsFor(s.submission_reference))
            .map((n) => `${n.channel}: ${n.status}`)
            .join(', '),
        })),
      );
      res.render('back-office/submissions.njk', {
        title: 'Report a missed bin collection: submissions',
        submissions: rows,
        message: typeof req.query.message === 'string' ? req.query.message : undefined,
      });
    }),
  );

  // Messages GOV.UK Notify would not take after every retry: a person decides what to do about each.
  router.get(
    paths.backOfficeDeadLetters,
    requireStaff,
    asyncHandler(async (_req, res) => {
      const rows = (await ctx.backOffice.deadLetters()).map((d) => [
        { text: d.job.reference },
        {
          text:
            d.job.kind === 'permit-confirmation'
              ? `Permit confirmation (${d.job.channel})`
              : 'Forms acknowledgement',
        },
        { text: d.error },
        { text: d.failedAt },
      ]);
      res.render('back-office/dead-letters.njk', { title: 'Messages not sent', rows });
    }),
  );

  router.post(
    paths.backOfficeIngest,
    requireStaff,
    asyncHandler(async (_req, res) => {
      const added = await ctx.formsInbox.ingest();
      res.redirect(
        303,
        `${paths.backOfficeSubmissions}?message=${encodeURIComponent(`${added} new submission(s)`)}`,
      );
    }),
  );

  return router;
}

function constantTimeEqual(a: string, b: string): boolean {
  // Hashing first makes both sides the same length, so the comparison time does not leak the length either.
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

function isApiError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && typeof (err as { status?: unknown }).status === 'number';
}
