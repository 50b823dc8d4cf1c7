/**
 * Stripe payout → QuickBooks Deposit into the bank account, dated the day the money arrives, so the deposit
 * matches the bank statement line to the cent (GUIDE step 8: "Stripe → QB deposit alignment").
 *
 * The deposit moves each settled card payment out of Undeposited Funds (a linked line per payment), nets
 * the card refunds Stripe took from the same payout (a negative linked line per RefundReceipt, which was
 * itself paid out of Undeposited Funds — see refund-mapper.ts), and books Stripe's fee as a negative line
 * on the merchant-fees account. Lines add up to the payout's net amount, asserted before anything is sent.
 */
import type { ExoPayout } from '@exoserva/contracts';
import { checkAmount, dependencyMissing } from './mapping-failures.ts';
import { centsToQbo, formatDollars, qboToCents } from './money.ts';
import type { MapContext, MappedPayload, QboDepositBody } from './qbo-types.ts';
import { fail, failure, ok, type Result } from './result.ts';

export function mapPayout(
  payout: ExoPayout,
  { mapping, lookupId }: MapContext,
): Result<MappedPayload<'Deposit', QboDepositBody>> {
  const forWhat = `payout ${payout.stripePayoutId}`;
  const lines: QboDepositBody['Line'] = [];

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
    lines.push({
      Amount: centsToQbo(-refund.amountCents),
      LinkedTxn: [{ TxnId: refundReceiptId, TxnType: 'RefundReceipt', TxnLineId: '0' }],
    });
  }
  if (payout.feeCents > 0) {
    lines.push({
      Amount: centsToQbo(-payout.feeCents),
      Description: `Stripe fees, payout ${payout.stripePayoutId}`,
      DetailType: 'DepositLineDetail',
      DepositLineDetail: { AccountRef: { value: mapping.merchantFeesAccountId } },
    });
  }

  const paymentsCents = payout.payments.reduce((sum, p) => sum + p.amountCents, 0);
  const refundsCents = payout.refunds.reduce((sum, r) => sum + r.amountCents, 0);
  const depositCents = lines.reduce((sum, line) => sum + qboToCents(line.Amount), 0);
  const mismatch =
    checkAmount(`Stripe ${forWhat} net`, payout.netCents, paymentsCents - refundsCents - payout.feeCents) ??
    checkAmount(`deposit for ${forWhat}`, payout.netCents, depositCents);
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
