import { QboAccountType, type ChartAccount, type ChartTaxCode, type ItemKind } from '@exoserva/contracts';
import type { Config } from '../config.ts';
import { ok, type Result } from '../http/errors.ts';
import type { QboFailure } from '../ports/qbo-api.ts';
import type {
  ChartCustomer,
  ChartItemWithState,
  QboChartApi,
  QboCompanyAccess,
} from '../ports/qbo-chart-api.ts';
import { callQuickBooks, createQuickBooksClient } from './node-quickbooks-api.ts';

type Raw = Record<string, unknown>;
type Ref = { value?: string; name?: string } | undefined;

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

// Name-list queries return only active rows unless Active is filtered (REFERENCE §3.2); fetchAll keeps
// paging while a page comes back full (node-quickbooks compares maxResults with the limit).
const ALL_ROWS = [
  { field: 'Active', value: [true, false], operator: 'IN' },
  { field: 'fetchAll', value: true },
];
const ACTIVE_ROWS = [{ field: 'fetchAll', value: true }];

function rowsOf(data: unknown, entity: string): Raw[] {
  const list = (data as { QueryResponse?: Record<string, unknown> } | undefined)?.QueryResponse?.[entity];
  return Array.isArray(list) ? (list as Raw[]) : [];
}

function toAccount(a: Raw): ChartAccount | null {
  const type = QboAccountType.safeParse(a.AccountType);
  if (!type.success || typeof a.Id !== 'string') return null;
  return {
    id: a.Id,
    name: String(a.FullyQualifiedName ?? a.Name ?? ''),
    type: type.data,
    subtype: str(a.AccountSubType),
    active: a.Active !== false,
  };
}

const ITEM_KIND: Record<string, ItemKind> = { Service: 'labor', NonInventory: 'parts' };
const ITEM_TYPE: Record<ItemKind, string> = { labor: 'Service', parts: 'NonInventory' };

function toItem(i: Raw): ChartItemWithState | null {
  const kind = ITEM_KIND[String(i.Type)];
  if (!kind || typeof i.Id !== 'string') return null;
  return {
    id: i.Id,
    name: String(i.FullyQualifiedName ?? i.Name ?? ''),
    kind,
    incomeAccountId: (i.IncomeAccountRef as Ref)?.value ?? null,
    active: i.Active !== false,
  };
}

/** QuickBooks rates are decimal percents (7.25); the product counts millionths (72500). */
export function percentToMillionths(rate: unknown): number {
  const text = typeof rate === 'number' ? String(rate) : typeof rate === 'string' ? rate : '0';
  const match = /^(\d+)(?:\.(\d{1,4}))?/.exec(text.trim());
  if (!match) return 0;
  return Number(match[1]) * 10_000 + Number((match[2] ?? '').padEnd(4, '0'));
}

/** 81500 millionths → "8.15" (a percentage for the tax service, by string math: no float). */
export function millionthsToPercent(millionths: number): string {
  const digits = String(millionths).padStart(5, '0');
  return `${digits.slice(0, -4)}.${digits.slice(-4)}`.replace(/\.?0+$/, '');
}

function toCustomer(c: Raw): ChartCustomer | null {
  if (typeof c.Id !== 'string') return null;
  const addr = (c.BillAddr ?? c.ShipAddr) as Raw | undefined;
  return {
    id: c.Id,
    displayName: String(c.DisplayName ?? ''),
    companyName: str(c.CompanyName),
    email: str((c.PrimaryEmailAddr as Raw | undefined)?.Address),
    phone: str((c.PrimaryPhone as Raw | undefined)?.FreeFormNumber),
    address:
      addr && str(addr.Line1)
        ? { line1: String(addr.Line1), city: str(addr.City), postalCode: str(addr.PostalCode) }
        : null,
  };
}

