import express, { type RequestHandler, type Response, type Router } from 'express';
import type { FaultInjector } from '@council-sdk/core/testing';
import type { RequestHandler as MswRequestHandler } from 'msw';
import type { ResolvedConfig } from '../config.js';
import type { StateFile } from '../state.js';

export type ServiceId = 'notify' | 'pay' | 'oneLogin' | 'forms';

/** What the server needs from each service while it builds the app. */
export interface SandboxContext {
  /** The sandbox origin, e.g. `http://127.0.0.1:4000` (no trailing slash). */
  url: string;
  config: ResolvedConfig;
  keys: StateFile['keys'];
  /** Render a view with the layout's common locals. */
  render(res: Response, view: string, locals?: Record<string, unknown>): void;
  /** Redirect back to a dashboard page with a banner message. */
  flash(res: Response, to: string, text: string, type?: 'success' | 'important'): void;
  /** Tell the persister that state changed outside an HTTP request (callbacks, timers). */
  changed(): void;
  /** Wait for async work started by a dashboard action (callback deliveries) to settle. */
  track<T>(work: Promise<T>): Promise<T>;
}

/** One fake, wired into the sandbox: its msw handlers, its dashboard pages and its slice of `/__env`. */
export interface SandboxService<F = unknown> {
  id: ServiceId;
  title: string;
  /** Path prefix of the service API (INTEGRATION.md), e.g. `/notify`. */
  prefix: string;
  baseUrl: string;
  /** Dashboard page for people. */
  dashboard: string;
  fake: F;
  /** The fake's own msw handlers, served as they are. */
  handlers: readonly MswRequestHandler[];
  /** Pages and actions the sandbox adds; mounted BEFORE the msw middleware so forms keep their bodies. */
  routes(router: Router): void;
  /** This service's variables for `/__env`. */
  env(): Record<string, string>;
  /** One line for the overview page, e.g. "3 notifications". */
  summary(): string;
  snapshot(): unknown;
  restore(snapshot: unknown): void;
  reset(): void;
  /** Fault injectors by the path prefix they serve (`notify`, `s3`, ...), for `POST /__faults/:target`. */
  faults: Record<string, FaultInjector>;
  /** Called once the state has been saved, when the sandbox stops (cancel timers, retries). */
  close?(): void;
}

export type ServiceFactory = (ctx: SandboxContext) => SandboxService | Promise<SandboxService>;

export type { Response };

/** Parses the urlencoded body of a sandbox page's form; use per route (`router.post(path, formBody, handler)`). */
export const formBody: RequestHandler = express.urlencoded({ extended: false, limit: '1mb' });
