import {
  CreateAccountResponse,
  CreateItemResponse,
  CreateTaxCodeResponse,
  CustomerMatchesResponse,
  MappingStateResponse,
  SaveMappingResponse,
  type SaveMappingRequest,
} from '@exoserva/contracts';
import { DEFAULT_APP, startQboSandbox, type RunningQboSandbox } from '@exoserva/qbo-sandbox';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBff, type Bff } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { signSession, testEnv } from './support/env.ts';
import { exoCustomer, fakeExoservaApi } from './support/mapping-fakes.ts';
import { beginFlow, callback, type Requester } from './support/oauth-flow.ts';
import { freshPglite } from './support/pglite-template.ts';
import { driveConsent } from './support/qbo-sandbox-driver.ts';

// GUIDE steps 3 and 4 against the QBO sandbox with the real node-quickbooks adapter: a new company with
// sales tax, an Automated Sales Tax company, and a company missing part of the minimum chart.
const BFF_URL = 'http://bff.test:8787';
const REDIRECT_URI = `${BFF_URL}/api/v1/oauth/callback`;
const ACME = '9341452';

let qbo: RunningQboSandbox;
let bff: Bff;
let request: Requester;
let owner: string;
let exo: ReturnType<typeof fakeExoservaApi>;

beforeAll(async () => {
  qbo = await startQboSandbox({
    port: 0,
    throttling: false,
    apps: [{ ...DEFAULT_APP, redirectUris: [REDIRECT_URI] }],
  });
});
afterAll(async () => {
  await qbo?.close();
});
beforeEach(async () => {
  await fetch(`${qbo.url}/_sandbox/reset`, { method: 'POST' });
  // Exoserva's rates match the sandbox's seeded California and San Francisco codes.
  exo = fakeExoservaApi({
    taxRates: [
      { id: 'tax_ca', name: 'California state', rateMillionths: 72_500 },
      { id: 'tax_sf', name: 'San Francisco combined', rateMillionths: 86_250 },
    ],
  });
  const config = loadConfig(
    testEnv({
      BFF_PUBLIC_URL: BFF_URL,
      QBO_CLIENT_ID: DEFAULT_APP.clientId,
      QBO_CLIENT_SECRET: DEFAULT_APP.clientSecret,
      QBO_AUTHORIZE_URL: `${qbo.url}/connect/oauth2`,
      QBO_TOKEN_URL: `${qbo.url}/oauth2/v1/tokens/bearer`,
      QBO_REVOKE_URL: `${qbo.url}/v2/oauth2/tokens/revoke`,
      QBO_USERINFO_URL: `${qbo.url}/v1/openid_connect/userinfo`,
      QBO_JWKS_URL: `${qbo.url}/op/v1/jwks`,
      QBO_API_BASE_URL: `${qbo.url}/v3/company/`,
      LOG_LEVEL: 'silent',
    }),
  );
  // Only the Exoserva side is a fake; Intuit is the sandbox, through intuit-oauth and node-quickbooks.
  bff = await createBff(config, { database: await freshPglite(), exoservaApi: exo.api });
  request = async (path, init = {}) => {
    const { token, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    return bff.app.request(path, { ...rest, headers });
  };
  owner = await signSession();
});
afterEach(async () => {
  await bff.close();
});

async function connect(realmId: string) {
  const flow = await beginFlow(request, owner);
  const back = await driveConsent(flow.intuitUrl, { realmId });
  const { location } = await callback(request, Object.fromEntries(back.searchParams), flow.cookie);
  expect(location?.searchParams.get('qbo_connected')).toBe('1');
}

async function newCompany(body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${qbo.url}/_sandbox/companies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { realmId: string }).realmId;
}

