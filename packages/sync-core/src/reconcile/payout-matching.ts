/**
 * Stripe payouts ↔ QuickBooks deposits (GUIDE step 8: "bank deposit dates should match Stripe payout dates
 * within 1-2 business days"). A payout is matched by a deposit into the mapped bank account of exactly its net
 * amount dated within 2 business days of its arrival. Everything else is listed with its likely cause: never
 * synced (and why), Stripe's fee line missing or extra, another amount, a date too far, the deposit gone.
 */
import type {
  DiscrepancyFix,
  ExoPayout,
  PaymentsDeposit,
  PayoutLine,
  UnmatchedDeposit,
} from '@exoserva/contracts';
import { businessDaysBetween, DEPOSIT_WINDOW_BUSINESS_DAYS } from './business-days.ts';
import { inPeriod, type MonthPeriod } from './month.ts';
import { unsyncedCause } from './open-items.ts';
import { workKey, type LinkInfo, type QboTxn, type WorkState } from './reconcile-input.ts';

export interface PayoutMatchInput {
  /** Payouts arriving in the month. */
  payouts: readonly ExoPayout[];
  /** Deposits in a window around the month (any account; only the bank accounts' count). */
  deposits: readonly QboTxn[];
  /** The bank accounts payouts land in (every mapping version of the month). */
  bankAccountIds: readonly string[];
  period: MonthPeriod;
  links: ReadonlyMap<string, LinkInfo>;
  /** Exoserva payments' links: a deposit made only of these is the bookkeeper's deposit of synced payments. */
  paymentLinks: ReadonlyMap<string, LinkInfo>;
  work: ReadonlyMap<string, WorkState>;
  holidays?: ReadonlySet<string>;
  recordUrl?: (type: string, id: string) => string | null;
}

export interface PayoutMatchResult {
  lines: PayoutLine[];
  unmatchedDeposits: UnmatchedDeposit[];
  paymentsDeposits: PaymentsDeposit[];
  /** The deposits the payout lines account for (by id). */
  claimed: Set<string>;
}

const NONE: DiscrepancyFix = { action: 'none' };

export function matchPayouts(input: PayoutMatchInput): PayoutMatchResult {
  const holidays = input.holidays ?? new Set<string>();
  const banks = new Set(input.bankAccountIds);
  const url = (id: string) => input.recordUrl?.('Deposit', id) ?? null;
  const deposits = input.deposits.filter(
    (d) => d.accountId !== null && banks.has(d.accountId) && d.totalCents !== 0,
  );
  const byId = new Map(input.deposits.map((d) => [d.id, d]));
  const linkedDepositIds = new Set([...input.links.values()].map((l) => l.qboId));
  const claimed = new Set<string>();
  const byAmount = new Map<number, QboTxn[]>();
  for (const d of deposits) {
    const list = byAmount.get(d.totalCents);
    if (list) list.push(d);
    else byAmount.set(d.totalCents, [d]);
  }
  const apart = (payout: ExoPayout, d: QboTxn) => businessDaysBetween(payout.arrivalDate, d.date, holidays);
  const depositOf = (d: QboTxn) => ({ id: d.id, date: d.date, amountCents: d.totalCents });

  /** The nearest unclaimed, unlinked deposit of exactly this amount (within the window unless `anyDate`). */
  const nearestUnlinked = (payout: ExoPayout, anyDate: boolean) => {
    let best: { d: QboTxn; days: number } | null = null;
    for (const d of byAmount.get(payout.netCents) ?? []) {
      if (claimed.has(d.id) || linkedDepositIds.has(d.id)) continue;
      const days = apart(payout, d);
      if (!anyDate && days > DEPOSIT_WINDOW_BUSINESS_DAYS) continue;
      if (!best || days < best.days) best = { d, days };
    }
    return best;
  };

  const lines: PayoutLine[] = [];
  for (const payout of input.payouts) {
    const base = {
      payoutId: payout.id,
      stripePayoutId: payout.stripePayoutId,
      arrivalDate: payout.arrivalDate,
      netCents: payout.netCents,
      feeCents: payout.feeCents,
    };
    const link = input.links.get(payout.id);
    if (!link) {
      const state = input.work.get(workKey('payout', payout.id));
      const { fix } = unsyncedCause(state);
      // A same-amount deposit in the window that nothing links: the bookkeeper recorded this payout by hand.
      const byHand = nearestUnlinked(payout, false);
      if (byHand) claimed.add(byHand.d.id);
      lines.push({
        ...base,
        matched: false,
        deposit: byHand ? depositOf(byHand.d) : null,
        businessDaysApart: byHand ? byHand.days : null,
        cause: 'not_synced',
        failure: state?.state === 'failed' ? state.failure : null,
        fix: byHand ? { action: 'link', quickbooksId: byHand.d.id } : fix,
      });
      continue;
    }
    const deposit = byId.get(link.qboId);
    if (!deposit || deposit.totalCents === 0) {
      lines.push({
        ...base,
        matched: false,
        deposit: null,
        businessDaysApart: null,
        cause: 'deposit_missing',
        failure: null,
        fix: NONE,
      });
      continue;
    }
    claimed.add(deposit.id);
    const days = apart(payout, deposit);
    const sameAmount = deposit.totalCents === payout.netCents;
    const cause = !sameAmount
      ? // The gross (payments − refunds) instead of the net: the fee line was dropped (or added twice).
        Math.abs(deposit.totalCents - payout.netCents) === payout.feeCents && payout.feeCents > 0
        ? 'fee_line'
        : 'amount_differs'
      : days > DEPOSIT_WINDOW_BUSINESS_DAYS
        ? 'date_too_far'
        : null;
    lines.push({
      ...base,
      matched: cause === null,
      deposit: depositOf(deposit),
      businessDaysApart: days,
      cause,
      failure: null,
      // Re-sync sends the payout's date and lines again over the deposit.
      fix: cause === null ? NONE : { action: 'resync' },
    });
  }

  // Deposits another month's payout is linked to are that payout's business (its own month matches them). Of the
  // rest, a deposit made only of payments Exoserva synced (checks, cash waiting in Undeposited Funds) is the
  // bookkeeper's bank deposit: explained. Anything else is listed, on its own — never netted against another.
  const syncedPayments = new Set([...input.paymentLinks.values()].map((l) => l.qboId));
  const unmatchedDeposits: UnmatchedDeposit[] = [];
  const paymentsDeposits: PaymentsDeposit[] = [];
  for (const d of deposits) {
    if (claimed.has(d.id) || linkedDepositIds.has(d.id) || !inPeriod(d.date, input.period)) continue;
    const linked = d.linked ?? [];
    if (
      linked.length > 0 &&
      (d.directLines ?? 0) === 0 &&
      linked.every((l) => l.type === 'Payment' && syncedPayments.has(l.id))
    ) {
      paymentsDeposits.push({
        id: d.id,
        date: d.date,
        amountCents: d.totalCents,
        payments: linked.length,
        url: url(d.id),
      });
      continue;
    }
    unmatchedDeposits.push({ ...depositOf(d), docNumber: d.docNumber, url: url(d.id) });
  }
  lines.sort((a, b) => Number(a.matched) - Number(b.matched) || a.arrivalDate.localeCompare(b.arrivalDate));
  return { lines, unmatchedDeposits, paymentsDeposits, claimed };
}
