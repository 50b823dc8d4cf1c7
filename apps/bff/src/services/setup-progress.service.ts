import type { SetupProgressResponse } from '@exoserva/contracts';
import type { Database } from '../ports/database.ts';
import { connectionStore } from '../stores/connection-store.ts';
import { mappingStore } from '../stores/mapping-store.ts';
import { settingsStore } from '../stores/settings-store.ts';
import { syncStore } from '../stores/sync-store.ts';
import { testSyncStore } from '../stores/test-sync-store.ts';

/**
 * The guide's setup, step by step, from what the BFF already stores: the connection, the latest mapping and
 * the mapping page's last verdict on it, the chosen customer direction, the latest test sync (it counts for the
 * mapping version it tested) and auto-sync. No QuickBooks call: the wizard reads it on every load.
 */
export function createSetupProgressService(deps: { db: Database }) {
  const { db } = deps;
  return {
    async progress(tenantId: string): Promise<SetupProgressResponse> {
      const [connection, mapping, direction, test, settings] = await Promise.all([
        connectionStore.get(db, tenantId),
        mappingStore.latest(db, tenantId),
        settingsStore.getDirection(db, tenantId),
        testSyncStore.latest(db, tenantId),
        syncStore.settings(db, tenantId),
      ]);
      const realmId = connection?.status === 'connected' ? connection.realmId : null;
      const mapped = !!realmId && !!mapping && (mapping.realmId === null || mapping.realmId === realmId);
      const health = mapped && realmId ? await mappingStore.health(db, tenantId, realmId) : null;
      const tested = mapped && test && test.realmId === realmId && test.mappingVersion === mapping?.version;
      return {
        connected: !!realmId,
        mapping: !mapped ? 'todo' : health?.status === 'account_not_found' ? 'needs_attention' : 'done',
        direction: direction.chosen ? 'done' : 'todo',
        testSync: !tested
          ? 'todo'
          : test.status === 'passed'
            ? 'passed'
            : test.status === 'failed'
              ? 'failed'
              : 'todo',
        autoSync: settings.autoSync ? 'on' : 'off',
      };
    },
  };
}

export type SetupProgressService = ReturnType<typeof createSetupProgressService>;
