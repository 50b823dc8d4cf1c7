import {
  CONCEPT_ACCOUNT_TYPES,
  mappingConcepts,
  OPTIONAL_CONCEPTS,
  requestedAccount,
  type AccountProblem,
  type ChartAccount,
  type ChartTaxCode,
  type ItemKind,
  type MappingConcept,
  type MappingProblem,
  type SaveMappingRequest,
  type SuggestionReason,
} from '@exoserva/contracts';
import type { ChartItemWithState } from '../ports/qbo-chart-api.ts';

/**
 * The pure rules of the mapping step: which accounts fit a concept, which one to pre-select and why, what to
 * name a missing one, and whether a mapping may be saved. No I/O; the service feeds them fresh QuickBooks reads.
 */

export const INVALID_TAX_RATE_MESSAGE =
  'Invalid tax rate — create the matching rate in QuickBooks, then retry';

interface ConceptHint {
  /** The QuickBooks detail type (AccountSubType) made for this purpose. */
  subtypes: readonly string[];
  /** Words a bookkeeper uses in the account's name. */
  name: RegExp;
  /** Whether a lone compatible account is a safe guess (not for income accounts that must stay separate). */
  loneIsSafe: boolean;
  /** What a new account is created as, and its default name (the admin confirms the name). */
  create: { type: ChartAccount['type']; subtype: string; name: string };
}

export const CONCEPT_HINTS: Record<MappingConcept, ConceptHint> = {
  service_revenue: {
    subtypes: ['ServiceFeeIncome'],
    name: /\b(service|labou?r)/i,
    loneIsSafe: false,
    create: { type: 'Income', subtype: 'ServiceFeeIncome', name: 'Service Revenue' },
  },
  product_revenue: {
    subtypes: ['SalesOfProductIncome'],
    name: /\b(product|parts?|materials?|equipment)/i,
    loneIsSafe: false,
    create: { type: 'Income', subtype: 'SalesOfProductIncome', name: 'Product Revenue' },
  },
  sales_tax_payable: {
    subtypes: ['SalesTaxPayable'],
    name: /sales\s*tax/i,
    loneIsSafe: true,
    create: { type: 'Other Current Liability', subtype: 'SalesTaxPayable', name: 'Sales Tax Payable' },
  },
  discounts: {
    subtypes: ['DiscountsRefundsGiven'],
    name: /discount/i,
    loneIsSafe: false,
    create: { type: 'Income', subtype: 'DiscountsRefundsGiven', name: 'Discounts Given' },
  },
  bank_deposit: {
    subtypes: ['Checking'],
    name: /(checking|operating)/i,
    loneIsSafe: true,
    create: { type: 'Bank', subtype: 'Checking', name: 'Operating Checking' },
  },
  undeposited_funds: {
    subtypes: ['UndepositedFunds'],
    name: /undeposited/i,
    loneIsSafe: false,
    create: { type: 'Other Current Asset', subtype: 'UndepositedFunds', name: 'Undeposited Funds' },
  },
  merchant_fees: {
    subtypes: ['BankCharges'],
    name: /(merchant|card|stripe|processing)/i,
    loneIsSafe: false,
    create: { type: 'Expense', subtype: 'BankCharges', name: 'Merchant Fees' },
  },
  refund_source: {
    subtypes: ['Checking'],
    name: /(checking|operating)/i,
    loneIsSafe: true,
    create: { type: 'Bank', subtype: 'Checking', name: 'Operating Checking' },
  },
  tips_payable: {
    subtypes: [],
    name: /\b(tips?|gratuit)/i,
    loneIsSafe: false,
    create: { type: 'Other Current Liability', subtype: 'OtherCurrentLiabilities', name: 'Tips Payable' },
  },
  payout_adjustments: {
    subtypes: [],
    name: /(dispute|chargeback)/i,
    loneIsSafe: false,
    create: { type: 'Expense', subtype: 'OtherMiscellaneousServiceCost', name: 'Disputes and Chargebacks' },
  },
};

