import { expect, type APIRequestContext } from '@playwright/test';
import { bearer, sessionToken } from './api.ts';
import { DEFAULT_APP } from '@exoserva/qbo-sandbox';
import { stackInfo } from './stack-info.ts';

/**
 * A QuickBooks company of the spec's own (sales tax on, so every Exoserva tax rate can be mapped), made through
 * the sandbox's control API, and the mapping an owner would save for it.
 */
export async function createQboCompany(
  request: APIRequestContext,
  name: string,
  options: { salesTax?: boolean } = {},
): Promise<string> {
  const res = await request.post(`${stackInfo().urls.qboSandbox}/_sandbox/companies`, {
    data: { companyName: name, salesTax: options.salesTax ?? true },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { realmId: string }).realmId;
}

/** The company's rows of one entity, from the sandbox's control API (what QuickBooks holds). */
export async function qboRows(
  request: APIRequestContext,
  realmId: string,
  entity: string,
): Promise<Record<string, unknown>[]> {
  const res = await request.get(`${stackInfo().urls.qboSandbox}/_sandbox/companies/${realmId}/${entity}`);
  expect(res.ok()).toBe(true);
  return (await res.json()) as Record<string, unknown>[];
}

/**
 * Plays the bookkeeper in QuickBooks: a write straight to the company through the Accounting API (with a token
 * the sandbox's control API mints), as if typed into QuickBooks' own screens.
 */
export async function qboWrite(
  request: APIRequestContext,
  realmId: string,
  path: string,
  data: unknown,
): Promise<Record<string, unknown>> {
  const { qboSandbox } = stackInfo().urls;
  const grant = await request.post(`${qboSandbox}/_sandbox/tokens`, {
    data: { realmId, clientId: DEFAULT_APP.clientId },
  });
  const { access_token } = (await grant.json()) as { access_token: string };
  const res = await request.post(`${qboSandbox}/v3/company/${realmId}/${path}`, {
    headers: { ...bearer(access_token), accept: 'application/json' },
    data,
  });
  if (!res.ok()) throw new Error(`${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** Saves the mapping through the mapping screens' API, and sets auto-sync. */
export async function saveMapping(
  request: APIRequestContext,
  realmId: string,
  options: { autoSync: boolean },
): Promise<void> {
  const token = await sessionToken(request, 'owner');
  const [accounts, taxCodes, items] = await Promise.all(
    ['Account', 'TaxCode', 'Item'].map((e) => qboRows(request, realmId, e)),
  );
  const account = (subtype: string) => String(accounts!.find((a) => a.AccountSubType === subtype)?.Id);
  const taxCode = (name: string) => String(taxCodes!.find((t) => t.Name === name)?.Id);
  const item = (name: string) => String(items!.find((i) => i.Name === name)?.Id);
  const saved = await request.post(`${stackInfo().urls.bff}/api/v1/mapping`, {
    headers: bearer(token),
    data: {
      accounts: {
        service_revenue: account('ServiceFeeIncome'),
        product_revenue: account('SalesOfProductIncome'),
        sales_tax_payable: account('SalesTaxPayable'),
        discounts: account('DiscountsRefundsGiven'),
        bank_deposit: account('Checking'),
        undeposited_funds: account('UndepositedFunds'),
        merchant_fees: account('BankCharges'),
        refund_source: account('Checking'),
      },
      laborItemId: item('Services'),
      partsItemId: item('Sales'),
      taxCodes: { tax_denver: taxCode('California'), tax_state: taxCode('San Francisco') },
      paymentRouting: { cash: 'bank', check: 'undeposited_funds' },
      confirmRemap: true,
    },
  });
  expect(saved.ok(), await saved.text()).toBe(true);
  const put = await request.put(`${stackInfo().urls.bff}/api/v1/sync/settings`, {
    headers: bearer(token),
    // Tests that need auto-sync skip the test sync step: the audited override (GUIDE step 6).
    data: { autoSync: options.autoSync, override: true },
  });
  expect(put.ok(), await put.text()).toBe(true);
}
