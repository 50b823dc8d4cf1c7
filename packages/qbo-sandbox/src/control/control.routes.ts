/**
 * The control API under /_sandbox: set up apps and companies, mint tokens, inject faults, move the
 * clock, and read what happened. JSON in and out; bad input is a 400 with `{ error: { code, message } }`.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { faultSettingsSchema } from '../faults/fault-injector.ts';
import type { SandboxEnv } from '../gateway/drop-connection.ts';
import { appRegistrationSchema } from '../oauth/apps.ts';
import { ACCOUNTING_SCOPE, KNOWN_SCOPES, parseScopes } from '../oauth/scopes.ts';
import { tokenResponse } from '../oauth/token.routes.ts';
import { DEFAULT_ADMIN, findUserByEmail } from '../oauth/users.ts';
import type { QboSandbox } from '../state/sandbox.ts';

const realmIdSchema = z.string().regex(/^\d{1,20}$/, 'realmId is digits');

const createCompanySchema = z.object({
  realmId: realmIdSchema.optional(),
  companyName: z.string().min(1).max(200).optional(),
  salesTax: z.boolean().optional(),
  automatedSalesTax: z.boolean().optional(),
  throttling: z.boolean().optional(),
});

const updateCompanySchema = z.object({
  companyName: z.string().min(1).max(200).optional(),
  throttling: z.boolean().optional(),
  /** Books closed through this date (Preferences.AccountingInfoPrefs.BookCloseDate); null reopens them. */
  bookCloseDate: z.iso.date().nullable().optional(),
  /** The subscription lapsed: writes get 6190 "Invalid Company Status". */
  subscriptionLapsed: z.boolean().optional(),
  /** The user who connected lost access: every call gets 401 with code 120. */
  connectedUserLostAccess: z.boolean().optional(),
});

/** The tier's monthly CorePlus allowance (Builder: 500,000), or null to count without refusing. */
const meteringSchema = z.object({ corePlusCap: z.number().int().min(0).nullable() }).strict();

const tokensSchema = z.object({
  realmId: realmIdSchema,
  clientId: z.string().min(1),
  /** Space-separated; default the accounting scope plus openid, profile and email. */
  scope: z.string().optional(),
  /** The consenting user; default admin@sandbox.test. */
  user: z.string().optional(),
  includeRefreshTokenHardExpiresIn: z.boolean().optional(),
});

const faultsSchema = faultSettingsSchema.extend({
  realmId: realmIdSchema,
  /** One-shot: every current access token of the company expires now. */
  expireTokens: z.boolean().optional(),
  /** One-shot: every grant on the company is revoked (refresh then gives invalid_grant). */
  revokeTokens: z.boolean().optional(),
});

const clockSchema = z.union([
  z.object({ advanceMs: z.number().int() }).strict(),
  z.object({ setTo: z.union([z.iso.datetime({ offset: true }), z.number().int()]) }).strict(),
  z.object({ reset: z.literal(true) }).strict(),
]);

type ErrorStatus = 400 | 404 | 409;

function error(c: Context, status: ErrorStatus, code: string, message: string, details?: unknown) {
  return c.json({ error: { code, message, ...(details !== undefined ? { details } : {}) } }, status);
}

async function parse<T extends z.ZodType>(
  c: Context,
  schema: T,
): Promise<{ ok: true; data: z.infer<T> } | { ok: false; response: Response }> {
  let body: unknown;
  try {
    const text = await c.req.text();
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return { ok: false, response: error(c, 400, 'invalid_json', 'The body is not valid JSON') };
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    return {
      ok: false,
      response: error(
        c,
        400,
        'validation_failed',
        'The body does not match the expected shape',
        z.treeifyError(result.error),
      ),
    };
  }
  return { ok: true, data: result.data };
}

