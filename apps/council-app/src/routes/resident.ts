import { type Request, type Response, Router } from 'express';
import type { AppContext } from '../context.js';
import type { Application } from '../db/store.js';
import {
  feeFor,
  formatPence,
  PERMIT_FEES,
  PERMIT_LENGTHS,
  parsePermitLength,
  parseVehicleRegistration,
} from '../domain/permit.js';
import { escapeHtml, formatDate, noWrapHtml, statusTagHtml } from '../http/format.js';
import { flash } from '../http/flash.js';
import { asyncHandler } from '../http/util.js';
import { paths } from '../paths.js';

/** The resident's journey after sign-in: questions, check answers, pay, confirmation, their applications. */
export function residentRoutes(ctx: AppContext): Router {
  const router = Router();
  const { permits } = ctx;

  router.get(paths.start, (_req, res) => {
    const t = res.locals.t;
    const fees = Object.entries(PERMIT_FEES)
      .map(([n, pence]) => `${t('common.months', { n })} ${formatPence(pence)}`)
      .join(', ');
    res.render('start.njk', { title: t('start.heading'), fees });
  });

  // ---- Question: vehicle registration ----
  router.get(paths.vehicle, ctx.requireIdentity, (req, res) => {
    renderVehicle(res, { vehicleRegistration: req.session.draft?.vehicleRegistration });
  });
  router.post(paths.vehicle, ctx.requireIdentity, (req, res) => {
    const result = parseVehicleRegistration(req.body.vehicleRegistration);
    if ('error' in result) {
      res.status(400);
      return renderVehicle(res, { vehicleRegistration: req.body.vehicleRegistration }, result.error);
    }
    req.session.draft = { ...req.session.draft, vehicleRegistration: result.value };
    res.redirect(303, paths.permitLength);
  });

  // ---- Question: permit length ----
  router.get(paths.permitLength, ctx.requireIdentity, (req, res) => {
    if (!req.session.draft?.vehicleRegistration) return res.redirect(303, paths.vehicle);
    renderPermitLength(res, req.session.draft.permitLength);
  });
  router.post(paths.permitLength, ctx.requireIdentity, (req, res) => {
    if (!req.session.draft?.vehicleRegistration) return res.redirect(303, paths.vehicle);
    const result = parsePermitLength(req.body.permitLength);
    if ('error' in result) {
      res.status(400);
      return renderPermitLength(res, undefined, result.error);
    }
    req.session.draft = { ...req.session.draft, permitLength: result.value };
    res.redirect(303, paths.check);
  });

  // ---- Check answers ----
  router.get(
    paths.check,
    ctx.requireIdentity,
    asyncHandler(async (req, res) => {
      const draft = completeDraft(req);
      if (!draft) return res.redirect(303, paths.vehicle);
      const started = req.session.draft?.reference
        ? await permits.get(req.session.draft.reference)
        : undefined;
      if (
        started &&
        started.status !== 'awaiting_payment' &&
        started.status !== 'payment_failed' &&
        started.status !== 'payment_cancelled'
      ) {
        // Paid or cancelled meanwhile: this draft is done.
        delete req.session.draft;
        return res.redirect(
          303,
          started.status === 'withdrawn' ? paths.applications : paths.confirmation(started.reference),
        );
      }
      res.locals.resuming = Boolean(started);
      // A second permit for the same vehicle is allowed (two households may share a car) but rarely meant: say so.
      const already = (await permits.listFor(req.session.user!.sub)).find(
        (a) =>
          a.status === 'paid' &&
          a.vehicle_registration === draft.vehicleRegistration &&
          a.reference !== req.session.draft?.reference,
      );
      res.locals.duplicate = already
        ? {
            vrn: already.vehicle_registration,
            reference: already.reference,
            date: formatDate(already.paid_at ?? already.created_at, res.locals.lang),
          }
        : undefined;
      const t = res.locals.t;
      const identity = req.session.identity!;
      const change = (href: string, what: string) => ({
        items: [{ href, text: t('common.change'), visuallyHiddenText: what.toLowerCase() }],
      });
      res.render('apply/check.njk', {
        title: t('check.heading'),
        backLink: paths.permitLength,
        rows: [
          { key: { text: t('check.name') }, value: { text: identity.fullName } },
          {
            key: { text: t('check.address') },
            value: {
              html: [...identity.address.lines, identity.address.postcode].map(escapeHtml).join('<br>'),
            },
          },
          {
            key: { text: t('check.vrn') },
            value: { text: draft.vehicleRegistration },
            actions: change(paths.vehicle, t('check.vrn')),
          },
          {
            key: { text: t('check.permitLength') },
            value: { text: t('common.months', { n: draft.permitLength }) },
            actions: change(paths.permitLength, t('check.permitLength')),
          },
          { key: { text: t('check.fee') }, value: { text: formatPence(feeFor(draft.permitLength)) } },
        ],
      });
    }),
  );

  // ---- Pay ----
  router.post(
    paths.pay,
    ctx.requireIdentity,
    asyncHandler(async (req, res) => {
      const draft = completeDraft(req);
      if (!draft) return res.redirect(303, paths.vehicle);
      const user = req.session.user!;
      const identity = req.session.identity!;
      // The reference is fixed before calling Pay, so a repeated click reuses it (and Pay's idempotency key).
      req.session.draft!.reference ??= permits.newReference();
      const reference = req.session.draft!.reference;
      await new Promise<void>((resolve, reject) =>
        req.session.save((err) => (err ? reject(err) : resolve())),
      );
      // Back from Pay (browser Back on the card page) and "Continue to payment" again: carry on with the same
      // application if the answers are the same, or replace it if the resident changed them.
      const existing = await permits.get(reference);
      if (existing) {
        const same =
          existing.vehicle_registration === draft.vehicleRegistration &&
          existing.permit_length === draft.permitLength;
        if (same) {
          // next_url is single use: resumeUrl asks Pay again for a fresh one.
          const next = await permits.resumeUrl(existing);
          if (next) return res.redirect(303, next);
          return res.redirect(303, paths.paymentReturn(reference));
        }
        if ((await permits.withdraw(reference)) === 'paid')
          return res.redirect(303, paths.confirmation(reference));
        req.session.draft!.reference = permits.newReference();
        await new Promise<void>((resolve, reject) =>
          req.session.save((err) => (err ? reject(err) : resolve())),
        );
      }
      const payment = await permits.submit({
        reference: req.session.draft!.reference,
        user_sub: user.sub,
        full_name: identity.fullName,
        email: user.email ?? null,
        phone_number: user.phoneNumber ?? null,
        address: identity.address,
        vehicle_registration: draft.vehicleRegistration,
        permit_length: draft.permitLength,
        language: res.locals.lang,
      });
      // The draft is kept (with its reference) so Back from Pay shows the answers again; it ends with the application.
      if (!payment.next_url) throw new Error('Pay returned no next_url');
      req.session.save(() => res.redirect(303, payment.next_url!));
    }),
  );

  // ---- Back from Pay: never trust the browser, ask Pay ----
  router.get(
    paths.paymentReturnPattern,
    ctx.requireUser,
    asyncHandler(async (req, res) => {
      const app = await ownApplication(req, res);
      if (!app) return;
      const result = await permits.reconcile(app.reference);
      if (!result) return notFound(res);
      const { application, payment } = result;
      if (application.status === 'paid' || application.status === 'refunded') {
        return res.redirect(303, paths.confirmation(application.reference));
      }
      if (application.status === 'withdrawn') return res.redirect(303, paths.applications);
      const outcome = !payment.state.finished
        ? 'inProgress'
        : application.status === 'payment_cancelled'
          ? 'cancelled'
          : 'failed';
      res.render('payment-outcome.njk', {
        title: res.locals.t(`payment.${outcome}.heading`),
        heading: `payment.${outcome}.heading`,
        text: `payment.${outcome}.text`,
        reference: application.reference,
        resumeUrl: outcome === 'inProgress',
      });
    }),
  );

  // "Resume payment": next_url is single use, so fetch the payment again for a fresh one.
  router.post(
    paths.paymentResumePattern,
    ctx.requireUser,
    asyncHandler(async (req, res) => {
      const app = await ownApplication(req, res);
      if (!app) return;
      const next = await permits.resumeUrl(app);
      res.redirect(303, next ?? paths.paymentReturn(app.reference));
    }),
  );

  // The resident cancels an application they have not paid for (from "your payment is not finished" and the like).
  router.post(
    paths.paymentCancelPattern,
    ctx.requireUser,
    asyncHandler(async (req, res) => {
      const app = await ownApplication(req, res);
      if (!app) return;
      if ((await permits.withdraw(app.reference)) === 'paid')
        return res.redirect(303, paths.confirmation(app.reference));
      if (req.session.draft?.reference === app.reference) delete req.session.draft;
      flash(req, { type: 'success', text: res.locals.t('payment.withdrawn', { reference: app.reference }) });
      res.redirect(303, paths.applications);
    }),
  );

  router.post(
    paths.paymentRetryPattern,
    ctx.requireUser,
    asyncHandler(async (req, res) => {
      const app = await ownApplication(req, res);
      if (!app) return;
      if (app.status !== 'payment_failed' && app.status !== 'payment_cancelled') {
        return res.redirect(303, paths.paymentReturn(app.reference));
      }
      const payment = await permits.retry(app);
      res.redirect(303, payment.next_url ?? paths.paymentReturn(app.reference));
    }),
  );

  router.get(
    paths.confirmationPattern,
    ctx.requireUser,
    asyncHandler(async (req, res) => {
      const app = await ownApplication(req, res);
      if (!app) return;
      if (app.status !== 'paid' && app.status !== 'refunded') {
        return res.redirect(303, paths.paymentReturn(app.reference));
      }
      if (req.session.draft?.reference === app.reference) delete req.session.draft;
      res.render('apply/confirmation.njk', { title: res.locals.t('confirmation.heading'), application: app });
    }),
  );

  router.get(
    paths.applications,
    ctx.requireUser,
    asyncHandler(async (req, res) => {
      const t = res.locals.t;
      const lang = res.locals.lang;
      const rows = (await permits.listFor(req.session.user!.sub)).map((a) => {
        // The status in words on a tag; what the resident can do about it as a link beside it.
        const action =
          a.status === 'paid'
            ? { href: paths.confirmation(a.reference), text: t('applications.view') }
            : a.status === 'refunded'
              ? undefined
              : { href: paths.paymentReturn(a.reference), text: t('applications.continue') };
        return [
          { html: noWrapHtml(a.reference) },
          { html: noWrapHtml(a.vehicle_registration) },
          { text: formatDate(a.created_at, lang) },
          { html: statusTagHtml(a.status, t(`status.${a.status}`)) },
          {
            html: action
              ? `<a class="govuk-link" href="${escapeHtml(action.href)}">${escapeHtml(action.text)}<span class="govuk-visually-hidden"> ${escapeHtml(a.reference)}</span></a>`
              : '',
          },
        ];
      });
      res.render('applications.njk', {
        title: t('applications.heading'),
        head: [
          { text: t('applications.reference') },
          { text: t('applications.vrn') },
          { text: t('applications.created') },
          { text: t('applications.status') },
          { html: `<span class="govuk-visually-hidden">${escapeHtml(t('applications.actions'))}</span>` },
        ],
        rows,
      });
    }),
  );

  // ---- helpers ----

  function renderVehicle(
    res: Response,
    values: { vehicleRegistration?: string | undefined },
    errorKey?: string,
  ) {
    const t = res.locals.t;
    const message = errorKey ? t(errorKey) : undefined;
    res.render('apply/vehicle.njk', {
      title: t('vrn.heading'),
      backLink: paths.start,
      values,
      fieldErrors: { vehicleRegistration: message },
      errors: message ? [{ text: message, href: '#vehicle-registration' }] : [],
    });
  }

  function renderPermitLength(res: Response, selected: number | undefined, errorKey?: string) {
    const t = res.locals.t;
    const message = errorKey ? t(errorKey) : undefined;
    res.render('apply/permit-length.njk', {
      title: t('permitLength.heading'),
      backLink: paths.vehicle,
      values: { permitLength: selected === undefined ? undefined : String(selected) },
      lengthOptions: PERMIT_LENGTHS.map((n) => ({
        value: String(n),
        text: t('permitLength.option', { n, fee: formatPence(feeFor(n)) }),
      })),
      fieldErrors: { permitLength: message },
      errors: message ? [{ text: message, href: '#permit-length' }] : [],
    });
  }

  async function ownApplication(req: Request, res: Response): Promise<Application | undefined> {
    const app = await permits.getOwn(String(req.params.reference), req.session.user?.sub);
    // Someone else's reference is "not found", not "forbidden": do not confirm that it exists.
    if (!app) {
      notFound(res);
      return undefined;
    }
    return app;
  }

  return router;
}

function completeDraft(req: Request): { vehicleRegistration: string; permitLength: number } | undefined {
  const d = req.session.draft;
  return d?.vehicleRegistration && d.permitLength
    ? { vehicleRegistration: d.vehicleRegistration, permitLength: d.permitLength }
    : undefined;
}

export function notFound(res: Response) {
  res.status(404).render('error.njk', {
    title: res.locals.t('error.notFound.heading'),
    heading: 'error.notFound.heading',
    text: 'error.notFound.text',
  });
}
