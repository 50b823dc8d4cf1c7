import type { SyncRecord } from '@exoserva/sync-core';
import type { SyncLogInput } from '../stores/sync-log-store.ts';

/**
 * Builds the sync log entries the engine appends (sync-log-store.ts), so the engine's own code only says
 * when. Nothing here reads a token: entries carry the record's key, its label and what QuickBooks was sent
 * or answered.
 */

/** What an admin searches the Failed list by besides the id: a customer's name, an invoice's number… */
export function recordLabel(sync: SyncRecord | undefined): string | null {
  if (!sync) return null;
  switch (sync.kind) {
    case 'customer':
      return sync.record.displayName;
    case 'invoice':
      return sync.record.number;
    case 'payment':
      return sync.record.checkNumber ?? sync.record.stripeChargeId ?? null;
    case 'payout':
      return sync.record.stripePayoutId;
    case 'refund':
      return null;
  }
}

/** The record's amount in cents as an admin sees it: an invoice's total, a payment's, a refund's, a payout's net. */
export function recordAmountCents(sync: SyncRecord | undefined): number | null {
  if (!sync) return null;
  switch (sync.kind) {
    case 'customer':
      return null;
    case 'invoice':
      return sync.record.totalCents;
    case 'payment':
    case 'refund':
      return sync.record.amountCents;
    case 'payout':
      return sync.record.netCents;
  }
}

/** The Exoserva customer a record belongs to (a customer is its own). */
export function recordCustomerId(sync: SyncRecord | undefined): string | null {
  if (!sync) return null;
  switch (sync.kind) {
    case 'customer':
      return sync.record.id;
    case 'invoice':
    case 'payment':
    case 'refund':
      return sync.record.customerId;
    case 'payout':
      return null;
  }
}

export interface LoggedItem {
  key: { tenantId: string; kind: string; recordId: string };
  /** Absent when the record could not be read from Exoserva. */
  sync?: SyncRecord | undefined;
}

export function logEntry(
  item: LoggedItem,
  at: Date,
  event: SyncLogInput['event'],
  extra: Omit<SyncLogInput, 'tenantId' | 'kind' | 'recordId' | 'at' | 'event'> = {},
): SyncLogInput {
  return {
    tenantId: item.key.tenantId,
    kind: item.key.kind,
    recordId: item.key.recordId,
    at,
    event,
    recordVersion: item.sync?.record.version ?? null,
    label: recordLabel(item.sync),
    amountCents: recordAmountCents(item.sync),
    customerId: recordCustomerId(item.sync),
    ...extra,
  };
}
