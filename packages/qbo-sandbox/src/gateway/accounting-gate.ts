/**
 * What stands in front of the Accounting API, as Intuit's gateway does: bearer authentication, the
 * company check, throttling, then injected latency, 5xx and dropped connections. Every call is logged.
 */
import type { MiddlewareHandler } from 'hono';
import {
  authenticationFailedBody,
  authorizationFailedBody,
  faultTime,
  internalServerErrorBody,
  invalidCompanyStatus,
  outagePage,
  systemFault,
  throttleExceeded,
  throttleXml,
  userLostAccess,
  validationFault,
  type IntuitFaultError,
} from '../intuit-fault.ts';
import type { RequestKind } from '../faults/fault-injector.ts';
import { ACCOUNTING_SCOPE } from '../oauth/scopes.ts';
import type { RequestLogEntry } from '../state/request-log.ts';
import type { QboSandbox } from '../state/sandbox.ts';
import { dropConnection, type SandboxEnv } from './drop-connection.ts';

const AUTH_DETAIL = {
  missing: 'Authorization header missing',
  unknown: 'Token invalid',
  expired: 'Token expired',
  revoked: 'Token revoked',
} as const;

/** Reads, writes, batches and reports: what a call does decides its latency and whether a lapsed company takes it. */
function requestKind(method: string, path: string): RequestKind {
  if (path.endsWith('/batch')) return 'batch';
  if (path.includes('/reports/')) return 'report';
  if (method === 'POST' && !path.endsWith('/query')) return 'write';
  return 'read';
}

export function accountingGate(sandbox: QboSandbox): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const started = Date.now();
    const realmId = c.req.param('realmId') ?? '';
    const url = new URL(c.req.url);
    const entry: Omit<RequestLogEntry, 'status' | 'durationMs' | 'outcome'> = {
      time: new Date(sandbox.clock.now()).toISOString(),
      realmId,
      method: c.req.method,
      path: url.pathname,
      ...(url.searchParams.get('requestid')
        ? { requestid: url.searchParams.get('requestid') as string }
        : {}),
    };
    const log = (status: number, outcome: RequestLogEntry['outcome'], clientId?: string) =>
      sandbox.requests.add({
        ...entry,
        ...(clientId ? { clientId } : {}),
        status,
        durationMs: Date.now() - started,
        outcome,
      });
    const fault = (e: IntuitFaultError) => c.json(e.body(faultTime(sandbox.clock.now())), e.status as 400);

    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization')?.trim() ?? '');
    const check = bearer ? sandbox.tokens.authenticate(bearer[1] as string) : undefined;
    if (!check?.ok) {
      log(401, 'unauthenticated');
      const detail = check ? AUTH_DETAIL[check.reason] : AUTH_DETAIL.missing;
      return c.json(authenticationFailedBody(detail, sandbox.clock.now()), 401);
    }
    const { grant } = check;
    const company = sandbox.companies.get(realmId);
    if (!company) {
      log(400, 'unknown-realm', grant.clientId);
      return fault(
        validationFault(
          '2500',
          'Invalid Reference Id',
          `Invalid Reference Id : realmId ${realmId} is not a company`,
          'realmId',
        ),
      );
    }
    if (grant.realmId !== realmId || !grant.scopes.includes(ACCOUNTING_SCOPE)) {
      log(403, 'forbidden', grant.clientId);
      return c.json(authorizationFailedBody(sandbox.clock.now()), 403);
    }
    if (company.options.connectedUserLostAccess) {
      log(401, 'unauthenticated', grant.clientId);
      return fault(userLostAccess());
    }
    const kind = requestKind(c.req.method, url.pathname);
    if (company.options.subscriptionLapsed && (kind === 'write' || kind === 'batch')) {
      // A lapsed company still answers reads; it takes no changes.
      log(400, 'ok', grant.clientId);
      return fault(invalidCompanyStatus());
    }

    // Intuit meters what takes data out (reads, queries, reports, CDC) per app and month; past the tier's
    // allowance such calls answer 429 until the next month, while writes go on (metering/metering.ts).
    if (!sandbox.metering.admit(grant.clientId, kind === 'write' || kind === 'batch' ? 'core' : 'coreplus')) {
      log(429, 'metered-cap', grant.clientId);
      return fault(throttleExceeded());
    }

    const injected = sandbox.faults.forRequest(realmId, kind, kind === 'batch' ? 15 : 0);
    // Whether this company honours requestids right now (the routes read it).
    c.set('requestIds', injected.requestIds);
    if (injected.throttle) {
      sandbox.throttle.recordForced(realmId);
      log(429, 'throttled', grant.clientId);
      if (injected.throttleBody === 'xml') {
        return c.body(throttleXml(faultTime(sandbox.clock.now())), 429, {
          'content-type': 'application/xml',
        });
      }
      return fault(throttleExceeded());
    }
    const admission = sandbox.throttle.admit({
      realmId,
      clientId: grant.clientId,
      batch: c.req.method === 'POST' && url.pathname.endsWith('/batch'),
      enforce: sandbox.companies.throttlingEnabled(realmId),
    });
    if (!admission.ok) {
      log(429, 'throttled', grant.clientId);
      return fault(throttleExceeded());
    }
    try {
      if (injected.latencyMs > 0) await new Promise((r) => setTimeout(r, injected.latencyMs));
      if (injected.error) {
        const { status, shape } = injected.error;
        log(status, 'injected-error', grant.clientId);
        if (shape === 'html')
          return c.body(outagePage(status as 502 | 503), status, { 'content-type': 'text/html' });
        if (shape === 'json-003100') return c.json(internalServerErrorBody(sandbox.clock.now()), 500);
        return fault(systemFault(status, 'injected by qbo-sandbox fault settings'));
      }
      await next();
      if (injected.drop) {
        // The handler ran and committed; the client never learns the outcome (the requestid retry case).
        log(c.res.status, 'dropped', grant.clientId);
        c.res = dropConnection(c);
        return;
      }
      log(c.res.status, 'ok', grant.clientId);
    } finally {
      admission.release();
    }
  };
}
