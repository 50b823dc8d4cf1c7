/**
 * The QuickBooks PaymentMethod for each Exoserva method (Visa, Check, ACH…): found by name in the company, or
 * created on first use — once, with a requestid that is the same for the same company and name, so two workers
 * resolving "Visa" at once end with one method. Remembered per company (qbo_payment_methods, and in memory):
 * a company's payment methods hardly change, and every read of them is a metered call.
 */
import type { SyncFailure } from '@exoserva/contracts';
import { intentRequestId, type QboPaymentMethodSpec } from '@exoserva/sync-core';
import type { Database } from '../ports/database.ts';
import type { QboCallContext, QboCallResult, QboSyncApi } from '../ports/qbo-sync-api.ts';
import { paymentMethodStore } from '../stores/payment-method-store.ts';
import type { TenantRun } from './sync-run.ts';

export type QboCall = <T>(
  run: TenantRun,
  fn: (ctx: QboCallContext) => Promise<QboCallResult<T>>,
) => Promise<{ ok: true; value: T } | { ok: false; failure: SyncFailure }>;

export type PaymentMethodResolver = (
  run: TenantRun,
  spec: QboPaymentMethodSpec,
) => Promise<{ ok: true; id: string } | { ok: false; failure: SyncFailure }>;

export function paymentMethodResolver(deps: {
  db: Database;
  qbo: Pick<QboSyncApi, 'findPaymentMethods' | 'createPaymentMethod'>;
  call: QboCall;
  now: () => Date;
}): PaymentMethodResolver {
  const known = new Map<string, string>();
  return async (run, spec) => {
    const key = `${run.tenantId}\u0000${run.ctx.realmId}\u0000${spec.name}`;
    const cached = known.get(key);
    if (cached) return { ok: true, id: cached };
    const stored = await paymentMethodStore.get(deps.db, run.tenantId, run.ctx.realmId, spec.name);
    let id = stored;
    if (!id) {
      const found = await deps.call(run, (ctx) => deps.qbo.findPaymentMethods(ctx, [spec.name]));
      if (!found.ok) return found;
      // Query comparison is case-insensitive in QuickBooks; take the exact name first.
      const hit =
        found.value.find((m) => m.Name === spec.name) ??
        found.value.find((m) => String(m.Name).toLowerCase() === spec.name.toLowerCase());
      if (hit) id = String(hit.Id);
      else {
        const requestId = intentRequestId('ex-pm', run.tenantId, run.ctx.realmId, spec.name);
        const created = await deps.call(run, (ctx) =>
          deps.qbo.createPaymentMethod(ctx, { Name: spec.name, Type: spec.type }, requestId),
        );
        if (!created.ok) return created;
        id = String(created.value.Id);
      }
      await paymentMethodStore.save(deps.db, {
        tenantId: run.tenantId,
        realmId: run.ctx.realmId,
        name: spec.name,
        qboId: id,
        now: deps.now(),
      });
    }
    known.set(key, id);
    return { ok: true, id };
  };
}
