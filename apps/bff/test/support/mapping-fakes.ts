import type { ChartAccount, ChartTaxCode, ExoCustomer } from '@exoserva/contracts';
import { fail, ok } from '../../src/http/errors.ts';
import type { ExoservaApi, ExoTaxRate } from '../../src/ports/exoserva-api.ts';
import type { QboFailure } from '../../src/ports/qbo-api.ts';
import type {
  ChartCustomer,
  ChartItemWithState,
  QboChartApi,
  TaxSettings,
} from '../../src/ports/qbo-chart-api.ts';

/** A small QuickBooks chart, like a new company's: the ids are what tests name. */
export function defaultChart(): {
  accounts: ChartAccount[];
  items: ChartItemWithState[];
  taxCodes: ChartTaxCode[];
} {
  const a = (id: string, name: string, type: ChartAccount['type'], subtype: string | null): ChartAccount => ({
    id,
    name,
    type,
    subtype,
    active: true,
  });
  return {
    accounts: [
      a('1', 'Checking', 'Bank', 'Checking'),
      a('2', 'Savings', 'Bank', 'Savings'),
      a('4', 'Undeposited Funds', 'Other Current Asset', 'UndepositedFunds'),
      a('7', 'Sales Tax Payable', 'Other Current Liability', 'SalesTaxPayable'),
      a('10', 'Services', 'Income', 'ServiceFeeIncome'),
      a('11', 'Sales of Product Income', 'Income', 'SalesOfProductIncome'),
      a('12', 'Discounts given', 'Income', 'DiscountsRefundsGiven'),
      a('13', 'Uncategorized Income', 'Income', 'OtherPrimaryIncome'),
      a('15', 'Bank charges', 'Expense', 'BankCharges'),
    ],
    items: [
      { id: '1', name: 'Services', kind: 'labor', incomeAccountId: '10', active: true },
      { id: '3', name: 'Sales', kind: 'parts', incomeAccountId: '11', active: true },
    ],
    taxCodes: [
      { id: '3', name: 'Denver', rateMillionths: 81_500 },
      { id: '4', name: 'Colorado', rateMillionths: 29_000 },
    ],
  };
}

/** The QboChartApi port in memory: a mutable chart, creates with requestid replay, and an injectable failure. */
export function fakeChartApi() {
  const state = {
    ...defaultChart(),
    tax: { enabled: true, automated: false } as TaxSettings,
    customers: [] as ChartCustomer[],
    requestIds: new Map<string, unknown>(),
    calls: [] as string[],
  };
  let nextFailure: QboFailure | null = null;
  let nextId = 100;
  const gate = <T>(name: string, value: () => T) => {
    state.calls.push(name);
    if (nextFailure) {
      const f = nextFailure;
      nextFailure = null;
      return Promise.resolve(fail(f));
    }
    return Promise.resolve(ok(value()));
  };
  const api: QboChartApi = {
    listAccounts: () => gate('listAccounts', () => state.accounts.map((x) => ({ ...x }))),
    listItems: () => gate('listItems', () => state.items.map((x) => ({ ...x }))),
    listTaxCodes: () => gate('listTaxCodes', () => state.taxCodes.map((x) => ({ ...x }))),
    getTaxSettings: () => gate('getTaxSettings', () => ({ ...state.tax })),
    listCustomers: () => gate('listCustomers', () => state.customers.map((x) => ({ ...x }))),
    async createAccount(_access, { name, type, subtype, requestId }) {
      const seen = state.requestIds.get(requestId);
      if (seen) return ok(seen as ChartAccount);
      if (state.accounts.some((x) => x.name.toLowerCase() === name.toLowerCase())) {
        return fail({
          kind: 'fault',
          message: 'Duplicate Name Exists Error',
          faultCode: '6240',
          status: 400,
        });
      }
      const account = { id: String(nextId++), name, type, subtype, active: true };
      state.accounts.push(account);
      state.requestIds.set(requestId, account);
      return gate('createAccount', () => account);
    },
    async createTaxCode(_access, { name, rateMillionths, requestId }) {
      const seen = state.requestIds.get(requestId);
      if (seen) return ok(seen as ChartTaxCode);
      const code = { id: String(nextId++), name, rateMillionths };
      state.taxCodes.push(code);
      state.requestIds.set(requestId, code);
      return gate('createTaxCode', () => code);
    },
    async createItem(_access, { name, kind, incomeAccountId, requestId }) {
      const seen = state.requestIds.get(requestId);
      if (seen) return ok(seen as ChartItemWithState);
      const item = { id: String(nextId++), name, kind, incomeAccountId, active: true };
      state.items.push(item);
      state.requestIds.set(requestId, item);
      return gate('createItem', () => item);
    },
  };
  return {
    api,
    state,
    failNext(f: QboFailure) {
      nextFailure = f;
    },
  };
}

/** The parts of the ExoservaApi port the mapping and matching steps use, in memory. */
export function fakeExoservaApi(init: { taxRates?: ExoTaxRate[]; customers?: ExoCustomer[] } = {}) {
  const state = {
    taxRates: init.taxRates ?? [
      { id: 'tax_denver', name: 'Denver combined', rateMillionths: 81_500 },
      { id: 'tax_state', name: 'State only', rateMillionths: 29_000 },
    ],
    customers: init.customers ?? [],
    down: false,
  };
  const unavailable = {
    ok: false as const,
    error: { kind: 'unavailable' as const, message: 'Exoserva is down' },
  };
  const api: ExoservaApi = {
    async getRecord() {
      return { ok: false, error: { kind: 'not_found', message: 'not in the fake' } };
    },
    async listRecords(tenantId, kind) {
      if (state.down) return unavailable;
      if (kind !== 'customer') return { ok: true, value: [] };
      return { ok: true, value: state.customers.filter((c) => c.tenantId === tenantId) as never };
    },
    async listTaxRates() {
      return state.down ? unavailable : { ok: true, value: state.taxRates };
    },
    async createCustomer() {
      return { ok: false, error: { kind: 'refused', status: 400, message: 'not in the fake' } };
    },
    async updateCustomer() {
      return { ok: false, error: { kind: 'refused', status: 400, message: 'not in the fake' } };
    },
    async createInvoice() {
      return { ok: false, error: { kind: 'refused', status: 400, message: 'not in the fake' } };
    },
    async recordPayment() {
      return { ok: false, error: { kind: 'refused', status: 400, message: 'not in the fake' } };
    },
    async deleteRecord() {
      return { ok: false, error: { kind: 'not_found', message: 'not in the fake' } };
    },
  };
  return { api, state };
}

export function exoCustomer(over: Partial<ExoCustomer> & { id: string; displayName: string }): ExoCustomer {
  return { tenantId: 'ten_summit', version: 1, updatedAt: '2026-11-01T00:00:00.000Z', ...over };
}