export function controlRoutes(sandbox: QboSandbox): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  app.get('/apps', (c) =>
    c.json(sandbox.apps.list().map(({ clientSecret: _secret, verifierToken: _verifier, ...rest }) => rest)),
  );

  app.post('/apps', async (c) => {
    const input = await parse(c, appRegistrationSchema);
    if (!input.ok) return input.response;
    const stored = sandbox.apps.upsert(input.data);
    return c.json({ clientId: stored.clientId }, 201);
  });

  app.get('/companies', (c) => c.json(sandbox.companies.summaries()));

  app.post('/companies', async (c) => {
    const input = await parse(c, createCompanySchema);
    if (!input.ok) return input.response;
    if (input.data.realmId && sandbox.companies.get(input.data.realmId)) {
      return error(c, 409, 'conflict', `Company ${input.data.realmId} already exists`);
    }
    const company = sandbox.companies.create(input.data);
    return c.json({ realmId: company.realmId, companyName: company.name }, 201);
  });

  app.patch('/companies/:realmId', async (c) => {
    const realmId = c.req.param('realmId');
    const company = sandbox.companies.get(realmId);
    if (!company) return error(c, 404, 'not_found', `No company ${realmId}`);
    const input = await parse(c, updateCompanySchema);
    if (!input.ok) return input.response;
    if (input.data.companyName !== undefined) company.name = input.data.companyName;
    if (input.data.throttling !== undefined) sandbox.companies.setThrottling(realmId, input.data.throttling);
    if (input.data.bookCloseDate !== undefined) company.setClosingDate(input.data.bookCloseDate);
    if (input.data.subscriptionLapsed !== undefined)
      company.setOptions({ subscriptionLapsed: input.data.subscriptionLapsed });
    if (input.data.connectedUserLostAccess !== undefined)
      company.setOptions({ connectedUserLostAccess: input.data.connectedUserLostAccess });
    return c.json(sandbox.companies.summaries().find((s) => s.realmId === realmId));
  });

  app.get('/companies/:realmId/:entity', (c) => {
    const company = sandbox.companies.get(c.req.param('realmId'));
    if (!company) return error(c, 404, 'not_found', `No company ${c.req.param('realmId')}`);
    try {
      return c.json(company.list(c.req.param('entity'), { includeInactive: true }));
    } catch (e) {
      return error(c, 400, 'unknown_entity', (e as Error).message);
    }
  });

  app.post('/tokens', async (c) => {
    const input = await parse(c, tokensSchema);
    if (!input.ok) return input.response;
    const { realmId, clientId } = input.data;
    if (!sandbox.apps.get(clientId)) return error(c, 404, 'not_found', `No app ${clientId}`);
    if (!sandbox.companies.get(realmId)) return error(c, 404, 'not_found', `No company ${realmId}`);
    const scopes = parseScopes(input.data.scope ?? `${ACCOUNTING_SCOPE} openid profile email`);
    if (!scopes.includes(ACCOUNTING_SCOPE) || scopes.some((s) => !KNOWN_SCOPES.has(s))) {
      return error(
        c,
        400,
        'validation_failed',
        `scope must include ${ACCOUNTING_SCOPE} and only known scopes`,
      );
    }
    const user = input.data.user ? findUserByEmail(input.data.user) : DEFAULT_ADMIN;
    if (!user?.companyAdmin) return error(c, 400, 'validation_failed', 'user must be a company admin');
    const issue = sandbox.tokens.createGrant({ clientId, realmId, scopes, userSub: user.sub });
    return c.json(
      await tokenResponse(
        issue,
        { signingKey: sandbox.signingKey, clock: sandbox.clock },
        input.data.includeRefreshTokenHardExpiresIn ?? false,
      ),
    );
  });

  app.get('/tokens', (c) =>
    c.json(sandbox.tokens.list({ realmId: c.req.query('realmId'), clientId: c.req.query('clientId') })),
  );

  app.get('/faults', (c) => c.json(sandbox.faults.list()));

  app.post('/faults', async (c) => {
    const input = await parse(c, faultsSchema);
    if (!input.ok) return input.response;
    const { realmId, expireTokens, revokeTokens, ...settings } = input.data;
    if (!sandbox.companies.get(realmId)) return error(c, 404, 'not_found', `No company ${realmId}`);
    const config = sandbox.faults.set(realmId, settings);
    const expired = expireTokens ? sandbox.tokens.expireAccessTokens(realmId) : 0;
    const revoked = revokeTokens ? sandbox.tokens.revokeRealm(realmId) : 0;
    return c.json({ realmId, ...config, expiredAccessTokens: expired, revokedGrants: revoked });
  });

  app.delete('/faults', (c) => {
    sandbox.faults.clear();
    return c.body(null, 204);
  });

  app.delete('/faults/:realmId', (c) => {
    sandbox.faults.clear(c.req.param('realmId'));
    return c.body(null, 204);
  });

  app.post('/reset', (c) => {
    sandbox.reset();
    return c.json({ ok: true });
  });

  app.get('/clock', (c) => c.json({ now: new Date(sandbox.clock.now()).toISOString() }));

  app.post('/clock', async (c) => {
    const input = await parse(c, clockSchema);
    if (!input.ok) return input.response;
    const data = input.data;
    if ('advanceMs' in data) sandbox.clock.advance(data.advanceMs);
    else if ('setTo' in data)
      sandbox.clock.set(typeof data.setTo === 'number' ? data.setTo : Date.parse(data.setTo));
    else sandbox.clock.reset();
    return c.json({ now: new Date(sandbox.clock.now()).toISOString() });
  });

  app.get('/requests', (c) => c.json(sandbox.requests.list(c.req.query('realmId'))));

  app.get('/throttle', (c) => {
    const realmId = c.req.query('realmId');
    return c.json(realmId ? [sandbox.throttle.statsOf(realmId)] : sandbox.throttle.allStats());
  });

  app.get('/webhooks', (c) => c.json(sandbox.webhooks.deliveries()));

  /** Intuit's metering: this month's Core and CorePlus calls per app, and the CorePlus allowance. */
  app.get('/metering', (c) => c.json(sandbox.metering.snapshot()));
  app.post('/metering', async (c) => {
    const input = meteringSchema.safeParse(await c.req.json().catch(() => null));
    if (!input.success)
      return error(c, 400, 'validation_failed', input.error.issues[0]?.message ?? 'invalid');
    sandbox.metering.corePlusCap = input.data.corePlusCap;
    return c.json(sandbox.metering.snapshot());
  });

  return app;
}
