import { z } from 'zod';
import { AccountMapping, CustomerSyncDirection } from './account-mapping.ts';
import { IsoDate } from './calendar.ts';

/**
 * The mapping, customer-direction and customer-matching endpoints of the BFF (GUIDE steps 3 and 4), shared by
 * the BFF (validates requests) and the wizard (validates responses). All need an Owner or Tenant Administrator
 * session. QuickBooks ids are strings; QuickBooks account types are named as QuickBooks names them, because
 * that is what the admin sees in QuickBooks.
 */
export const mappingApi = {
  get: { method: 'GET', path: '/api/v1/mapping' },
  /** The same answer, read afresh from QuickBooks (GET serves a page load's read for a minute). */
  refresh: { method: 'POST', path: '/api/v1/mapping/refresh' },
  save: { method: 'POST', path: '/api/v1/mapping' },
  createAccount: { method: 'POST', path: '/api/v1/mapping/accounts' },
  createItem: { method: 'POST', path: '/api/v1/mapping/items' },
  createTaxCode: { method: 'POST', path: '/api/v1/mapping/tax-codes' },
  getDirection: { method: 'GET', path: '/api/v1/customer-direction' },
  setDirection: { method: 'POST', path: '/api/v1/customer-direction' },
  getMatches: { method: 'GET', path: '/api/v1/customer-matches' },
  saveMatches: { method: 'POST', path: '/api/v1/customer-matches' },
} as const;

export const qboAccountTypes = [
  'Bank',
  'Accounts Receivable',
  'Other Current Asset',
  'Fixed Asset',
  'Other Asset',
  'Accounts Payable',
  'Credit Card',
  'Other Current Liability',
  'Long Term Liability',
  'Equity',
  'Income',
  'Cost of Goods Sold',
  'Expense',
  'Other Income',
  'Other Expense',
] as const;
export const QboAccountType = z.enum(qboAccountTypes);
export type QboAccountType = z.infer<typeof QboAccountType>;

/** The Exoserva concepts that need a QuickBooks account. */
export const mappingConcepts = [
  'service_revenue',
  'product_revenue',
  'sales_tax_payable',
  'discounts',
  'bank_deposit',
  'undeposited_funds',
  'merchant_fees',
  'refund_source',
  'tips_payable',
  'payout_adjustments',
] as const;
export const MappingConcept = z.enum(mappingConcepts);
export type MappingConcept = z.infer<typeof MappingConcept>;

/** The minimum chart of accounts (GUIDE "Before you begin"): without these nothing can sync. */
export const REQUIRED_CONCEPTS: readonly MappingConcept[] = [
  'service_revenue',
  'product_revenue',
  'sales_tax_payable',
  'bank_deposit',
];

/** Concepts a shop may leave unmapped: a shop that takes no tips needs no Tips Payable. */
export const OPTIONAL_CONCEPTS: readonly MappingConcept[] = ['tips_payable'];

/**
 * Concepts a save request may omit because they fall back to another concept's account: disputes and Stripe's
 * other adjustments post with the merchant fees unless mapped apart (clients older than the concept still save).
 */
export const CONCEPT_FALLBACK: Partial<Record<MappingConcept, MappingConcept>> = {
  payout_adjustments: 'merchant_fees',
};

/** The account a save request chose for a concept, its fallback's when it omitted it. */
export function requestedAccount(
  accounts: Partial<Record<MappingConcept, string | null | undefined>>,
  concept: MappingConcept,
): string | null | undefined {
  const fallback = CONCEPT_FALLBACK[concept];
  return accounts[concept] ?? (fallback ? accounts[fallback] : undefined);
}

/** Which QuickBooks account types each concept may point at (the picker shows only these). */
export const CONCEPT_ACCOUNT_TYPES: Record<MappingConcept, readonly QboAccountType[]> = {
  service_revenue: ['Income'],
  product_revenue: ['Income'],
  sales_tax_payable: ['Other Current Liability'],
  discounts: ['Income'],
  bank_deposit: ['Bank'],
  undeposited_funds: ['Other Current Asset'],
  merchant_fees: ['Expense', 'Other Expense'],
  // A RefundReceipt's DepositToAccountRef must be Bank or Other Current Asset (REFERENCE §4).
  refund_source: ['Bank', 'Other Current Asset'],
  // A tip is owed to the technicians, so it accrues as a liability, never as income.
  tips_payable: ['Other Current Liability'],
  payout_adjustments: ['Expense', 'Other Expense'],
};

