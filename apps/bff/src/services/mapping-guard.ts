import {
  CONCEPT_FIELD,
  type AccountMapping,
  type SyncFailure,
  type SyncRecordKind,
} from '@exoserva/contracts';
import { failure as syncFailure } from '@exoserva/sync-core';
import type { Logger } from '../logging/logger.ts';
import type { Clock } from '../ports/clock.ts';
import type { Database } from '../ports/database.ts';
import type { QboChartApi, QboCompanyAccess } from '../ports/qbo-chart-api.ts';
import { mappingStore } from '../stores/mapping-store.ts';

/** The two items live beside the accounts (CONCEPT_FIELD) in a saved mapping. */
const ITEM_OF: Record<string, keyof AccountMapping> = {
  labor_item: 'laborItemId',
  parts_item: 'partsItemId',
};

/** The concepts a record of each kind posts to: one of them gone, and the record would land on a dead account. */
const USES: Record<Exclude<SyncRecordKind, 'customer'>, readonly string[]> = {
  invoice: [
    'service_revenue',
    'product_revenue',
    'sales_tax_payable',
    'discounts',
    'labor_item',
    'parts_item',
  ],
  refund: [
    'service_revenue',
    'product_revenue',
    'sales_tax_payable',
    'discounts',
    'labor_item',
    'parts_item',
    'refund_source',
  ],
  payment: ['undeposited_funds', 'bank_deposit'],
  payout: ['bank_deposit', 'undeposited_funds', 'merchant_fees', 'tips_payable', 'payout_adjustments'],
};

const LABELS: Record<string, string> = {
  service_revenue: 'Service Revenue',
  product_revenue: 'Product / Parts Revenue',
  sales_tax_payable: 'Sales Tax Payable',
  discounts: 'Discounts Given',
  bank_deposit: 'Bank Deposit Account',
  undeposited_funds: 'Undeposited Funds',
  merchant_fees: 'Card processing fees',
  refund_source: 'Refunds paid from',
  tips_payable: 'Tips Payable',
  payout_adjustments: 'Payout adjustments',
  labor_item: 'the labor item',
  parts_item: 'the parts item',
};

/**
 * Issue 21: a mapped account made inactive in QuickBooks showed "Account not found" on the mapping page while the
 * engine kept posting invoices to it. When the mapping page's last verdict says part of the mapping is gone,
 * the engine checks those accounts and items in QuickBooks (one read each, only then) and holds the records that
 * would post to them with the guide's fix. The check is live, so a person who reactivates the account and
 * presses Retry gets through, and a verdict that no longer holds is cleared for the dashboard too.
 */
export function createMappingGuard(deps: {
  db: Database;
  chart: Pick<QboChartApi, 'listAccounts' | 'listItems'>;
  clock: Clock;
  logger: Logger;
}) {
  return {
    /** The concepts whose account or item is gone now; empty when the mapping is whole (or can't be checked). */
    async brokenConcepts(
      tenantId: string,
      access: QboCompanyAccess,
      mapping: AccountMapping,
    ): Promise<Set<string>> {
      const health = await mappingStore.health(deps.db, tenantId, access.realmId);
      if (!health || health.status !== 'account_not_found' || health.mappingVersion !== mapping.version) {
        return new Set();
      }
      const concerned = health.problems.map((p) => p.what).filter((w) => w in CONCEPT_FIELD || w in ITEM_OF);
      if (concerned.length === 0) return new Set();
      const [accounts, items] = await Promise.all([
        concerned.some((w) => w in CONCEPT_FIELD) ? deps.chart.listAccounts(access) : null,
        concerned.some((w) => w in ITEM_OF) ? deps.chart.listItems(access) : null,
      ]);
      // QuickBooks can't be read right now: let the write itself find out rather than hold records on a guess.
      if ((accounts && !accounts.ok) || (items && !items.ok)) return new Set();
      const activeAccounts = new Set(
        accounts?.ok ? accounts.value.filter((a) => a.active).map((a) => a.id) : [],
      );
      const activeItems = new Set(items?.ok ? items.value.filter((i) => i.active).map((i) => i.id) : []);
      const broken = new Set(
        concerned.filter((what) => {
          const field =
            what in CONCEPT_FIELD ? CONCEPT_FIELD[what as keyof typeof CONCEPT_FIELD] : ITEM_OF[what];
          const id = mapping[field as keyof AccountMapping];
          if (typeof id !== 'string' || id === '') return false; // unmapped concepts fail where they are used
          return what in CONCEPT_FIELD ? !activeAccounts.has(id) : !activeItems.has(id);
        }),
      );
      if (broken.size === 0) {
        // Fixed in QuickBooks since the page looked: the dashboard stops saying so.
        await mappingStore.saveHealth(deps.db, tenantId, {
          ...health,
          status: 'mapped',
          problems: [],
          checkedAt: new Date(deps.clock.now()),
        });
        deps.logger.info('mapping.health_cleared', { tenantId, realmId: access.realmId });
      }
      return broken;
    },
  };
}

export type MappingGuard = ReturnType<typeof createMappingGuard>;

/** The failure of a record that would post to a concept whose account or item is gone; undefined otherwise. */
export function mappingGone(kind: SyncRecordKind, broken: ReadonlySet<string>): SyncFailure | undefined {
  if (kind === 'customer' || broken.size === 0) return undefined;
  const gone = USES[kind].filter((c) => broken.has(c));
  if (gone.length === 0) return undefined;
  const names = gone.map((c) => LABELS[c] ?? c).join(', ');
  return syncFailure(
    'needs_person',
    'account_not_found',
    'Account not found',
    `Your chart of accounts changed: what is mapped for ${names} is inactive or deleted in QuickBooks, so nothing was sent. Make it active again in QuickBooks, or re-run the mapping, then retry.`,
    { details: { concepts: gone.join(',') } },
  );
}
