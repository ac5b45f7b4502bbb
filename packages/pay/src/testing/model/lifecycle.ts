/**
 * How a payment moves, as alphagov/pay-connector moves a charge: the connector's status
 * (common/model/domain/PaymentGatewayStateTransitions.java), the external status the API shows for it
 * (charge/model/domain/ChargeStatus.java) and the internal events pay-webhooks turns into webhooks
 * (alphagov/pay-webhooks message/EventMapper.java):
 *
 * | move                                   | connector event                               | webhook                 |
 * | -------------------------------------- | --------------------------------------------- | ----------------------- |
 * | authorised, immediate capture          | UserApprovedForCapture, later CaptureConfirmed | succeeded, captured     |
 * | authorised, delayed capture            | UserApprovedForCaptureAwaitingServiceApproval | none                    |
 * | the service captures it                | ServiceApprovedForCapture, CaptureConfirmed    | succeeded, captured     |
 * | declined                               | AuthorisationRejected                         | failed                  |
 * | provider error                         | GatewayErrorDuringAuthorisation               | failed                  |
 * | cancelled by the user on the card page | CancelledByUser                               | failed                  |
 * | cancelled by the service (API)         | CancelledByExternalService                    | failed                  |
 * | expired                                | PaymentExpired / CancelledByExpiration        | expired                 |
 */
import type { PaymentStatus } from '../../schemas/payments.js';
import type { PayContext } from './context.js';
import type { ChargeStatus, PaymentRecord } from './records.js';

/** The external state of each connector status, with its failure code and message (ChargeStatus + ExternalChargeState). */
const EXTERNAL: Record<ChargeStatus, { status: PaymentStatus; code?: string; message?: string }> = {
  CREATED: { status: 'created' },
  ENTERING_CARD_DETAILS: { status: 'started' },
  AUTHORISATION_USER_NOT_PRESENT_QUEUED: { status: 'started' },
  AUTHORISATION_SUCCESS: { status: 'submitted' },
  AWAITING_CAPTURE_REQUEST: { status: 'capturable' },
  CAPTURED: { status: 'success' },
  AUTHORISATION_REJECTED: { status: 'failed', code: 'P0010', message: 'Payment method rejected' },
  AUTHORISATION_ERROR: { status: 'error', code: 'P0050', message: 'Payment provider returned an error' },
  EXPIRED: { status: 'failed', code: 'P0020', message: 'Payment expired' },
  SYSTEM_CANCELLED: { status: 'cancelled', code: 'P0040', message: 'Payment was cancelled by the service' },
  USER_CANCELLED: { status: 'failed', code: 'P0030', message: 'Payment was cancelled by the user' },
};

export const FINISHED: readonly PaymentStatus[] = ['success', 'failed', 'cancelled', 'error'];
export const isFinished = (p: PaymentRecord) => FINISHED.includes(p.status);

/**
 * The statuses a cancel (by the service, the user or expiry) may start from: alphagov/pay-connector
 * charge/service/StatusFlow.java TERMINABLE_STATUSES (ExpirableChargeStatus). Anything else is refused.
 */
export const TERMINABLE: readonly ChargeStatus[] = [
  'CREATED',
  'ENTERING_CARD_DETAILS',
  'AUTHORISATION_SUCCESS',
  'AWAITING_CAPTURE_REQUEST',
];

/** Record a move: the connector status, the external state it shows, and an entry in the payment's events. */
function enter(ctx: PayContext, p: PaymentRecord, to: ChargeStatus): void {
  const external = EXTERNAL[to];
  p.charge_status = to;
  p.status = external.status;
  if (external.code) {
    p.code = external.code;
    p.message = external.message as string;
  }
  // next_url tokens only matter while the user can pay.
  if (to !== 'CREATED' && to !== 'ENTERING_CARD_DETAILS') {
    for (const [token, t] of Object.entries(ctx.state.tokens)) {
      if (t.payment_id === p.payment_id) delete ctx.state.tokens[token];
    }
  }
  p.events.push({
    status: external.status,
    finished: FINISHED.includes(external.status),
    ...(external.code ? { code: external.code, message: external.message as string } : {}),
    updated: ctx.nowIso(),
  });
  ctx.scheduleChanged();
}

/** The paying user opened the card page (PaymentStarted). */
export function started(ctx: PayContext, p: PaymentRecord): void {
  if (p.charge_status === 'CREATED') enter(ctx, p, 'ENTERING_CARD_DETAILS');
}

/** A recurring payment waits for the connector to authorise it with the agreement's card. */
export function queuedForAuthorisation(ctx: PayContext, p: PaymentRecord): void {
  enter(ctx, p, 'AUTHORISATION_USER_NOT_PRESENT_QUEUED');
}

function capture(ctx: PayContext, p: PaymentRecord): void {
  // CAPTURE_APPROVED already shows as success, and the sandbox provider captures at once (CaptureConfirmed), so
  // both messages carry the payment as success: pay-webhooks reads the resource from ledger when it sends.
  const at = ctx.nowIso();
  p.capture_submit_time = at;
  p.captured_date = at.slice(0, 10);
  enter(ctx, p, 'CAPTURED');
  ctx.emit('card_payment_succeeded', p);
  ctx.emit('card_payment_captured', p);
}

/** The provider authorised the card (AuthorisationSucceeded, shown as `submitted`). */
export function authorised(ctx: PayContext, p: PaymentRecord): void {
  p.authorised_date = ctx.nowIso();
  enter(ctx, p, 'AUTHORISATION_SUCCESS');
  if (p.delayed_capture) {
    // UserApprovedForCaptureAwaitingServiceApproval: not a webhook event. card_payment_succeeded waits for the capture.
    enter(ctx, p, 'AWAITING_CAPTURE_REQUEST');
    return;
  }
  capture(ctx, p);
}

/** The service captured a delayed-capture payment (ServiceApprovedForCapture, then CaptureConfirmed). */
export function capturedByService(ctx: PayContext, p: PaymentRecord): void {
  capture(ctx, p);
}

/** The provider declined the card (AuthorisationRejected). */
export function rejected(ctx: PayContext, p: PaymentRecord): void {
  enter(ctx, p, 'AUTHORISATION_REJECTED');
  ctx.emit('card_payment_failed', p);
}

/** The provider answered with an error (GatewayErrorDuringAuthorisation). */
export function gatewayError(ctx: PayContext, p: PaymentRecord): void {
  enter(ctx, p, 'AUTHORISATION_ERROR');
  ctx.emit('card_payment_failed', p);
}

/** The user pressed "Cancel payment" (CancelledByUser). */
export function cancelledByUser(ctx: PayContext, p: PaymentRecord): void {
  enter(ctx, p, 'USER_CANCELLED');
  ctx.emit('card_payment_failed', p);
}

/** The service cancelled it through the API (CancelledByExternalService, which pay-webhooks sends as failed). */
export function cancelledByService(ctx: PayContext, p: PaymentRecord): void {
  enter(ctx, p, 'SYSTEM_CANCELLED');
  ctx.emit('card_payment_failed', p);
}

/** Not paid (or not captured) in time (PaymentExpired / CancelledByExpiration). */
export function expired(ctx: PayContext, p: PaymentRecord): void {
  enter(ctx, p, 'EXPIRED');
  ctx.emit('card_payment_expired', p);
}
