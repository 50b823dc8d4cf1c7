import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { sendFailure } from '../http/respond.ts';
import type { Metrics } from '../observability/metrics.ts';
import { renderDocsPage } from '../openapi/docs-page.ts';

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The operator's view: the OpenAPI document, a readable page of it, and Prometheus metrics. */
export function operatorRoutes(options: {
  openApiDocument: () => Record<string, unknown>;
  metrics: Metrics;
  metricsToken?: string | undefined;
}) {
  let doc: Record<string, unknown> | undefined;
  const document = () => (doc ??= options.openApiDocument());
  return new Hono<AppEnv>()
    .get('/openapi.json', (c) => c.json(document()))
    .get('/docs', (c) => {
      const nonce = randomBytes(16).toString('base64');
      c.header(
        'content-security-policy',
        `default-src 'none'; style-src 'nonce-${nonce}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
      );
      return c.html(renderDocsPage(document(), nonce));
    })
    .get('/metrics', async (c) => {
      if (options.metricsToken) {
        const given = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
        if (!given || !same(given, options.metricsToken)) {
          return sendFailure(c, { code: 'unauthenticated', message: 'GET /metrics needs the metrics token' });
        }
      }
      c.header('cache-control', 'no-store');
      return c.body(await options.metrics.render(), 200, {
        'content-type': 'text/plain; version=0.0.4; charset=utf-8',
      });
    });
}
