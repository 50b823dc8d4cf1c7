/**
 * Stripe payout → one QuickBooks bank Deposit, dated the day the money arrives and equal to the payout to the cent,
 * so it matches the bank statement line (GUIDE step 8: "Stripe → QB deposit alignment"). A payout is the bank's
 * truth: it carries everything Stripe netted into it, and the deposit books each part where it belongs.
 *
 * - Each settled payment: a linked line that moves it out of Undeposited Funds.
 * - Each refund Stripe paid back: a negative linked line to its RefundReceipt, which was itself paid out of
 *   Undeposited Funds (refund-mapper.ts) — so Undeposited Funds holds nothing for a charge once it is paid out.
 * - Each tip: a line on Tips Payable (a liability the shop owes its technicians, never revenue).
 * - Stripe's processing fees, and a dispute's fee: negative lines on the merchant-fees account.
 * - Disputes and other adjustments: lines on the payout-adjustments account, signed as the bank sees them.
 *
 * Lines add up to the payout's net amount, asserted before anything is sent.
 */
import type { ExoPayout } from '@exoserva/contracts';
import { checkAmount, conceptUnmapped, dependencyMissing } from './mapping-failures.ts';
import { centsToQbo, formatDollars, qboToCents } from './money.ts';
import type { MapContext, MappedPayload, QboDepositBody } from './qbo-types.ts';
import { fail, failure, ok, type Result } from './result.ts';

export function mapPayout(
  payout: ExoPayout,
  { mapping, lookupId }: MapContext,
): Result<MappedPayload<'Deposit', QboDepositBody>> {
  const forWhat = `payout ${payout.stripePayoutId}`;
  const lines: QboDepositBody['Line'] = [];
  const accountLine = (cents: number, description: string, accountId: string) =>
    lines.push({
      Amount: centsToQbo(cents),
      Description: description,
      DetailType: 'DepositLineDetail',
      DepositLineDetail: { AccountRef: { value: accountId } },
    });

  for (const settled of payout.payments) {
    const paymentId = lookupId('payment', settled.paymentId);
    if (!paymentId) return fail(dependencyMissing('payment', settled.paymentId, forWhat));
    // Linking an Undeposited-Funds payment: TxnLineId "0" is how Intuit addresses the whole payment.
    lines.push({
      Amount: centsToQbo(settled.amountCents),
      LinkedTxn: [{ TxnId: paymentId, TxnType: 'Payment', TxnLineId: '0' }],
    });
  }
  for (const refund of payout.refunds) {
    const refundReceiptId = lookupId('refund', refund.refundId);
    if (!refundReceiptId) return fail(dependencyMissing('refund', refund.refundId, forWhat));
    // Intuit lets a Deposit link a RefundReceipt that sits in Undeposited Funds; its line is negative.
    lines.push({
      Amount: centsToQbo(-refund.amountCents),
      LinkedTxn: [{ TxnId: refundReceiptId, TxnType: 'RefundReceipt', TxnLineId: '0' }],
    });
  }
  const tipsCents = payout.payments.reduce((sum, p) => sum + (p.tipCents ?? 0), 0);
  if (tipsCents > 0) {
    if (!mapping.tipsPayableAccountId)
      return fail(conceptUnmapped('tips_payable', 'Tips Payable', `Stripe ${forWhat}`));
    for (const settled of payout.payments) {
      if (!settled.tipCents) continue;
      accountLine(settled.tipCents, `Tip on payment ${settled.paymentId}`, mapping.tipsPayableAccountId);
    }
  }
  if (payout.feeCents > 0) {
    accountLine(
      -payout.feeCents,
      `Stripe fees, payout ${payout.stripePayoutId}`,
      mapping.merchantFeesAccountId,
    );
  }
  const adjustments = payout.adjustments ?? [];
  for (const adjustment of adjustments) {
    if (adjustment.amountCents === 0) continue;
    if (adjustment.kind === 'dispute_fee') {
      accountLine(adjustment.amountCents, adjustment.description, mapping.merchantFeesAccountId);
      continue;
    }
    if (!mapping.payoutAdjustmentsAccountId)
      return fail(
        conceptUnmapped('payout_adjustments', 'Stripe disputes and adjustments', `Stripe ${forWhat}`),
      );
    accountLine(adjustment.amountCents, adjustment.description, mapping.payoutAdjustmentsAccountId);
  }

  const paymentsCents = payout.payments.reduce((sum, p) => sum + p.amountCents + (p.tipCents ?? 0), 0);
  const refundsCents = payout.refunds.reduce((sum, r) => sum + r.amountCents, 0);
  const adjustmentsCents = adjustments.reduce((sum, a) => sum + a.amountCents, 0);
  const depositCents = lines.reduce((sum, line) => sum + qboToCents(line.Amount), 0);
  const mismatch =
    checkAmount(
      `Stripe ${forWhat} net`,
      payout.netCents,
      paymentsCents - refundsCents - payout.feeCents + adjustmentsCents,
    ) ?? checkAmount(`deposit for ${forWhat}`, payout.netCents, depositCents);
  if (mismatch) return fail(mismatch);
  if (payout.netCents <= 0) {
    return fail(
      failure(
        'needs_person',
        'payout_not_positive',
        'Payout is not a deposit',
        `Stripe ${forWhat} nets ${formatDollars(payout.netCents)}, so no money arrived at the bank and QuickBooks can't record it as a deposit. Record it in QuickBooks by hand (for example as a transfer), then mark it resolved.`,
        { details: { netCents: payout.netCents } },
      ),
    );
  }

  return ok({
    entity: 'Deposit',
    body: {
      DepositToAccountRef: { value: mapping.bankDepositAccountId },
      TxnDate: payout.arrivalDate,
      Line: lines,
      PrivateNote: `Exoserva payout ${payout.id} (Stripe ${payout.stripePayoutId})`,
    },
    totalCents: payout.netCents,
  });
}
