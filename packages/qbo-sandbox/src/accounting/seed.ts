/** What a brand-new QuickBooks Online company contains: chart of accounts, items, payment methods, tax setup. */
import type { Rec } from './input.ts';

export interface SeedOptions {
  companyName: string;
  realmId: string;
  salesTax: boolean;
  automatedSalesTax: boolean;
  today: string;
}

/** add() stores a record and returns its Id. */
export type AddRecord = (entity: string, data: Rec, id?: string) => string;

const USD = { value: 'USD', name: 'United States Dollar' };

export const CLASSIFICATION: Record<string, string> = {
  Bank: 'Asset',
  'Accounts Receivable': 'Asset',
  'Other Current Asset': 'Asset',
  'Fixed Asset': 'Asset',
  'Other Asset': 'Asset',
  'Accounts Payable': 'Liability',
  'Credit Card': 'Liability',
  'Other Current Liability': 'Liability',
  'Long Term Liability': 'Liability',
  Equity: 'Equity',
  Income: 'Revenue',
  'Other Income': 'Revenue',
  'Cost of Goods Sold': 'Expense',
  Expense: 'Expense',
  'Other Expense': 'Expense',
};

export function seedCompany(add: AddRecord, o: SeedOptions): void {
  const account = (Name: string, AccountType: string, AccountSubType: string): string =>
    add('Account', {
      Name,
      SubAccount: false,
      FullyQualifiedName: Name,
      Active: true,
      Classification: CLASSIFICATION[AccountType],
      AccountType,
      AccountSubType,
      CurrencyRef: USD,
    });

  account('Checking', 'Bank', 'Checking');
  account('Savings', 'Bank', 'Savings');
  account('Accounts Receivable (A/R)', 'Accounts Receivable', 'AccountsReceivable');
  account('Undeposited Funds', 'Other Current Asset', 'UndepositedFunds');
  account('Inventory Asset', 'Other Current Asset', 'Inventory');
  account('Accounts Payable (A/P)', 'Accounts Payable', 'AccountsPayable');
  if (o.salesTax) account('Sales Tax Payable', 'Other Current Liability', 'SalesTaxPayable');
  account('Opening Balance Equity', 'Equity', 'OpeningBalanceEquity');
  account('Retained Earnings', 'Equity', 'RetainedEarnings');
  const services = account('Services', 'Income', 'ServiceFeeIncome');
  const product = account('Sales of Product Income', 'Income', 'SalesOfProductIncome');
  const discounts = account('Discounts given', 'Income', 'DiscountsRefundsGiven');
  account('Uncategorized Income', 'Income', 'OtherPrimaryIncome');
  const cogs = account('Cost of Goods Sold', 'Cost of Goods Sold', 'SuppliesMaterialsCogs');
  account('Bank charges', 'Expense', 'BankCharges');
  account('Uncategorized Expense', 'Expense', 'OtherMiscellaneousServiceCost');

  const ref = (value: string, name: string) => ({ value, name });
  const item = (Name: string, Type: string, extra: Rec) =>
    add('Item', {
      Name,
      Active: true,
      FullyQualifiedName: Name,
      Taxable: false,
      UnitPrice: 0,
      Type,
      TrackQtyOnHand: false,
      ...extra,
    });
  item('Services', 'Service', { IncomeAccountRef: ref(services, 'Services') });
  item('Hours', 'Service', { IncomeAccountRef: ref(services, 'Services') });
  item('Sales', 'NonInventory', {
    Taxable: true,
    IncomeAccountRef: ref(product, 'Sales of Product Income'),
    ExpenseAccountRef: ref(cogs, 'Cost of Goods Sold'),
  });

  for (const [Name, Type] of [
    ['Cash', 'NON_CREDIT_CARD'],
    ['Check', 'NON_CREDIT_CARD'],
    ['Visa', 'CREDIT_CARD'],
    ['MasterCard', 'CREDIT_CARD'],
    ['American Express', 'CREDIT_CARD'],
  ] as const) {
    add('PaymentMethod', { Name, Active: true, Type });
  }

  let taxGroup: string | undefined;
  if (o.salesTax) {
    const agencyName = 'California Department of Tax and Fee Administration';
    const agency = add('TaxAgency', {
      DisplayName: agencyName,
      TaxTrackedOnPurchases: false,
      TaxTrackedOnSales: true,
    });
    const rate = (Name: string, RateValue: number) =>
      add('TaxRate', {
        Name,
        Description: Name,
        Active: true,
        RateValue,
        AgencyRef: ref(agency, agencyName),
        SpecialTaxType: 'NONE',
        DisplayType: 'ReadOnly',
        EffectiveTaxRate: [{ RateValue, EffectiveDate: '2017-01-01T00:00:00-08:00' }],
      });
    const state = rate('California', 7.25);
    const county = rate('San Francisco County', 1.375);
    const code = (Name: string, rates: [string, string][], id?: string) =>
      add(
        'TaxCode',
        {
          Name,
          Description: Name,
          Active: true,
          Hidden: false,
          Taxable: rates.length > 0 || Name === 'TAX',
          TaxGroup: rates.length > 0,
          SalesTaxRateList: {
            TaxRateDetail: rates.map(([value, name], i) => ({
              TaxRateRef: ref(value, name),
              TaxTypeApplicable: 'TaxOnAmount',
              TaxOrder: i,
            })),
          },
          PurchaseTaxRateList: { TaxRateDetail: [] },
        },
        id,
      );
    // US companies carry the pseudo tax codes TAX and NON used on sales-form lines (REFERENCE §4).
    code('TAX', [], 'TAX');
    code('NON', [], 'NON');
    taxGroup = code('California', [[state, 'California']]);
    code('San Francisco', [
      [state, 'California'],
      [county, 'San Francisco County'],
    ]);
  }

  add('Preferences', {
    AccountingInfoPrefs: {
      TrackDepartments: false,
      DepartmentTerminology: 'Location',
      ClassTrackingPerTxn: false,
      ClassTrackingPerTxnLine: false,
      CustomerTerminology: 'Customers',
      FirstMonthOfFiscalYear: 'January',
      TaxYearMonth: 'January',
    },
    ProductAndServicesPrefs: {
      ForSales: true,
      ForPurchase: true,
      QuantityWithPriceAndRate: true,
      QuantityOnHand: true,
    },
    SalesFormsPrefs: {
      CustomTxnNumbers: true,
      AllowDeposit: true,
      AllowDiscount: true,
      DefaultDiscountAccount: discounts,
      AllowEstimates: true,
      AllowShipping: false,
      AllowServiceDate: false,
      IPNSupportEnabled: false,
      UsingPriceLevels: false,
      UsingProgressInvoicing: false,
      ETransactionEnabledStatus: 'NotApplicable',
    },
    VendorAndPurchasesPrefs: { TrackingByCustomer: true, BillableExpenseTracking: true },
    TimeTrackingPrefs: { UseServices: true, WorkWeekStartDate: 'Monday', MarkTimeEntriesBillable: true },
    TaxPrefs: {
      UsingSalesTax: o.salesTax,
      PartnerTaxEnabled: o.salesTax && o.automatedSalesTax,
      ...(taxGroup ? { TaxGroupCodeRef: { value: taxGroup } } : {}),
    },
    CurrencyPrefs: { MultiCurrencyEnabled: false, HomeCurrency: { value: 'USD' } },
    ReportPrefs: { ReportBasis: 'Accrual', CalcAgingReportFromTxnDate: false },
    OtherPrefs: {
      NameValue: [{ Name: 'SalesFormsPrefs.DefaultCustomerMessage', Value: 'Thank you for your business.' }],
    },
  });

  const addr = {
    Id: '1',
    Line1: '123 Sierra Way',
    City: 'San Pablo',
    CountrySubDivisionCode: 'CA',
    PostalCode: '87999',
    // Company addresses carry ISO-3 country codes since 2025 (REFERENCE §4 CompanyInfo).
    Country: 'USA',
  };
  add(
    'CompanyInfo',
    {
      CompanyName: o.companyName,
      LegalName: o.companyName,
      CompanyAddr: addr,
      CustomerCommunicationAddr: addr,
      LegalAddr: addr,
      CustomerCommunicationEmailAddr: { Address: 'noreply@example.com' },
      PrimaryPhone: { FreeFormNumber: '(650) 944-4444' },
      CompanyStartDate: o.today,
      FiscalYearStartMonth: 'January',
      Country: 'US',
      Email: { Address: 'noreply@example.com' },
      WebAddr: {},
      SupportedLanguages: 'en',
      DefaultTimeZone: 'America/Los_Angeles',
      NameValue: [
        { Name: 'NeoEnabled', Value: 'true' },
        { Name: 'IndustryType', Value: 'Construction Trades' },
        { Name: 'CompanyType', Value: 'Other' },
        { Name: 'SubscriptionStatus', Value: 'SUBSCRIBED' },
        { Name: 'OfferingSku', Value: 'QuickBooks Online Plus' },
        { Name: 'PayrollFeature', Value: 'false' },
        { Name: 'AccountantFeature', Value: 'false' },
        { Name: 'ItemCategoriesFeature', Value: 'true' },
      ],
    },
    '1',
  );
}