/** The AccountMapping field each concept fills. */
export const CONCEPT_FIELD = {
  service_revenue: 'serviceRevenueAccountId',
  product_revenue: 'productRevenueAccountId',
  sales_tax_payable: 'salesTaxPayableAccountId',
  discounts: 'discountsAccountId',
  bank_deposit: 'bankDepositAccountId',
  undeposited_funds: 'undepositedFundsAccountId',
  merchant_fees: 'merchantFeesAccountId',
  refund_source: 'refundSourceAccountId',
  tips_payable: 'tipsPayableAccountId',
  payout_adjustments: 'payoutAdjustmentsAccountId',
} as const satisfies Record<MappingConcept, keyof AccountMapping>;

const QboId = z.string().min(1).max(64);

export const ChartAccount = z.object({
  id: z.string(),
  name: z.string(),
  type: QboAccountType,
  subtype: z.string().nullable(),
  active: z.boolean(),
});
export type ChartAccount = z.infer<typeof ChartAccount>;

/** Why a pre-selection was made, shown next to it. */
export const SuggestionReason = z.enum([
  /** QuickBooks itself marks the account for this purpose (its detail type). */
  'detail_type',
  /** The account's name says what it is for. */
  'name',
  /** The only account of a compatible type. */
  'only_compatible',
  /** Refunds leave the account card payouts land in. */
  'same_as_bank',
  /** Disputes and adjustments go where Stripe's fees go, unless an account is named for them. */
  'same_as_fees',
]);
export type SuggestionReason = z.infer<typeof SuggestionReason>;

/** What is wrong with a saved choice now, found by re-reading QuickBooks. */
export const AccountProblem = z.enum(['not_found', 'inactive', 'wrong_type', 'renamed']);
export type AccountProblem = z.infer<typeof AccountProblem>;

export const ConceptMapping = z.object({
  concept: MappingConcept,
  required: z.boolean(),
  /** May be left unmapped (OPTIONAL_CONCEPTS); the records that need it then ask for it. */
  optional: z.boolean(),
  compatibleTypes: z.array(QboAccountType),
  suggestion: z.object({ accountId: z.string(), reason: SuggestionReason }).nullable(),
  /** The saved choice (or the suggestion when nothing is saved yet). */
  selectedAccountId: z.string().nullable(),
  problem: z
    .object({ code: AccountProblem, savedName: z.string().nullable(), currentName: z.string().nullable() })
    .nullable(),
});
export type ConceptMapping = z.infer<typeof ConceptMapping>;

export const ItemKind = z.enum(['labor', 'parts']);
export type ItemKind = z.infer<typeof ItemKind>;

export const ChartItem = z.object({
  id: z.string(),
  name: z.string(),
  /** labor = a QuickBooks Service item, parts = a NonInventory item. */
  kind: ItemKind,
  incomeAccountId: z.string().nullable(),
});
export type ChartItem = z.infer<typeof ChartItem>;

export const ItemMapping = z.object({
  kind: ItemKind,
  selectedItemId: z.string().nullable(),
  problem: z.enum(['not_found', 'inactive', 'wrong_account']).nullable(),
});
export type ItemMapping = z.infer<typeof ItemMapping>;

export const ChartTaxCode = z.object({
  id: z.string(),
  name: z.string(),
  /** Sum of its sales tax rates, in millionths (7.25 % = 72500). */
  rateMillionths: z.number().int().nonnegative(),
});
export type ChartTaxCode = z.infer<typeof ChartTaxCode>;

