/**
 * How a record that may already be in QuickBooks is recognised there, after an ambiguous create (a dropped
 * answer, a timeout, a taken-over lease) — before anything is created again: the field to query, and whether a
 * row found by it is ours.
 */
import type { QboEntityName } from '@exoserva/sync-core';
import type { QboEntity } from '../ports/qbo-sync-api.ts';

/** The PrivateNote marker the mappers write into each entity (customers carry none). */
const noteMarker: Record<QboEntityName, (id: string) => string> = {
  Customer: () => '',
  Invoice: (id) => `Exoserva invoice ${id}`,
  Payment: (id) => `Exoserva payment ${id}`,
  RefundReceipt: (id) => `refund ${id}`,
  Deposit: (id) => `Exoserva payout ${id}`,
};

/** Where to look a record up after an ambiguous create (REFERENCE §3.2: no OR, so one IN per field). */
export const LOOKUP_FIELD: Record<
  QboEntityName,
  { field: string; value: (body: Record<string, unknown>) => string }
> = {
  Customer: { field: 'DisplayName', value: (b) => String(b.DisplayName) },
  Invoice: { field: 'DocNumber', value: (b) => String(b.DocNumber) },
  Payment: { field: 'CustomerRef', value: (b) => String((b.CustomerRef as { value: string }).value) },
  RefundReceipt: { field: 'CustomerRef', value: (b) => String((b.CustomerRef as { value: string }).value) },
  Deposit: { field: 'TxnDate', value: (b) => String(b.TxnDate) },
};

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function hasMarker(note: unknown, marker: string): boolean {
  return typeof note === 'string' && new RegExp(`(^|[^\\w])${escapeRegExp(marker)}($|[^\\w])`).test(note);
}

/** A customer found by DisplayName is ours only if everything we would send matches it. */
function sameCustomer(entity: QboEntity, body: Record<string, unknown>): boolean {
  const pick = (o: Record<string, unknown>) =>
    JSON.stringify([
      o.DisplayName,
      o.GivenName ?? null,
      o.FamilyName ?? null,
      o.CompanyName ?? null,
      (o.PrimaryEmailAddr as { Address?: string } | undefined)?.Address ?? null,
      (o.PrimaryPhone as { FreeFormNumber?: string } | undefined)?.FreeFormNumber ?? null,
    ]);
  return pick(entity) === pick(body);
}

/** Whether `found` (a row the LOOKUP_FIELD query returned) is the record whose mapped body is `body`. */
export function isOurs(
  entity: QboEntityName,
  found: QboEntity,
  body: Record<string, unknown>,
  exoId: string,
): boolean {
  if (entity === 'Customer') return sameCustomer(found, body);
  const spec = LOOKUP_FIELD[entity];
  const value = found[spec.field];
  const text = String(value && typeof value === 'object' ? (value as { value: string }).value : value);
  return text === spec.value(body) && hasMarker(found.PrivateNote, noteMarker[entity](exoId));
}
