import { createHash, timingSafeEqual } from 'node:crypto';
import { type NextFunction, type Request, type Response, Router } from 'express';
import type { AppContext } from '../context.js';
import { formatPence } from '../domain/permit.js';
import { flash } from '../http/flash.js';
import { escapeHtml, formatDateTime, noWrapHtml, plural, statusTag, statusTagHtml } from '../http/format.js';
import { backOfficeReturnTo } from '../http/return-to.js';
import { asyncHandler, regenerateSession } from '../http/util.js';
import type { NotifyJob } from '../jobs/queue.js';
import { paths } from '../paths.js';
import { refundRoutes } from './back-office-refunds.js';
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
    next();
  });

  const requireStaff = (req: Request, res: Response, next: NextFunction) => {
    if (req.session.staff) return next();
    // A deep link (a colleague's link to an application) survives the sign-in: it rides along in the address.
    const wanted = req.method === 'GET' ? backOfficeReturnTo(req.originalUrl) : paths.backOffice;
    res.redirect(
      303,
      wanted === paths.backOffice
        ? paths.backOfficeSignIn
        : `${paths.backOfficeSignIn}?returnTo=${encodeURIComponent(wanted)}`,
    );
  };

  router.get(paths.backOfficeSignIn, (req, res) => {
    res.render('back-office/sign-in.njk', {
      title: 'Sign in',
      errors: [],
      returnTo: backOfficeReturnTo(req.query.returnTo),
    });
  });

  router.post(
    paths.backOfficeSignIn,
    asyncHandler(async (req, res) => {
      const ip = req.ip ?? 'unknown';
      const accountKey = credential!.username;
      if (await ctx.signInThrottle.isBlocked(ip, accountKey)) {
        res.status(429);
        return res.render('back-office/sign-in.njk', {
          title: 'Sign in',
          returnTo: backOfficeReturnTo(req.body.returnTo),
          errors: [{ text: 'Too many attempts. Try again in 15 minutes', href: '#username' }],
        });
      }
      const username = typeof req.body.username === 'string' ? req.body.username : '';
      const password = typeof req.body.password === 'string' ? req.body.password : '';
      // Compare both fields, always, in constant time: no early exit that tells which one was wrong.
      const userOk = constantTimeEqual(username, credential!.username);
      const passwordOk = constantTimeEqual(password, credential!.password);
      if (!(userOk && passwordOk)) {
        // Only the real account is counted per account (a made-up username cannot sign in anyway).
        await ctx.signInThrottle.recordFailure(ip, userOk ? accountKey : undefined);
        ctx.log.warn('back-office sign-in failed');
        res.status(401);
        return res.render('back-office/sign-in.njk', {
          title: 'Sign in',
          username,
          returnTo: backOfficeReturnTo(req.body.returnTo),
          errors: [{ text: 'Enter a correct username and password', href: '#username' }],
        });
      }
      await ctx.signInThrottle.reset(ip, accountKey);
      const next = backOfficeReturnTo(req.body.returnTo);
      await regenerateSession(req, []);
      req.session.staff = { username: credential!.username };
      req.session.save(() => res.redirect(303, next));
    }),
  );

  router.post(paths.backOfficeSignOut, (req, res) => {
    delete req.session.staff;
    res.redirect(303, paths.backOfficeSignIn);
  });

  router.get(
    paths.backOffice,
    requireStaff,
    asyncHandler(async (_req, res) => {
      const rows = (await ctx.backOffice.applications()).map(
        ({ application: a, latestPayment: payment, notifications: notes }) => [
          {
            html: `<a class="govuk-link app-nowrap" href="${escapeHtml(paths.backOfficeApplication(a.reference))}">${escapeHtml(a.reference)}</a>`,
          },
          { text: a.full_name },
          { html: noWrapHtml(a.vehicle_registration) },
          { text: formatPence(a.amount) },
          { text: formatDateTime(a.created_at, 'en') },
          { html: statusTagHtml(a.status, words(a.status)) },
          { html: payment ? statusTagHtml(payment.status, words(payment.status)) : '–' },
          {
            html: notes.length
              ? notes
                  .map((n) => `${escapeHtml(n.channel)}: ${statusTagHtml(n.status, words(n.status))}`)
                  .join('<br>')
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
        statusTag: statusTag(app.status, words(app.status)),
        createdText: formatDateTime(app.created_at, 'en'),
        paidText: app.paid_at ? formatDateTime(app.paid_at, 'en') : undefined,
        amountText: formatPence(app.amount),
        payments: detail.payments.map((p) => ({
          ...p,
          amountText: formatPence(p.amount),
          statusTag: statusTag(p.status, words(p.status)),
          refundedText: formatPence(p.refunded_amount),
          refundUrl: paths.backOfficeRefund(p.payment_id),
        })),
        notifications: detail.notifications.map((n) => ({
          ...n,
          statusTag: statusTag(n.status, words(n.status)),
        })),
      });
    }),
  );

  // Refunds: a confirmation step with the amount, then a banner and a message to the resident.
  router.use(refundRoutes(ctx, requireStaff));

  router.get(
    paths.backOfficeSubmissions,
    requireStaff,
    asyncHandler(async (_req, res) => {
      const rows = await Promise.all(
        (await ctx.formsInbox.list()).map(async (s) => ({
          ...s,
          submittedText: formatDateTime(s.submitted_at, 'en'),
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
        { text: describeJob(d.job) },
        { text: d.error },
        { text: formatDateTime(d.failedAt, 'en') },
      ]);
      res.render('back-office/dead-letters.njk', { title: 'Messages not sent', rows });
    }),
  );

  router.post(
    paths.backOfficeIngest,
    requireStaff,
    asyncHandler(async (req, res) => {
      const added = await ctx.formsInbox.ingest();
      flash(req, { type: 'success', text: plural(res.locals.t, 'en', 'plural.newSubmissions', added) });
      res.redirect(303, paths.backOfficeSubmissions);
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

/** "payment_failed" -> "Payment failed": a status in words for staff. */
function words(status: string): string {
  const spaced = status.replace(/[_-]/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** What a dead letter was, in words for the dead-letter table. */
function describeJob(job: NotifyJob): string {
  switch (job.kind) {
    case 'permit-confirmation':
      return `Permit confirmation (${job.channel})`;
    case 'forms-acknowledgement':
      return 'Forms acknowledgement';
    case 'refund-notice':
      return `Refund notice (${formatPence(job.amount)})`;
  }
}
