/**
 * "Delete the test records from both sides after" (GUIDE step 5). Exoserva first — a record the sync engine
 * can no longer read is never sent again — then QuickBooks: the payment deleted, the invoice deleted (voided
 * where QuickBooks refuses the delete), the customer made inactive (QuickBooks cannot delete customers).
 * Idempotent: what is already gone is reported as such, and a second run finishes what the first could not.
 */
import type { TestSyncCleanup, TestSyncCleanupItem } from '@exoserva/contracts';
import type { SyncFailure } from '@exoserva/contracts';
import { classifyQboError, payloadHash, requestIdFor } from '@exoserva/sync-core';
import type { Clock } from '../ports/clock.ts';
import type { Database } from '../ports/database.ts';
import type { ExoservaApi } from '../ports/exoserva-api.ts';
import type { QboCallContext, QboCallResult, QboEntity } from '../ports/qbo-sync-api.ts';
import type { QboTestSyncApi, QboTestSyncEntity } from '../ports/qbo-test-sync-api.ts';
import { refString, syncStore } from '../stores/sync-store.ts';
import type { TestSyncRow } from '../stores/test-sync-store.ts';
import type { QboRateLimiter } from './qbo-rate-limiter.ts';

type Kind = 'customer' | 'invoice' | 'payment';

const DELETED = ' (deleted)';

/** "Test Customer ZZ" → "Test Customer ZZ · test 3f2a9c": the run's own name, unique among retired ones. */
export function retiredName(displayName: string, runId: string): string {
  const base = displayName.endsWith(DELETED) ? displayName.slice(0, -DELETED.length) : displayName;
  const tag = runId.replace(/[^A-Za-z0-9]/g, '').slice(-6);
  return `${base} · test ${tag}`;
}
type Read = (
  ctx: QboCallContext,
  entity: QboTestSyncEntity,
  id: string,
) => Promise<{ ok: true; value: QboEntity | null } | { ok: false; failure: SyncFailure }>;

export async function cleanUpTestRecords(input: {
  db: Database;
  clock: Clock;
  exoserva: ExoservaApi;
  qbo: QboTestSyncApi;
  limiter: QboRateLimiter;
  ctx: QboCallContext;
  row: TestSyncRow;
  read: Read;
}): Promise<TestSyncCleanup> {
  const { db, clock, exoserva, qbo, limiter, ctx, row, read } = input;
  const items: TestSyncCleanupItem[] = [];
  const { records } = row.run;
  const label = (kind: Kind) => records[kind]?.label ?? kind;
  const note = (
    system: TestSyncCleanupItem['system'],
    kind: Kind,
    action: TestSyncCleanupItem['action'],
    message?: string,
  ) => items.push({ system, kind, label: label(kind), action, ...(message ? { message } : {}) });

  // Exoserva: the payment before its invoice, the invoice before its customer (each refuses otherwise).
  for (const kind of ['payment', 'invoice', 'customer'] as const) {
    const record = records[kind];
    if (!record) {
      note('exoserva', kind, 'not_created');
      continue;
    }
    const res = await exoserva.deleteRecord(row.tenantId, kind, record.exoId);
    if (res.ok) note('exoserva', kind, 'deleted');
    else if (res.error.kind === 'not_found') note('exoserva', kind, 'already_gone');
    else note('exoserva', kind, 'failed', res.error.message);
  }

  // QuickBooks: the ids the sync engine linked (also for records that landed after the run gave up waiting).
  const refs = (['customer', 'invoice', 'payment'] as const).flatMap((k) =>
    records[k] ? [refString(k, records[k].exoId)] : [],
  );
  const links = await syncStore.links(db, row.tenantId, row.realmId, refs);
  const write = async <T>(fn: () => Promise<QboCallResult<T>>): Promise<QboCallResult<T>> => {
    const slot = await limiter.acquire(ctx.realmId);
    try {
      return await fn();
    } finally {
      await slot.release();
    }
  };
  const why = (error: unknown) => {
    const f = classifyQboError(error, { now: clock.now() });
    return f.intuit ? `${f.title}: ${f.intuit.message} ${f.intuit.detail}`.trim() : `${f.title}: ${f.fix}`;
  };
  const requestId = (kind: Kind, operation: 'delete' | 'void' | 'update', body: object) => {
    const link = links.get(refString(kind, records[kind]?.exoId ?? ''));
    return requestIdFor({
      tenantId: row.tenantId,
      kind,
      recordId: records[kind]?.exoId ?? '',
      recordVersion: link?.recordVersion ?? 0,
      operation,
      payloadHash: payloadHash(body),
    });
  };

  const entities = { payment: 'Payment', invoice: 'Invoice', customer: 'Customer' } as const;
  for (const kind of ['payment', 'invoice', 'customer'] as const) {
    const link = records[kind] ? links.get(refString(kind, records[kind].exoId)) : undefined;
    if (!link) {
      note('quickbooks', kind, 'not_created');
      continue;
    }
    if (ctx.realmId !== row.realmId) {
      note('quickbooks', kind, 'failed', 'QuickBooks is now connected to another company');
      continue;
    }
    const current = await read(ctx, entities[kind], link.qboId);
    if (!current.ok) {
      note('quickbooks', kind, 'failed', `${current.failure.title}: ${current.failure.fix}`);
      continue;
    }
    const entity = current.value;
    if (!entity || (kind === 'customer' && entity.Active === false)) {
      note('quickbooks', kind, 'already_gone');
      continue;
    }
    const target = { Id: String(entity.Id), SyncToken: String(entity.SyncToken) };
    if (kind === 'customer') {
      // QuickBooks renames an inactive customer "<name> (deleted)", and an earlier test's customer already
      // holds "Test Customer ZZ (deleted)": retire this one under a name of its own run, so the test can be
      // run and cleaned up again and again (issue 21).
      const displayName = retiredName(String(entity.DisplayName ?? label(kind)), row.id);
      const res = await write(() =>
        qbo.deactivateCustomer(
          ctx,
          target,
          displayName,
          requestId(kind, 'update', { ...target, DisplayName: displayName, Active: false }),
        ),
      );
      note('quickbooks', kind, res.ok ? 'made_inactive' : 'failed', res.ok ? undefined : why(res.error));
      continue;
    }
    const deleted = await write(() =>
      qbo.deleteTxn(ctx, entities[kind], target, requestId(kind, 'delete', target)),
    );
    if (deleted.ok) {
      note('quickbooks', kind, 'deleted');
      continue;
    }
    if (kind === 'payment') {
      note('quickbooks', kind, 'failed', why(deleted.error));
      continue;
    }
    // QuickBooks refuses some deletes (a closed period, a linked transaction): a void keeps the number and
    // zeroes the amounts, which is what the guide asks for either way.
    const voided = await write(() => qbo.voidInvoice(ctx, target, requestId(kind, 'void', target)));
    note('quickbooks', kind, voided.ok ? 'voided' : 'failed', voided.ok ? undefined : why(voided.error));
  }

  return {
    status: items.some((i) => i.action === 'failed') ? 'incomplete' : 'done',
    at: new Date(clock.now()).toISOString(),
    items,
  };
}
