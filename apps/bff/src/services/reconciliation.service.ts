import { performance } from 'node:perf_hooks';
import type {
  LinkRecordRequest,
  ReconcileFixResponse,
  ReconciledKind,
  ReconciliationOverview,
  ReconciliationReport,
  SessionClaims,
} from '@exoserva/contracts';
import {
  conceptAccountsOf,
  depositQueryRange,
  isKnownTimeZone,
  lastMonthIn,
  monthPeriod,
  reconcileMonth,
  type ConceptAccounts,
  type LedgerPosting,
  type QboTxn,
} from '@exoserva/sync-core';
import { fail, failure, ok, type Result } from '../http/errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { Clock } from '../ports/clock.ts';
import type { Database } from '../ports/database.ts';
import type { ExoservaApi } from '../ports/exoserva-api.ts';
import type { QboFailure } from '../ports/qbo-api.ts';
import type { QboCompanyAccess } from '../ports/qbo-chart-api.ts';
import type { QboReportsApi, ReconciledEntity } from '../ports/qbo-reports-api.ts';
import { connectionStore } from '../stores/connection-store.ts';
import { mappingStore } from '../stores/mapping-store.ts';
import { reconciliationStore } from '../stores/reconciliation-store.ts';
import { exoservaFailure, qboFailure } from './mapping.service.ts';
import { qboCaller } from './qbo-access.ts';
import { quickBooksTransactionUrl } from './quickbooks-record-url.ts';
import type { SyncService } from './sync.service.ts';
import type { TokenService } from './token.service.ts';

export const ENTITY_OF: Record<ReconciledKind, ReconciledEntity> = {
  invoice: 'Invoice',
  payment: 'Payment',
  refund: 'RefundReceipt',
  payout: 'Deposit',
};

export interface ReconciliationServiceDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  tokens: Pick<TokenService, 'getAccessToken' | 'connectionHealth'>;
  reports: QboReportsApi;
  /** Null without EXOSERVA_API_URL: nothing to compare with. */
  exoserva: Pick<ExoservaApi, 'listRecords' | 'getRecord'> | null;
  sync: Pick<SyncService, 'runRecord'>;
  /** Which QuickBooks web app "Open in QuickBooks" points at. */
  environment: 'sandbox' | 'production';
}

/**
 * GUIDE step 8, the 15-minute month-end review: Exoserva's figures beside QuickBooks' own reports and queries,
 * the records behind each difference with the fix that exists, payouts matched to deposits, and the trend.
 */
