/**
 * What a refund gives back of the sale it refunds, line by line, to the cent (sync-core README, "Refunds").
 *
 * A sale is its components: each invoice line's amount, minus the discount, plus the tax. A refund returns a share
 * of each, so that every account the sale touched (service and product revenue, discounts, sales tax payable)
 * moves back by exactly what the refund returns:
 *
 * - Where Exoserva says what a refund covers (`refund.allocation`), that is what it returns.
 * - Otherwise the refund is spread over what is still unrefunded of each component, in proportion, with
 *   largest-remainder rounding: every component gets the floor of its exact share, and the cents left over go
 *   one each to the components with the largest fractions (ties to the earlier component). The shares add up to
 *   the refund exactly, none exceeds what is left of its component, and the refund that returns the last of the
 *   sale returns exactly what is left — so a full refund, or several partial ones that add up to the sale, bring
 *   every account back to zero.
 *
 * Earlier refunds of the same invoice are replayed first (in the order Exoserva issued them) to know what is left.
 * Pure and deterministic: the same records give the same cents in every process.
 */
import type { ExoInvoice, ExoInvoiceLine, ExoRefund } from '@exoserva/contracts';
import { formatDollars } from './money.ts';
import { fail, failure, ok, type Result } from './result.ts';

export interface RefundAllocation {
  /** Per invoice line (in invoice order), the cents this refund returns of it (0 when none). */
  lines: { line: ExoInvoiceLine; amountCents: number }[];
  discountCents: number;
  taxCents: number;
}

/** The sale as signed components: lines (+), discount (−), tax (+); they add up to the invoice total. */
function components(invoice: ExoInvoice): number[] {
  return [...invoice.lines.map((l) => l.amountCents), -invoice.discountCents, invoice.tax?.amountCents ?? 0];
}

function toAllocation(invoice: ExoInvoice, parts: readonly number[]): RefundAllocation {
  const n = invoice.lines.length;
  return {
    lines: invoice.lines.map((line, i) => ({ line, amountCents: parts[i] as number })),
    discountCents: -(parts[n] as number),
    taxCents: parts[n + 1] as number,
  };
}

/**
 * `target` spread over `remaining` (signed integers whose sum is > 0 and ≥ target) in proportion, largest
 * remainder. Exact integer arithmetic throughout.
 */
export function largestRemainder(remaining: readonly number[], target: number): number[] {
  const total = remaining.reduce((s, c) => s + c, 0);
  if (total <= 0) throw new RangeError('largestRemainder: nothing left to allocate');
  const T = BigInt(total);
  const R = BigInt(target);
  const floors: bigint[] = [];
  const fractions: bigint[] = [];
  for (const c of remaining) {
    const product = BigInt(c) * R;
    // Floor division that rounds toward −∞ for negative components too.
    let q = product / T;
    if (product % T !== 0n && product < 0n) q -= 1n;
    floors.push(q);
    fractions.push(product - q * T);
  }
  let deficit = R - floors.reduce((s, q) => s + q, 0n);
  const order = remaining
    .map((_, i) => i)
    .sort((a, b) => {
      const fa = fractions[a] as bigint;
      const fb = fractions[b] as bigint;
      return fa === fb ? a - b : fb > fa ? 1 : -1;
    });
  for (const i of order) {
    if (deficit === 0n) break;
    floors[i] = (floors[i] as bigint) + 1n;
    deficit -= 1n;
  }
  return floors.map(Number);
}

/** The order Exoserva issued refunds in: creation time, then id (a stable tie-break). */
export function refundOrder(a: ExoRefund, b: ExoRefund): number {
  const ta = a.createdAt ?? a.updatedAt;
  const tb = b.createdAt ?? b.updatedAt;
  return ta === tb ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : ta < tb ? -1 : 1;
}

function explicitParts(invoice: ExoInvoice, refund: ExoRefund): number[] | string {
  const given = refund.allocation;
  if (!given) return 'no allocation';
  const byLine = new Map<string, number>();
  for (const l of given.lines) {
    if (!invoice.lines.some((line) => line.id === l.lineId)) return `line ${l.lineId} is not on the invoice`;
    byLine.set(l.lineId, (byLine.get(l.lineId) ?? 0) + l.amountCents);
  }
  return [...invoice.lines.map((l) => byLine.get(l.id) ?? 0), -given.discountCents, given.taxCents];
}

/**
 * What `refund` returns of `invoice`, given every refund Exoserva issued against the invoice (this one included
 * or not; later ones are ignored). A refund larger than what is left of the sale, or an explicit allocation that
 * doesn't add up, is the `amount_mismatch` value.
 */
export function allocateRefund(
  invoice: ExoInvoice,
  refund: ExoRefund,
  refundsOfInvoice: readonly ExoRefund[],
): Result<RefundAllocation> {
  const earlier = refundsOfInvoice
    .filter((r) => r.id !== refund.id && r.invoiceId === invoice.id && refundOrder(r, refund) < 0)
    .sort(refundOrder);
  const remaining = components(invoice);
  for (const r of [...earlier, refund]) {
    const left = remaining.reduce((s, c) => s + c, 0);
    const mismatch = (why: string) =>
      fail(
        failure(
          'needs_person',
          'amount_mismatch',
          'Amounts don’t add up',
          `Refund ${r.id} (${formatDollars(r.amountCents)}) can't be matched to invoice ${invoice.number}: ${why}. Correct the refund in Exoserva, then retry.`,
          { details: { expectedCents: left, actualCents: r.amountCents } },
        ),
      );
    if (r.amountCents > left) return mismatch(`only ${formatDollars(left)} of the invoice is left to refund`);
    let parts: number[];
    if (r.allocation) {
      const given = explicitParts(invoice, r);
      if (typeof given === 'string') return mismatch(given);
      const sum = given.reduce((s, c) => s + c, 0);
      if (sum !== r.amountCents)
        return mismatch(`its lines, discount and tax add up to ${formatDollars(sum)}`);
      const over = given.findIndex((c, i) => Math.abs(c) > Math.abs(remaining[i] as number));
      if (over >= 0) return mismatch('it gives back more of a line than is left of it');
      parts = given;
    } else {
      parts = largestRemainder(remaining, r.amountCents);
    }
    if (r.id === refund.id) return ok(toAllocation(invoice, parts));
    parts.forEach((p, i) => (remaining[i] = (remaining[i] as number) - p));
  }
  // Unreachable: the loop returns on `refund`, the last element.
  throw new Error('allocateRefund: refund not reached');
}