/** The QboChartApi port on node-quickbooks 2.0.50. */
export function nodeQuickBooksChartApi(qbo: Config['qbo']): QboChartApi {
  const client = ({ realmId, accessToken }: QboCompanyAccess) =>
    createQuickBooksClient(qbo, realmId, accessToken);

  async function find(
    access: QboCompanyAccess,
    method:
      'findAccounts' | 'findItems' | 'findTaxCodes' | 'findTaxRates' | 'findTaxAgencies' | 'findCustomers',
    entity: string,
    criteria: unknown,
  ): Promise<Result<Raw[], QboFailure>> {
    const qb = client(access);
    // node-quickbooks mutates the criteria array while paging: hand it a copy.
    const copy = (criteria as Raw[]).map((c) => ({ ...c }));
    const result = await callQuickBooks<unknown>((cb) => qb[method](copy as never, cb as never));
    return result.ok ? ok(rowsOf(result.value, entity)) : result;
  }

  return {
    async listAccounts(access) {
      const rows = await find(access, 'findAccounts', 'Account', ALL_ROWS);
      if (!rows.ok) return rows;
      return ok(rows.value.map(toAccount).filter((a): a is ChartAccount => a !== null));
    },

    async listItems(access) {
      const rows = await find(access, 'findItems', 'Item', ALL_ROWS);
      if (!rows.ok) return rows;
      return ok(rows.value.map(toItem).filter((i): i is ChartItemWithState => i !== null));
    },

    async listTaxCodes(access) {
      const [codes, rates] = await Promise.all([
        find(access, 'findTaxCodes', 'TaxCode', ACTIVE_ROWS),
        find(access, 'findTaxRates', 'TaxRate', ALL_ROWS),
      ]);
      if (!codes.ok) return codes;
      if (!rates.ok) return rates;
      const rateById = new Map(rates.value.map((r) => [String(r.Id), percentToMillionths(r.RateValue)]));
      const result: ChartTaxCode[] = [];
      for (const code of codes.value) {
        // TAX and NON are the US pseudo codes used on lines, not rates a transaction can carry (REFERENCE §4).
        if (typeof code.Id !== 'string' || code.Id === 'TAX' || code.Id === 'NON') continue;
        const details = ((code.SalesTaxRateList as Raw | undefined)?.TaxRateDetail ?? []) as Raw[];
        if (details.length === 0) continue;
        const rate = details.reduce(
          (sum, d) => sum + (rateById.get(String((d.TaxRateRef as Ref)?.value)) ?? 0),
          0,
        );
        result.push({ id: code.Id, name: String(code.Name ?? ''), rateMillionths: rate });
      }
      return ok(result);
    },

    async getTaxSettings(access) {
      const qb = client(access);
      const result = await callQuickBooks<Raw>((cb) => qb.getPreferences(cb as never));
      if (!result.ok) return result;
      const taxPrefs = (result.value?.TaxPrefs ?? {}) as Raw;
      // PartnerTaxEnabled (minorversion ≥ 3) says Automated Sales Tax is on (REFERENCE §4 TaxCode / TaxRate).
      return ok({ enabled: taxPrefs.UsingSalesTax === true, automated: taxPrefs.PartnerTaxEnabled === true });
    },

    async listCustomers(access) {
      const rows = await find(access, 'findCustomers', 'Customer', ACTIVE_ROWS);
      if (!rows.ok) return rows;
      return ok(rows.value.map(toCustomer).filter((c): c is ChartCustomer => c !== null));
    },

    async createAccount(access, { name, type, subtype, requestId }) {
      const qb = client(access);
      // `requestId` on the entity becomes the `requestid` query parameter: a retry never creates twice.
      const result = await callQuickBooks<Raw>((cb) =>
        qb.createAccount(
          { Name: name, AccountType: type, AccountSubType: subtype, requestId } as never,
          cb as never,
        ),
      );
      if (!result.ok) return result;
      const account = toAccount(result.value);
      return account
        ? ok(account)
        : { ok: false, error: { kind: 'fault', message: 'QuickBooks answered an account we cannot read' } };
    },

    async createTaxCode(access, { name, rateMillionths, requestId }) {
      const agencies = await find(access, 'findTaxAgencies', 'TaxAgency', ACTIVE_ROWS);
      if (!agencies.ok) return agencies;
      const agency = agencies.value[0];
      if (!agency) {
        return {
          ok: false,
          error: {
            kind: 'fault',
            message:
              'This QuickBooks company has no sales tax agency yet. Set up sales tax in QuickBooks (Taxes → Set up sales tax), then create the tax code again.',
          },
        };
      }
      const qb = client(access);
      // The tax service answers the TaxCode's id and its rates, not the TaxCode entity (REFERENCE §4 TaxCode).
      const result = await callQuickBooks<Raw>((cb) =>
        qb.createTaxService(
          {
            TaxCode: name,
            TaxRateDetails: [
              {
                TaxRateName: name,
                RateValue: millionthsToPercent(rateMillionths),
                TaxAgencyId: String(agency.Id),
                TaxApplicableOn: 'Sales',
              },
            ],
            requestId,
          } as never,
          cb as never,
        ),
      );
      if (!result.ok) return result;
      const id = result.value?.TaxCodeId;
      if (typeof id !== 'string' && typeof id !== 'number') {
        return {
          ok: false,
          error: { kind: 'fault', message: 'QuickBooks answered a tax code we cannot read' },
        };
      }
      return ok({ id: String(id), name: String(result.value?.TaxCode ?? name), rateMillionths });
    },

    async createItem(access, { name, kind, incomeAccountId, requestId }) {
      const qb = client(access);
      const result = await callQuickBooks<Raw>((cb) =>
        qb.createItem(
          {
            Name: name,
            Type: ITEM_TYPE[kind],
            IncomeAccountRef: { value: incomeAccountId },
            requestId,
          } as never,
          cb as never,
        ),
      );
      if (!result.ok) return result;
      const item = toItem(result.value);
      return item
        ? ok(item)
        : { ok: false, error: { kind: 'fault', message: 'QuickBooks answered an item we cannot read' } };
    },
  };
}
