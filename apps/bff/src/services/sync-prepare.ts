/**
 * One record, prepared for QuickBooks: mapped with the company's account mapping (sync-core's mappers; a refund
 * reads its payment and invoice from Exoserva), hashed, and the operation chosen against what the id map says is
 * there already — create, sparse update, void, or nothing to do.
 */
import type { AccountMapping, SyncFailure } from '@exoserva/contracts';
import {
  chooseOperation,
  failure as syncFailure,
  mapCustomer,
  mapInvoice,
  mapPayment,
  mapPayout,
  mapRefund,
  payloadHash,
  type MapContext,
  type QboEntityName,
} from '@exoserva/sync-core';
import type { ExoservaApi } from '../ports/exoserva-api.ts';
import { refString } from '../stores/sync-store.ts';
import type { Item, Prepared, TenantRun } from './sync-run.ts';

const mappingMissing = (): SyncFailure =>
  syncFailure(
    'needs_person',
    'account_not_found',
    'Accounts not mapped yet',
    'Map your QuickBooks accounts (QuickBooks settings → Field mapping), then retry.',
  );

export async function prepare(
  exoserva: Pick<ExoservaApi, 'getRecord'>,
  run: TenantRun,
  item: Item,
  mapping: AccountMapping | null,
): Promise<Prepared> {
  const { sync } = item;
  const link = run.links.get(item.rk);
  const context: MapContext | null = mapping
    ? { mapping, lookupId: (kind, exoId) => run.links.get(refString(kind, exoId))?.qboId }
    : null;
  let mapped:
    { entity: QboEntityName; body: Record<string, unknown>; totalCents?: number | undefined } | SyncFailure;
  switch (sync.kind) {
    case 'customer': {
      const m = mapCustomer(sync.record);
      mapped = { entity: m.entity, body: m.body as unknown as Record<string, unknown> };
      break;
    }
    case 'invoice':
    case 'payment':
    case 'payout':
    case 'refund': {
      if (!context) return { item, op: 'fail', failure: mappingMissing() };
      let r;
      if (sync.kind === 'invoice') r = mapInvoice(sync.record, context);
      else if (sync.kind === 'payment') r = mapPayment(sync.record, context);
      else if (sync.kind === 'payout') r = mapPayout(sync.record, context);
      else {
        const payment = await exoserva.getRecord(run.tenantId, 'payment', sync.record.paymentId);
        const invoice = await exoserva.getRecord(run.tenantId, 'invoice', sync.record.invoiceId);
        if (!payment.ok || !invoice.ok) {
          return {
            item,
            op: 'fail',
            failure: syncFailure(
              'retryable',
              'network_error',
              'Couldn’t read from Exoserva',
              'Exoserva retries automatically.',
            ),
          };
        }
        r = mapRefund(sync.record, context, {
          payment: payment.value,
          invoiceNumber: invoice.value.number,
        });
      }
      if (!r.ok) return { item, op: 'fail', failure: r.failure };
      mapped = {
        entity: r.value.entity,
        body: r.value.body as unknown as Record<string, unknown>,
        totalCents: r.value.totalCents,
      };
      break;
    }
  }
  const hash = payloadHash(mapped.body);
  const operation = chooseOperation(
    sync,
    link
      ? {
          qboId: link.qboId,
          syncToken: link.syncToken,
          payloadHash: link.payloadHash ?? '',
          voided: link.voided,
        }
      : undefined,
    hash,
  );
  if (operation === 'skip') return { item, op: 'skip' };
  return {
    item,
    op: operation,
    entity: mapped.entity,
    body: mapped.body,
    hash,
    totalCents: mapped.totalCents,
    link,
    mappingVersion: sync.kind === 'customer' ? null : (mapping?.version ?? null),
  };
}