export const TaxRateMapping = z.object({
  taxRateId: z.string(),
  name: z.string(),
  rateMillionths: z.number().int().nonnegative(),
  /** A QuickBooks tax code with the same rate, if there is one. */
  suggestedTaxCodeId: z.string().nullable(),
  selectedTaxCodeId: z.string().nullable(),
  /**
   * unknown_code: the saved code is gone from QuickBooks; no_match: QuickBooks has no code with this rate (the page
   * offers to create it). Always null under Automated Sales Tax, which needs no mapping.
   */
  problem: z.enum(['unknown_code', 'no_match']).nullable(),
});
export type TaxRateMapping = z.infer<typeof TaxRateMapping>;

export const SyncedCounts = z.object({
  total: z.number().int().nonnegative(),
  byEntity: z.record(z.string(), z.number().int().nonnegative()),
});
export type SyncedCounts = z.infer<typeof SyncedCounts>;

/**
 * GET /api/v1/mapping. `status`: `unmapped` (never saved), `mapped`, or `account_not_found` (a saved account,
 * item or tax code was deleted, inactivated, retyped or renamed in QuickBooks since: re-run this step).
 */
export const MappingStateResponse = z.object({
  status: z.enum(['unmapped', 'mapped', 'account_not_found']),
  current: z
    .object({
      version: z.number().int().positive(),
      savedAt: z.string().datetime(),
      savedBy: z.string().nullable(),
    })
    .nullable(),
  accounts: z.array(ChartAccount),
  concepts: z.array(ConceptMapping),
  /** Required concepts with no active account of a compatible type in QuickBooks. */
  missingPrerequisites: z.array(MappingConcept),
  items: z.array(ChartItem),
  itemMappings: z.array(ItemMapping),
  taxCodes: z.array(ChartTaxCode),
  taxRates: z.array(TaxRateMapping),
  salesTax: z.object({ enabled: z.boolean(), automated: z.boolean() }),
  paymentRouting: AccountMapping.shape.paymentRouting,
  /** Records synced under the current version (what a re-map would not change). */
  syncedWithCurrentVersion: SyncedCounts,
});
export type MappingStateResponse = z.infer<typeof MappingStateResponse>;

export const RepostRange = z
  .object({ from: IsoDate, to: IsoDate })
  .strict()
  .refine((r) => r.from <= r.to, { message: 'from must be on or before to' });
export type RepostRange = z.infer<typeof RepostRange>;

export const SaveMappingRequest = z
  .object({
    accounts: z
      .object({
        service_revenue: QboId,
        product_revenue: QboId,
        sales_tax_payable: QboId,
        discounts: QboId,
        bank_deposit: QboId,
        undeposited_funds: QboId,
        merchant_fees: QboId,
        refund_source: QboId,
        /** Null: the shop takes no tips (a tip that arrives later asks for an account). */
        tips_payable: QboId.nullable().default(null),
        /**
         * Absent: disputes and Stripe's other adjustments post to the merchant fees account (what the mapping
         * suggests), so a client written before this concept existed keeps working.
         */
        payout_adjustments: QboId.optional(),
      })
      .strict(),
    laborItemId: QboId,
    partsItemId: QboId,
    /** Exoserva tax rate id → QuickBooks TaxCode id (may be empty under Automated Sales Tax). */
    taxCodes: z.record(z.string().min(1).max(128), QboId),
    paymentRouting: AccountMapping.shape.paymentRouting,
    /** Required when records already synced under the current version. */
    confirmRemap: z.boolean().default(false),
    /** Opt-in: re-post records dated in this range with the new mapping (the sync engine honours it). */
    repost: RepostRange.nullable().default(null),
  })
  .strict();
export type SaveMappingRequest = z.input<typeof SaveMappingRequest>;

export const SaveMappingResponse = z.object({
  version: z.number().int().positive(),
  /** False when nothing changed but the names QuickBooks shows (the saved version was re-confirmed). */
  newVersion: z.boolean(),
  repostRequested: RepostRange.nullable(),
});
export type SaveMappingResponse = z.infer<typeof SaveMappingResponse>;

/** Problems that block saving, in `details.problems` of a `mapping_invalid` error. */
export const MappingProblem = z.object({
  field: z.string(),
  code: z.enum([
    'account_not_found',
    'account_inactive',
    'account_wrong_type',
    'item_not_found',
    'item_wrong_type',
    'item_wrong_account',
    'invalid_tax_rate',
  ]),
  message: z.string(),
});
export type MappingProblem = z.infer<typeof MappingProblem>;

