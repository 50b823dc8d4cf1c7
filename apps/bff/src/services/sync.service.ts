import { createHmac, timingSafeEqual } from 'node:crypto';
import type {
  HeldRecordsResponse,
  ReleaseHeldRequest,
  ReleaseHeldResponse,
  SessionClaims,
  SyncFailuresResponse,
  SyncRecordKind,
  SyncRunResponse,
  SyncSettingsRequest,
  SyncSettingsResponse,
  SyncSummaryResponse,
} from '@exoserva/contracts';
import { z } from 'zod';
import { failure, ok, type Result } from '../http/errors.ts';
import { unsafeTextProblem } from '../http/safe-text.ts';
import type { Logger } from '../logging/logger.ts';
import type { Clock } from '../ports/clock.ts';
import type { Database } from '../ports/database.ts';
import type { ExoservaApi } from '../ports/exoserva-api.ts';
import { auditStore } from '../stores/audit-store.ts';
import { connectionStore } from '../stores/connection-store.ts';
import { refString, syncStore } from '../stores/sync-store.ts';
import type { TokenService } from './token.service.ts';
import { auditDetail } from './audit-details.ts';
import { DESCRIBED_HELD, describeRecord } from './describe-record.ts';

/** Thrown inside the release transaction to roll it back. */
class NotHeld extends Error {}

