/**
 * How close is close enough (GUIDE step 8: "Should match within $1"), and how a discrepancy is expressed as a
 * share of revenue ("the first month … will likely show a 1-2% discrepancy"). Integer cents in, integers out:
 * no figure is ever rounded before it is compared, so a total can't drift by summing rounded parts.
 */
import { RECONCILE_TOLERANCE_CENTS } from '@exoserva/contracts';

/** |a − b| ≤ $1.00: exactly one dollar apart still matches, one dollar and one cent does not. */
export function withinTolerance(
  exoservaCents: number,
  quickbooksCents: number,
  toleranceCents: number = RECONCILE_TOLERANCE_CENTS,
): boolean {
  return Math.abs(exoservaCents - quickbooksCents) <= toleranceCents;
}

/**
 * `part` as basis points (1/100 of a percent) of `whole`, rounded half up: 1.5 % → 150. Null when there is no
 * whole to compare with (a month without revenue). BigInt keeps the product exact for any cents amount.
 */
export function basisPoints(part: number, whole: number): number | null {
  if (!Number.isSafeInteger(part) || !Number.isSafeInteger(whole)) {
    throw new TypeError('basisPoints: amounts are whole cents');
  }
  if (whole <= 0) return null;
  const scaled = BigInt(Math.abs(part)) * 10_000n;
  const w = BigInt(whole);
  return Number((scaled * 2n + w) / (2n * w));
}
