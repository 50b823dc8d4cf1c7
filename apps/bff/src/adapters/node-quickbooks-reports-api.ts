import {
  agedReceivablesByCustomer,
  generalLedgerPostings,
  qboToCents,
  type QboTxn,
} from '@exoserva/sync-core';
import type { Config } from '../config.ts';
import { ok } from '../http/errors.ts';
import type { QboCompanyAccess } from '../ports/qbo-chart-api.ts';
import type { QboReportsApi, ReconciledEntity } from '../ports/qbo-reports-api.ts';
import { callQuickBooks, createQuickBooksClient } from './node-quickbooks-api.ts';

type Raw = Record<string, unknown>;
type Ref = { value?: string; name?: string } | undefined;
type Client = Record<string, (...args: unknown[]) => void>;

const FIND: Record<ReconciledEntity, string> = {
  Invoice: 'findInvoices',
  Payment: 'findPayments',
  RefundReceipt: 'findRefundReceipts',
  Deposit: 'findDeposits',
};
const GET: Record<ReconciledEntity, string> = {
  Invoice: 'getInvoice',
  Payment: 'getPayment',
  RefundReceipt: 'getRefundReceipt',
  Deposit: 'getDeposit',
};

const amount = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? qboToCents(v) : 0);

/** A queried document → the product's words; every amount crosses sync-core's money boundary. */
export function toQboTxn(d: Raw, entity?: ReconciledEntity): QboTxn {
  const customer = d.CustomerRef as Ref;
  const account = d.DepositToAccountRef as Ref;
  const lines = Array.isArray(d.Line) ? (d.Line as Raw[]) : [];
  // A deposit's lines: linked transactions it deposits, and direct lines (an account of its own).
  const linked = lines.flatMap((l) =>
    Array.isArray(l.LinkedTxn)
      ? (l.LinkedTxn as Raw[]).map((t) => ({ type: String(t.TxnType), id: String(t.TxnId) }))
      : [],
  );
  const directLines = lines.filter((l) => l.DetailType === 'DepositLineDetail').length;
  return {
    ...(entity === 'Deposit' ? { linked, directLines } : {}),
    id: String(d.Id),
    syncToken: String(d.SyncToken ?? '0'),
    date: String(d.TxnDate ?? ''),
    totalCents: amount(d.TotalAmt),
    customerId: customer?.value ?? null,
    customerName: customer?.name ?? null,
    docNumber: typeof d.DocNumber === 'string' && d.DocNumber !== '' ? d.DocNumber : null,
    taxCents: amount((d.TxnTaxDetail as Raw | undefined)?.TotalTax),
    accountId: account?.value ?? null,
  };
}

/** The QboReportsApi port on node-quickbooks 2.0.50 (reports: REFERENCE §3.10; queries: §3.2). */
export function nodeQuickBooksReportsApi(qbo: Config['qbo']): QboReportsApi {
  const client = ({ realmId, accessToken }: QboCompanyAccess) =>
    createQuickBooksClient(qbo, realmId, accessToken) as unknown as Client;

  return {
    async companyTimeZone(access) {
      const qb = client(access);
      const r = await callQuickBooks<Raw>((cb) => qb.getCompanyInfo?.(access.realmId, cb));
      if (!r.ok) return r;
      const zone = r.value?.DefaultTimeZone;
      return ok(typeof zone === 'string' && zone !== '' ? zone : null);
    },

    async generalLedger(access, range, accountIds) {
      if (accountIds.length === 0) return ok([]);
      const qb = client(access);
      const r = await callQuickBooks<unknown>((cb) =>
        qb.reportGeneralLedgerDetail?.(
          {
            start_date: range.start,
            end_date: range.end,
            accounting_method: 'Accrual',
            account: accountIds.join(','),
          },
          cb,
        ),
      );
      return r.ok ? ok(generalLedgerPostings(r.value)) : r;
    },

    async salesTaxAccounts(access) {
      const qb = client(access);
      const r = await callQuickBooks<{ QueryResponse?: Raw }>((cb) =>
        qb.findAccounts?.(
          [
            { field: 'AccountSubType', value: 'SalesTaxPayable' },
            { field: 'Active', value: [true, false], operator: 'IN' },
          ],
          cb,
        ),
      );
      if (!r.ok) return r;
      const rows = r.value?.QueryResponse?.Account;
      return ok(Array.isArray(rows) ? (rows as Raw[]).map((a) => String(a.Id)) : []);
    },

    async agedReceivables(access, reportDate) {
      const qb = client(access);
      const r = await callQuickBooks<unknown>((cb) =>
        qb.reportAgedReceivables?.({ report_date: reportDate }, cb),
      );
      return r.ok ? ok(agedReceivablesByCustomer(r.value)) : r;
    },

    async transactions(access, entity, range) {
      const qb = client(access);
      // fetchAll makes node-quickbooks page by 1000 (MAXRESULTS' ceiling) until a page comes back short.
      const criteria = [
        { field: 'TxnDate', value: range.start, operator: '>=' },
        { field: 'TxnDate', value: range.end, operator: '<=' },
        // A stable order, so pages neither repeat nor skip a document.
        { field: 'asc', value: 'Id' },
        { field: 'fetchAll', value: true },
      ];
      const r = await callQuickBooks<{ QueryResponse?: Raw }>((cb) => qb[FIND[entity]]?.(criteria, cb));
      if (!r.ok) return r;
      // An empty result is {"QueryResponse":{}} (REFERENCE §3.1).
      const rows = r.value?.QueryResponse?.[entity];
      return ok(Array.isArray(rows) ? (rows as Raw[]).map((row) => toQboTxn(row, entity)) : []);
    },

    async read(access, entity, id) {
      const qb = client(access);
      const r = await callQuickBooks<Raw>((cb) => qb[GET[entity]]?.(id, cb));
      // 610 "Object Not Found" is how QuickBooks says there is no such document.
      if (!r.ok) return r.error.faultCode === '610' ? ok(null) : r;
      return ok(toQboTxn(r.value, entity));
    },
  };
}
