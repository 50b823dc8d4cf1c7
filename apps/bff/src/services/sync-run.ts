/**
 * What one claim works with, record by record: the claimed queue row and the record read from Exoserva (Item),
 * what it maps to and what to do with it (Prepared), what QuickBooks answered (Outcome), and the run of one
 * claim for one company (TenantRun).
 */
import type { SyncFailure } from '@exoserva/contracts';
import type { QboEntityName, RecordRef, SyncOperation, SyncRecord, WorkItem } from '@exoserva/sync-core';
import type { QboCallContext, QboEntity } from '../ports/qbo-sync-api.ts';
import type { LinkRow, WorkKind, WorkRow } from '../stores/sync-store.ts';

export type Key = { tenantId: string; kind: WorkKind; recordId: string };

export interface Item {
  row: WorkRow;
  key: Key;
  ref: RecordRef;
  rk: string;
  sync: SyncRecord;
  work: WorkItem;
}

export type Prepared =
  | { item: Item; op: 'skip' }
  | { item: Item; op: 'fail'; failure: SyncFailure }
  | {
      item: Item;
      op: SyncOperation;
      entity: QboEntityName;
      /** The full mapped body (stored for the next sparse update). */
      body: Record<string, unknown>;
      hash: string | null;
      totalCents: number | undefined;
      link: LinkRow | undefined;
      mappingVersion: number | null;
    };

export type Writable = Extract<Prepared, { op: SyncOperation }>;

export type Outcome =
  { ok: true; entity: QboEntity; intuitTid?: string | undefined } | { ok: false; failure: SyncFailure };

/** The run of one claim for one tenant: its token, links and what has failed so far. */
export interface TenantRun {
  tenantId: string;
  ctx: QboCallContext;
  owner: string;
  links: Map<string, LinkRow>;
  blocked: Set<string>;
  reconnect: SyncFailure | null;
  /** Mapped concepts whose account or item is gone in QuickBooks now (mapping-guard.ts): their records wait. */
  brokenConcepts?: ReadonlySet<string>;
  /** Graceful shutdown asked: finish the wave being written, hand the rest of the claim back. */
  stopping: () => boolean;
}