/** `intuit-signature` = base64(HMAC-SHA256(verifier token, raw body)) (REFERENCE §3.9), constant time. */
export function verifyIntuitSignature(
  header: string | undefined,
  rawBody: string,
  verifierToken: string,
): boolean {
  if (!header || !verifierToken) return false;
  const expected = createHmac('sha256', verifierToken).update(rawBody).digest();
  let given: Buffer;
  try {
    given = Buffer.from(header.trim(), 'base64');
  } catch {
    return false;
  }
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const LegacyNotification = z.object({
  eventNotifications: z.array(
    z.object({
      realmId: z.string(),
      dataChangeEvent: z
        .object({ entities: z.array(z.object({ name: z.string(), id: z.string(), operation: z.string() })) })
        .optional(),
    }),
  ),
});
const CloudEvents = z.array(
  z.object({
    type: z.string(),
    intuitentityid: z.string().optional(),
    intuitaccountid: z.string().optional(),
  }),
);

/** Customer changes in a webhook body, in either format Intuit sends (legacy eventNotifications or CloudEvents). */
export function customerChangesOf(body: unknown): { realmId: string; id: string; operation: string }[] {
  const legacy = LegacyNotification.safeParse(body);
  if (legacy.success) {
    return legacy.data.eventNotifications.flatMap((n) =>
      (n.dataChangeEvent?.entities ?? [])
        .filter((e) => e.name === 'Customer')
        .map((e) => ({ realmId: n.realmId, id: e.id, operation: e.operation })),
    );
  }
  const cloud = CloudEvents.safeParse(body);
  if (cloud.success) {
    return cloud.data.flatMap((e) => {
      const m = /^qbo\.customer\.([a-z]+)\.v\d+$/.exec(e.type);
      return m && e.intuitentityid && e.intuitaccountid
        ? [{ realmId: e.intuitaccountid, id: e.intuitentityid, operation: m[1] as string }]
        : [];
    });
  }
  return [];
}

/**
 * What admins (and, later, the status dashboard) ask of the sync engine: where it stands, what needs a
 * person, auto-sync on/off, Sync Now for the tenant or one record. Also Intuit's webhook receiver for
 * two-way customers.
 */
export function createSyncService(options: {
  db: Database;
  clock: Clock;
  logger: Logger;
  tokens: Pick<TokenService, 'connectionHealth'>;
  webhookVerifierToken?: string | undefined;
  onQueued?: () => void;
  /** Confirms that a record nobody announced belongs to the tenant before Sync Now queues it. */
  exoserva?: Pick<ExoservaApi, 'getRecord'> | null;
  /**
   * Whether a passing test sync unlocks auto-sync (GUIDE step 6: test first); `lock` null = unlocked. Absent:
   * always unlocked.
   */
  autoSyncGate?: (tenantId: string) => Promise<{ lock: string | null }>;
}) {
  const { db, clock, logger } = options;
  const now = () => new Date(clock.now());
  return {
    async summary(tenantId: string): Promise<SyncSummaryResponse> {
      const [counts, settings, health] = await Promise.all([
        syncStore.summary(db, tenantId),
        syncStore.settings(db, tenantId),
        options.tokens.connectionHealth(tenantId),
      ]);
      const paused = health.state === 'needs_reconnect';
      return {
        autoSync: settings.autoSync,
        paused,
        pausedReason: paused ? health.reason : null,
        pending: counts.pending,
        failed: counts.failed,
        blocked: counts.blocked,
        synced: counts.done,
        lastSuccessAt: counts.lastSuccessAt?.toISOString() ?? null,
      };
    },

    /** The needs-a-person list, with the plain-words fix, for the status dashboard. */
    async failures(tenantId: string): Promise<SyncFailuresResponse> {
      const rows = await syncStore.failures(db, tenantId);
      return {
        failures: rows.map((r) => ({
          kind: r.kind,
          id: r.id,
          failure: r.failure,
          failedAt: r.failedAt.toISOString(),
          attempts: r.attempts,
          ...(r.blockedBy
            ? {
                blockedBy: r.blockedBy.map((ref) => {
                  const [kind, ...id] = ref.split(':');
                  return { kind: kind as SyncRecordKind, id: id.join(':') };
                }),
              }
            : {}),
        })),
      };
    },

    /**
     * Auto-sync on needs a passing test sync, or `override: true` — the admin's explicit, audited choice to go
     * live untested.
     */
    async setAutoSync(
      session: SessionClaims,
      request: SyncSettingsRequest,
    ): Promise<Result<SyncSettingsResponse>> {
      const { autoSync } = request;
      const lock = autoSync && options.autoSyncGate ? (await options.autoSyncGate(session.tid)).lock : null;
      if (lock && !request.override) {
        return failure(
          'conflict',
          lock === 'mapping_changed'
            ? 'The mapping changed since the last passing test sync. Run the test sync again, or turn auto-sync on with the override.'
            : 'Run a passing test sync before turning on auto-sync, or turn it on with the override.',
          { reason: 'test_sync_required', lock },
        );
      }
      const at = now();
      await db.transaction(async (tx) => {
        await syncStore.setAutoSync(tx, session.tid, autoSync, session.sub, at);
        if (!lock) return;
        const connection = await connectionStore.get(tx, session.tid);
        await auditStore.append(tx, {
          tenantId: session.tid,
          at,
          action: 'auto_sync_override',
          actor: { userId: session.sub, name: session.name ?? null, role: session.role },
          company: connection?.realmId ? { realmId: connection.realmId, name: connection.companyName } : null,
          ...auditDetail.autoSyncOverride(lock === 'mapping_changed' ? 'mapping_changed' : 'untested'),
        });
      });
      logger.info('sync.auto_sync_changed', {
        tenantId: session.tid,
        autoSync,
        userId: session.sub,
        ...(lock ? { override: true } : {}),
      });
      if (autoSync) options.onQueued?.();
      return ok({ autoSync });
    },

    async runTenant(session: SessionClaims): Promise<SyncRunResponse> {
      const queued = await syncStore.runNow(db, session.tid, now());
      logger.info('sync.run_now', { tenantId: session.tid, queued, userId: session.sub });
      options.onQueued?.();
      return { queued };
    },

    async runRecord(
      session: SessionClaims,
      kind: SyncRecordKind,
      id: string,
    ): Promise<Result<SyncRunResponse>> {
      let queued = await syncStore.runNow(db, session.tid, now(), { kind, recordId: id });
      if (queued === 0 && !(await syncStore.knows(db, session.tid, kind, id))) {
        // Never announced to this tenant: only queue what Exoserva says is this tenant's record, so another
        // tenant's ids (or made-up ones) leave no trace.
        const found = options.exoserva ? await options.exoserva.getRecord(session.tid, kind, id) : null;
        if (!found || (!found.ok && found.error.kind === 'not_found')) {
          return failure('not_found', `No ${kind} ${id} in this Exoserva account`);
        }
        if (!found.ok) return failure('exoserva_unavailable', 'Exoserva could not be reached. Try again.');
      }
      if (queued === 0) {
        // Not in the queue (or already done): queue it, so Sync Now on one record always sends its latest version.
        await syncStore.enqueue(db, {
          tenantId: session.tid,
          kind,
          recordId: id,
          version: 0,
          now: now(),
          runNow: true,
        });
        queued = 1;
      }
      options.onQueued?.();
      return ok({ queued });
    },

    /** Records held since a deliberate disconnect: kept, never synced unless released. */
    async held(tenantId: string): Promise<HeldRecordsResponse> {
      const { records, total } = await syncStore.held(db, tenantId);
      // A held record was never read (it waits for the admin's choice), so the ones the notice shows are read
      // from Exoserva now: the admin decides on "Invoice DFFC-1002 · Acme · $758.58", not on an internal id.
      const described = await Promise.all(
        records.map((r, i) =>
          i < DESCRIBED_HELD && options.exoserva
            ? describeRecord(options.exoserva, tenantId, r)
            : Promise.resolve({}),
        ),
      );
      return {
        records: records.map((r, i) => ({ ...r, since: r.since.toISOString(), ...described[i] })),
        total,
      };
    },

    /** The admin's explicit choice to sync held records: only while connected, audited. */
    async releaseHeld(
      session: SessionClaims,
      request: ReleaseHeldRequest,
    ): Promise<Result<ReleaseHeldResponse>> {
      const at = now();
      let outcome: number | null;
      try {
        outcome = await releaseInTransaction();
      } catch (error) {
        if (!(error instanceof NotHeld)) throw error;
        return failure(
          'not_found',
          'One or more of those records is not held for this account; nothing was released.',
        );
      }
      async function releaseInTransaction() {
        return db.transaction(async (tx) => {
          const connection = await connectionStore.get(tx, session.tid, { forUpdate: true });
          if (connection?.status !== 'connected') return null;
          const refs =
            'all' in request ? 'all' : [...new Set(request.records.map((r) => refString(r.kind, r.id)))];
          const released = await syncStore.releaseHeld(tx, session.tid, at, refs);
          // All or nothing: a listed record that is not held (unknown, another tenant's, already released)
          // refuses the whole request; the transaction rolls the partial release back.
          if (refs !== 'all' && released !== refs.length) throw new NotHeld();
          if (released > 0) {
            await auditStore.append(tx, {
              tenantId: session.tid,
              at,
              action: 'held_released',
              actor: { userId: session.sub, name: session.name ?? null, role: session.role },
              company: connection.realmId
                ? { realmId: connection.realmId, name: connection.companyName }
                : null,
              ...auditDetail.heldReleased(released, refs === 'all'),
            });
          }
          return released;
        });
      }
      if (outcome === null) {
        return failure('conflict', 'Held records can only be synced while QuickBooks is connected.');
      }
      logger.info('sync.held_released', { tenantId: session.tid, released: outcome, userId: session.sub });
      if (outcome > 0) options.onQueued?.();
      return ok({ released: outcome });
    },

    /** Intuit's webhook: verify, then queue each Customer change for the two-way tenants of that company. */
    async receiveWebhook(input: {
      signature: string | undefined;
      rawBody: string;
    }): Promise<Result<{ queued: number }>> {
      if (
        !options.webhookVerifierToken ||
        !verifyIntuitSignature(input.signature, input.rawBody, options.webhookVerifierToken)
      ) {
        logger.warn('intuit.webhook_refused', { reason: input.signature ? 'mismatch' : 'missing' });
        return failure('signature_invalid', 'The intuit-signature header is missing or does not match');
      }
      let body: unknown;
      try {
        body = JSON.parse(input.rawBody);
      } catch {
        return failure('validation_failed', 'The webhook body is not valid JSON');
      }
      const unsafeText = unsafeTextProblem(body);
      if (unsafeText) return failure('validation_failed', unsafeText);
      const changes = customerChangesOf(body);
      if (changes.length === 0) return ok({ queued: 0 });
      const tenants = await syncStore.twoWayTenants(db);
      let queued = 0;
      for (const change of changes) {
        if (
          change.operation.toLowerCase().startsWith('delete') ||
          change.operation.toLowerCase().startsWith('merge')
        )
          continue;
        for (const t of tenants.filter((x) => x.realmId === change.realmId)) {
          await syncStore.enqueue(db, {
            tenantId: t.tenantId,
            kind: 'qbo_customer',
            recordId: change.id,
            version: 0,
            now: now(),
          });
          queued += 1;
        }
      }
      if (queued > 0) options.onQueued?.();
      return ok({ queued });
    },
  };
}

export type SyncService = ReturnType<typeof createSyncService>;
