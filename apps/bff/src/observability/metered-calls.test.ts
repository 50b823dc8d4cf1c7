import { describe, expect, it } from 'vitest';
import { meterClassOf, meterMonthOf } from './metered-calls.ts';

describe("Intuit's metered (CorePlus) and unmetered (Core) calls", () => {
  it('meters what takes data out — reads, queries, reports, the change feed — and not what puts data in', () => {
    for (const op of [
      'listAccounts',
      'getTaxSettings',
      'getCompanyInfo',
      'read',
      'findIn',
      'findPaymentMethods',
      'readPreferences',
      'changedCustomers',
      'generalLedger',
      'salesTaxAccounts',
      'agedReceivables',
      'transactions',
      'companyTimeZone',
    ])
      expect([op, meterClassOf(op)]).toEqual([op, 'coreplus']);
    for (const op of [
      'create',
      'update',
      'voidInvoice',
      'batch',
      'createAccount',
      'deleteTxn',
      'deactivateCustomer',
    ])
      expect([op, meterClassOf(op)]).toEqual([op, 'core']);
  });

  it('counts a call in its UTC calendar month', () => {
    expect(meterMonthOf(Date.UTC(2026, 11, 31, 23, 59))).toBe('2026-12');
    expect(meterMonthOf(Date.UTC(2027, 0, 1, 0, 0))).toBe('2027-01');
  });
});
