/**
 * Fault injection shared by every fake (`@council-sdk/<service>/testing`), so "drop the next 3 connections"
 * or "answer 503 twice" reads the same whichever service a test is exercising.
 */
import { type DefaultBodyType, delay, HttpResponse, type HttpResponseResolver, type PathParams } from 'msw';

export interface FaultBase {
  /** How many requests it applies to (default 1; `Infinity` for all). */
  times?: number;
  /** Chance of applying to a matching request (default 1). Uses the injector's seeded generator. */
  probability?: number;
  /** Only requests that match. `path` is matched against the URL's pathname. */
  match?: { method?: string; path?: string | RegExp };
}

export type Fault = FaultBase &
  (
    | { type: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
    | { type: 'latency'; ms: number }
    /** `before`: the service never saw the request. `after`: it acted, then the connection dropped. */
    | { type: 'drop'; when?: 'before' | 'after' }
  );

export interface FaultInjector {
  inject(fault: Fault): void;
  clear(): void;
  /** Faults still waiting to fire. */
  pending(): Fault[];
  /** The fault to apply to this request, if any (consumes one use). */
  take(request: Request): Fault | undefined;
}

/** A small seeded generator (mulberry32): reproducible fault patterns for a given seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createFaultInjector(options: { seed?: number } = {}): FaultInjector {
  const random = seeded(options.seed ?? 1);
  let faults: Array<{ fault: Fault; remaining: number }> = [];

  const matches = (fault: Fault, request: Request) => {
    if (fault.match?.method && fault.match.method.toUpperCase() !== request.method.toUpperCase())
      return false;
    const path = fault.match?.path;
    if (path === undefined) return true;
    const pathname = new URL(request.url).pathname;
    return typeof path === 'string' ? pathname === path : path.test(pathname);
  };

  return {
    inject(fault) {
      faults.push({ fault, remaining: fault.times ?? 1 });
    },
    clear() {
      faults = [];
    },
    pending() {
      return faults.filter((f) => f.remaining > 0).map((f) => f.fault);
    },
    take(request) {
      for (const entry of faults) {
        if (entry.remaining <= 0 || !matches(entry.fault, request)) continue;
        if (entry.fault.probability !== undefined && random() >= entry.fault.probability) continue;
        entry.remaining -= 1;
        faults = faults.filter((f) => f.remaining > 0);
        return entry.fault;
      }
      return undefined;
    },
  };
}

export interface WithFaultsOptions {
  /** The service-shaped JSON error body for an injected status (e.g. Notify's `{status_code, errors}`). */
  errorBody?: (status: number) => unknown;
  /** The whole response for an injected status, for services whose errors are not JSON (S3's XML). */
  errorResponse?: (status: number, request: Request) => Response;
}

/** Wrap an msw resolver so injected faults apply before (or, for `drop after`, after) the service acts. */
export function withFaults<
  Params extends PathParams<keyof Params> = PathParams,
  RequestBody extends DefaultBodyType = DefaultBodyType,
  ResponseBody extends DefaultBodyType = DefaultBodyType,
>(
  faults: FaultInjector,
  resolver: HttpResponseResolver<Params, RequestBody, ResponseBody>,
  options: WithFaultsOptions = {},
): HttpResponseResolver<Params, RequestBody, ResponseBody> {
  type Resolver = HttpResponseResolver<Params, RequestBody, ResponseBody>;
  const wrapped = async (info: Parameters<Resolver>[0]) => {
    const fault = faults.take(info.request);
    if (fault?.type === 'latency') await delay(fault.ms);
    if (fault?.type === 'status' && options.errorResponse && fault.body === undefined) {
      return options.errorResponse(fault.status, info.request);
    }
    if (fault?.type === 'status') {
      const body = fault.body ?? options.errorBody?.(fault.status) ?? { message: `Injected ${fault.status}` };
      return HttpResponse.json(body as Record<string, unknown>, {
        status: fault.status,
        headers: fault.headers,
      });
    }
    if (fault?.type === 'drop' && fault.when !== 'after') return HttpResponse.error();
    const response = await resolver(info);
    if (fault?.type === 'drop' && fault.when === 'after') return HttpResponse.error();
    return response;
  };
  // An injected fault answers with a body of the fault's own shape, not ResponseBody: msw cannot type that.
  return wrapped as unknown as Resolver;
}
