import type {
  BulkRetryRequest,
  FailedRecord,
  FailureSearchRequest,
  FailureSearchResponse,
  IgnoredBy,
  IgnoreResponse,
  LinkCandidatesResponse,
  LinkResponse,
  QboCustomerCandidate,
  RecordMatch,
  RecordSearchResponse,
  RecordTimelineResponse,
  SessionClaims,
  SyncActivityResponse,
  SyncRunResponse,
  SyncStatusResponse,
} from '@exoserva/contracts';
import { SyncRecordKind } from '@exoserva/contracts';
import { amountInCents } from './amount-query.ts';

const QUEUE_STATES = ['pending', 'done', 'failed', 'blocked'] as const;
import type { Config } from '../config.ts';
import { fail, failure, ok, type Result } from '../http/errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { Clock } from '../ports/clock.ts';
import type { ExoservaApi } from '../ports/exoserva-api.ts';
import type { Database, Queryable } from '../ports/database.ts';
import type { ChartCustomer, QboChartApi } from '../ports/qbo-chart-api.ts';
import { auditStore } from '../stores/audit-store.ts';
import { connectionStore } from '../stores/connection-store.ts';
import { customerLinkStore, mappingStore } from '../stores/mapping-store.ts';
import type { RateLimits } from '../stores/qbo-rate-store.ts';
import { SYNC_LOG_RETENTION, syncLogStore } from '../stores/sync-log-store.ts';
import { describeRecord } from './describe-record.ts';
import { syncStatusStore, type FailedRow } from '../stores/sync-status-store.ts';
import { refString, syncStore } from '../stores/sync-store.ts';
import { qboFailure } from './mapping.service.ts';
import { quickBooksRecordUrl } from './quickbooks-record-url.ts';
import type { TokenService } from './token.service.ts';
import { auditDetail } from './audit-details.ts';

/** Thrown inside the bulk-retry transaction to roll it back. */
class NotRetryable extends Error {}

/** Intuit's published limits per company (REFERENCE §3.5), quoted next to the ETA. */
export const INTUIT_RATE_LIMITS = { perMinute: 500, perSecond: 10 } as const;

/** The daily chart covers this many days (the wizard shows 14 or 30 of them). */
export const ACTIVITY_DAYS = 30;

const HOUR_MS = 3_600_000;
const MAX_CANDIDATES = 20;

/**
 * Seconds until `pending` records are through at the limiter's rate: one request per record (creates may go
 * 30 to a batch, so this is an upper bound for a burst of new records, and right for updates and payments).
 * The per-minute window binds for anything beyond a few seconds' worth; the per-second one for small queues.
 */
export function pendingEtaSeconds(
  pending: number,
  limits: Pick<RateLimits, 'perMinute' | 'perSecond'>,
): number {
  if (pending <= 0) return 0;
  return Math.max(1, Math.ceil((pending * 60) / limits.perMinute), Math.ceil(pending / limits.perSecond));
}

export interface SyncStatusDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  tokens: Pick<TokenService, 'connectionHealth' | 'getAccessToken'>;
  chart: QboChartApi;
  environment: Config['qbo']['environment'];
  /** The limits the QuickBooks rate limiter admits calls at (the ETA's rate). */
  rateLimits: Pick<RateLimits, 'perMinute' | 'perSecond'>;
  /** Wakes the workers after something was queued. */
  onQueued?: () => void;
  /** Names a listed record the sync never read (a blocked one): its number, amount and customer. */
  exoserva?: Pick<ExoservaApi, 'getRecord'> | null;
}

type Key = { tenantId: string; kind: SyncRecordKind; recordId: string };

const iso = (d: Date) => d.toISOString();
const ignoredView = (i: FailedRow['ignored']): IgnoredBy | null =>
  i ? { at: iso(i.at), userId: i.userId, name: i.name, reason: i.reason } : null;
const splitRef = (ref: string) => {
  const [kind, ...id] = ref.split(':');
  return { kind: kind as SyncRecordKind, id: id.join(':') };
};

