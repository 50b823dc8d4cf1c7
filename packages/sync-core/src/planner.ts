/**
 * What can be sent now. QuickBooks needs the things a record points at to exist first: customer → invoice →
 * payment → deposit (payout), and a refund after its payment. A record that needs a person blocks only the
 * records that depend on it, directly or through others; everything else keeps flowing.
 */
import type {
  ExoCustomer,
  ExoInvoice,
  ExoPayment,
  ExoPayout,
  ExoRefund,
  SyncRecordKind,
} from '@exoserva/contracts';
import type { SyncOperation } from './requestid.ts';

export interface RecordRef {
  kind: SyncRecordKind;
  exoId: string;
}

export interface WorkItem extends RecordRef {
  dependsOn: RecordRef[];
}

export type SyncRecord =
  | { kind: 'customer'; record: ExoCustomer }
  | { kind: 'invoice'; record: ExoInvoice }
  | { kind: 'payment'; record: ExoPayment }
  | { kind: 'refund'; record: ExoRefund }
  | { kind: 'payout'; record: ExoPayout };

/** The records that must be in QuickBooks before this one can be written. */
export function dependenciesOf(item: SyncRecord): RecordRef[] {
  switch (item.kind) {
    case 'customer':
      return [];
    case 'invoice':
      return [{ kind: 'customer', exoId: item.record.customerId }];
    case 'payment':
      return [
        { kind: 'customer', exoId: item.record.customerId },
        { kind: 'invoice', exoId: item.record.invoiceId },
      ];
    case 'refund':
      return [
        { kind: 'customer', exoId: item.record.customerId },
        { kind: 'payment', exoId: item.record.paymentId },
      ];
    case 'payout':
      // Card refunds are netted in the deposit as linked RefundReceipts, so they must exist too.
      return [
        ...item.record.payments.map((p) => ({ kind: 'payment' as const, exoId: p.paymentId })),
        ...item.record.refunds.map((r) => ({ kind: 'refund' as const, exoId: r.refundId })),
      ];
  }
}

export function workItemFor(item: SyncRecord): WorkItem {
  return { kind: item.kind, exoId: item.record.id, dependsOn: dependenciesOf(item) };
}

export interface PlanInput {
  pending: readonly WorkItem[];
  /** Is this record already in QuickBooks (in the id map)? */
  isSynced: (ref: RecordRef) => boolean;
  /** Does this record carry a needs-a-person (or reconnect) failure? */
  isBlocked: (ref: RecordRef) => boolean;
}

export interface Plan {
  /** Send these now, in this order (customers first, payouts last). */
  ready: WorkItem[];
  /** Their dependencies are on their way; try again after those land. */
  waiting: { item: WorkItem; on: RecordRef[] }[];
  /** Held by a failure that needs a person: `by` names the failed records at the root. */
  blocked: { item: WorkItem; by: RecordRef[] }[];
}

const KIND_ORDER: Record<SyncRecordKind, number> = {
  customer: 0,
  invoice: 1,
  payment: 2,
  refund: 3,
  payout: 4,
};

export function refKey(ref: RecordRef): string {
  return `${ref.kind}:${ref.exoId}`;
}

type Status =
  { state: 'ready' } | { state: 'waiting'; on: RecordRef[] } | { state: 'blocked'; by: RecordRef[] };

export function planWork({ pending, isSynced, isBlocked }: PlanInput): Plan {
  const byKey = new Map(pending.map((item) => [refKey(item), item]));
  const memo = new Map<string, Status>();
  const visiting = new Set<string>();

  const statusOf = (item: WorkItem): Status => {
    const key = refKey(item);
    const known = memo.get(key);
    if (known) return known;
    if (visiting.has(key)) {
      // Dependencies only point "down" the kind order, so a cycle means malformed input: a bug.
      throw new Error(`planWork: dependency cycle through ${key}`);
    }
    visiting.add(key);
    let status: Status;
    if (isBlocked(item)) {
      status = { state: 'blocked', by: [{ kind: item.kind, exoId: item.exoId }] };
    } else {
      const blockers: RecordRef[] = [];
      const waitingOn: RecordRef[] = [];
      for (const dep of item.dependsOn) {
        if (isSynced(dep)) continue;
        const depItem = byKey.get(refKey(dep));
        const depStatus: Status = depItem
          ? statusOf(depItem)
          : isBlocked(dep)
            ? { state: 'blocked', by: [dep] }
            : { state: 'waiting', on: [dep] };
        if (depStatus.state === 'blocked') blockers.push(...depStatus.by);
        else waitingOn.push(dep);
      }
      status =
        blockers.length > 0
          ? { state: 'blocked', by: uniqueRefs(blockers) }
          : waitingOn.length > 0
            ? { state: 'waiting', on: waitingOn }
            : { state: 'ready' };
    }
    visiting.delete(key);
    memo.set(key, status);
    return status;
  };

  const plan: Plan = { ready: [], waiting: [], blocked: [] };
  const ordered = pending
    .map((item, index) => ({ item, index }))
    .sort((a, b) => KIND_ORDER[a.item.kind] - KIND_ORDER[b.item.kind] || a.index - b.index)
    .map(({ item }) => item);
  for (const item of ordered) {
    const status = statusOf(item);
    if (status.state === 'ready') plan.ready.push(item);
    else if (status.state === 'waiting') plan.waiting.push({ item, on: status.on });
    else plan.blocked.push({ item, by: status.by });
  }
  return plan;
}

function uniqueRefs(refs: RecordRef[]): RecordRef[] {
  const seen = new Map(refs.map((ref) => [refKey(ref), ref]));
  return [...seen.values()];
}

export interface SyncedState {
  qboId: string;
  syncToken: string;
  /** payloadHash of the body last sent. */
  payloadHash: string;
  /** The QuickBooks entity has been voided. */
  voided?: boolean;
}

/**
 * Which operation a record needs: create when QuickBooks has never seen it, update when the mapped body
 * changed, nothing when the hash matches, void for a voided invoice that reached QuickBooks (and nothing for
 * one that never did, or is already voided).
 */
export function chooseOperation(
  item: SyncRecord,
  synced: SyncedState | undefined,
  nextPayloadHash: string | undefined,
): SyncOperation | 'skip' {
  if (item.kind === 'invoice' && item.record.status === 'void')
    return synced && !synced.voided ? 'void' : 'skip';
  if (!synced) return 'create';
  return nextPayloadHash !== undefined && nextPayloadHash === synced.payloadHash ? 'skip' : 'update';
}
