/**
 * One record, prepared for QuickBooks: mapped with the company's account mapping (sync-core's mappers), hashed,
 * and the operation chosen against what the id map says is there already — create, sparse update, void, or
 * nothing to do. What a mapper needs besides the record is read here: the other Exoserva customers with the same
 * name (who keeps the plain name), the QuickBooks payment method, and for a refund its payment, its invoice and
 * the invoice's other refunds (what is left to refund).
 */
import type { AccountMapping, ExoCustomer, ExoRefund, SyncFailure } from '@exoserva/contracts';
import {
  chooseOperation,
  failure as syncFailure,
  mapCustomer,
  mapInvoice,
  mapPayment,
  mapPayout,
  mapRefund,
  paymentMethodFor,
  payloadHash,
  plainDisplayName,
  type MapContext,
  type QboEntityName,
} from '@exoserva/sync-core';
import type { ExoApiResult, ExoservaApi } from '../ports/exoserva-api.ts';
import { refString } from '../stores/sync-store.ts';
import { mappingGone } from './mapping-guard.ts';
import type { PaymentMethodResolver } from './payment-method-resolver.ts';
import type { Item, Prepared, TenantRun } from './sync-run.ts';

const mappingMissing = (): SyncFailure =>
  syncFailure(
    'needs_person',
    'account_not_found',
    'Accounts not mapped yet',
    'Map your QuickBooks accounts (QuickBooks settings → Field mapping), then retry.',
  );

const exoservaUnreadable = (): SyncFailure =>
  syncFailure('retryable', 'network_error', 'Couldn’t read from Exoserva', 'Exoserva retries automatically.');

export interface PrepareDeps {
  exoserva: Pick<ExoservaApi, 'getRecord' | 'listRecords'>;
  paymentMethods: PaymentMethodResolver;
}

type Mapped =
  { entity: QboEntityName; body: Record<string, unknown>; totalCents?: number | undefined } | SyncFailure;

const isFailure = (m: Mapped): m is SyncFailure => 'kind' in m && 'code' in m;

export async function prepare(
  deps: PrepareDeps,
  run: TenantRun,
  item: Item,
  mapping: AccountMapping | null,
): Promise<Prepared> {
  const { sync } = item;
  const link = run.links.get(item.rk);
  const gone = run.brokenConcepts ? mappingGone(sync.kind, run.brokenConcepts) : undefined;
  if (gone) return { item, op: 'fail', failure: gone };
  const mapped = await mapRecord(deps, run, item, mapping);
  if (isFailure(mapped)) return { item, op: 'fail', failure: mapped };
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

async function mapRecord(
  deps: PrepareDeps,
  run: TenantRun,
  item: Item,
  mapping: AccountMapping | null,
): Promise<Mapped> {
  const { sync } = item;
  if (sync.kind === 'customer') {
    const sameNamed = await sameNamedCustomers(deps, run.tenantId, sync.record);
    if (!sameNamed.ok) return exoservaUnreadable();
    const m = mapCustomer(sync.record, sameNamed.value);
    return { entity: m.entity, body: m.body as unknown as Record<string, unknown> };
  }
  if (!mapping) return mappingMissing();
  const context: MapContext = {
    mapping,
    lookupId: (kind, exoId) => run.links.get(refString(kind, exoId))?.qboId,
  };
  let r;
  switch (sync.kind) {
    case 'invoice':
      r = mapInvoice(sync.record, context);
      break;
    case 'payout':
      r = mapPayout(sync.record, context);
      break;
    case 'payment': {
      const method = await deps.paymentMethods(run, paymentMethodFor(sync.record));
      if (!method.ok) return method.failure;
      r = mapPayment(sync.record, context, { paymentMethodId: method.id });
      break;
    }
    case 'refund': {
      const refund = sync.record;
      const [payment, invoice, refunds] = await Promise.all([
        deps.exoserva.getRecord(run.tenantId, 'payment', refund.paymentId),
        deps.exoserva.getRecord(run.tenantId, 'invoice', refund.invoiceId),
        deps.exoserva.listRecords(run.tenantId, 'refund', { invoiceId: refund.invoiceId }),
      ]);
      if (!payment.ok || !invoice.ok || !refunds.ok) return exoservaUnreadable();
      const method = await deps.paymentMethods(run, paymentMethodFor(payment.value));
      if (!method.ok) return method.failure;
      r = mapRefund(refund, context, {
        payment: payment.value,
        invoice: invoice.value,
        // A platform that ignores the filter answers every refund: keep the invoice's.
        refundsOfInvoice: refunds.value.filter((x: ExoRefund) => x.invoiceId === refund.invoiceId),
        paymentMethodId: method.id,
      });
      break;
    }
  }
  if (!r.ok) return r.failure;
  return {
    entity: r.value.entity,
    body: r.value.body as unknown as Record<string, unknown>,
    totalCents: r.value.totalCents,
  };
}

/** The tenant's other customers whose QuickBooks name would be this one's (customerDisplayName settles it). */
async function sameNamedCustomers(
  deps: PrepareDeps,
  tenantId: string,
  customer: ExoCustomer,
): Promise<ExoApiResult<ExoCustomer[]>> {
  const listed = await deps.exoserva.listRecords(tenantId, 'customer', { displayName: customer.displayName });
  if (!listed.ok) return listed;
  const key = plainDisplayName(customer).toLowerCase();
  return {
    ok: true,
    value: listed.value.filter((c) => c.id !== customer.id && plainDisplayName(c).toLowerCase() === key),
  };
}
