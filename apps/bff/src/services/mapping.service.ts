import { intentRequestId } from '@exoserva/sync-core';
import {
  CONCEPT_ACCOUNT_TYPES,
  CONCEPT_FIELD,
  mappingConcepts,
  OPTIONAL_CONCEPTS,
  requestedAccount,
  REQUIRED_CONCEPTS,
  type AccountMapping,
  type ChartAccount,
  type ChartTaxCode,
  type ConceptMapping,
  type CreateAccountRequest,
  type CreateItemRequest,
  type CreateTaxCodeRequest,
  type ItemKind,
  type ItemMapping,
  type MappingStateResponse,
  type SaveMappingRequest,
  type SaveMappingResponse,
  type SessionClaims,
  type TaxRateMapping,
} from '@exoserva/contracts';
import type { z } from 'zod';
import { fail, failure, ok, type Failure, type Result } from '../http/errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { Clock } from '../ports/clock.ts';
import type { Database } from '../ports/database.ts';
import type { ExoApiFailure, ExoservaApi, ExoTaxRate } from '../ports/exoserva-api.ts';
import type { QboFailure } from '../ports/qbo-api.ts';
import type { ChartItemWithState, QboChartApi, QboCompanyAccess } from '../ports/qbo-chart-api.ts';
import { connectionStore } from '../stores/connection-store.ts';
import {
  appendAuditWithChanges,
  mappingStore,
  type MappingRow,
  type MappingSnapshot,
} from '../stores/mapping-store.ts';
import {
  accountProblem,
  CONCEPT_HINTS,
  INVALID_TAX_RATE_MESSAGE,
  missingPrerequisites,
  suggestAccounts,
  suggestItem,
  suggestTaxCode,
  validateMapping,
} from './mapping-rules.ts';
import { qboCaller } from './qbo-access.ts';
import { createTtlCache } from './ttl-cache.ts';
import type { TokenService } from './token.service.ts';
import { auditDetail } from './audit-details.ts';

/** The parsed body of POST /api/v1/mapping (defaults applied). */
export type SaveMappingInput = z.output<typeof SaveMappingRequest>;

export interface MappingServiceDeps {
  db: Database;
  tokens: Pick<TokenService, 'getAccessToken'>;
  chart: QboChartApi;
  /** Null when EXOSERVA_API_URL is not configured. */
  exoserva: ExoservaApi | null;
  clock: Clock;
  logger: Logger;
  /** How long a page load's chart read is kept (default CHART_TTL_MS; tests that change the chart set 0). */
  chartTtlMs?: number;
}

/** Cash and check go to Undeposited Funds by default: they reach the bank together in one deposit. */
const DEFAULT_ROUTING: AccountMapping['paymentRouting'] = {
  cash: 'undeposited_funds',
  check: 'undeposited_funds',
};

/** Plain-words failure for a QuickBooks call that did not work. */
export function qboFailure(f: QboFailure, doing: string): Failure {
  if (f.kind === 'unauthorized') {
    return {
      code: 'qbo_reauth_required',
      message: 'QuickBooks no longer accepts this connection. Reconnect, then retry.',
    };
  }
  if (f.kind === 'throttled' || f.kind === 'unavailable') {
    return {
      code: 'qbo_unavailable',
      message: `QuickBooks did not answer while ${doing}. Nothing was changed; try again.`,
    };
  }
  // 6240: duplicate name in a name list (REFERENCE §3.4).
  if (f.faultCode === '6240') {
    return { code: 'conflict', message: `QuickBooks already has an entry with that name: ${f.message}` };
  }
  return { code: 'validation_failed', message: `QuickBooks refused ${doing}: ${f.message}` };
}

export function exoservaFailure(f: ExoApiFailure | null, doing: string): Failure {
  return {
    code: 'exoserva_unavailable',
    message: `Exoserva's records could not be read while ${doing}: ${f ? f.message : 'EXOSERVA_API_URL is not set'}`,
  };
}

