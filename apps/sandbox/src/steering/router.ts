import { ValidationError } from '@council-sdk/core';
import { isServiceError } from '@council-sdk/core/testing';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { SteeringEndpoint } from './endpoint.js';
import { SteeringError } from './endpoint.js';

/** A zod issue as the answer names it: `card.card_number`, not an array. */
function issuesOf(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((key) => ({
          path: [...i.path, key].map(String).join('.'),
          message: 'is not a field here',
        }))
      : [{ path: i.path.map(String).join('.'), message: i.message }],
  );
}

function invalid(res: Response, where: 'body' | 'query', error: z.ZodError) {
  res.status(400).json({ error: 'invalid_request', where, issues: issuesOf(error) });
}

/** JSON Schema of a zod schema, as `GET /__steer` lists it (bodies as sent, answers as received). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' });
}

/** What `GET /__steer` answers for one endpoint. */
export function describeEndpoint(e: SteeringEndpoint) {
  return {
    method: e.method,
    path: e.path,
    description: e.description,
    ...(e.query ? { query: jsonSchema(e.query, 'input') } : {}),
    ...(e.method === 'POST' ? { body: e.body ? jsonSchema(e.body, 'input') : { type: 'object' } } : {}),
    answer: jsonSchema(e.answer, 'output'),
    status: e.status ?? 200,
  };
}

/** Turn what a fake throws into an answer; nothing else escapes (the fakes' messages carry no secrets). */
function refusal(res: Response, error: unknown) {
  if (error instanceof SteeringError) {
    res
      .status(error.status)
      .json({ error: error.status === 404 ? 'not_found' : 'refused', message: error.message });
  } else if (error instanceof ValidationError) {
    res
      .status(400)
      .json({ error: 'invalid_request', where: 'body', issues: error.issues, message: error.message });
  } else if (isServiceError(error)) {
    // The fake answered as the real service would refuse the same action (e.g. Pay's P0502 for a capture).
    res.status(error.status === 404 ? 404 : 409).json({
      error: error.status === 404 ? 'not_found' : 'refused',
      code: error.code,
      message: error.message,
    });
  } else if (error instanceof Error) {
    res.status(409).json({ error: 'refused', message: error.message });
  } else {
    throw error;
  }
}

/**
 * `/__steer`: the fakes' steering API over HTTP. Every endpoint checks its JSON body (and query) with its zod
 * schema before anything changes; `GET /__steer` lists them all with the JSON Schema of body and answer.
 */
export function steeringRoutes(endpoints: readonly SteeringEndpoint[]): Router {
  const router = express.Router();
  const json = express.json({ limit: '1mb' });

  router.get('/__steer', (_req, res) => {
    res.json({ endpoints: endpoints.map(describeEndpoint) });
  });

  for (const e of endpoints) {
    const method = e.method.toLowerCase() as 'get' | 'post' | 'delete';
    router[method](e.path, json, async (req: Request, res: Response, next: NextFunction) => {
      // A body that is not JSON (a browser's text/plain form post) is refused, not read as `{}`.
      if (req.body === undefined && Number(req.get('content-length') ?? 0) > 0) {
        res
          .status(415)
          .json({ error: 'unsupported_media_type', message: 'Send the body as application/json' });
        return;
      }
      const query = (e.query ?? z.object({})).safeParse(req.query);
      if (!query.success) {
        invalid(res, 'query', query.error);
        return;
      }
      let body: unknown;
      if (e.method === 'POST') {
        const parsed = (e.body ?? z.object({}).strict()).safeParse(req.body ?? {});
        if (!parsed.success) {
          invalid(res, 'body', parsed.error);
          return;
        }
        body = parsed.data;
      }
      try {
        const params = Object.fromEntries(Object.entries(req.params).map(([k, v]) => [k, String(v)]));
        const answer = await e.handle({ params, query: query.data, body, rawBody: req.body });
        res.status(e.status ?? 200).json(answer ?? {});
      } catch (error) {
        try {
          refusal(res, error);
        } catch (unknownError) {
          next(unknownError);
        }
      }
    });
  }

  // Malformed JSON: name the problem instead of the server's generic 500.
  router.use(
    '/__steer',
    (error: Error & { type?: string }, _req: Request, res: Response, next: NextFunction) => {
      if (error.type === 'entity.parse.failed') {
        res.status(400).json({ error: 'invalid_json', message: 'The body is not valid JSON' });
        return;
      }
      if (error.type === 'entity.too.large') {
        res.status(413).json({ error: 'too_large', message: 'The body is larger than 1 MB' });
        return;
      }
      next(error);
    },
  );
  return router;
}
