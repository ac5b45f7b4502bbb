/**
 * `@council-sdk/notify/express`: the one-click unsubscribe endpoint as a request handler. It takes Node's own
 * request and response (what Express, and `http.createServer`, hand you), so express is not a dependency.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type UnsubscribeRequest,
  UnsubscribeRequestError,
  verifyUnsubscribeRequest,
} from '../unsubscribe.js';

export interface UnsubscribeHandlerOptions {
  /** The secret the URLs were made with (several during a rotation, the newest first). */
  secret: string | readonly string[];
  /** Remove the recipient from the list in your records. Once it resolves, the mail client is told it worked. */
  onUnsubscribe: (request: UnsubscribeRequest) => unknown;
  maxAgeSeconds?: number;
}

/** What the handler reads from the request: Node's, with the body Express's parsers may have left. */
export type UnsubscribeHttpRequest = IncomingMessage & { originalUrl?: string; body?: unknown };

/** A body larger than this is not a one-click request. */
const MAX_BODY_BYTES = 4096;

/** The raw body, when no body parser has read it already. */
async function readBody(req: UnsubscribeHttpRequest): Promise<unknown> {
  const parsed = req.body;
  const hasParsed =
    typeof parsed === 'string' ||
    parsed instanceof Uint8Array ||
    (parsed !== null && typeof parsed === 'object' && Object.keys(parsed).length > 0);
  // A parser ran (express.urlencoded), or something else consumed the stream: use what it left.
  if (hasParsed || req.readableEnded) return parsed;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(
  res: ServerResponse,
  status: number,
  body: Record<string, string>,
  headers: Record<string, string> = {},
) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(JSON.stringify(body));
}

/**
 * `app.post('/unsubscribe', unsubscribeHandler({ secret, onUnsubscribe }))` (or `app.all(...)`, so other methods get
 * 405 rather than your 404). Answers 200 once `onUnsubscribe` has resolved; 405 for anything but POST, 400 for a body
 * other than `List-Unsubscribe=One-Click`, 404 for a link that is not yours or was altered. An error thrown by
 * `onUnsubscribe` goes to `next` (your error handler) when there is one, else answers 500.
 */
export function unsubscribeHandler(options: UnsubscribeHandlerOptions) {
  return async (req: UnsubscribeHttpRequest, res: ServerResponse, next?: (error?: unknown) => void) => {
    let request: UnsubscribeRequest;
    try {
      request = verifyUnsubscribeRequest({
        method: req.method ?? '',
        url: req.originalUrl ?? req.url ?? '',
        body: req.method?.toUpperCase() === 'POST' ? await readBody(req) : undefined,
        secret: options.secret,
        ...(options.maxAgeSeconds !== undefined ? { maxAgeSeconds: options.maxAgeSeconds } : {}),
      });
    } catch (error) {
      if (error instanceof UnsubscribeRequestError) {
        send(
          res,
          error.status,
          { result: 'error', message: error.message },
          error.status === 405 ? { Allow: 'POST' } : {},
        );
        return;
      }
      if (next) return next(error);
      send(res, 500, { result: 'error', message: 'Unsubscribe failed' });
      return;
    }
    try {
      await options.onUnsubscribe(request);
    } catch (error) {
      if (next) return next(error);
      send(res, 500, { result: 'error', message: 'Unsubscribe failed' });
      return;
    }
    send(res, 200, { result: 'success', message: 'Unsubscribe successful' });
  };
}
