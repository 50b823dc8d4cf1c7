/** Validation and defaults for name-list entities (Customer, Vendor, Employee, Account, Item, ...). */
import type { Books } from './books.ts';
import { faults } from './faults.ts';
import { isRec, optBool, optDecimal, optRecord, optRefId, optString, type Rec } from './input.ts';
import { decimalToNumber } from './money.ts';
import { CLASSIFICATION } from './seed.ts';

const USD = { value: 'USD', name: 'United States Dollar' };
const PEOPLE = ['Customer', 'Vendor', 'Employee'];
const DELETED_SUFFIX = ' (deleted)';

/** Fields QuickBooks computes; whatever a caller sends for them is dropped. */
const READ_ONLY = [
  'Id',
  'SyncToken',
  'MetaData',
  'domain',
  'sparse',
  'status',
  'Balance',
  'BalanceWithJobs',
  'CurrentBalance',
  'CurrentBalanceWithSubAccounts',
  'FullyQualifiedName',
  'Classification',
];

const ACCOUNT_SUBTYPES: Record<string, string[]> = {
  Bank: ['CashOnHand', 'Checking', 'MoneyMarket', 'RentsHeldInTrust', 'Savings', 'TrustAccounts'],
  'Accounts Receivable': ['AccountsReceivable'],
  'Other Current Asset': [
    'OtherCurrentAssets',
    'UndepositedFunds',
    'Inventory',
    'PrepaidExpenses',
    'AllowanceForBadDebts',
    'EmployeeCashAdvances',
    'LoansToOfficers',
    'LoansToOthers',
    'Retainage',
  ],
  'Fixed Asset': ['MachineryAndEquipment', 'Vehicles', 'FurnitureAndFixtures', 'OtherFixedAssets'],
  'Other Asset': ['OtherLongTermAssets', 'SecurityDeposits'],
  'Accounts Payable': ['AccountsPayable'],
  'Credit Card': ['CreditCard'],
  'Other Current Liability': [
    'OtherCurrentLiabilities',
    'SalesTaxPayable',
    'PayrollTaxPayable',
    'LineOfCredit',
    'LoanPayable',
    'TrustAccountsLiabilities',
  ],
  'Long Term Liability': ['NotesPayable', 'OtherLongTermLiabilities', 'ShareholderNotesPayable'],
  Equity: [
    'OpeningBalanceEquity',
    'RetainedEarnings',
    'OwnersEquity',
    'PartnerContributions',
    'PartnersEquity',
  ],
  Income: [
    'OtherPrimaryIncome',
    'ServiceFeeIncome',
    'SalesOfProductIncome',
    'DiscountsRefundsGiven',
    'NonProfitIncome',
    'UnappliedCashPaymentIncome',
  ],
  'Other Income': ['OtherMiscellaneousIncome', 'InterestEarned', 'DividendIncome'],
  'Cost of Goods Sold': [
    'SuppliesMaterialsCogs',
    'CostOfLaborCos',
    'EquipmentRentalCos',
    'OtherCostsOfServiceCos',
    'ShippingFreightDeliveryCos',
  ],
  Expense: [
    'OtherMiscellaneousServiceCost',
    'BankCharges',
    'AdvertisingPromotional',
    'Auto',
    'EquipmentRental',
    'Insurance',
    'LegalProfessionalFees',
    'OfficeGeneralAdministrativeExpenses',
    'RentOrLeaseOfBuildings',
    'RepairMaintenance',
    'SuppliesMaterials',
    'Travel',
    'Utilities',
    'PayrollExpenses',
    'CostOfLabor',
  ],
  'Other Expense': ['OtherMiscellaneousExpense', 'Depreciation', 'Amortization', 'PenaltiesSettlements'],
};

const ITEM_TYPES = [
  'Assembly',
  'Category',
  'Fixed Asset',
  'Group',
  'Inventory',
  'NonInventory',
  'Other Charge',
  'Payment',
  'Service',
  'Subtotal',
  'Discount',
  'Tax',
  'Tax Group',
  'Bundle',
];

function base(input: Rec): Rec {
  const out: Rec = { ...input };
  for (const key of READ_ONLY) delete out[key];
  return out;
}

function sameName(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();
}

function ref(books: Books, entity: string, id: string, element: string, nameField = 'Name') {
  const target = books.resolveRef(entity, id, element);
  return { value: id, name: target[nameField] as string };
}

