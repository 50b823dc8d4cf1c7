/** The expected failures mappers return (values, not throws). */
import type { SyncFailure } from '@exoserva/contracts';
import { formatDollars } from './money.ts';
import { failure } from './result.ts';

export function checkAmount(
  what: string,
  expectedCents: number,
  actualCents: number,
): SyncFailure | undefined {
  if (expectedCents === actualCents) return undefined;
  return failure(
    'needs_person',
    'amount_mismatch',
    'Amounts don’t add up',
    `The ${what} should be ${formatDollars(expectedCents)} but its parts add up to ${formatDollars(actualCents)}. Nothing was sent; correct the record in Exoserva, then retry.`,
    { details: { expectedCents, actualCents } },
  );
}

export function dependencyMissing(kind: string, exoId: string, forWhat: string): SyncFailure {
  return failure(
    'retryable',
    'dependency_missing',
    'Waiting for a related record',
    `The ${kind} ${exoId} must reach QuickBooks before ${forWhat}. It will be sent first, then this retries.`,
    { details: { dependencyKind: kind, dependencyId: exoId } },
  );
}

/**
 * A mapping saved before a concept existed (tips, payout adjustments) leaves its account unset; the first record
 * that needs it asks for it instead of guessing an account.
 */
export function conceptUnmapped(concept: string, label: string, forWhat: string): SyncFailure {
  return failure(
    'needs_person',
    'account_not_found',
    `${label} not mapped`,
    `${forWhat} needs a QuickBooks account for ${label}. Map one in QuickBooks settings → Field mapping, then retry.`,
    { details: { concept } },
  );
}
