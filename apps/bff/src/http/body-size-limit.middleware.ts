import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './app-env.ts';

/**
 * The request-size limit. Behind Node's HTTP server (the adapter passes the IncomingMessage as `env.incoming`),
 * HTTP/1.1 framing says whether there is a body and how long it is: Node's parser never delivers more than a
 * declared Content-Length, refuses a request carrying both Content-Length and Transfer-Encoding, and a request
 * with neither has no body. So a declared length is checked from the header alone and the body is left for the
 * route to read — through the Node adapter's fast path. Hono's bodyLimit reads `raw.body` instead, which makes the
 * adapter build a web Request with a stream for every request, GETs included: 6 % of a BFF's CPU in the fairness
 * benchmark. A chunked body (no length) is counted as it streams, by Hono's bodyLimit, and so is every request
 * that did not come through Node's server (in-process `app.request`, other runtimes).
 */
export function bodySizeLimit(
  maxSize: number,
  onError: (c: Context<AppEnv>) => Response | Promise<Response>,
): MiddlewareHandler<AppEnv> {
  const counted = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    const fromNodeServer = (c.env as { incoming?: unknown } | undefined)?.incoming !== undefined;
    if (!fromNodeServer || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
    const declared = c.req.header('content-length');
    if (declared === undefined) return next();
    if (!/^\d+$/.test(declared) || Number(declared) > maxSize) return onError(c);
    return next();
  };
}