export function createReconciliationService(deps: ReconciliationServiceDeps) {
  const { db, clock, logger, tokens, reports, exoserva } = deps;
  const now = () => new Date(clock.now());

  const withQbo = qboCaller({ tokens, logger, event: 'reconciliation.qbo_failed', toFailure: qboFailure });

  /**
   * Every QuickBooks figure the month needs, read in parallel (all or nothing): the ledger of the mapped accounts
   * (every version's, and the company's Sales Tax Payable accounts), the A/R aging, the month's documents.
   */
  async function readQuickBooks(
    access: QboCompanyAccess,
    month: string,
    mapped: ConceptAccounts,
  ): Promise<
    Result<
      {
        concepts: ConceptAccounts;
        ledger: LedgerPosting[];
        receivables: Extract<Awaited<ReturnType<QboReportsApi['agedReceivables']>>, { ok: true }>['value'];
        invoices: QboTxn[];
        payments: QboTxn[];
        refunds: QboTxn[];
        deposits: QboTxn[];
      },
      QboFailure
    >
  > {
    const period = monthPeriod(month);
    const taxAccounts = await reports.salesTaxAccounts(access);
    if (!taxAccounts.ok) return taxAccounts;
    const concepts = { ...mapped, sales_tax: [...new Set([...mapped.sales_tax, ...taxAccounts.value])] };
    const accountIds = [
      ...new Set([
        ...concepts.service_revenue,
        ...concepts.product_revenue,
        ...concepts.discounts,
        ...concepts.sales_tax,
        ...concepts.fees,
      ]),
    ];
    const [ledger, ar, invoices, payments, refunds, depositList] = await Promise.all([
      reports.generalLedger(access, period, accountIds),
      reports.agedReceivables(access, period.end),
      reports.transactions(access, 'Invoice', period),
      reports.transactions(access, 'Payment', period),
      reports.transactions(access, 'RefundReceipt', period),
      reports.transactions(access, 'Deposit', depositQueryRange(month)),
    ]);
    if (!ledger.ok) return ledger;
    if (!ar.ok) return ar;
    for (const r of [invoices, payments, refunds, depositList]) if (!r.ok) return r;
    const v = (r: Result<QboTxn[], QboFailure>) => (r as { value: QboTxn[] }).value;
    return ok({
      concepts,
      ledger: ledger.value,
      receivables: ar.value,
      invoices: v(invoices),
      payments: v(payments),
      refunds: v(refunds),
      deposits: v(depositList),
    });
  }

  async function readExoserva(tenantId: string) {
    if (!exoserva) return fail(exoservaFailure(null, 'reconciling'));
    const [customers, invoices, payments, refunds, payouts] = await Promise.all([
      exoserva.listRecords(tenantId, 'customer'),
      exoserva.listRecords(tenantId, 'invoice'),
      exoserva.listRecords(tenantId, 'payment'),
      exoserva.listRecords(tenantId, 'refund'),
      exoserva.listRecords(tenantId, 'payout'),
    ]);
    if (!customers.ok) return fail(exoservaFailure(customers.error, 'reconciling'));
    if (!invoices.ok) return fail(exoservaFailure(invoices.error, 'reconciling'));
    if (!payments.ok) return fail(exoservaFailure(payments.error, 'reconciling'));
    if (!refunds.ok) return fail(exoservaFailure(refunds.error, 'reconciling'));
    if (!payouts.ok) return fail(exoservaFailure(payouts.error, 'reconciling'));
    return ok({
      customers: customers.value,
      invoices: invoices.value,
      payments: payments.value,
      refunds: refunds.value,
      payouts: payouts.value,
    });
  }

  return {
    /** The default month (last month in the company's time zone) and the stored trend. Reads only. */
    async overview(tenantId: string): Promise<ReconciliationOverview> {
      const health = await tokens.connectionHealth(tenantId);
      let timeZone = 'UTC';
      if (health.state === 'connected') {
        const zone = await withQbo(tenantId, 'reading the company time zone', (a) =>
          reports.companyTimeZone(a),
        );
        // Without an answer the month is still useful: UTC is at most a day off at a month's edge.
        if (zone.ok && zone.value.value && isKnownTimeZone(zone.value.value)) timeZone = zone.value.value;
      }
      return {
        defaultMonth: lastMonthIn(clock.now(), timeZone),
        timeZone,
        trend: await reconciliationStore.trend(db, tenantId, health.realmId),
      };
    },

    /** Reconciles one month from both books and stores its discrepancy for the trend. */
    async run(session: SessionClaims, month: string): Promise<Result<ReconciliationReport>> {
      const tenantId = session.tid;
      const started = performance.now();
      const mapping = await mappingStore.latest(db, tenantId);
      if (!mapping) {
        return failure(
          'conflict',
          'Map your chart of accounts first: the reconciliation compares the mapped accounts.',
        );
      }
      const health = await tokens.connectionHealth(tenantId);
      const versions = health.realmId ? await mappingStore.versionsFor(db, tenantId, health.realmId) : [];
      if (health.realmId && mapping.realmId && mapping.realmId !== health.realmId) {
        return failure(
          'conflict',
          'The mapping belongs to another QuickBooks company. Map this company’s accounts first.',
        );
      }
      const mapped = conceptAccountsOf(versions.length ? versions.map((v) => v.mapping) : [mapping.mapping]);
      const qboStarted = performance.now();
      const books = await withQbo(tenantId, 'reading the month from QuickBooks', (a) =>
        readQuickBooks(a, month, mapped),
      );
      const quickbooksMs = performance.now() - qboStarted;
      if (!books.ok) return books;
      const { realmId } = books.value.access;
      if (mapping.realmId && mapping.realmId !== realmId) {
        return failure(
          'conflict',
          'The mapping belongs to another QuickBooks company. Map this company’s accounts first.',
        );
      }
      const [records, links, work, connection] = await Promise.all([
        readExoserva(tenantId),
        reconciliationStore.links(db, tenantId, realmId),
        reconciliationStore.openWork(db, tenantId),
        connectionStore.get(db, tenantId),
      ]);
      if (!records.ok) return records;
      const { concepts, ...quickbooks } = books.value.value;
      const result = reconcileMonth({
        month,
        concepts,
        exoserva: records.value,
        quickbooks,
        links,
        work,
        recordUrl: (type, id) => quickBooksTransactionUrl(deps.environment, type, id),
      });
      const at = now();
      await reconciliationStore.saveMonth(db, {
        tenantId,
        month,
        realmId,
        discrepancyCents: result.discrepancyCents,
        discrepancyBasisPoints: result.discrepancyBasisPoints,
        matches: result.matches,
        empty: result.status === 'empty',
        at,
        by: session.sub,
      });
      const productMs = performance.now() - started - quickbooksMs;
      logger.info('reconciliation.ran', {
        tenantId,
        month,
        matches: result.matches,
        discrepancyCents: result.discrepancyCents,
        status: result.status,
        openItems: result.openItems,
        quickbooksMs: Math.round(quickbooksMs),
        productMs: Math.round(productMs),
      });
      return ok({
        ...result,
        generatedAt: at.toISOString(),
        companyName: connection?.companyName ?? null,
        timings: { quickbooksMs, productMs },
      });
    },

    /** Re-sync: send every field of a synced record again, over whatever QuickBooks holds now. */
    async resync(
      session: SessionClaims,
      kind: ReconciledKind,
      id: string,
    ): Promise<Result<ReconcileFixResponse>> {
      const health = await tokens.connectionHealth(session.tid);
      if (!health.realmId || health.state !== 'connected') {
        return failure('conflict', 'Re-sync needs QuickBooks to be connected.');
      }
      const key = { tenantId: session.tid, realmId: health.realmId, kind, exoId: id, at: now() };
      // Only a record this tenant synced to this company has a link; anything else leaves no trace.
      if (!(await reconciliationStore.forgetSentBody(db, key))) {
        return failure('not_found', `No synced ${kind} ${id} in this QuickBooks company`);
      }
      logger.info('reconciliation.resync', {
        tenantId: session.tid,
        kind,
        recordId: id,
        userId: session.sub,
      });
      return deps.sync.runRecord(session, kind, id);
    },

    /** Link a document entered by hand in QuickBooks to its Exoserva record, then sync Exoserva's version over it. */
    async link(session: SessionClaims, request: LinkRecordRequest): Promise<Result<ReconcileFixResponse>> {
      const { kind, exoservaId, quickbooksId } = request;
      if (!exoserva) return fail(exoservaFailure(null, 'linking'));
      const record = await exoserva.getRecord(session.tid, kind, exoservaId);
      if (!record.ok) {
        return record.error.kind === 'not_found'
          ? failure('not_found', `No ${kind} ${exoservaId} in this Exoserva account`)
          : fail(exoservaFailure(record.error, 'linking'));
      }
      const doc = await withQbo(session.tid, 'reading the QuickBooks document', (a) =>
        reports.read(a, ENTITY_OF[kind], quickbooksId),
      );
      if (!doc.ok) return doc;
      if (!doc.value.value) {
        return failure('not_found', `QuickBooks has no ${ENTITY_OF[kind]} with id ${quickbooksId}`);
      }
      const linked = await reconciliationStore.insertLink(db, {
        tenantId: session.tid,
        realmId: doc.value.access.realmId,
        kind,
        exoId: exoservaId,
        qboId: quickbooksId,
        syncToken: doc.value.value.syncToken,
        at: now(),
      });
      if (!linked) {
        return failure(
          'conflict',
          'One of the two is already linked: the Exoserva record has been synced, or that QuickBooks document belongs to another record.',
        );
      }
      logger.info('reconciliation.linked', {
        tenantId: session.tid,
        kind,
        recordId: exoservaId,
        qboId: quickbooksId,
        userId: session.sub,
      });
      return deps.sync.runRecord(session, kind, exoservaId);
    },
  };
}

export type ReconciliationService = ReturnType<typeof createReconciliationService>;