/**
 * GUIDE step 7, the Sync Status dashboard: where the sync stands (with an ETA for Pending), the Failed list
 * with its plain fixes, Retry / Link to existing / Ignore, the daily chart, and each record's timeline.
 */
export function createSyncStatusService(deps: SyncStatusDeps) {
  const { db, clock, logger, tokens, chart, environment } = deps;
  const now = () => new Date(clock.now());
  const url = (kind: SyncRecordKind, qboId: string | null) =>
    qboId ? quickBooksRecordUrl(environment, kind, qboId) : null;
  const actorOf = (s: SessionClaims) => ({ userId: s.sub, name: s.name ?? null, role: s.role });

  async function company(q: Queryable, tenantId: string) {
    const row = await connectionStore.get(q, tenantId);
    return row?.realmId ? { realmId: row.realmId, name: row.companyName } : null;
  }

  /** Why Ignore / Stop ignoring changed nothing: the record is in another state, or not this tenant's. */
  async function unchanged(q: Queryable, key: Key, conflict: string) {
    return (await syncStatusStore.record(q, key))
      ? failure('conflict', conflict)
      : failure('not_found', `No ${key.kind} ${key.recordId} in this account's sync`);
  }

  function toFailedRecord(r: FailedRow): FailedRecord {
    return {
      kind: r.kind,
      id: r.id,
      label: r.label,
      state: r.state,
      failure: r.failure,
      failedAt: iso(r.failedAt),
      attempts: r.attempts,
      ...(r.blockedBy ? { blockedBy: r.blockedBy.map(splitRef) } : {}),
      ignored: ignoredView(r.ignored),
      quickBooksUrl: url(r.kind, r.qboId),
      amountCents: r.amountCents,
      customerName: r.customerName,
    };
  }

  /** Active QuickBooks customers, with one token refresh when QuickBooks says the token expired. */
  async function listQboCustomers(
    tenantId: string,
  ): Promise<Result<{ realmId: string; customers: ChartCustomer[] }>> {
    let token = await tokens.getAccessToken(tenantId);
    if (!token.ok) return token;
    let access = { realmId: token.value.realmId, accessToken: token.value.accessToken };
    let listed = await chart.listCustomers(access);
    if (!listed.ok && listed.error.kind === 'unauthorized') {
      token = await tokens.getAccessToken(tenantId, { rejectedToken: access.accessToken });
      if (!token.ok) return token;
      access = { realmId: token.value.realmId, accessToken: token.value.accessToken };
      listed = await chart.listCustomers(access);
    }
    if (!listed.ok) return fail(qboFailure(listed.error, 'searching QuickBooks customers'));
    return ok({ realmId: access.realmId, customers: listed.value });
  }

  /** The failed customer record a Link acts on: known to this tenant's queue, and not synced. */
  async function failedCustomer(key: Key) {
    if (key.kind !== 'customer') {
      return failure('validation_failed', 'Only a customer can be linked to an existing QuickBooks customer');
    }
    const row = await syncStatusStore.record(db, key);
    if (!row) return failure('not_found', `No customer ${key.recordId} in this account's sync`);
    if (row.state !== 'failed') {
      return failure('conflict', 'Only a customer that failed to sync can be linked from here');
    }
    return ok(row);
  }

  return {
    async dashboard(tenantId: string): Promise<SyncStatusResponse> {
      const [counts, settings, health] = await Promise.all([
        syncStore.summary(db, tenantId),
        syncStore.settings(db, tenantId),
        tokens.connectionHealth(tenantId),
      ]);
      const mapping = health.realmId ? await mappingStore.health(db, tenantId, health.realmId) : null;
      const stalledBy =
        health.state === 'needs_reconnect'
          ? 'needs_reconnect'
          : health.state !== 'connected'
            ? 'disconnected'
            : !settings.autoSync
              ? 'auto_sync_off'
              : null;
      return {
        asOf: iso(now()),
        connection: health.state,
        pausedReason: health.state === 'needs_reconnect' ? health.reason : null,
        autoSync: settings.autoSync,
        mapping: mapping
          ? { status: mapping.status, problems: mapping.problems, checkedAt: iso(mapping.checkedAt) }
          : null,
        lastSuccessAt: counts.lastSuccessAt ? iso(counts.lastSuccessAt) : null,
        pending: counts.pending,
        etaSeconds:
          counts.pending > 0 && stalledBy === null
            ? pendingEtaSeconds(counts.pending, deps.rateLimits)
            : null,
        stalledBy: counts.pending > 0 ? stalledBy : null,
        failed: counts.failed,
        blocked: counts.blocked,
        ignored: counts.ignored,
        held: counts.held,
        synced: counts.done,
        rateLimit: { ...INTUIT_RATE_LIMITS },
      };
    },

    async activity(tenantId: string): Promise<SyncActivityResponse> {
      const to = now();
      const from = new Date(Math.floor(to.getTime() / HOUR_MS) * HOUR_MS - ACTIVITY_DAYS * 24 * HOUR_MS);
      const hours = await syncLogStore.activity(db, tenantId, from);
      return {
        from: iso(from),
        to: iso(to),
        days: ACTIVITY_DAYS,
        hours: hours.map((h) => ({ hour: iso(h.hour), synced: h.synced, failed: h.failed })),
      };
    },

    async failures(tenantId: string, request: FailureSearchRequest): Promise<FailureSearchResponse> {
      const { limit = 50, offset = 0, ...filter } = request;
      const realm = await company(db, tenantId);
      const [found, breakdown] = await Promise.all([
        syncStatusStore.search(db, tenantId, filter, { limit, offset }, realm?.realmId ?? null),
        syncStatusStore.breakdown(db, tenantId),
      ]);
      const records = await Promise.all(
        found.rows.map(async (row) => {
          let record = toFailedRecord(row);
          if (record.label === null && record.amountCents === null && deps.exoserva) {
            // Blocked before it was ever read (it waits for its customer): ask Exoserva what it is.
            const d = await describeRecord(deps.exoserva, tenantId, record);
            record = {
              ...record,
              label: d.label ?? null,
              amountCents: d.amountCents ?? null,
              customerName: d.customerName ?? null,
            };
          }
          if (!record.blockedBy) return record;
          // "It goes once Customer Smith Plumbing is fixed", not once cus_2041 is.
          const blockedBy = await Promise.all(
            record.blockedBy.map(async (b) => {
              const label = await syncLogStore.label(db, { tenantId, kind: b.kind, recordId: b.id });
              return label ? { ...b, label } : b;
            }),
          );
          return { ...record, blockedBy };
        }),
      );
      return { records, total: found.total, ...breakdown };
    },

    async retry(session: SessionClaims, request: BulkRetryRequest): Promise<Result<SyncRunResponse>> {
      const target =
        'records' in request
          ? { refs: [...new Set(request.records.map((r) => refString(r.kind, r.id)))] }
          : { filter: request.filter };
      let queued: number;
      try {
        queued = await db.transaction(async (tx) => {
          const n = await syncStatusStore.retry(tx, session.tid, now(), target);
          // All or nothing for a selection: a listed record that is not an open failure of this account
          // (unknown, another tenant's, ignored, already synced) refuses the request and rolls it back.
          if ('refs' in target && n !== target.refs?.length) throw new NotRetryable();
          return n;
        });
      } catch (error) {
        if (!(error instanceof NotRetryable)) throw error;
        return failure(
          'not_found',
          'One or more of those records is not a failed record of this account; nothing was retried.',
        );
      }
      logger.info('sync.bulk_retry', { tenantId: session.tid, queued, userId: session.sub });
      if (queued > 0) deps.onQueued?.();
      return ok({ queued });
    },

    async ignore(session: SessionClaims, key: Key, reason: string): Promise<Result<IgnoreResponse>> {
      const at = now();
      const result = await db.transaction(async (tx): Promise<Result<IgnoreResponse>> => {
        const by = { at, userId: session.sub, name: session.name ?? null, reason };
        if (!(await syncStatusStore.ignore(tx, key, by))) {
          return unchanged(tx, key, 'Only a failed record that is not ignored yet can be ignored');
        }
        await auditStore.append(tx, {
          tenantId: key.tenantId,
          at,
          action: 'sync_record_ignored',
          actor: actorOf(session),
          company: await company(tx, key.tenantId),
          ...auditDetail.recordIgnored(key.kind, key.recordId, reason),
        });
        await syncLogStore.append(tx, {
          ...key,
          at,
          event: 'ignored',
          detail: reason,
          actor: { userId: session.sub, name: session.name ?? null },
        });
        return ok({ ignored: ignoredView(by) });
      });
      if (result.ok) logger.info('sync.record_ignored', { ...key, userId: session.sub });
      return result;
    },

    async unignore(session: SessionClaims, key: Key): Promise<Result<IgnoreResponse>> {
      const at = now();
      return db.transaction(async (tx): Promise<Result<IgnoreResponse>> => {
        if (!(await syncStatusStore.unignore(tx, key)))
          return unchanged(tx, key, 'This record is not ignored');
        await auditStore.append(tx, {
          tenantId: key.tenantId,
          at,
          action: 'sync_record_unignored',
          actor: actorOf(session),
          company: await company(tx, key.tenantId),
          ...auditDetail.recordUnignored(key.kind, key.recordId),
        });
        await syncLogStore.append(tx, {
          ...key,
          at,
          event: 'unignored',
          actor: { userId: session.sub, name: session.name ?? null },
        });
        return ok({ ignored: null });
      });
    },

    /**
     * QuickBooks customers an Exoserva customer could be linked to: those whose name contains `search`
     * (default: the name QuickBooks refused as a duplicate), exact name first.
     */
    async linkCandidates(key: Key, search: string | undefined): Promise<Result<LinkCandidatesResponse>> {
      const row = await failedCustomer(key);
      if (!row.ok) return row;
      const own =
        (typeof row.value.failure?.details?.name === 'string' ? row.value.failure.details.name : null) ??
        (await syncLogStore.label(db, key)) ??
        '';
      const text = (search ?? own).trim();
      const listed = await listQboCustomers(key.tenantId);
      if (!listed.ok) return listed;
      const links = await customerLinkStore.list(db, key.tenantId, listed.value.realmId);
      const ownerOf = new Map([...links].map(([exoId, qboId]) => [qboId, exoId]));
      const needle = text.toLowerCase();
      const candidates: QboCustomerCandidate[] = listed.value.customers
        .filter((c) => needle === '' || c.displayName.toLowerCase().includes(needle))
        .map((c) => {
          const linkedTo = ownerOf.get(c.id);
          return {
            qboId: c.id,
            displayName: c.displayName,
            email: c.email,
            phone: c.phone,
            address: c.address
              ? [c.address.line1, c.address.city, c.address.postalCode].filter(Boolean).join(', ')
              : null,
            sameName: c.displayName.toLowerCase() === own.toLowerCase(),
            linkedTo: linkedTo && linkedTo !== key.recordId ? linkedTo : null,
            quickBooksUrl: quickBooksRecordUrl(environment, 'customer', c.id),
          };
        })
        .sort((a, b) => Number(b.sameName) - Number(a.sameName) || a.displayName.localeCompare(b.displayName))
        .slice(0, MAX_CANDIDATES);
      return ok({ search: text, candidates });
    },

    /**
     * Link to existing: the Exoserva customer becomes the QuickBooks customer the admin chose (stored in the id
     * map like a match from the customer step), then goes again at once — as an update of that customer, so
     * no duplicate is created — and what waited on it follows when it lands.
     */
    async link(session: SessionClaims, key: Key, qboCustomerId: string): Promise<Result<LinkResponse>> {
      const row = await failedCustomer(key);
      if (!row.ok) return row;
      const listed = await listQboCustomers(key.tenantId);
      if (!listed.ok) return listed;
      const { realmId, customers } = listed.value;
      const chosen = customers.find((c) => c.id === qboCustomerId);
      if (!chosen) {
        return failure('not_found', `QuickBooks has no active customer ${qboCustomerId}. Search again.`);
      }
      const at = now();
      const result = await db.transaction(async (tx): Promise<Result<LinkResponse>> => {
        const links = await customerLinkStore.list(tx, key.tenantId, realmId);
        const other = [...links].find(([exoId, qboId]) => qboId === qboCustomerId && exoId !== key.recordId);
        if (other) {
          return failure(
            'conflict',
            `QuickBooks customer ${chosen.displayName} is already linked to Exoserva customer ${other[0]}`,
            { qboId: qboCustomerId, exoservaId: other[0] },
          );
        }
        await customerLinkStore.upsert(tx, {
          tenantId: key.tenantId,
          realmId,
          exoservaId: key.recordId,
          qboId: qboCustomerId,
          at,
        });
        await auditStore.append(tx, {
          tenantId: key.tenantId,
          at,
          action: 'sync_customer_linked',
          actor: actorOf(session),
          company: await company(tx, key.tenantId),
          ...auditDetail.customerLinked(key.recordId, chosen.displayName, qboCustomerId),
        });
        await syncLogStore.append(tx, {
          ...key,
          at,
          event: 'linked',
          qboId: qboCustomerId,
          label: chosen.displayName,
          detail: chosen.displayName,
          actor: { userId: session.sub, name: session.name ?? null },
        });
        const queued = await syncStore.runNow(tx, key.tenantId, at, {
          kind: key.kind,
          recordId: key.recordId,
        });
        return ok({ qboId: qboCustomerId, queued });
      });
      if (result.ok) {
        logger.info('sync.customer_linked', { ...key, qboId: qboCustomerId, userId: session.sub });
        deps.onQueued?.();
      }
      return result;
    },

    /**
     * Keeps the sync log bounded (run by the maintenance job every 15 minutes): entries older than the
     * retention go, and records written to in the last hour keep their newest entries only.
     */
    async pruneLog(): Promise<{ aged: number; capped: number }> {
      const at = clock.now();
      return syncLogStore.prune(db, {
        before: new Date(at - SYNC_LOG_RETENTION.maxAgeDays * 24 * HOUR_MS),
        touchedSince: new Date(at - HOUR_MS),
      });
    },

    /** "Follow one record" by what an admin sees: number, customer name, amount or id. */
    async searchRecords(tenantId: string, query: string): Promise<RecordSearchResponse> {
      const amountCents = amountInCents(query);
      const found = await syncLogStore.searchRecords(db, tenantId, { text: query, amountCents });
      return {
        query,
        amountCents,
        matches: found.flatMap((m): RecordMatch[] => {
          const kind = SyncRecordKind.safeParse(m.kind);
          if (!kind.success) return [];
          const state = QUEUE_STATES.find((x) => x === m.state) ?? null;
          const { recordId, ...rest } = m;
          return [{ ...rest, kind: kind.data, id: recordId, state }];
        }),
      };
    },

    async timeline(key: Key): Promise<Result<RecordTimelineResponse>> {
      const [row, log, realm] = await Promise.all([
        syncStatusStore.record(db, key),
        syncLogStore.timeline(db, key),
        company(db, key.tenantId),
      ]);
      const link = realm
        ? (await syncStore.links(db, key.tenantId, realm.realmId, [refString(key.kind, key.recordId)])).get(
            refString(key.kind, key.recordId),
          )
        : undefined;
      if (!row && !link && log.entries.length === 0) {
        return failure('not_found', `No ${key.kind} ${key.recordId} in this account's sync`);
      }
      const state: RecordTimelineResponse['state'] = !row
        ? link
          ? 'synced'
          : 'not_queued'
        : row.ignored
          ? 'ignored'
          : row.state === 'pending'
            ? row.held
              ? 'held'
              : 'pending'
            : row.state === 'done'
              ? 'synced'
              : row.state;
      return ok({
        kind: key.kind,
        id: key.recordId,
        label: await syncLogStore.label(db, key),
        state,
        qboId: link?.qboId ?? null,
        syncToken: link?.syncToken ?? null,
        quickBooksUrl: url(key.kind, link?.qboId ?? null),
        failure: row && (row.state === 'failed' || row.state === 'blocked') ? row.failure : null,
        ignored: ignoredView(row?.ignored ?? null),
        entries: log.entries,
        truncated: log.truncated,
      });
    },
  };
}

export type SyncStatusService = ReturnType<typeof createSyncStatusService>;
