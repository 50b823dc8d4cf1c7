import { z } from 'zod';

/**
 * The tenant's mapping of Exoserva concepts to QuickBooks accounts, items and tax codes (GUIDE step 3).
 * Ids are QuickBooks ids (strings). Versioned: every synced record remembers the version it used.
 */
export const AccountMapping = z.object({
  version: z.number().int().positive(),
  serviceRevenueAccountId: z.string(),
  productRevenueAccountId: z.string(),
  salesTaxPayableAccountId: z.string().nullable(),
  discountsAccountId: z.string(),
  bankDepositAccountId: z.string(),
  undepositedFundsAccountId: z.string(),
  merchantFeesAccountId: z.string(),
  refundSourceAccountId: z.string(),
  /**
   * Tips customers add to card payments: a liability (what the shop owes its technicians), never revenue.
   * Null in mappings saved before tips existed: a payout carrying a tip then asks for it.
   */
  tipsPayableAccountId: z.string().nullable().default(null),
  /** Stripe disputes and other payout adjustments (an expense). Null in older mappings: see tipsPayableAccountId. */
  payoutAdjustmentsAccountId: z.string().nullable().default(null),
  /** The QuickBooks Service item that carries labor lines, pointing at serviceRevenueAccountId. */
  laborItemId: z.string(),
  /** The QuickBooks NonInventory item that carries parts lines, pointing at productRevenueAccountId. */
  partsItemId: z.string(),
  /** Exoserva tax rate id → QuickBooks TaxCode id. */
  taxCodes: z.record(z.string(), z.string()),
  /** Where cash and check payments go: straight to the bank account or to Undeposited Funds. */
  paymentRouting: z.object({
    cash: z.enum(['bank', 'undeposited_funds']),
    check: z.enum(['bank', 'undeposited_funds']),
  }),
  /** Automated Sales Tax is on in QuickBooks: the invoice carries Exoserva's tax as an explicit override. */
  automatedSalesTax: z.boolean(),
});
export type AccountMapping = z.infer<typeof AccountMapping>;

export const CustomerSyncDirection = z.enum(['one_way', 'two_way']);
export type CustomerSyncDirection = z.infer<typeof CustomerSyncDirection>;
