/**
 * The Accounting API v3 routes (`/v3/company/:realmId/...`). Auth, throttling and fault injection run
 * before these in the server; here every request reaches a Company and every outcome is Intuit-shaped.
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { Clock } from '../clock.ts';
import { IntuitFaultError, validationFault } from '../intuit-fault.ts';
import type { Company } from './company.ts';
import { entitySpec } from './entities.ts';
import { faults } from './faults.ts';
import { isRec, type Rec } from './input.ts';
import { intuitTime, parseInstant } from './time.ts';

export interface AccountingRoutesDeps {
  getCompany(realmId: string): Company | undefined;
  clock: Clock;
}

/** Batch size cap: node-quickbooks documents 30 (Intuit's pages say 10 to 30; REFERENCE §3.5). */
export const MAX_BATCH_ITEMS = 30;
/** requestid limits: 50 characters on a single write, 36 on a batch (Intuit's field definitions). */
const MAX_REQUEST_ID = 50;
const MAX_BATCH_REQUEST_ID = 36;

type Params = Record<string, string>;

/**
 * Query parameters read from the raw URL: node-quickbooks sends `&&` in report URLs and a raw `+` in
 * CDC's changedSince, so empty pairs are skipped and `+` handling is left to each parameter.
 */
export function rawParams(url: string): Params {
  const q = url.indexOf('?');
  const out: Params = {};
  if (q < 0) return out;
  for (const pair of url.slice(q + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    try {
      const key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      out[key] = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      throw faults.unsupportedProperty(rawKey, 'malformed percent-encoding');
    }
  }
  return out;
}

function intuitTid(): string {
  return `1-${randomBytes(4).toString('hex')}-${randomBytes(12).toString('hex')}`;
}

interface Outcome {
  status: number;
  body: unknown;
}

export type WriteOperation = 'create' | 'update' | 'delete' | 'void';

/** One write, as both POST /{entity} and a batch item perform it. */
export function performWrite(
  company: Company,
  entity: string,
  operation: string,
  body: unknown,
  include: string[],
): { entity: string; record: Rec } {
  const allowDuplicateDocNum = include.includes('allowduplicatedocnum');
  switch (operation) {
    case 'create':
      return company.create(entity, body, { allowDuplicateDocNum });
    case 'update':
      // Payment void is `?operation=update&include=void` (REFERENCE §3.1).
      return company.update(entity, body, { allowDuplicateDocNum, void: include.includes('void') });
    case 'delete':
      return company.delete(entity, body);
    case 'void':
      return company.voidTxn(entity, body);
    default:
      throw faults.invalidEnum('operation', operation);
  }
}

function batch(company: Company, body: unknown, time: string): Outcome {
  const items = isRec(body) ? body.BatchItemRequest : undefined;
  if (!Array.isArray(items)) throw faults.required('BatchItemRequest');
  if (items.length > MAX_BATCH_ITEMS) throw faults.batchSize(MAX_BATCH_ITEMS, items.length);
  // Items run serially, each succeeding or failing on its own (a failed item carries a Fault, HTTP stays 200),
  // and none sees what an earlier item of the same batch created: "requests do not have visibility of earlier
  // requests included from the same payload" (Intuit's 2017 batch post).
  return company.isolatedBatch(() => batchItems(company, items, time));
}

function batchItems(company: Company, items: unknown[], time: string): Outcome {
  const responses: Rec[] = [];
  for (const item of items) {
    const bId = isRec(item) && item.bId !== undefined ? String(item.bId) : undefined;
    try {
      if (!isRec(item)) throw faults.unsupportedProperty('BatchItemRequest', 'expected an object');
      if (bId === undefined) throw faults.required('bId');
      if (typeof item.Query === 'string') {
        responses.push({ bId, QueryResponse: company.query(item.Query) });
        continue;
      }
      const entityKeys = Object.keys(item).filter((k) => !['bId', 'operation', 'optionsData'].includes(k));
      if (entityKeys.length !== 1) throw faults.required('Entity');
      const entity = entityKeys[0] as string;
      if (!entitySpec(entity)) throw faults.unsupportedProperty(entity);
      const operation = typeof item.operation === 'string' ? item.operation : 'create';
      if (!['create', 'update', 'delete'].includes(operation))
        throw faults.invalidEnum('operation', operation);
      const options = typeof item.optionsData === 'string' ? item.optionsData.toLowerCase().split(',') : [];
      const result = performWrite(company, entity, operation, item[entity], options);
      company.hideUntilBatchEnds(result.entity, String(result.record.Id));
      responses.push({ bId, [result.entity]: result.record });
    } catch (e) {
      if (!(e instanceof IntuitFaultError)) throw e;
      responses.push({ bId, Fault: { Error: e.errors, type: e.type } });
    }
  }
  return { status: 200, body: { BatchItemResponse: responses, time } };
}

async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw faults.required('body');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw faults.unsupportedProperty('body', `malformed JSON: ${(e as Error).message}`);
  }
}

