/**
 * Edits become sparse updates (REFERENCE §3.3). Only changed top-level fields are sent, plus Id and SyncToken.
 */
import { canonicalJson } from './requestid.ts';
import type { QboEntityVersion, QboSparseUpdateBody } from './qbo-types.ts';

export type SparseUpdate = { changed: false } | { changed: true; body: QboSparseUpdateBody };

/**
 * Compares the body mapped from the new record version with the body last sent (when the worker kept it).
 *
 * - Fields compare whole: a changed address is sent as the whole address. `Line` in particular is
 *   all-or-nothing even in sparse mode (Intuit: "Lines can be updated only ALL or NONE"), so when any line
 *   changed every line is sent, and lines not sent would be deleted.
 * - A field that disappeared can't be cleared by a sparse update (omitted means "leave it"), so that case
 *   becomes a full update (`sparse: false`), which clears every writable field it omits.
 * - Without a previous body every field is sent, still sparse.
 */
export function buildSparseUpdate<B extends object>(
  next: B,
  target: QboEntityVersion,
  previous?: B,
): SparseUpdate {
  const nextFields = definedFields(next);
  if (!previous)
    return {
      changed: true,
      body: { ...nextFields, Id: target.Id, SyncToken: target.SyncToken, sparse: true },
    };

  const previousFields = definedFields(previous);
  const removed = Object.keys(previousFields).filter((key) => !(key in nextFields));
  if (removed.length > 0) {
    return {
      changed: true,
      body: { ...nextFields, Id: target.Id, SyncToken: target.SyncToken, sparse: false },
    };
  }
  const changed = Object.fromEntries(
    Object.entries(nextFields).filter(
      // A field the previous body didn't have is a change (canonicalJson refuses undefined).
      ([key, value]) =>
        !(key in previousFields) || canonicalJson(value) !== canonicalJson(previousFields[key]),
    ),
  );
  if (Object.keys(changed).length === 0) return { changed: false };
  return { changed: true, body: { ...changed, Id: target.Id, SyncToken: target.SyncToken, sparse: true } };
}

/** Void body: only Id and the current SyncToken (node-quickbooks voidInvoice / voidPayment). */
export function voidBody(target: QboEntityVersion): QboEntityVersion {
  return { Id: target.Id, SyncToken: target.SyncToken };
}

function definedFields(body: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}