/** Active accounts a concept may point at, by QuickBooks account type. */
export function compatibleAccounts(
  concept: MappingConcept,
  accounts: readonly ChartAccount[],
): ChartAccount[] {
  const types = CONCEPT_ACCOUNT_TYPES[concept];
  return accounts.filter((a) => a.active && types.includes(a.type));
}

export type Suggestion = { accountId: string; reason: SuggestionReason } | null;

function suggestOne(
  concept: MappingConcept,
  accounts: readonly ChartAccount[],
  taken: Set<string>,
): Suggestion {
  const hint = CONCEPT_HINTS[concept];
  const candidates = compatibleAccounts(concept, accounts).filter((a) => !taken.has(a.id));
  // Merchant fees: an account named for card fees beats the generic "Bank charges" detail type.
  const byName = candidates.find((a) => hint.name.test(a.name));
  const bySubtype =
    candidates.find(
      (a) => a.subtype !== null && hint.subtypes.includes(a.subtype) && hint.name.test(a.name),
    ) ?? candidates.find((a) => a.subtype !== null && hint.subtypes.includes(a.subtype));
  if (concept === 'merchant_fees' && byName) return { accountId: byName.id, reason: 'name' };
  if (bySubtype) return { accountId: bySubtype.id, reason: 'detail_type' };
  if (byName) return { accountId: byName.id, reason: 'name' };
  if (hint.loneIsSafe && candidates.length === 1) {
    return { accountId: (candidates[0] as ChartAccount).id, reason: 'only_compatible' };
  }
  return null;
}

/**
 * A pre-selection for every concept, with its reason. Service and product revenue never share an account
 * (GUIDE: kept separate so gross profit per category can be tracked), and discounts get neither of them.
 */
export function suggestAccounts(accounts: readonly ChartAccount[]): Record<MappingConcept, Suggestion> {
  const out = {} as Record<MappingConcept, Suggestion>;
  const revenue = new Set<string>();
  for (const concept of mappingConcepts) {
    if (concept === 'refund_source') continue;
    const taken = concept === 'product_revenue' || concept === 'discounts' ? revenue : new Set<string>();
    const suggestion = suggestOne(concept, accounts, taken);
    if (suggestion && (concept === 'service_revenue' || concept === 'product_revenue')) {
      revenue.add(suggestion.accountId);
    }
    out[concept] = suggestion;
  }
  // Refunds leave the account card payouts land in.
  const bank = out.bank_deposit;
  out.refund_source = bank
    ? { accountId: bank.accountId, reason: 'same_as_bank' }
    : suggestOne('refund_source', accounts, new Set());
  // Disputes go where Stripe's fees go unless an account is named for them.
  const fees = out.merchant_fees;
  if (!out.payout_adjustments && fees)
    out.payout_adjustments = { accountId: fees.accountId, reason: 'same_as_fees' };
  return out;
}

/** Required concepts with no active account of a compatible type: the admin must create one first. */
export function missingPrerequisites(
  required: readonly MappingConcept[],
  accounts: readonly ChartAccount[],
): MappingConcept[] {
  return required.filter((c) => compatibleAccounts(c, accounts).length === 0);
}

const ITEM_NAME: Record<ItemKind, RegExp> = {
  labor: /(labou?r|service|hours?)/i,
  parts: /(parts?|materials?)/i,
};

/** An active item of the right kind whose income account is the mapped one; a fitting name wins ties. */
export function suggestItem(
  kind: ItemKind,
  incomeAccountId: string | null,
  items: readonly ChartItemWithState[],
): string | null {
  if (!incomeAccountId) return null;
  const fits = items.filter((i) => i.active && i.kind === kind && i.incomeAccountId === incomeAccountId);
  return (fits.find((i) => ITEM_NAME[kind].test(i.name)) ?? fits[0])?.id ?? null;
}

/** A QuickBooks tax code with the same combined rate; a similar name wins ties. */
export function suggestTaxCode(
  rate: { name: string; rateMillionths: number },
  codes: readonly ChartTaxCode[],
): string | null {
  const same = codes.filter((c) => c.rateMillionths === rate.rateMillionths);
  const firstWord = rate.name.split(/\s+/)[0]?.toLowerCase() ?? '';
  return (
    (same.find((c) => firstWord !== '' && c.name.toLowerCase().includes(firstWord)) ?? same[0])?.id ?? null
  );
}

