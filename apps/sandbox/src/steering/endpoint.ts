import { z } from 'zod';

/**
 * One steering endpoint: a curated method of a fake's steering API, reachable over HTTP under `/__steer`, so a test
 * written in PHP, .NET or Java can do what a TypeScript test does with `sandbox.fakes.*`.
 */
export interface SteeringEndpoint {
  method: 'GET' | 'POST' | 'DELETE';
  /** Express-style path, e.g. `/__steer/pay/payments/:paymentId/capture`. */
  path: string;
  description: string;
  /** Query string (GET filters); each value arrives as a string. */
  query?: z.ZodType;
  /** JSON body; POST endpoints without one take `{}` (or no body at all). */
  body?: z.ZodType;
  /** What a success answers (documented in `GET /__steer`; the tests check each answer against it). */
  answer: z.ZodType;
  /** Status of a success (default 200). */
  status?: number;
  /** `body` is the parsed body; `rawBody` the JSON as sent (for a document to be stored exactly as given). */
  handle(input: { params: Record<string, string>; query: unknown; body: unknown; rawBody: unknown }): unknown;
}

/** Define an endpoint with typed query and body (the router validates both before `handle` runs). */
export function endpoint<B extends z.ZodType = z.ZodObject<{}>, Q extends z.ZodType = z.ZodObject<{}>>(def: {
  method: SteeringEndpoint['method'];
  path: string;
  description: string;
  query?: Q;
  body?: B;
  answer: z.ZodType;
  status?: number;
  handle(input: {
    params: Record<string, string>;
    query: z.output<Q>;
    body: z.output<B>;
    rawBody: unknown;
  }): unknown;
}): SteeringEndpoint {
  return def as SteeringEndpoint;
}

/** A refusal with a status of its own: 404 for something the fake does not have, 409 for a state it cannot leave. */
export class SteeringError extends Error {
  constructor(
    readonly status: 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

/** Look something up or answer 404 naming it. */
export function found<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new SteeringError(404, `No ${what} in the sandbox`);
  return value;
}

/** The body of an endpoint that takes nothing: `{}` and nothing else, so a typo is refused rather than ignored. */
export const NoBody = z.object({}).strict();

/** `POST /__steer/<service>/clock/advance`: every fake keeps its own clock. */
export const AdvanceBody = z
  .object({
    ms: z
      .number()
      .int()
      .min(0)
      .max(366 * 24 * 60 * 60 * 1000)
      .describe(
        'Milliseconds to move the clock forward (timers due in that window fire: retries, expiry...)',
      ),
  })
  .strict();
export const ClockAnswer = z.object({ now: z.string().describe('The fake clock, ISO 8601') });

export function clockEndpoints(
  service: string,
  clock: () => { now(): Date; advance(ms: number): Promise<void> },
  what: string,
): SteeringEndpoint[] {
  return [
    endpoint({
      method: 'GET',
      path: `/__steer/${service}/clock`,
      description: `The ${service} fake's clock.`,
      answer: ClockAnswer,
      handle: () => ({ now: clock().now().toISOString() }),
    }),
    endpoint({
      method: 'POST',
      path: `/__steer/${service}/clock/advance`,
      description: `Move the ${service} fake's clock forward by \`ms\`: ${what}.`,
      body: AdvanceBody,
      answer: ClockAnswer,
      handle: async ({ body }) => {
        await clock().advance(body.ms);
        return { now: clock().now().toISOString() };
      },
    }),
  ];
}
