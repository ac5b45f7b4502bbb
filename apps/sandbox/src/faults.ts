import type { Fault, FaultInjector } from '@council-sdk/core/testing';
import express, { type Router } from 'express';
import { z } from 'zod';

/**
 * `/__faults`: the fakes' fault injection over HTTP, so a service written in any language can rehearse
 * "Notify answers 503 twice" or "the S3 connection drops" without code in the sandbox's process.
 */
const FaultBody = z
  .object({
    type: z.enum(['status', 'latency', 'drop']),
    status: z.number().int().min(100).max(599).optional(),
    body: z.unknown().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    ms: z.number().int().min(0).max(60_000).optional(),
    when: z.enum(['before', 'after']).optional(),
    times: z.number().int().min(1).max(1_000_000).optional(),
    probability: z.number().min(0).max(1).optional(),
    match: z
      .object({
        method: z.string().optional(),
        /** The exact URL path, e.g. `/notify/v2/notifications/email`. */
        path: z.string().optional(),
        /** A regular expression for the path, e.g. `/v1/payments$`. */
        pathPattern: z.string().max(500).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.type === 'status' && f.status === undefined)
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'is required' });
    if (f.type === 'latency' && f.ms === undefined)
      ctx.addIssue({ code: 'custom', path: ['ms'], message: 'is required' });
    if (f.match?.pathPattern !== undefined) {
      try {
        new RegExp(f.match.pathPattern);
      } catch {
        ctx.addIssue({
          code: 'custom',
          path: ['match', 'pathPattern'],
          message: 'is not a regular expression',
        });
      }
    }
  });

function toFault(input: z.infer<typeof FaultBody>): Fault {
  const { match, ...rest } = input;
  const fault = { ...rest } as Fault;
  if (match) {
    fault.match = {
      ...(match.method ? { method: match.method } : {}),
      ...(match.pathPattern !== undefined
        ? { path: new RegExp(match.pathPattern) }
        : match.path !== undefined
          ? { path: match.path }
          : {}),
    };
  }
  return fault;
}

export function faultRoutes(injectors: () => Record<string, FaultInjector>): Router {
  const router = express.Router();
  const describe = (f: Fault) => ({
    ...f,
    ...(f.match?.path instanceof RegExp ? { match: { ...f.match, path: String(f.match.path) } } : {}),
  });

  router.get('/__faults', (_req, res) => {
    res.json(
      Object.fromEntries(Object.entries(injectors()).map(([name, i]) => [name, i.pending().map(describe)])),
    );
  });
  router.post('/__faults/:target', express.json({ limit: '100kb' }), (req, res) => {
    const target = String(req.params['target']);
    const injector = injectors()[target];
    if (!injector) {
      res
        .status(404)
        .json({ error: 'unknown_target', message: `Targets: ${Object.keys(injectors()).join(', ')}` });
      return;
    }
    const parsed = FaultBody.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({
        error: 'invalid_fault',
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
      return;
    }
    injector.inject(toFault(parsed.data));
    res.status(201).json({ target, pending: injector.pending().map(describe) });
  });
  router.delete('/__faults', (_req, res) => {
    for (const injector of Object.values(injectors())) injector.clear();
    res.status(204).end();
  });
  return router;
}