function people(books: Books, entity: string, input: Rec, id: string | undefined): Rec {
  const out = base(input);
  const parts = ['Title', 'GivenName', 'MiddleName', 'FamilyName', 'Suffix'].map((k) => {
    const v = optString(input, k, k, k === 'Title' || k === 'Suffix' ? 16 : 100);
    if (v !== undefined) out[k] = v;
    return v?.trim() ?? '';
  });
  let displayName = optString(input, 'DisplayName', 'DisplayName', 500)?.trim();
  // DisplayName defaults to the name parts joined (REFERENCE §4 Customer).
  if (!displayName) displayName = parts.filter(Boolean).join(' ');
  if (!displayName) throw faults.noName();
  if (/[:\t\n]/.test(displayName)) {
    throw faults.business('DisplayName can not contain a colon (:), a tab or a newline.', 'DisplayName');
  }
  const active = optBool(input, 'Active') ?? true;
  if (entity === 'Customer') {
    // An inactive customer is renamed "<name> (deleted)"; reactivating gives the name back.
    if (!active && !displayName.endsWith(DELETED_SUFFIX)) displayName += DELETED_SUFFIX;
    if (active && displayName.endsWith(DELETED_SUFFIX))
      displayName = displayName.slice(0, -DELETED_SUFFIX.length);
  }
  for (const other of PEOPLE) {
    for (const s of books.allStored(other)) {
      if (other === entity && s.data.Id === id) continue;
      if (sameName(s.data.DisplayName, displayName)) throw faults.duplicateName('name');
    }
  }
  const email = optRecord(input, 'PrimaryEmailAddr');
  if (email) {
    const address = optString(email, 'Address', 'PrimaryEmailAddr.Address', 100);
    if (address !== undefined && !(address.includes('@') && address.includes('.'))) {
      throw faults.business(
        `Email Address does not conform to the syntax rules of RFC 822. Supplied value:${address}`,
        'PrimaryEmailAddr.Address',
      );
    }
  }
  out.DisplayName = displayName;
  out.Active = active;
  out.FullyQualifiedName = displayName;
  out.PrintOnCheckName = optString(input, 'PrintOnCheckName', 'PrintOnCheckName', 110) ?? displayName;
  if (entity === 'Customer') {
    const parentId = optRefId(input, 'ParentRef');
    if (parentId) {
      if (parentId === id) throw faults.business('A customer cannot be its own parent.', 'ParentRef');
      const parent = books.resolveRef('Customer', parentId, 'ParentRef');
      out.ParentRef = { value: parentId };
      out.Job = optBool(input, 'Job') ?? true;
      out.Level = ((parent.Level as number | undefined) ?? 0) + 1;
      if ((out.Level as number) > 4)
        throw faults.business('Customers can be nested at most 4 levels.', 'ParentRef');
      out.FullyQualifiedName = `${parent.FullyQualifiedName as string}:${displayName}`;
    } else {
      out.Job = false;
      delete out.Level;
    }
    out.BillWithParent = optBool(input, 'BillWithParent') ?? false;
    out.Taxable = optBool(input, 'Taxable') ?? books.options.salesTax;
    out.CurrencyRef = USD;
    out.PreferredDeliveryMethod = optString(input, 'PreferredDeliveryMethod') ?? 'Print';
    if (!['Print', 'Email', 'None'].includes(out.PreferredDeliveryMethod as string)) {
      throw faults.invalidEnum('PreferredDeliveryMethod', out.PreferredDeliveryMethod as string);
    }
    const taxCode = optRefId(input, 'DefaultTaxCodeRef');
    if (taxCode)
      out.DefaultTaxCodeRef = {
        value: taxCode,
        name: ref(books, 'TaxCode', taxCode, 'DefaultTaxCodeRef').name,
      };
  }
  if (entity === 'Vendor') {
    out.CurrencyRef = USD;
    out.Vendor1099 = optBool(input, 'Vendor1099') ?? false;
  }
  return out;
}