/** Same characters QuickBooks refuses in names (REFERENCE §4 Account: no `"` or `:`). */
const QboName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((s) => !/[":\t\n]/.test(s), { message: 'QuickBooks names cannot contain " or :' });

export const CreateAccountRequest = z.object({ concept: MappingConcept, name: QboName }).strict();
export type CreateAccountRequest = z.infer<typeof CreateAccountRequest>;
export const CreateAccountResponse = z.object({ account: ChartAccount });
export type CreateAccountResponse = z.infer<typeof CreateAccountResponse>;

export const CreateItemRequest = z.object({ kind: ItemKind, name: QboName, incomeAccountId: QboId }).strict();
export type CreateItemRequest = z.infer<typeof CreateItemRequest>;
export const CreateItemResponse = z.object({ item: ChartItem });
export type CreateItemResponse = z.infer<typeof CreateItemResponse>;

/**
 * Creates the QuickBooks tax code an Exoserva tax rate needs (same name and rate), through Intuit's tax service,
 * in a company that manages sales tax by hand. Under Automated Sales Tax none is needed.
 */
export const CreateTaxCodeRequest = z.object({ taxRateId: z.string().min(1).max(128) }).strict();
export type CreateTaxCodeRequest = z.infer<typeof CreateTaxCodeRequest>;
export const CreateTaxCodeResponse = z.object({ taxCode: ChartTaxCode });
export type CreateTaxCodeResponse = z.infer<typeof CreateTaxCodeResponse>;

export const DirectionResponse = z.object({
  direction: CustomerSyncDirection,
  /** False until an admin chose; the wizard then preselects one-way. */
  chosen: z.boolean(),
  updatedAt: z.string().datetime().nullable(),
});
export type DirectionResponse = z.infer<typeof DirectionResponse>;
export const SetDirectionRequest = z.object({ direction: CustomerSyncDirection }).strict();
export type SetDirectionRequest = z.infer<typeof SetDirectionRequest>;

export const MatchReason = z.enum(['email', 'phone', 'name', 'address']);
export type MatchReason = z.infer<typeof MatchReason>;

export const MatchCustomer = z.object({
  id: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
});
export type MatchCustomer = z.infer<typeof MatchCustomer>;

export const MatchGroup = z.enum(['linked', 'review', 'create']);
export type MatchGroup = z.infer<typeof MatchGroup>;

export const CustomerMatchRow = z.object({
  exoserva: MatchCustomer,
  /** linked: a confident match; review: a possible one; create: none, the first sync creates the customer. */
  group: MatchGroup,
  candidate: MatchCustomer.nullable(),
  score: z.number().int().min(0).max(100),
  reasons: z.array(MatchReason),
  /** Other QuickBooks customers that scored, best first (for the per-row override). */
  alternatives: z.array(MatchCustomer.extend({ score: z.number().int().min(0).max(100) })),
  /** Already stored: the QuickBooks customer this Exoserva customer is linked to. */
  linkedQboId: z.string().nullable(),
});
export type CustomerMatchRow = z.infer<typeof CustomerMatchRow>;

export const CustomerMatchesResponse = z.object({
  rows: z.array(CustomerMatchRow),
  /** Every active QuickBooks customer, for the override picker. */
  qboCustomers: z.array(MatchCustomer),
});
export type CustomerMatchesResponse = z.infer<typeof CustomerMatchesResponse>;

export const SaveMatchesRequest = z
  .object({
    decisions: z
      .array(z.object({ exoservaId: z.string().min(1).max(128), qboId: QboId.nullable() }).strict())
      .min(1)
      .max(5000),
  })
  .strict();
export type SaveMatchesRequest = z.infer<typeof SaveMatchesRequest>;
export const SaveMatchesResponse = z.object({
  linked: z.number().int().nonnegative(),
  willBeCreated: z.number().int().nonnegative(),
});
export type SaveMatchesResponse = z.infer<typeof SaveMatchesResponse>;