function sameChoices(a: AccountMapping, b: AccountMapping): boolean {
  const strip = ({ version: _v, automatedSalesTax: _a, ...rest }: AccountMapping) => rest;
  return JSON.stringify(canonical(strip(a))) === JSON.stringify(canonical(strip(b)));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([k, val]) => [k, canonical(val)]),
    );
  }
  return v;
}

/** How long a page load's read of the chart serves the loads after it. */
export const CHART_TTL_MS = 60_000;

type Books = Pick<LiveRead, 'accounts' | 'items' | 'taxCodes' | 'tax'>;

interface LiveRead {
  access: QboCompanyAccess;
  accounts: ChartAccount[];
  items: ChartItemWithState[];
  taxCodes: ChartTaxCode[];
  tax: { enabled: boolean; automated: boolean };
  rates: ExoTaxRate[];
}

export function createMappingService(deps: MappingServiceDeps) {
  const { db, tokens, chart, exoserva, clock, logger } = deps;

  /** Runs QuickBooks calls with a fresh token; a 401 gets one retry with a refreshed token. */
  const withQbo = qboCaller({ tokens, logger, event: 'mapping.qbo_failed', toFailure: qboFailure });

  /**
   * The company's chart as a page load sees it: read once, then kept for CHART_TTL_MS, so the mapping page and
   * what the admin opens next do not each read QuickBooks (issue 21). Saving re-reads it fresh; creating an
   * account, item or tax code forgets it.
   */
  const charts = createTtlCache<Result<{ value: Books; access: QboCompanyAccess }>>({
    ttlMs: deps.chartTtlMs ?? CHART_TTL_MS,
    clock,
  });

  /** Everything the mapping step reads from QuickBooks (the chart, maybe as cached) and Exoserva. */
  async function readLive(
    tenantId: string,
    doing: string,
    options: { fresh: boolean },
  ): Promise<Result<LiveRead>> {
    if (options.fresh) charts.invalidate(tenantId);
    const read = () =>
      charts.get(
        tenantId,
        () => readBooks(tenantId, doing),
        (r) => r.ok,
      );
    let books = await read();
    // A chart read for another company (the tenant reconnected to a different one within the TTL) is not this one's.
    const connectedRealm = (await connectionStore.get(db, tenantId))?.realmId ?? null;
    if (books.ok && books.value.access.realmId !== connectedRealm) {
      charts.invalidate(tenantId);
      books = await read();
    }
    if (!books.ok) return books;
    if (!exoserva) return fail(exoservaFailure(null, doing));
    const rates = await exoserva.listTaxRates(tenantId);
    if (!rates.ok) return fail(exoservaFailure(rates.error, doing));
    return ok({ access: books.value.access, ...books.value.value, rates: rates.value });
  }

  function readBooks(tenantId: string, doing: string) {
    return withQbo(tenantId, doing, async (access) => {
      const [accounts, items, taxCodes, tax] = await Promise.all([
        chart.listAccounts(access),
        chart.listItems(access),
        chart.listTaxCodes(access),
        chart.getTaxSettings(access),
      ]);
      for (const r of [accounts, items, taxCodes, tax]) if (!r.ok) return r;
      return ok({
        accounts: (accounts as { value: ChartAccount[] }).value,
        items: (items as { value: ChartItemWithState[] }).value,
        taxCodes: (taxCodes as { value: ChartTaxCode[] }).value,
        tax: (tax as { value: LiveRead['tax'] }).value,
      });
    });
  }

  /** The latest saved version, if it belongs to the connected company (ids mean nothing in another). */
  async function currentFor(tenantId: string, realmId: string): Promise<MappingRow | null> {
    const latest = await mappingStore.latest(db, tenantId);
    return latest && (latest.realmId === null || latest.realmId === realmId) ? latest : null;
  }

  async function company(tenantId: string) {
    const row = await connectionStore.get(db, tenantId);
    return row?.realmId ? { realmId: row.realmId, name: row.companyName } : null;
  }

  const actorOf = (s: SessionClaims) => ({ userId: s.sub, name: s.name ?? null, role: s.role });

  function snapshotOf(mapping: AccountMapping, live: LiveRead): MappingSnapshot {
    const accounts: MappingSnapshot['accounts'] = {};
    for (const concept of mappingConcepts) {
      const id = mapping[CONCEPT_FIELD[concept]];
      const a = live.accounts.find((x) => x.id === id);
      if (id && a) accounts[id] = { name: a.name, type: a.type };
    }
    const items: MappingSnapshot['items'] = {};
    for (const id of [mapping.laborItemId, mapping.partsItemId]) {
      const i = live.items.find((x) => x.id === id);
      if (i) items[id] = { name: i.name };
    }
    const taxCodes: MappingSnapshot['taxCodes'] = {};
    for (const id of Object.values(mapping.taxCodes)) {
      const c = live.taxCodes.find((x) => x.id === id);
      if (c) taxCodes[id] = { name: c.name };
    }
    return { accounts, items, taxCodes };
  }

  return {
    /** The mapping page: the saved choices against the chart (a page load's read, or `fresh` from QuickBooks). */
    async getState(
      session: SessionClaims,
      options: { fresh?: boolean } = {},
    ): Promise<Result<MappingStateResponse>> {
      const live = await readLive(session.tid, 'reading the chart of accounts', {
        fresh: options.fresh ?? false,
      });
      if (!live.ok) return live;
      const { accounts, items, taxCodes, tax, rates, access } = live.value;
      const current = await currentFor(session.tid, access.realmId);
      const saved = current?.mapping ?? null;
      const suggestions = suggestAccounts(accounts);

      const concepts: ConceptMapping[] = mappingConcepts.map((concept) => {
        const savedId = saved ? saved[CONCEPT_FIELD[concept]] : null;
        const savedName = savedId ? (current?.snapshot?.accounts[savedId]?.name ?? null) : null;
        const code = savedId ? accountProblem(concept, savedId, savedName, accounts) : null;
        const optional = OPTIONAL_CONCEPTS.includes(concept);
        return {
          concept,
          required: REQUIRED_CONCEPTS.includes(concept),
          optional,
          compatibleTypes: [...CONCEPT_ACCOUNT_TYPES[concept]],
          suggestion: suggestions[concept],
          // An optional concept a saved mapping left empty stays empty: that was a choice.
          selectedAccountId:
            savedId ?? (optional && saved ? null : (suggestions[concept]?.accountId ?? null)),
          problem: code
            ? { code, savedName, currentName: accounts.find((a) => a.id === savedId)?.name ?? null }
            : null,
        };
      });
      const selected = (c: 'service_revenue' | 'product_revenue') =>
        concepts.find((x) => x.concept === c)?.selectedAccountId ?? null;

      const itemMappings: ItemMapping[] = (['labor', 'parts'] as const).map((kind) => {
        const savedId = saved ? (kind === 'labor' ? saved.laborItemId : saved.partsItemId) : null;
        const account = selected(kind === 'labor' ? 'service_revenue' : 'product_revenue');
        if (!savedId) return { kind, selectedItemId: suggestItem(kind, account, items), problem: null };
        const item = items.find((i) => i.id === savedId);
        const problem = !item
          ? 'not_found'
          : !item.active
            ? 'inactive'
            : item.incomeAccountId !== account
              ? 'wrong_account'
              : null;
        return { kind, selectedItemId: savedId, problem };
      });

      const taxRates: TaxRateMapping[] = rates.map((rate) => {
        const savedCode = saved?.taxCodes[rate.id] ?? null;
        const suggested = suggestTaxCode(rate, taxCodes);
        const known = savedCode !== null && taxCodes.some((c) => c.id === savedCode);
        return {
          taxRateId: rate.id,
          name: rate.name,
          rateMillionths: rate.rateMillionths,
          suggestedTaxCodeId: suggested,
          selectedTaxCodeId: known ? savedCode : suggested,
          // Automated Sales Tax needs no code per rate: nothing here can be a problem.
          problem: tax.automated
            ? null
            : savedCode !== null && !known
              ? 'unknown_code'
              : !known && !suggested
                ? 'no_match'
                : null,
        };
      });

      const broken =
        concepts.some((c) => c.problem) ||
        itemMappings.some((i) => i.problem) ||
        taxRates.some((r) => r.problem === 'unknown_code');
      const synced = current
        ? await mappingStore.countSynced(db, session.tid, access.realmId, current.version)
        : { total: 0, byEntity: {} };
      if (current) {
        // The Sync Status page repeats this verdict without reading QuickBooks itself.
        await mappingStore.saveHealth(db, session.tid, {
          realmId: access.realmId,
          mappingVersion: current.version,
          status: broken ? 'account_not_found' : 'mapped',
          problems: [
            ...concepts.flatMap((c) => (c.problem ? [{ what: c.concept, code: c.problem.code }] : [])),
            ...itemMappings.flatMap((i) => (i.problem ? [{ what: `${i.kind}_item`, code: i.problem }] : [])),
            ...taxRates.flatMap((r) =>
              r.problem === 'unknown_code' ? [{ what: r.name, code: r.problem }] : [],
            ),
          ],
          checkedAt: new Date(clock.now()),
        });
      }

      return ok({
        status: !current ? 'unmapped' : broken ? 'account_not_found' : 'mapped',
        current: current
          ? { version: current.version, savedAt: current.createdAt.toISOString(), savedBy: current.createdBy }
          : null,
        accounts: accounts.filter((a) => a.active),
        concepts,
        missingPrerequisites: missingPrerequisites(REQUIRED_CONCEPTS, accounts),
        items: items.filter((i) => i.active).map(({ active: _a, ...item }) => item),
        itemMappings,
        taxCodes,
        taxRates,
        salesTax: tax,
        paymentRouting: saved?.paymentRouting ?? DEFAULT_ROUTING,
        syncedWithCurrentVersion: synced,
      });
    },

    async save(session: SessionClaims, input: SaveMappingInput): Promise<Result<SaveMappingResponse>> {
      // Re-read QuickBooks now: the chart may have changed since the page loaded.
      const live = await readLive(session.tid, 'checking the mapping', { fresh: true });
      if (!live.ok) return live;
      const problems = validateMapping(
        input,
        { ...live.value, automatedSalesTax: live.value.tax.automated },
        live.value.rates,
      );
      if (problems.length > 0) {
        const taxOnly = problems.every((p) => p.code === 'invalid_tax_rate');
        return failure(
          'mapping_invalid',
          taxOnly
            ? INVALID_TAX_RATE_MESSAGE
            : 'Some choices no longer match QuickBooks. Review the highlighted rows, then save again.',
          { problems },
        );
      }
      const known = new Set(live.value.rates.map((r) => r.id));
      const taxCodes = Object.fromEntries(Object.entries(input.taxCodes).filter(([id]) => known.has(id)));
      const { realmId } = live.value.access;
      const at = new Date(clock.now());
      const who = company(session.tid);

      return db.transaction(async (tx): Promise<Result<SaveMappingResponse>> => {
        await mappingStore.lockTenant(tx, session.tid);
        const latest = await mappingStore.latest(tx, session.tid);
        const current = latest && (latest.realmId === null || latest.realmId === realmId) ? latest : null;
        const next: AccountMapping = {
          version: (latest?.version ?? 0) + 1,
          serviceRevenueAccountId: input.accounts.service_revenue,
          productRevenueAccountId: input.accounts.product_revenue,
          salesTaxPayableAccountId: input.accounts.sales_tax_payable,
          discountsAccountId: input.accounts.discounts,
          bankDepositAccountId: input.accounts.bank_deposit,
          undepositedFundsAccountId: input.accounts.undeposited_funds,
          merchantFeesAccountId: input.accounts.merchant_fees,
          refundSourceAccountId: input.accounts.refund_source,
          tipsPayableAccountId: input.accounts.tips_payable ?? null,
          payoutAdjustmentsAccountId: requestedAccount(input.accounts, 'payout_adjustments') as string,
          laborItemId: input.laborItemId,
          partsItemId: input.partsItemId,
          taxCodes,
          paymentRouting: input.paymentRouting,
          automatedSalesTax: live.value.tax.automated,
        };
        const snapshot = snapshotOf(next, live.value);
        const actor = actorOf(session);

        if (current && sameChoices(current.mapping, next) && !input.repost) {
          // Same ids, maybe new names: re-confirm the version instead of making records look re-mapped.
          await mappingStore.updateSnapshot(tx, session.tid, current.version, snapshot);
          await appendAuditWithChanges(tx, {
            tenantId: session.tid,
            at,
            action: 'mapping_saved',
            actor,
            company: await who,
            ...auditDetail.mappingReconfirmed(current.version),
            changes: { before: current.snapshot, after: snapshot },
          });
          await mappingStore.saveHealth(tx, session.tid, {
            realmId,
            mappingVersion: current.version,
            status: 'mapped',
            problems: [],
            checkedAt: at,
          });
          return ok({ version: current.version, newVersion: false, repostRequested: null });
        }

        if (current) {
          const synced = await mappingStore.countSynced(tx, session.tid, realmId, current.version);
          if (synced.total > 0 && !input.confirmRemap) {
            return failure(
              'remap_confirmation_required',
              `${synced.total} records have synced with the current mapping. Confirm to apply the new mapping to new records.`,
              { synced },
            );
          }
        }
        if (input.repost && !current) {
          return failure(
            'validation_failed',
            'Nothing has synced with an earlier mapping, so there is nothing to re-post',
          );
        }

        await mappingStore.insert(tx, {
          tenantId: session.tid,
          version: next.version,
          realmId,
          mapping: next,
          snapshot,
          createdBy: session.sub,
          at,
        });
        if (input.repost) {
          await mappingStore.insertRepost(tx, {
            tenantId: session.tid,
            version: next.version,
            from: input.repost.from,
            to: input.repost.to,
            requestedBy: session.sub,
            at,
          });
        }
        await appendAuditWithChanges(tx, {
          tenantId: session.tid,
          at,
          action: 'mapping_saved',
          actor,
          company: await who,
          ...auditDetail.mappingSaved(next.version, input.repost ?? null),
          changes: {
            before: current ? { mapping: current.mapping, names: current.snapshot } : null,
            after: { mapping: next, names: snapshot },
          },
        });
        logger.info('mapping.saved', {
          tenantId: session.tid,
          version: next.version,
          repost: input.repost !== null,
        });
        await mappingStore.saveHealth(tx, session.tid, {
          realmId,
          mappingVersion: next.version,
          status: 'mapped',
          problems: [],
          checkedAt: at,
        });
        return ok({ version: next.version, newVersion: true, repostRequested: input.repost ?? null });
      });
    },

    async createAccount(
      session: SessionClaims,
      input: CreateAccountRequest,
    ): Promise<Result<{ account: ChartAccount }>> {
      const { type, subtype } = CONCEPT_HINTS[input.concept].create;
      const created = await withQbo(session.tid, `creating the account "${input.name}"`, (access) =>
        chart.createAccount(access, {
          name: input.name,
          type,
          subtype,
          requestId: intentRequestId(
            'exq-acct',
            session.tid,
            access.realmId,
            input.concept,
            input.name.toLowerCase(),
          ),
        }),
      );
      if (!created.ok) return created;
      charts.invalidate(session.tid); // the next page load sees it
      await appendAuditWithChanges(db, {
        tenantId: session.tid,
        at: new Date(clock.now()),
        action: 'qbo_record_created',
        actor: actorOf(session),
        company: await company(session.tid),
        ...auditDetail.accountCreated(created.value.value.name, type),
        changes: { before: null, after: { account: created.value.value } },
      });
      return ok({ account: created.value.value });
    },

    /**
     * The QuickBooks tax code an Exoserva rate needs, created through Intuit's tax service with the rate's name
     * and percentage, filed with the company's tax agency (the first active one).
     */
    async createTaxCode(
      session: SessionClaims,
      input: CreateTaxCodeRequest,
    ): Promise<Result<{ taxCode: ChartTaxCode }>> {
      if (!exoserva) return fail(exoservaFailure(null, 'creating a tax code'));
      const rates = await exoserva.listTaxRates(session.tid);
      if (!rates.ok) return fail(exoservaFailure(rates.error, 'creating a tax code'));
      const rate = rates.value.find((r) => r.id === input.taxRateId);
      if (!rate) {
        return failure('validation_failed', `Exoserva has no tax rate ${input.taxRateId}`, {
          problems: [{ field: 'taxRateId', code: 'invalid_tax_rate', message: 'Unknown Exoserva tax rate' }],
        });
      }
      const created = await withQbo(session.tid, `creating the tax code "${rate.name}"`, (access) =>
        chart.createTaxCode(access, {
          name: rate.name,
          rateMillionths: rate.rateMillionths,
          requestId: intentRequestId(
            'exq-tax',
            session.tid,
            access.realmId,
            rate.id,
            String(rate.rateMillionths),
          ),
        }),
      );
      if (!created.ok) return created;
      charts.invalidate(session.tid); // the next page load sees it
      const taxCode = created.value.value;
      await appendAuditWithChanges(db, {
        tenantId: session.tid,
        at: new Date(clock.now()),
        action: 'qbo_record_created',
        actor: actorOf(session),
        company: await company(session.tid),
        ...auditDetail.taxCodeCreated(taxCode.name),
        changes: { before: null, after: { taxCode } },
      });
      return ok({ taxCode });
    },

    async createItem(
      session: SessionClaims,
      input: CreateItemRequest,
    ): Promise<
      Result<{ item: { id: string; name: string; kind: ItemKind; incomeAccountId: string | null } }>
    > {
      const accounts = await withQbo(session.tid, 'checking the income account', (access) =>
        chart.listAccounts(access),
      );
      if (!accounts.ok) return accounts;
      const account = accounts.value.value.find((a) => a.id === input.incomeAccountId);
      if (!account || !account.active || account.type !== 'Income') {
        return failure('validation_failed', 'The item must post to an active Income account', {
          problems: [
            { field: 'incomeAccountId', code: 'account_not_found', message: 'Not an active Income account' },
          ],
        });
      }
      const created = await withQbo(session.tid, `creating the item "${input.name}"`, (access) =>
        chart.createItem(access, {
          name: input.name,
          kind: input.kind,
          incomeAccountId: input.incomeAccountId,
          requestId: intentRequestId(
            'exq-item',
            session.tid,
            access.realmId,
            input.kind,
            input.name.toLowerCase(),
            input.incomeAccountId,
          ),
        }),
      );
      if (!created.ok) return created;
      charts.invalidate(session.tid); // the next page load sees it
      const { active: _a, ...item } = created.value.value;
      await appendAuditWithChanges(db, {
        tenantId: session.tid,
        at: new Date(clock.now()),
        action: 'qbo_record_created',
        actor: actorOf(session),
        company: await company(session.tid),
        ...auditDetail.itemCreated(item.name, input.kind),
        changes: { before: null, after: { item } },
      });
      return ok({ item });
    },
  };
}

export type MappingService = ReturnType<typeof createMappingService>;
