import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/app-env.ts';
import { sendFailure } from '../http/respond.ts';
import type { Metrics } from '../observability/metrics.ts';
import { renderDocsPage } from '../openapi/docs-page.ts';
import type { DeadLetter } from '../stores/dead-letter-store.ts';

const MeteredCallsQuery = z
  .object({
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
      .optional(),
  })
  .strict();

export interface MeteredCallsView {
  month: string;
  /** Every company's metered calls this month, added up: what the app spends of Intuit's monthly allowance. */
  total: number;
  /** The app's monthly allowance (QBO_METERED_MONTHLY_ALLOWANCE). */
  allowance: number;
  /** 90 % of it is spent: reads that can wait (the change feed) are put off to next month. */
  deferring: boolean;
  companies: { realmId: string; calls: number; byPurpose: Record<string, number> }[];
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * The operator's view: the OpenAPI document, a readable page of it, Prometheus metrics, and the signed events
 * the BFF could not take (issue 22). Metrics and dead letters need the metrics token when one is configured.
 */
export function operatorRoutes(options: {
  openApiDocument: () => Record<string, unknown>;
  metrics: Metrics;
  metricsToken?: string | undefined;
  deadLetters: (limit: number) => Promise<DeadLetter[]>;
  /** Intuit's metered calls this month (or `month`, YYYY-MM) by company and purpose. */
  meteredCalls: (month: string | undefined) => Promise<MeteredCallsView>;
}) {
  let doc: Record<string, unknown> | undefined;
  const document = () => (doc ??= options.openApiDocument());
  /** The metrics token, when configured: null when the caller may go on, else the 401 to answer. */
  const guard = (c: Context<AppEnv>, what: string) => {
    if (!options.metricsToken) return null;
    const given = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    return given && same(given, options.metricsToken)
      ? null
      : sendFailure(c, { code: 'unauthenticated', message: `${what} needs the metrics token` });
  };
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
      const refused = guard(c, 'GET /metrics');
      if (refused) return refused;
      c.header('cache-control', 'no-store');
      return c.body(await options.metrics.render(), 200, {
        'content-type': 'text/plain; version=0.0.4; charset=utf-8',
      });
    })
    .get('/operator/event-dead-letters', async (c) => {
      const refused = guard(c, 'GET /operator/event-dead-letters');
      if (refused) return refused;
      c.header('cache-control', 'no-store');
      return c.json({ deadLetters: await options.deadLetters(100) });
    })
    .get('/operator/metered-calls', async (c) => {
      const refused = guard(c, 'GET /operator/metered-calls');
      if (refused) return refused;
      const query = MeteredCallsQuery.safeParse(c.req.query());
      if (!query.success)
        return sendFailure(c, { code: 'validation_failed', message: 'month must be YYYY-MM' });
      c.header('cache-control', 'no-store');
      return c.json(await options.meteredCalls(query.data.month));
    });
}
