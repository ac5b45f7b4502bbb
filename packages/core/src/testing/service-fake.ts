/**
 * What every fake is: msw handlers over a pure model, on one clock, with fault injection, outbound deliveries,
 * and a versioned snapshot the sandbox keeps in its state file. A fake's model throws `ServiceError` for anything
 * the service refuses; only the fake's wire layer turns that into the service's own error body.
 */
import type { RequestHandler } from 'msw';
import type { FakeClock, FakeClockState } from './clock.js';
import type { FaultInjector } from './faults.js';
import type { OutboundDeliveries } from './outbound.js';

/** The saved state of a fake: which service and which layout version it is, its clock, and the model's state. */
export interface FakeSnapshot<State = unknown> {
  service: string;
  version: number;
  clock: FakeClockState;
  state: State;
}

export interface ServiceFake<State = unknown> {
  /** `notify`, `pay`, `forms`, `one-login`. */
  readonly service: string;
  /** msw handlers: `setupServer(...fake.handlers)`; the sandbox serves the same ones over HTTP. */
  readonly handlers: RequestHandler[];
  readonly clock: FakeClock;
  readonly faults: FaultInjector;
  /** Everything the fake has sent out (callbacks, webhooks, logout tokens), when it sends any. */
  readonly deliveries?: OutboundDeliveries;
  /** Back to the state it was created with: data, faults, deliveries and pending timers. */
  reset(): void;
  snapshot(): FakeSnapshot<State>;
  /** Refuses a snapshot of another service or another layout version, naming both. */
  restore(snapshot: FakeSnapshot<State>): void;
  /** Wait until nothing is being delivered right now. */
  settle(): Promise<void>;
}

/**
 * A refusal in the service's own terms, thrown by a fake's model. `code` is the service's error code or type
 * (`BadRequestError`, `P0102`, `invalid_request`); `details` carries anything the wire layer needs for the body
 * (a field name, a description) that the message alone does not.
 */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function isServiceError(value: unknown): value is ServiceError {
  return value instanceof ServiceError;
}

/** Check a snapshot before restoring it: same service, same layout version. */
export function checkSnapshot<State>(
  snapshot: FakeSnapshot<State>,
  expected: { service: string; version: number },
): FakeSnapshot<State> {
  if (!snapshot || typeof snapshot !== 'object') throw new TypeError('A fake snapshot must be an object');
  if (snapshot.service !== expected.service || snapshot.version !== expected.version) {
    throw new TypeError(
      `Cannot restore a ${String(snapshot.service)} v${String(snapshot.version)} snapshot into the ${expected.service} v${expected.version} fake`,
    );
  }
  return snapshot;
}

/** Build a snapshot in the one envelope every fake uses. */
export function makeSnapshot<State>(
  service: string,
  version: number,
  clock: FakeClock,
  state: State,
): FakeSnapshot<State> {
  return { service, version, clock: clock.state(), state: structuredClone(state) };
}
