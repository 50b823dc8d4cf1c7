import {
  AuditResponse,
  CustomerMatchesResponse,
  DirectionResponse,
  ErrorEnvelope,
  MappingStateResponse,
  SetupProgressResponse,
  SyncStatusResponse,
  SaveMappingResponse,
  SaveMatchesResponse,
  type SaveMappingRequest,
} from '@exoserva/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signSession } from '../../test/support/env.ts';
import { createTestBff, type TestBff } from '../../test/support/harness.ts';
import { exoCustomer, fakeChartApi, fakeExoservaApi } from '../../test/support/mapping-fakes.ts';
import { beginFlow, callback } from '../../test/support/oauth-flow.ts';
import { INVALID_TAX_RATE_MESSAGE } from '../services/mapping-rules.ts';

const REALM = '9130350000001';

let t: TestBff;
let chart: ReturnType<typeof fakeChartApi>;
let exo: ReturnType<typeof fakeExoservaApi>;
let owner: string;

beforeEach(async () => {
  chart = fakeChartApi();
  exo = fakeExoservaApi();
  t = await createTestBff({}, { qboChartApi: chart.api, exoservaApi: exo.api });
  owner = await signSession();
  const flow = await beginFlow(t.request, owner);
  await callback(
    t.request,
    { code: t.intuit.grantCode(REALM), state: flow.state, realmId: REALM },
    flow.cookie,
  );
});
afterEach(async () => {
  await t.close();
});

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** The mapping page as after a change in QuickBooks: read afresh (GET may serve a page load's read). */
async function getState(token = owner) {
  const res = await t.request('/api/v1/mapping/refresh', { token, ...json({}) });
  if (res.status !== 200) console.log(t.lines.filter((l) => l.includes('unhandled')).join('\n'));
  expect(res.status).toBe(200);
  return MappingStateResponse.parse(await res.json());
}

/** What the wizard sends after accepting every suggestion. */
function acceptAll(state: MappingStateResponse): SaveMappingRequest {
  const pick = (c: string) => state.concepts.find((x) => x.concept === c)?.selectedAccountId as string;
  return {
    accounts: {
      service_revenue: pick('service_revenue'),
      product_revenue: pick('product_revenue'),
      sales_tax_payable: pick('sales_tax_payable'),
      discounts: pick('discounts'),
      bank_deposit: pick('bank_deposit'),
      undeposited_funds: pick('undeposited_funds'),
      merchant_fees: pick('merchant_fees'),
      refund_source: pick('refund_source'),
      tips_payable: state.concepts.find((x) => x.concept === 'tips_payable')?.selectedAccountId ?? null,
      payout_adjustments: pick('payout_adjustments'),
    },
    laborItemId: state.itemMappings[0]?.selectedItemId as string,
    partsItemId: state.itemMappings[1]?.selectedItemId as string,
    taxCodes: Object.fromEntries(
      state.taxRates.flatMap((r) => (r.selectedTaxCodeId ? [[r.taxRateId, r.selectedTaxCodeId]] : [])),
    ),
    paymentRouting: state.paymentRouting,
  };
}

async function save(body: unknown, token = owner) {
  return t.request('/api/v1/mapping', { token, ...json(body) });
}

const countRows = async (sql: string) => Number((await t.bff.database.query<{ n: number }>(sql)).rows[0]?.n);

async function addSyncedInvoices(n: number, version: number) {
  for (let i = 0; i < n; i += 1) {
    await t.bff.database.query(
      `INSERT INTO qbo_links (tenant_id, realm_id, entity_type, exoserva_id, qbo_id, mapping_version)
       VALUES ('ten_summit', $1, 'invoice', $2, $3, $4)`,
      [REALM, `inv_${version}_${i}`, String(1000 + i), version],
    );
  }
}

describe('setup progress (issue 21: the step list marks what is done)', () => {
  it('marks the mapping and the direction done once saved, and the mapping needing attention when it breaks', async () => {
    const progress = async () =>
      SetupProgressResponse.parse(await (await t.request('/api/v1/setup/progress', { token: owner })).json());
    expect(await progress()).toEqual({
      connected: true,
      mapping: 'todo',
      direction: 'todo',
      testSync: 'todo',
      autoSync: 'off',
    });
    await save(acceptAll(await getState()));
    await t.request('/api/v1/customer-direction', { token: owner, ...json({ direction: 'one_way' }) });
    expect(await progress()).toMatchObject({ mapping: 'done', direction: 'done', testSync: 'todo' });
    chart.state.accounts = chart.state.accounts.filter((a) => a.id !== '12');
    await getState();
    expect((await progress()).mapping).toBe('needs_attention');
    // Technicians see no setup.
    const tech = await signSession({ role: 'technician', sub: 'usr_theo' });
    expect((await t.request('/api/v1/setup/progress', { token: tech })).status).toBe(403);
  });
});

describe('reading the mapping', () => {
  it('reads QuickBooks once for a page load and the loads within a minute; Retry and a new account read afresh', async () => {
    const reads = () => chart.state.calls.filter((c) => c === 'listAccounts').length;
    const page = async () =>
      MappingStateResponse.parse(await (await t.request('/api/v1/mapping', { token: owner })).json());
    const before = reads();
    await Promise.all([page(), page(), page()]);
    await page();
    expect(reads() - before).toBe(1);
    // Someone renames an account in QuickBooks: a plain reload within the minute still shows the last read…
    chart.state.accounts = chart.state.accounts.map((a) =>
      a.id === '10' ? { ...a, name: 'Field services' } : a,
    );
    expect((await page()).accounts.find((a) => a.id === '10')?.name).not.toBe('Field services');
    // …Retry reads afresh, and a minute later a reload does too.
    expect((await getState()).accounts.find((a) => a.id === '10')?.name).toBe('Field services');
    expect(reads() - before).toBe(2);
    t.clock.advance(61_000);
    await page();
    expect(reads() - before).toBe(3);
  });

  it('counts the chart reads as Intuit metered calls of this company, and not the writes (issue 24)', async () => {
    expect((await t.request('/api/v1/mapping', { token: owner })).status).toBe(200);
    const created = await t.request('/api/v1/mapping/accounts', {
      token: owner,
      ...json({ concept: 'bank_deposit', name: 'Operating Checking' }),
    });
    expect(created.status).toBeLessThan(500);
    const view = async () =>
      (await (await t.request('/operator/metered-calls')).json()) as {
        total: number;
        companies: { realmId: string; calls: number; byPurpose: Record<string, number> }[];
      };
    await vi.waitFor(async () => expect((await view()).companies[0]?.byPurpose.chart).toBe(4));
    const metered = await view();
    expect(metered.companies.map((c) => c.realmId)).toEqual([REALM]);
    expect(metered.total).toBe(metered.companies[0]!.calls);
    expect((await t.request('/operator/metered-calls?month=2026-13')).status).toBe(400);
    expect((await t.request('/operator/metered-calls?month=2026-12&x=1')).status).toBe(400);
    expect(await (await t.request('/metrics')).text()).toMatch(
      /bff_qbo_metered_calls_total\{api="chart",operation="listAccounts"\} 1/,
    );
  });

  it('never serves one company’s cached chart after reconnecting to another within the minute', async () => {
    const reads = () => chart.state.calls.filter((c) => c === 'listAccounts').length;
    const page = () => t.request('/api/v1/mapping', { token: owner });
    expect((await page()).status).toBe(200);
    const before = reads();
    expect((await t.request('/api/v1/connection/disconnect', { method: 'POST', token: owner })).status).toBe(
      200,
    );
    const flow = await beginFlow(t.request, owner);
    const other = '9130350000002';
    await callback(
      t.request,
      { code: t.intuit.grantCode(other), state: flow.state, realmId: other },
      flow.cookie,
    );
    expect((await page()).status).toBe(200);
    expect(reads() - before).toBe(1);
  });

  it('answers the live chart with a suggestion and its reason for every concept', async () => {
    const s = await getState();
    expect(s.status).toBe('unmapped');
    expect(s.missingPrerequisites).toEqual([]);
    expect(s.concepts.find((c) => c.concept === 'service_revenue')).toMatchObject({
      required: true,
      compatibleTypes: ['Income'],
      suggestion: { accountId: '10', reason: 'detail_type' },
      selectedAccountId: '10',
      problem: null,
    });
    expect(s.itemMappings).toEqual([
      { kind: 'labor', selectedItemId: '1', problem: null },
      { kind: 'parts', selectedItemId: '3', problem: null },
    ]);
    expect(s.taxRates.map((r) => [r.taxRateId, r.selectedTaxCodeId, r.problem])).toEqual([
      ['tax_denver', '3', null],
      ['tax_state', '4', null],
    ]);
    expect(s.salesTax).toEqual({ enabled: true, automated: false });
    // QuickBooks shapes never leave the BFF.
    expect(JSON.stringify(s)).not.toMatch(/"(Id|SyncToken|AccountType|DisplayName)"/);
  });

  it('lists the missing minimum accounts', async () => {
    chart.state.accounts = chart.state.accounts.filter(
      (a) => a.type !== 'Other Current Liability' && a.type !== 'Bank',
    );
    const s = await getState();
    expect(s.missingPrerequisites).toEqual(['sales_tax_payable', 'bank_deposit']);
  });

  it('reports Automated Sales Tax from the company preferences', async () => {
    chart.state.tax = { enabled: true, automated: true };
    expect((await getState()).salesTax.automated).toBe(true);
  });

  it('says why it cannot read QuickBooks or Exoserva, with a retryable code', async () => {
    chart.failNext({ kind: 'unavailable', message: 'down' });
    const res = await t.request('/api/v1/mapping', { token: owner });
    expect(res.status).toBe(503);
    expect(ErrorEnvelope.parse(await res.json()).error.code).toBe('qbo_unavailable');
    exo.state.down = true;
    const res2 = await t.request('/api/v1/mapping', { token: owner });
    expect(res2.status).toBe(503);
    expect(ErrorEnvelope.parse(await res2.json()).error.code).toBe('exoserva_unavailable');
  });
});

describe('saving', () => {
  it('saves version 1, audits who and what, and the GET shows it mapped', async () => {
    const res = await save(acceptAll(await getState()));
    expect(res.status).toBe(200);
    expect(SaveMappingResponse.parse(await res.json())).toEqual({
      version: 1,
      newVersion: true,
      repostRequested: null,
    });
    const row = (
      await t.bff.database.query<{ mapping: Record<string, unknown> }>('SELECT mapping FROM account_mappings')
    ).rows[0];
    expect(row?.mapping).toMatchObject({
      version: 1,
      serviceRevenueAccountId: '10',
      productRevenueAccountId: '11',
      laborItemId: '1',
      partsItemId: '3',
      taxCodes: { tax_denver: '3', tax_state: '4' },
      automatedSalesTax: false,
      paymentRouting: { cash: 'undeposited_funds', check: 'undeposited_funds' },
    });
    const s = await getState();
    expect(s.status).toBe('mapped');
    expect(s.current?.version).toBe(1);
    const audit = AuditResponse.parse(await (await t.request('/api/v1/audit', { token: owner })).json());
    expect(audit.entries[0]).toMatchObject({
      action: 'mapping_saved',
      actor: { userId: 'usr_olivia', role: 'owner' },
    });
    const changes = (
      await t.bff.database.query<{ changes: { before: unknown; after: { mapping: unknown } } }>(
        `SELECT changes FROM audit_log WHERE action = 'mapping_saved'`,
      )
    ).rows[0]?.changes;
    expect(changes?.before).toBeNull();
    expect(changes?.after.mapping).toMatchObject({ version: 1 });
  });

  it('re-reads QuickBooks at save time and refuses an account inactivated since the page loaded', async () => {
    const body = acceptAll(await getState());
    chart.state.accounts = chart.state.accounts.map((a) => (a.id === '1' ? { ...a, active: false } : a));
    const res = await save(body);
    expect(res.status).toBe(422);
    const err = ErrorEnvelope.parse(await res.json()).error;
    expect(err.code).toBe('mapping_invalid');
    expect((err.details as { problems: Array<{ field: string; code: string }> }).problems).toContainEqual(
      expect.objectContaining({ field: 'accounts.bank_deposit', code: 'account_inactive' }),
    );
    expect(await countRows('SELECT count(*)::integer AS n FROM account_mappings')).toBe(0);
  });

  it('blocks an unmapped tax rate with the invalid-tax-rate guidance', async () => {
    exo.state.taxRates.push({ id: 'tax_oak', name: 'Oakland', rateMillionths: 102_500 });
    const s = await getState();
    expect(s.taxRates.find((r) => r.taxRateId === 'tax_oak')).toMatchObject({
      selectedTaxCodeId: null,
      problem: 'no_match',
    });
    const res = await save(acceptAll(s));
    expect(res.status).toBe(422);
    expect(ErrorEnvelope.parse(await res.json()).error.message).toBe(INVALID_TAX_RATE_MESSAGE);
    expect(await countRows('SELECT count(*)::integer AS n FROM account_mappings')).toBe(0);
  });

  it('answers malformed input with a 400 and saves nothing', async () => {
    for (const body of [
      {},
      { ...acceptAll(await getState()), accounts: { service_revenue: '10' } },
      { extra: true },
    ]) {
      const res = await save(body);
      expect(res.status).toBe(400);
      expect(ErrorEnvelope.parse(await res.json()).error.code).toBe('validation_failed');
    }
    const res = await t.request('/api/v1/mapping', { token: owner, method: 'POST', body: '{not json' });
    expect(res.status).toBe(400);
    expect(await countRows('SELECT count(*)::integer AS n FROM account_mappings')).toBe(0);
  });

  it('re-confirms the same choices after a rename without a new version', async () => {
    await save(acceptAll(await getState()));
    chart.state.accounts = chart.state.accounts.map((a) =>
      a.id === '1' ? { ...a, name: 'Operating Checking' } : a,
    );
    const broken = await getState();
    expect(broken.status).toBe('account_not_found');
    expect(broken.concepts.find((c) => c.concept === 'bank_deposit')?.problem).toEqual({
      code: 'renamed',
      savedName: 'Checking',
      currentName: 'Operating Checking',
    });
    const res = await save(acceptAll(broken));
    expect(SaveMappingResponse.parse(await res.json())).toMatchObject({ version: 1, newVersion: false });
    expect((await getState()).status).toBe('mapped');
  });

  it('puts the mapping in the account-not-found state when a mapped account is deleted or an item inactivated', async () => {
    await save(acceptAll(await getState()));
    chart.state.accounts = chart.state.accounts.filter((a) => a.id !== '12');
    chart.state.items = chart.state.items.map((i) => (i.id === '3' ? { ...i, active: false } : i));
    const s = await getState();
    expect(s.status).toBe('account_not_found');
    expect(s.concepts.find((c) => c.concept === 'discounts')?.problem?.code).toBe('not_found');
    expect(s.itemMappings[1]?.problem).toBe('inactive');
    // The Sync Status page says it too, without reading QuickBooks itself (issue 21).
    const status = async () =>
      SyncStatusResponse.parse(await (await t.request('/api/v1/sync/status', { token: owner })).json())
        .mapping;
    expect(await status()).toMatchObject({
      status: 'account_not_found',
      problems: [
        { what: 'discounts', code: 'not_found' },
        { what: 'parts_item', code: 'inactive' },
      ],
    });
    // Re-mapped and saved: the dashboard is clear again.
    chart.state.items = chart.state.items.map((i) => (i.id === '3' ? { ...i, active: true } : i));
    chart.state.accounts.push({
      id: '12',
      name: 'Discounts given',
      type: 'Income',
      subtype: 'DiscountsRefundsGiven',
      active: true,
    } as never);
    expect((await save(acceptAll(await getState()))).status).toBe(200);
    expect(await status()).toMatchObject({ status: 'mapped', problems: [] });
  });
});

describe('re-mapping after records synced', () => {
  it('warns with the count, requires confirmation, and stores an explicit re-post request', async () => {
    const first = acceptAll(await getState());
    await save(first);
    await addSyncedInvoices(3, 1);
    const s = await getState();
    expect(s.syncedWithCurrentVersion).toEqual({ total: 3, byEntity: { invoice: 3 } });

    const changed = { ...first, accounts: { ...first.accounts, discounts: '13' } };
    const refused = await save(changed);
    expect(refused.status).toBe(409);
    const err = ErrorEnvelope.parse(await refused.json()).error;
    expect(err.code).toBe('remap_confirmation_required');
    expect(err.details).toEqual({ synced: { total: 3, byEntity: { invoice: 3 } } });
    expect(await countRows('SELECT count(*)::integer AS n FROM account_mappings')).toBe(1);

    const res = await save({
      ...changed,
      confirmRemap: true,
      repost: { from: '2026-10-01', to: '2026-10-31' },
    });
    expect(res.status).toBe(200);
    expect(SaveMappingResponse.parse(await res.json())).toEqual({
      version: 2,
      newVersion: true,
      repostRequested: { from: '2026-10-01', to: '2026-10-31' },
    });
    expect((await t.bff.database.query(`SELECT mapping_version, status FROM mapping_reposts`)).rows).toEqual([
      { mapping_version: 2, status: 'pending' },
    ]);
    // New records use version 2; the 3 already synced keep version 1.
    expect((await getState()).syncedWithCurrentVersion.total).toBe(0);
  });

  it('refuses a re-post range that ends before it starts', async () => {
    const res = await save({
      ...acceptAll(await getState()),
      repost: { from: '2026-10-31', to: '2026-10-01' },
    });
    expect(res.status).toBe(400);
  });
});

describe('creating missing accounts and items in QuickBooks', () => {
  it('creates the account with the confirmed name and a deterministic requestid', async () => {
    const body = { concept: 'sales_tax_payable', name: 'Sales Tax Payable CO' };
    const res = await t.request('/api/v1/mapping/accounts', { token: owner, ...json(body) });
    expect(res.status).toBe(201);
    const { account } = (await res.json()) as { account: { id: string; type: string } };
    expect(account.type).toBe('Other Current Liability');
    // A retry replays the same requestid: QuickBooks answers the first result, nothing is created twice.
    const again = await t.request('/api/v1/mapping/accounts', { token: owner, ...json(body) });
    expect(((await again.json()) as { account: { id: string } }).account.id).toBe(account.id);
    expect(chart.state.accounts.filter((a) => a.name === 'Sales Tax Payable CO')).toHaveLength(1);
    const audit = AuditResponse.parse(await (await t.request('/api/v1/audit', { token: owner })).json());
    expect(audit.entries[0]?.action).toBe('qbo_record_created');
  });

  it('answers a duplicate name as a conflict', async () => {
    const res = await t.request('/api/v1/mapping/accounts', {
      token: owner,
      ...json({ concept: 'bank_deposit', name: 'Checking' }),
    });
    expect(res.status).toBe(409);
  });

  it('refuses names QuickBooks refuses', async () => {
    const res = await t.request('/api/v1/mapping/accounts', {
      token: owner,
      ...json({ concept: 'bank_deposit', name: 'Bank: Main' }),
    });
    expect(res.status).toBe(400);
    expect(chart.state.calls).not.toContain('createAccount');
  });

  it('creates a labor item that posts to the mapped income account, and refuses a non-income account', async () => {
    const res = await t.request('/api/v1/mapping/items', {
      token: owner,
      ...json({ kind: 'labor', name: 'Labor', incomeAccountId: '10' }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ item: { name: 'Labor', kind: 'labor', incomeAccountId: '10' } });
    const bad = await t.request('/api/v1/mapping/items', {
      token: owner,
      ...json({ kind: 'parts', name: 'Parts', incomeAccountId: '1' }),
    });
    expect(bad.status).toBe(400);
  });
});

describe('customer direction', () => {
  it('defaults to one-way until chosen, stores the choice and audits the change', async () => {
    const before = DirectionResponse.parse(
      await (await t.request('/api/v1/customer-direction', { token: owner })).json(),
    );
    expect(before).toEqual({ direction: 'one_way', chosen: false, updatedAt: null });
    const res = await t.request('/api/v1/customer-direction', {
      token: owner,
      ...json({ direction: 'two_way' }),
    });
    expect(DirectionResponse.parse(await res.json())).toMatchObject({ direction: 'two_way', chosen: true });
    const row = (
      await t.bff.database.query('SELECT customer_direction, updated_by FROM integration_settings')
    ).rows[0];
    expect(row).toEqual({ customer_direction: 'two_way', updated_by: 'usr_olivia' });
    const audit = AuditResponse.parse(await (await t.request('/api/v1/audit', { token: owner })).json());
    expect(audit.entries[0]).toMatchObject({ action: 'direction_changed' });
    expect(
      (await t.request('/api/v1/customer-direction', { token: owner, ...json({ direction: 'sideways' }) }))
        .status,
    ).toBe(400);
  });
});

describe('customer matching', () => {
  beforeEach(() => {
    chart.state.customers = [
      {
        id: '58',
        displayName: 'Ann Lee',
        companyName: null,
        email: 'ann@example.com',
        phone: null,
        address: null,
      },
      { id: '59', displayName: 'Stone, Bob', companyName: null, email: null, phone: null, address: null },
    ];
    exo.state.customers = [
      exoCustomer({ id: 'cus_ann', displayName: 'Ann Lee', email: 'ann@example.com' }),
      exoCustomer({ id: 'cus_bob', displayName: 'Bob Stone' }),
      exoCustomer({ id: 'cus_zed', displayName: 'Zed Zimmer' }),
      exoCustomer({
        id: 'cus_other',
        tenantId: 'ten_northwind',
        displayName: 'Ann Lee',
        email: 'ann@example.com',
      }),
    ];
  });

  it('groups customers into linked, review and create, and stores accepted links', async () => {
    const res = await t.request('/api/v1/customer-matches', { token: owner });
    const body = CustomerMatchesResponse.parse(await res.json());
    expect(body.rows.map((r) => [r.exoserva.id, r.group, r.candidate?.id ?? null, r.reasons])).toEqual([
      ['cus_ann', 'linked', '58', ['email', 'name']],
      ['cus_bob', 'review', '59', ['name']],
      ['cus_zed', 'create', null, []],
    ]);
    const saved = await t.request('/api/v1/customer-matches', {
      token: owner,
      ...json({
        decisions: [
          { exoservaId: 'cus_ann', qboId: '58' },
          { exoservaId: 'cus_bob', qboId: '59' },
          { exoservaId: 'cus_zed', qboId: null },
        ],
      }),
    });
    expect(SaveMatchesResponse.parse(await saved.json())).toEqual({ linked: 2, willBeCreated: 1 });
    const links = await t.bff.database.query(
      `SELECT exoserva_id, qbo_id, realm_id FROM qbo_links WHERE entity_type = 'customer' ORDER BY exoserva_id`,
    );
    expect(links.rows).toEqual([
      { exoserva_id: 'cus_ann', qbo_id: '58', realm_id: REALM },
      { exoserva_id: 'cus_bob', qbo_id: '59', realm_id: REALM },
    ]);
    const again = CustomerMatchesResponse.parse(
      await (await t.request('/api/v1/customer-matches', { token: owner })).json(),
    );
    expect(again.rows.filter((r) => r.linkedQboId !== null).map((r) => r.exoserva.id)).toEqual([
      'cus_ann',
      'cus_bob',
    ]);
    const audit = AuditResponse.parse(await (await t.request('/api/v1/audit', { token: owner })).json());
    expect(audit.entries[0]).toMatchObject({ action: 'customers_matched' });
  });

  it('refuses linking one QuickBooks customer twice, and unknown ids, saving nothing', async () => {
    const twice = await t.request('/api/v1/customer-matches', {
      token: owner,
      ...json({
        decisions: [
          { exoservaId: 'cus_ann', qboId: '58' },
          { exoservaId: 'cus_bob', qboId: '58' },
        ],
      }),
    });
    expect(twice.status).toBe(409);
    const unknown = await t.request('/api/v1/customer-matches', {
      token: owner,
      ...json({ decisions: [{ exoservaId: 'cus_other', qboId: '58' }] }),
    });
    expect(unknown.status).toBe(400);
    expect(await countRows(`SELECT count(*)::integer AS n FROM qbo_links`)).toBe(0);
  });
});

describe('security', () => {
  it('lets only owners and tenant admins read or change anything here', async () => {
    const tech = await signSession({ role: 'technician', sub: 'usr_theo' });
    const admin = await signSession({ role: 'tenant_admin', sub: 'usr_adam' });
    for (const [method, path] of [
      ['GET', '/api/v1/mapping'],
      ['POST', '/api/v1/mapping'],
      ['POST', '/api/v1/mapping/accounts'],
      ['POST', '/api/v1/mapping/items'],
      ['GET', '/api/v1/customer-direction'],
      ['POST', '/api/v1/customer-direction'],
      ['GET', '/api/v1/customer-matches'],
      ['POST', '/api/v1/customer-matches'],
    ] as const) {
      const init = method === 'POST' ? json({}) : {};
      expect((await t.request(path, { ...init, token: tech })).status).toBe(403);
      expect((await t.request(path, init)).status).toBe(401);
    }
    expect((await t.request('/api/v1/mapping', { token: admin })).status).toBe(200);
    expect(chart.state.calls.filter((c) => c === 'createAccount')).toEqual([]);
  });

  it('never shows one tenant another tenant’s mapping', async () => {
    await save(acceptAll(await getState()));
    const nora = await signSession({ tid: 'ten_northwind', sub: 'usr_nora' });
    const res = await t.request('/api/v1/mapping', { token: nora });
    // Northwind has no QuickBooks connection: nothing to read, nothing of Summit's.
    expect(res.status).toBe(409);
    expect(ErrorEnvelope.parse(await res.json()).error.code).toBe('qbo_reauth_required');
  });
});