/** What became of a saved account in QuickBooks since it was saved. */
export function accountProblem(
  concept: MappingConcept,
  accountId: string,
  savedName: string | null,
  accounts: readonly ChartAccount[],
): AccountProblem | null {
  const live = accounts.find((a) => a.id === accountId);
  if (!live) return 'not_found';
  if (!live.active) return 'inactive';
  if (!CONCEPT_ACCOUNT_TYPES[concept].includes(live.type)) return 'wrong_type';
  if (savedName !== null && savedName !== live.name) return 'renamed';
  return null;
}

export interface LiveBooks {
  accounts: readonly ChartAccount[];
  items: readonly ChartItemWithState[];
  taxCodes: readonly ChartTaxCode[];
}

/**
 * Everything that blocks saving, checked against a fresh read of QuickBooks: each account exists, is active
 * and has a compatible type; the labor and parts items exist, have the right kind and post to the mapped
 * revenue accounts; every Exoserva tax rate maps to an existing QuickBooks tax code.
 */
export function validateMapping(
  request: Pick<SaveMappingRequest, 'accounts' | 'laborItemId' | 'partsItemId' | 'taxCodes'>,
  live: LiveBooks & { automatedSalesTax?: boolean },
  exoservaRates: ReadonlyArray<{ id: string; name: string }>,
): MappingProblem[] {
  const problems: MappingProblem[] = [];
  for (const concept of mappingConcepts) {
    const id = requestedAccount(request.accounts, concept);
    if (id === null || id === undefined) {
      if (OPTIONAL_CONCEPTS.includes(concept)) continue;
      problems.push({
        field: `accounts.${concept}`,
        code: 'account_not_found',
        message: `Choose an account for ${concept}`,
      });
      continue;
    }
    const problem = accountProblem(concept, id, null, live.accounts);
    if (problem === 'not_found') {
      problems.push({
        field: `accounts.${concept}`,
        code: 'account_not_found',
        message: `Account ${id} does not exist in QuickBooks`,
      });
    } else if (problem === 'inactive') {
      problems.push({
        field: `accounts.${concept}`,
        code: 'account_inactive',
        message: `Account ${id} is inactive in QuickBooks`,
      });
    } else if (problem === 'wrong_type') {
      problems.push({
        field: `accounts.${concept}`,
        code: 'account_wrong_type',
        message: `Account ${id} must be of type ${CONCEPT_ACCOUNT_TYPES[concept].join(' or ')}`,
      });
    }
  }
  const items: Array<[ItemKind, string, string]> = [
    ['labor', request.laborItemId, request.accounts.service_revenue],
    ['parts', request.partsItemId, request.accounts.product_revenue],
  ];
  for (const [kind, itemId, accountId] of items) {
    const field = kind === 'labor' ? 'laborItemId' : 'partsItemId';
    const item = live.items.find((i) => i.id === itemId);
    if (!item || !item.active) {
      problems.push({
        field,
        code: 'item_not_found',
        message: `Item ${itemId} does not exist or is inactive`,
      });
    } else if (item.kind !== kind) {
      problems.push({
        field,
        code: 'item_wrong_type',
        message: `Item ${itemId} must be a ${kind === 'labor' ? 'Service' : 'Non-inventory'} item`,
      });
    } else if (item.incomeAccountId !== accountId) {
      problems.push({
        field,
        code: 'item_wrong_account',
        message: `Item ${itemId} posts to another income account than the one mapped`,
      });
    }
  }
  // Under Automated Sales Tax QuickBooks picks the codes: Exoserva's rates need none.
  for (const rate of live.automatedSalesTax ? [] : exoservaRates) {
    const codeId = request.taxCodes[rate.id];
    if (!codeId || !live.taxCodes.some((c) => c.id === codeId)) {
      problems.push({
        field: `taxCodes.${rate.id}`,
        code: 'invalid_tax_rate',
        message: INVALID_TAX_RATE_MESSAGE,
      });
    }
  }
  return problems;
}