export function accountingRoutes(deps: AccountingRoutesDeps): Hono {
  const app = new Hono();
  const now = () => intuitTime(deps.clock.now());

  const respond = (c: Context, outcome: Outcome) => {
    c.header('intuit_tid', intuitTid());
    return c.json(outcome.body as object, outcome.status as 200);
  };

  const companyFor = (c: Context): Company => {
    const realmId = c.req.param('realmId') ?? '';
    const company = deps.getCompany(realmId);
    if (!company) {
      throw validationFault(
        '2500',
        'Invalid Reference Id',
        `Invalid Reference Id : realmId ${realmId} is not a company in this sandbox`,
        'realmId',
      );
    }
    return company;
  };

  /** Runs a handler; faults become Intuit's envelope, anything unexpected a SystemFault (never a hang). */
  const handle =
    (
      fn: (c: Context, company: Company, params: Params) => Promise<Outcome> | Outcome,
      idempotent: false | { maxRequestId: number } = false,
    ) =>
    async (c: Context) => {
      try {
        const params = rawParams(c.req.url);
        const company = companyFor(c);
        const requestId = params.requestid;
        if (idempotent && requestId !== undefined) {
          if (requestId.length > idempotent.maxRequestId) {
            throw faults.stringLength('requestid', idempotent.maxRequestId, requestId.length);
          }
          // Fault knob requestIds=ignore: the id is not looked at, as public reports say happens in places.
          if ((c.get as (k: string) => unknown)('requestIds') === 'ignore')
            return respond(c, await run(fn, c, company, params));
          // A known requestid gets the original response again and changes nothing (REFERENCE §3.6).
          const seen = company.replay(requestId);
          if (seen) return respond(c, seen);
          const outcome = await run(fn, c, company, params);
          company.remember(requestId, outcome);
          return respond(c, outcome);
        }
        return respond(c, await run(fn, c, company, params));
      } catch (e) {
        return respond(c, faultOutcome(e));
      }
    };

  const run = async (
    fn: (c: Context, company: Company, params: Params) => Promise<Outcome> | Outcome,
    c: Context,
    company: Company,
    params: Params,
  ): Promise<Outcome> => {
    try {
      return await fn(c, company, params);
    } catch (e) {
      return faultOutcome(e);
    }
  };

  const faultOutcome = (e: unknown): Outcome => {
    if (e instanceof IntuitFaultError) return { status: e.status, body: e.body(now()) };
    console.error('[qbo-sandbox accounting] unexpected error', e);
    const fault = new IntuitFaultError(500, 'SystemFault', [
      {
        Message: 'An application error has occurred while processing your request',
        Detail: `System Failure Error: ${(e as Error)?.message ?? String(e)}`,
        code: '10000',
        element: '',
      },
    ]);
    return { status: 500, body: fault.body(now()) };
  };

  const query = (company: Company, text: string | undefined): Outcome => {
    if (!text || text.trim() === '') throw faults.queryParse('Encountered "<EOF>" at line 1, column 1.');
    return { status: 200, body: { QueryResponse: company.query(text), time: now() } };
  };

  const base = '/v3/company/:realmId';

  app.get(
    `${base}/query`,
    handle((_c, company, params) => query(company, params.query)),
  );
  // python-quickbooks and others POST the query as `Content-Type: application/text`.
  app.post(
    `${base}/query`,
    handle(async (c, company, params) => query(company, params.query ?? (await c.req.text()))),
  );

  app.post(
    `${base}/batch`,
    handle(async (c, company) => batch(company, await readJson(c), now()), {
      maxRequestId: MAX_BATCH_REQUEST_ID,
    }),
  );

  app.get(
    `${base}/cdc`,
    handle((_c, company, params) => {
      const entities = (params.entities ?? '')
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean);
      if (entities.length === 0) throw faults.required('entities');
      if (!params.changedSince) throw faults.required('changedSince');
      // node-quickbooks leaves the `+` of a positive offset unencoded; parseInstant repairs the space.
      const since = parseInstant(params.changedSince);
      if (since === undefined)
        throw faults.unsupportedProperty('changedSince', `invalid date ${params.changedSince}`);
      return { status: 200, body: { CDCResponse: [company.cdc(entities, since)], time: now() } };
    }),
  );

  // Reports are not wrapped in `time` (REFERENCE §3.10).
  app.get(
    `${base}/reports/:report`,
    handle((c, company, params) => ({
      status: 200,
      body: company.report(c.req.param('report') ?? '', params),
    })),
  );

  app.post(
    `${base}/taxservice/taxcode`,
    handle(async (c, company) => ({ status: 200, body: company.createTaxService(await readJson(c)) }), {
      maxRequestId: MAX_REQUEST_ID,
    }),
  );

  app.get(
    `${base}/preferences`,
    handle((_c, company) => ({ status: 200, body: { Preferences: company.preferences(), time: now() } })),
  );

  app.get(
    `${base}/:entity/:id`,
    handle((c, company) => {
      const { entity, record } = company.read(c.req.param('entity') ?? '', c.req.param('id') ?? '');
      return { status: 200, body: { [entity]: record, time: now() } };
    }),
  );

  app.get(
    `${base}/:entity/:id/pdf`,
    handle(() => {
      throw faults.unsupportedOperation('pdf');
    }),
  );

  app.post(
    `${base}/:entity`,
    handle(
      async (c, company, params) => {
        const operation = (params.operation ?? 'create').toLowerCase();
        const include = (params.include ?? '').toLowerCase().split(',').filter(Boolean);
        const result = performWrite(
          company,
          c.req.param('entity') ?? '',
          operation,
          await readJson(c),
          include,
        );
        return { status: 200, body: { [result.entity]: result.record, time: now() } };
      },
      { maxRequestId: MAX_REQUEST_ID },
    ),
  );

  return app;
}
