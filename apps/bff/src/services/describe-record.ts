import type { SyncRecordKind } from '@exoserva/contracts';
import type { SyncRecord } from '@exoserva/sync-core';
import type { ExoservaApi } from '../ports/exoserva-api.ts';
import { recordAmountCents, recordCustomerId, recordLabel } from './sync-log-entries.ts';

/** How many held records the dashboard's notice names (the rest are counted). */
export const DESCRIBED_HELD = 10;

export interface RecordDescription {
  label?: string;
  amountCents?: number;
  customerName?: string;
}

/**
 * What a bookkeeper recognises a record by — its number, its amount, its customer's name — read from Exoserva.
 * Best effort: a record Exoserva can't return right now is described by nothing (the list falls back to its id).
 */
export async function describeRecord(
  exoserva: Pick<ExoservaApi, 'getRecord'>,
  tenantId: string,
  ref: { kind: SyncRecordKind; id: string },
): Promise<RecordDescription> {
  const read = await exoserva.getRecord(tenantId, ref.kind, ref.id).catch(() => null);
  if (!read?.ok) return {};
  const sync = { kind: ref.kind, record: read.value } as SyncRecord;
  const label = recordLabel(sync);
  const amountCents = recordAmountCents(sync);
  const customerId = ref.kind === 'customer' ? null : recordCustomerId(sync);
  const customer = customerId
    ? await exoserva.getRecord(tenantId, 'customer', customerId).catch(() => null)
    : null;
  return {
    ...(label ? { label } : {}),
    ...(amountCents !== null ? { amountCents } : {}),
    ...(customer?.ok ? { customerName: customer.value.displayName } : {}),
  };
}
