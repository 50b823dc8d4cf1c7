/**
 * The test sync's checks (GUIDE step 5, "Open QuickBooks and verify"), as pure functions over what was read
 * back: each answers passed, or the problem with the mapping entry to fix. No I/O here.
 */
import type {
  AccountMapping,
  TestSyncAccountRef,
  TestSyncMappingEntry,
  TestSyncProblem,
  TestSyncRun,
} from '@exoserva/contracts';
import { formatDollars, qboToCents } from '@exoserva/sync-core';
import type { QboEntity } from '../ports/qbo-sync-api.ts';

export type CheckResult = { ok: true; actualCents?: number } | { ok: false; problem: TestSyncProblem };

const ref = (value: unknown): { value?: string; name?: string } =>
  value && typeof value === 'object' ? (value as { value?: string; name?: string }) : {};

const cents = (value: unknown): number | null => {
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  try {
    return qboToCents(value);
  } catch {
    return null;
  }
};

const problem = (
  code: TestSyncProblem['code'],
  mappingEntry: TestSyncMappingEntry | null,
  message: string,
  extra: Partial<TestSyncProblem> = {},
): CheckResult => ({ ok: false, problem: { code, mappingEntry, message, ...extra } });

/** Where a cash payment lands, by the tenant's routing choice (sync-core's paymentDepositAccount agrees). */
export function depositEntry(mapping: AccountMapping): 'bank_deposit' | 'undeposited_funds' {
  return mapping.paymentRouting.cash === 'bank' ? 'bank_deposit' : 'undeposited_funds';
}

export function checkCustomer(customer: QboEntity | null, name: string): CheckResult {
  if (!customer || customer.Active === false)
    return problem('missing_in_quickbooks', null, `No active customer "${name}" in QuickBooks`);
  return { ok: true };
}

export function checkInvoice(invoice: QboEntity | null, amountCents: number): CheckResult {
  if (!invoice) return problem('missing_in_quickbooks', null, 'The test invoice is not in QuickBooks');
  const total = cents(invoice.TotalAmt);
  if (total !== amountCents)
    return problem(
      'amount_mismatch',
      null,
      `QuickBooks shows the invoice at ${total === null ? 'no amount' : formatDollars(total)}, not ${formatDollars(amountCents)}`,
      { expectedCents: amountCents, ...(total === null ? {} : { actualCents: total }) },
    );
  return { ok: true, actualCents: total };
}

/**
 * The payment is there at the test amount, the invoice's Balance is 0.00, and the payment went to the account
 * the mapping routes cash to.
 */
export function checkPayment(input: {
  payment: QboEntity | null;
  invoiceAfter: QboEntity | null;
  amountCents: number;
  deposit: TestSyncAccountRef;
}): CheckResult {
  const { payment, invoiceAfter, amountCents, deposit } = input;
  if (!payment) return problem('missing_in_quickbooks', null, 'The test payment is not in QuickBooks');
  const total = cents(payment.TotalAmt);
  if (total !== amountCents)
    return problem('amount_mismatch', null, `QuickBooks shows the payment at ${String(payment.TotalAmt)}`, {
      expectedCents: amountCents,
      ...(total === null ? {} : { actualCents: total }),
    });
  const balance = invoiceAfter ? cents(invoiceAfter.Balance) : null;
  if (balance !== 0)
    return problem('balance_not_zero', null, `The invoice's balance is ${String(invoiceAfter?.Balance)}`, {
      expectedCents: 0,
      ...(balance === null ? {} : { actualCents: balance }),
    });
  const to = ref(payment.DepositToAccountRef);
  if (to.value && to.value !== deposit.id)
    return problem('wrong_account', 'cash_routing', `The payment went to account ${to.value}`, {
      expectedAccount: deposit,
      actualAccount: { id: to.value, name: to.name ?? to.value },
    });
  return { ok: true, actualCents: total };
}

/**
 * The mapped Service Revenue account moved by exactly the test amount. When it did not, the labor item tells
 * which entry to fix: an item posting to another income account is the Labor item's mapping; otherwise the
 * Service Revenue account itself.
 */
export function checkIncome(input: {
  beforeCents: number;
  account: QboEntity | null;
  income: TestSyncAccountRef;
  laborItem: QboEntity | null;
  amountCents: number;
}): CheckResult {
  const after = input.account ? cents(input.account.CurrentBalance) : null;
  if (after === null)
    return problem('missing_in_quickbooks', 'service_revenue', 'The Service Revenue account is not there');
  const moved = after - input.beforeCents;
  if (moved === input.amountCents) return { ok: true, actualCents: moved };
  const itemAccount = ref(input.laborItem?.IncomeAccountRef);
  const elsewhere = itemAccount.value !== undefined && itemAccount.value !== input.income.id;
  return problem(
    'balance_moved_wrong',
    elsewhere ? 'labor_item' : 'service_revenue',
    `${input.income.name} moved by ${formatDollars(moved)}, not ${formatDollars(input.amountCents)}${
      elsewhere ? `; the labor item posts to ${itemAccount.name ?? itemAccount.value}` : ''
    }`,
    {
      expectedCents: input.amountCents,
      actualCents: moved,
      expectedAccount: input.income,
      ...(elsewhere
        ? {
            actualAccount: {
              id: String(itemAccount.value),
              name: itemAccount.name ?? String(itemAccount.value),
            },
          }
        : {}),
    },
  );
}

/** Undeposited Funds (or the bank, per the cash routing) moved by exactly the test amount. */
export function checkDeposit(input: {
  beforeCents: number;
  account: QboEntity | null;
  deposit: NonNullable<TestSyncRun['accounts']['deposit']>;
  payment: QboEntity | null;
  amountCents: number;
}): CheckResult {
  const { deposit } = input;
  const after = input.account ? cents(input.account.CurrentBalance) : null;
  if (after === null)
    return problem('missing_in_quickbooks', deposit.entry, `The account ${deposit.name} is not there`);
  const moved = after - input.beforeCents;
  if (moved === input.amountCents) return { ok: true, actualCents: moved };
  const to = ref(input.payment?.DepositToAccountRef);
  const elsewhere = to.value !== undefined && to.value !== deposit.id;
  return problem(
    'balance_moved_wrong',
    elsewhere ? 'cash_routing' : deposit.entry,
    `${deposit.name} moved by ${formatDollars(moved)}, not ${formatDollars(input.amountCents)}`,
    {
      expectedCents: input.amountCents,
      actualCents: moved,
      expectedAccount: { id: deposit.id, name: deposit.name },
      ...(elsewhere ? { actualAccount: { id: String(to.value), name: to.name ?? String(to.value) } } : {}),
    },
  );
}

/** The labor line's item, to read its income account. */
export function laborItemIdOf(invoice: QboEntity | null): string | null {
  const lines = Array.isArray(invoice?.Line) ? (invoice.Line as Record<string, unknown>[]) : [];
  for (const line of lines) {
    const detail = line.SalesItemLineDetail as { ItemRef?: { value?: string } } | undefined;
    if (detail?.ItemRef?.value) return detail.ItemRef.value;
  }
  return null;
}