function account(books: Books, input: Rec, id: string | undefined): Rec {
  const out = base(input);
  const name = optString(input, 'Name', 'Name', 100)?.trim();
  if (!name) throw faults.required('Name');
  if (/[":]/.test(name))
    throw faults.business('Account name can not contain a double quote (") or a colon (:).', 'Name');
  for (const s of books.allStored('Account')) {
    if (s.data.Id !== id && sameName(s.data.Name, name)) throw faults.duplicateName('account');
  }
  let type = optString(input, 'AccountType');
  let subType = optString(input, 'AccountSubType');
  if (!type && !subType) throw faults.accountType();
  if (type && !ACCOUNT_SUBTYPES[type]) throw faults.invalidEnum('AccountType', type);
  if (subType) {
    const owner = Object.keys(ACCOUNT_SUBTYPES).find((t) => ACCOUNT_SUBTYPES[t]?.includes(subType as string));
    if (!owner) throw faults.invalidEnum('AccountSubType', subType);
    if (type && owner !== type) throw faults.accountType();
    type = owner;
  } else {
    subType = ACCOUNT_SUBTYPES[type as string]?.[0] as string;
  }
  out.Name = name;
  out.AccountType = type;
  out.AccountSubType = subType;
  out.Classification = CLASSIFICATION[type as string];
  out.Active = optBool(input, 'Active') ?? true;
  out.SubAccount = false;
  out.FullyQualifiedName = name;
  out.CurrencyRef = USD;
  return out;
}

function item(books: Books, input: Rec, id: string | undefined): Rec {
  const out = base(input);
  const name = optString(input, 'Name', 'Name', 100)?.trim();
  if (!name) throw faults.required('Name');
  for (const s of books.allStored('Item')) {
    if (s.data.Id !== id && sameName(s.data.Name, name)) throw faults.duplicateName('item');
  }
  const type = optString(input, 'Type');
  if (!type) throw faults.required('Type');
  if (!ITEM_TYPES.includes(type)) throw faults.invalidEnum('Type', type);
  for (const key of ['IncomeAccountRef', 'ExpenseAccountRef', 'AssetAccountRef'] as const) {
    const accountId = optRefId(input, key);
    if (accountId) out[key] = ref(books, 'Account', accountId, key);
    else delete out[key];
  }
  // IncomeAccountRef is required for Inventory and Service items (REFERENCE §4 Item).
  if ((type === 'Service' || type === 'Inventory') && !out.IncomeAccountRef)
    throw faults.required('IncomeAccountRef');
  if (type === 'Inventory' && !out.AssetAccountRef) throw faults.required('AssetAccountRef');
  const price = optDecimal(input, 'UnitPrice');
  out.Name = name;
  out.Type = type;
  out.UnitPrice = price ? decimalToNumber(price) : 0;
  out.Taxable = optBool(input, 'Taxable') ?? false;
  out.Active = optBool(input, 'Active') ?? true;
  out.FullyQualifiedName = name;
  out.TrackQtyOnHand = optBool(input, 'TrackQtyOnHand') ?? false;
  return out;
}

function simpleList(books: Books, entity: string, input: Rec, id: string | undefined): Rec {
  const out = base(input);
  const name = optString(input, 'Name', 'Name', 100)?.trim();
  if (!name) throw faults.required('Name');
  for (const s of books.allStored(entity)) {
    if (s.data.Id !== id && sameName(s.data.Name, name)) throw faults.duplicateName('list');
  }
  out.Name = name;
  out.Active = optBool(input, 'Active') ?? true;
  if (entity === 'Class' || entity === 'Department') {
    out.SubClass = false;
    if (entity === 'Department') {
      delete out.SubClass;
      out.SubDepartment = false;
    }
    out.FullyQualifiedName = name;
  }
  if (entity === 'PaymentMethod') {
    const type = optString(input, 'Type') ?? 'NON_CREDIT_CARD';
    if (!['CREDIT_CARD', 'NON_CREDIT_CARD'].includes(type)) throw faults.invalidEnum('Type', type);
    out.Type = type;
  }
  if (entity === 'TaxRate') {
    const rate = optDecimal(input, 'RateValue');
    if (rate) out.RateValue = decimalToNumber(rate);
  }
  if (entity === 'TaxCode') {
    const list = optRecord(input, 'SalesTaxRateList');
    for (const d of (list?.TaxRateDetail as unknown[] | undefined) ?? []) {
      if (!isRec(d)) throw faults.unsupportedProperty('SalesTaxRateList.TaxRateDetail');
      const rateId = optRefId(d, 'TaxRateRef', 'TaxRateRef');
      if (rateId) books.resolveRef('TaxRate', rateId, 'TaxRateRef');
    }
  }
  return out;
}

function taxAgency(books: Books, input: Rec, id: string | undefined): Rec {
  const out = base(input);
  const name = optString(input, 'DisplayName', 'DisplayName', 100)?.trim();
  if (!name) throw faults.required('DisplayName');
  for (const s of books.allStored('TaxAgency')) {
    if (s.data.Id !== id && sameName(s.data.DisplayName, name)) throw faults.duplicateName('list');
  }
  out.DisplayName = name;
  out.TaxTrackedOnSales = optBool(input, 'TaxTrackedOnSales') ?? true;
  out.TaxTrackedOnPurchases = optBool(input, 'TaxTrackedOnPurchases') ?? false;
  return out;
}

/** Validates a name-list record (create or the merged result of an update) and returns what to store. */
export function normalizeNameEntity(books: Books, entity: string, input: Rec, id: string | undefined): Rec {
  switch (entity) {
    case 'Customer':
    case 'Vendor':
    case 'Employee':
      return people(books, entity, input, id);
    case 'Account':
      return account(books, input, id);
    case 'Item':
      return item(books, input, id);
    case 'TaxAgency':
      return taxAgency(books, input, id);
    default:
      return simpleList(books, entity, input, id);
  }
}