/** Plays the bookkeeper in QuickBooks: a sparse update through the real Accounting API. */
async function qboApi(realmId: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const token = await bff.services.tokens.getAccessToken('ten_summit');
  if (!token.ok) throw new Error(token.error.message);
  const res = await fetch(`${qbo.url}/v3/company/${realmId}/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${token.value.accessToken}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(JSON.stringify(json));
  return json;
}

async function setAccountActive(realmId: string, name: string, active: boolean) {
  const found = await qboApi(
    realmId,
    `query?query=${encodeURIComponent(`select * from Account where Name = '${name}' and Active IN (true, false)`)}`,
  );
  const account = ((found.QueryResponse as { Account?: Array<{ Id: string; SyncToken: string }> }).Account ??
    [])[0];
  if (!account) throw new Error(`no account ${name}`);
  await qboApi(realmId, 'account?operation=update', {
    Id: account.Id,
    SyncToken: account.SyncToken,
    sparse: true,
    Active: active,
  });
}

/** The mapping page as after a change in QuickBooks: read afresh (GET may serve a page load's read). */
async function getState() {
  const res = await request('/api/v1/mapping/refresh', {
    token: owner,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(res.status).toBe(200);
  return MappingStateResponse.parse(await res.json());
}

const nameOf = (s: MappingStateResponse, id: string | null | undefined) =>
  s.accounts.find((a) => a.id === id)?.name;

function acceptAll(s: MappingStateResponse): SaveMappingRequest {
  const pick = (c: string) => s.concepts.find((x) => x.concept === c)?.selectedAccountId as string;
  return {
    accounts: Object.fromEntries(
      s.concepts.map((c) => [c.concept, pick(c.concept)]),
    ) as SaveMappingRequest['accounts'],
    laborItemId: s.itemMappings[0]?.selectedItemId as string,
    partsItemId: s.itemMappings[1]?.selectedItemId as string,
    taxCodes: Object.fromEntries(
      s.taxRates.flatMap((r) => (r.selectedTaxCodeId ? [[r.taxRateId, r.selectedTaxCodeId]] : [])),
    ),
    paymentRouting: s.paymentRouting,
  };
}

describe('mapping against the QBO sandbox (real node-quickbooks)', () => {
  it('suggests the new company’s accounts, items and tax codes, saves, and notices an account inactivated later', async () => {
    const realmId = await newCompany({ companyName: 'Summit Books (sales tax)', salesTax: true });
    await connect(realmId);
    const s = await getState();
    expect(s.status).toBe('unmapped');
    expect(s.missingPrerequisites).toEqual([]);
    const picked = Object.fromEntries(s.concepts.map((c) => [c.concept, nameOf(s, c.selectedAccountId)]));
    expect(picked).toEqual({
      service_revenue: 'Services',
      product_revenue: 'Sales of Product Income',
      sales_tax_payable: 'Sales Tax Payable',
      discounts: 'Discounts given',
      bank_deposit: 'Checking',
      undeposited_funds: 'Undeposited Funds',
      merchant_fees: 'Bank charges',
      refund_source: 'Checking',
      // No liability named for tips in a new company: left to the admin (a shop may take none).
      tips_payable: undefined,
      payout_adjustments: 'Bank charges',
    });
    const itemName = (id: string | null) => s.items.find((i) => i.id === id)?.name;
    expect(s.itemMappings.map((i) => itemName(i.selectedItemId))).toEqual(['Services', 'Sales']);
    expect(s.taxRates.map((r) => s.taxCodes.find((c) => c.id === r.selectedTaxCodeId)?.name)).toEqual([
      'California',
      'San Francisco',
    ]);
    expect(s.salesTax).toEqual({ enabled: true, automated: false });

    const saved = await request('/api/v1/mapping', {
      token: owner,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(acceptAll(s)),
    });
    expect(saved.status).toBe(200);
    expect(SaveMappingResponse.parse(await saved.json())).toMatchObject({ version: 1 });
    expect((await getState()).status).toBe('mapped');

    // The bookkeeper inactivates "Discounts given" in QuickBooks: the step points back here.
    await setAccountActive(realmId, 'Discounts given', false);
    const after = await getState();
    expect(after.status).toBe('account_not_found');
    expect(after.concepts.find((c) => c.concept === 'discounts')?.problem?.code).toBe('inactive');
  });

  it('detects Automated Sales Tax from the company preferences', async () => {
    const realmId = await newCompany({
      companyName: 'Peak AST Plumbing',
      salesTax: true,
      automatedSalesTax: true,
    });
    await connect(realmId);
    const s = await getState();
    expect(s.salesTax).toEqual({ enabled: true, automated: true });
    // QuickBooks picks the codes: no rate is a problem, and the mapping saves with none.
    expect(s.taxRates.map((r) => r.problem)).toEqual([null, null]);
    const saved = await request('/api/v1/mapping', {
      token: owner,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...acceptAll(s), taxCodes: {} }),
    });
    expect(saved.status).toBe(200);
  });

  it('creates the tax codes Exoserva’s rates need in a company that manages sales tax by hand', async () => {
    const realmId = await newCompany({ companyName: 'Manual Tax Mechanical', salesTax: true });
    await connect(realmId);
    exo.state.taxRates = [{ id: 'tax_denver', name: 'Denver combined', rateMillionths: 81_500 }];
    const before = await getState();
    expect(before.taxRates.map((r) => r.problem)).toEqual(['no_match']);
    const create = () =>
      request('/api/v1/mapping/tax-codes', {
        token: owner,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ taxRateId: 'tax_denver' }),
      });
    const res = await create();
    expect(res.status).toBe(201);
    const { taxCode } = CreateTaxCodeResponse.parse(await res.json());
    expect(taxCode).toMatchObject({ name: 'Denver combined', rateMillionths: 81_500 });
    // Same intent, same requestid: pressing twice makes one code.
    expect(CreateTaxCodeResponse.parse(await (await create()).json()).taxCode.id).toBe(taxCode.id);
    const after = await getState();
    expect(after.taxRates).toMatchObject([{ selectedTaxCodeId: taxCode.id, problem: null }]);
    expect(after.taxCodes.filter((c) => c.name === 'Denver combined')).toHaveLength(1);
    const saved = await request('/api/v1/mapping', {
      token: owner,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(acceptAll(after)),
    });
    expect(saved.status).toBe(200);
  });

  it('lists the missing minimum accounts and creates them, once, from the wizard', async () => {
    const realmId = await newCompany({ companyName: 'Bare Books Electric', salesTax: false });
    await connect(realmId);
    await setAccountActive(realmId, 'Checking', false);
    await setAccountActive(realmId, 'Savings', false);
    const s = await getState();
    expect(s.missingPrerequisites).toEqual(['sales_tax_payable', 'bank_deposit']);
    expect(s.salesTax.enabled).toBe(false);
    // No QuickBooks tax code carries Exoserva's rates: saving is blocked until they exist.
    expect(s.taxRates.map((r) => r.problem)).toEqual(['no_match', 'no_match']);

    const create = (concept: string, name: string) =>
      request('/api/v1/mapping/accounts', {
        token: owner,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ concept, name }),
      });
    const first = CreateAccountResponse.parse(
      await (await create('sales_tax_payable', 'Sales Tax Payable')).json(),
    );
    expect(first.account).toMatchObject({
      type: 'Other Current Liability',
      subtype: 'SalesTaxPayable',
      active: true,
    });
    // Same intent, same requestid: the sandbox replays the first answer instead of a 6240 duplicate.
    const again = CreateAccountResponse.parse(
      await (await create('sales_tax_payable', 'Sales Tax Payable')).json(),
    );
    expect(again.account.id).toBe(first.account.id);
    const bank = await create('bank_deposit', 'Operating Checking');
    expect(bank.status).toBe(201);

    const fixed = await getState();
    expect(fixed.missingPrerequisites).toEqual([]);
    expect(nameOf(fixed, fixed.concepts.find((c) => c.concept === 'bank_deposit')?.selectedAccountId)).toBe(
      'Operating Checking',
    );

    const item = await request('/api/v1/mapping/items', {
      token: owner,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'parts',
        name: 'Parts',
        incomeAccountId: fixed.concepts.find((c) => c.concept === 'product_revenue')?.selectedAccountId,
      }),
    });
    expect(item.status).toBe(201);
    expect(CreateItemResponse.parse(await item.json()).item).toMatchObject({ name: 'Parts', kind: 'parts' });
  });

  it('matches existing QuickBooks customers to Exoserva customers', async () => {
    await connect(ACME);
    await qboApi(ACME, 'customer', {
      DisplayName: 'Rosa Alvarez',
      PrimaryEmailAddr: { Address: 'rosa@example.com' },
      PrimaryPhone: { FreeFormNumber: '(415) 555-0111' },
    });
    await qboApi(ACME, 'customer', { DisplayName: 'Harbor Dental LLC' });
    exo.state.customers = [
      exoCustomer({ id: 'cus_rosa', displayName: 'Rosa Alvarez', email: 'ROSA@example.com' }),
      exoCustomer({ id: 'cus_harbor', displayName: 'Harbor Dental' }),
      exoCustomer({ id: 'cus_new', displayName: 'Brand New Customer' }),
    ];
    const res = await request('/api/v1/customer-matches', { token: owner });
    expect(res.status).toBe(200);
    const body = CustomerMatchesResponse.parse(await res.json());
    expect(body.rows.map((r) => [r.exoserva.id, r.group, r.candidate?.displayName ?? null])).toEqual([
      ['cus_rosa', 'linked', 'Rosa Alvarez'],
      ['cus_harbor', 'review', 'Harbor Dental LLC'],
      ['cus_new', 'create', null],
    ]);
  });
});
