import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TokenCipher } from '../crypto/token-cipher.ts';
import { failure, ok, type Result } from '../http/errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { Clock } from '../ports/clock.ts';
import type { Database } from '../ports/database.ts';
import type { IntuitAuth, IntuitTokens } from '../ports/intuit-auth.ts';
import { auditStore } from '../stores/audit-store.ts';
import { connectionStore, type ConnectionRow, type EncryptedTokens } from '../stores/connection-store.ts';
import { auditDetail } from './audit-details.ts';

export interface AccessToken {
  accessToken: string;
  realmId: string;
  expiresAt: Date;
}

export interface TokenServiceOptions {
  db: Database;
  cipher: TokenCipher;
  intuit: IntuitAuth;
  clock: Clock;
  logger: Logger;
  /** Identifies this process in refresh leases. */
  instanceId: string;
  /** Refresh when less than this is left on the access token. Default 5 minutes. */
  refreshAheadMs?: number;
  /** How long a refresh lease holds before another instance may take over. Default 60 s. */
  leaseMs?: number;
  /** How often a waiting instance re-reads the row. Default 50 ms. */
  pollMs?: number;
  /** How long a caller waits for another instance's refresh before giving up (wall time). Default 45 s. */
  waitTimeoutMs?: number;
}

export const NEEDS_RECONNECT_REASON =
  'QuickBooks no longer accepts this connection (access was revoked in QuickBooks or the authorization expired). Reconnect to resume syncing.';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Context strings bound into each ciphertext, so a token cannot be moved to another tenant or field. */
export const tokenContext = {
  access: (tenantId: string) => `connection:${tenantId}:access`,
  refresh: (tenantId: string) => `connection:${tenantId}:refresh`,
  pendingAccess: (tenantId: string) => `pending:${tenantId}:access`,
  pendingRefresh: (tenantId: string) => `pending:${tenantId}:refresh`,
};

export function encryptTokens(
  cipher: TokenCipher,
  tokens: IntuitTokens,
  now: number,
  contexts: { access: string; refresh: string },
): EncryptedTokens {
  return {
    accessTokenEnc: cipher.encrypt(tokens.accessToken, contexts.access),
    refreshTokenEnc: cipher.encrypt(tokens.refreshToken, contexts.refresh),
    keyId: cipher.currentKid,
    accessExpiresAt: new Date(now + tokens.expiresIn * 1000),
    refreshExpiresAt: tokens.refreshExpiresIn ? new Date(now + tokens.refreshExpiresIn * 1000) : null,
    refreshHardExpiresAt: tokens.refreshHardExpiresIn
      ? new Date(now + tokens.refreshHardExpiresIn * 1000)
      : null,
  };
}

/**
 * Hands out QuickBooks access tokens and keeps them alive. Intuit rotates refresh tokens, so two concurrent
 * refreshes with the same one log the company out (REFERENCE.md §1.4): refreshes are single-flight per
 * tenant inside the process (a shared promise) and across processes (a lease taken by compare-and-set on
 * the row, then the row is re-read — another instance may already have refreshed). The rotated refresh
 * token is committed before the new access token is handed to anyone. No database transaction spans the
 * call to Intuit.
 */
export function createTokenService(options: TokenServiceOptions) {
  const { db, cipher, intuit, clock, logger } = options;
  const refreshAheadMs = options.refreshAheadMs ?? 5 * 60 * 1000;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 50;
  const waitTimeoutMs = options.waitTimeoutMs ?? 45_000;
  const inflight = new Map<string, Promise<Result<AccessToken>>>();
  let refreshCalls = 0;

  const isFresh = (row: ConnectionRow) =>
    row.accessExpiresAt !== null && row.accessExpiresAt.getTime() - clock.now() > refreshAheadMs;

  const unusable = (row: ConnectionRow | null): Result<never> | null => {
    if (!row || row.status === 'disconnected' || !row.refreshTokenEnc || !row.realmId) {
      return failure('qbo_reauth_required', 'QuickBooks is not connected for this tenant');
    }
    if (row.status === 'needs_reconnect') {
      return failure('qbo_reauth_required', row.reason ?? NEEDS_RECONNECT_REASON);
    }
    return null;
  };

  const reveal = (row: ConnectionRow): AccessToken => ({
    accessToken: cipher.decrypt(row.accessTokenEnc as string, tokenContext.access(row.tenantId)),
    realmId: row.realmId as string,
    expiresAt: row.accessExpiresAt as Date,
  });

  async function markNeedsReconnect(tenantId: string, reason: string): Promise<void> {
    await db.transaction(async (tx) => {
      const row = await connectionStore.get(tx, tenantId, { forUpdate: true });
      const changed = await connectionStore.markNeedsReconnect(tx, {
        tenantId,
        reason,
        now: new Date(clock.now()),
      });
      if (changed && row?.realmId) {
        await auditStore.append(tx, {
          tenantId,
          at: new Date(clock.now()),
          action: 'needs_reconnect',
          actor: null,
          company: { realmId: row.realmId, name: row.companyName },
          ...auditDetail.needsReconnect(reason, NEEDS_RECONNECT_REASON),
        });
      }
    });
    logger.warn('qbo.needs_reconnect', { tenantId });
  }

  /** Runs one refresh under the cross-process lease; `needsRefresh` is re-checked on the re-read row. */
  async function refreshUnderLease(
    tenantId: string,
    needsRefresh: (row: ConnectionRow) => boolean,
  ): Promise<Result<AccessToken>> {
    const owner = `${options.instanceId}/${randomUUID()}`;
    const started = performance.now();
    for (;;) {
      const now = clock.now();
      const leased = await connectionStore.tryAcquireRefreshLease(db, {
        tenantId,
        owner,
        now: new Date(now),
        until: new Date(now + leaseMs),
      });
      if (!leased) {
        const row = await connectionStore.get(db, tenantId);
        const bad = unusable(row);
        if (bad) return bad;
        if (!needsRefresh(row as ConnectionRow)) return ok(reveal(row as ConnectionRow));
        if (performance.now() - started > waitTimeoutMs) {
          return failure(
            'qbo_unavailable',
            'Another instance is still refreshing the QuickBooks token; try again',
          );
        }
        await sleep(pollMs);
        continue;
      }
      if (!needsRefresh(leased)) {
        await connectionStore.releaseRefreshLease(db, tenantId, owner);
        return ok(reveal(leased));
      }
      const refreshToken = cipher.decrypt(leased.refreshTokenEnc as string, tokenContext.refresh(tenantId));
      refreshCalls += 1;
      const result = await intuit.refresh(refreshToken);
      if (!result.ok) {
        if (result.error.kind === 'invalid_grant') {
          await markNeedsReconnect(tenantId, NEEDS_RECONNECT_REASON);
          return failure('qbo_reauth_required', NEEDS_RECONNECT_REASON);
        }
        await connectionStore.releaseRefreshLease(db, tenantId, owner);
        logger.warn('qbo.refresh_failed', { tenantId, kind: result.error.kind, status: result.error.status });
        return failure(
          'qbo_unavailable',
          'QuickBooks could not be reached to refresh the connection; it will be retried',
        );
      }
      const refreshedAt = clock.now();
      const enc = encryptTokens(cipher, result.value, refreshedAt, {
        access: tokenContext.access(tenantId),
        refresh: tokenContext.refresh(tenantId),
      });
      await connectionStore.saveRefreshed(db, { tenantId, owner, now: new Date(refreshedAt), ...enc });
      logger.info('qbo.token_refreshed', { tenantId, realmId: leased.realmId });
      return ok({
        accessToken: result.value.accessToken,
        realmId: leased.realmId as string,
        expiresAt: enc.accessExpiresAt,
      });
    }
  }

  function singleFlight(
    tenantId: string,
    needsRefresh: (row: ConnectionRow) => boolean,
  ): Promise<Result<AccessToken>> {
    const existing = inflight.get(tenantId);
    if (existing) return existing;
    const p = refreshUnderLease(tenantId, needsRefresh).finally(() => inflight.delete(tenantId));
    inflight.set(tenantId, p);
    return p;
  }

  return {
    /**
     * A valid access token for the tenant's company, refreshed ahead of expiry. With `rejectedToken` (a
     * token QuickBooks just answered 401 to) it refreshes unless someone already replaced that token.
     * Fails with `qbo_reauth_required` (needs a person) or `qbo_unavailable` (retry later).
     */
    async getAccessToken(
      tenantId: string,
      opts: { rejectedToken?: string } = {},
    ): Promise<Result<AccessToken>> {
      const row = await connectionStore.get(db, tenantId);
      const bad = unusable(row);
      if (bad) return bad;
      const current = row as ConnectionRow;
      if (opts.rejectedToken === undefined) {
        if (isFresh(current)) return ok(reveal(current));
        return singleFlight(tenantId, (r) => !isFresh(r));
      }
      const rejected = opts.rejectedToken;
      const stillRejected = (r: ConnectionRow) =>
        !isFresh(r) ||
        cipher.decrypt(r.accessTokenEnc as string, tokenContext.access(r.tenantId)) === rejected;
      if (!stillRejected(current)) return ok(reveal(current));
      return singleFlight(tenantId, stillRejected);
    },

    /** For the sync engine: a 401 that a refresh did not cure, or any other reason a person must reconnect. */
    markNeedsReconnect,

    /** Whether sync may run for the tenant, and if not, why (plain words). */
    async connectionHealth(tenantId: string): Promise<{
      state: ConnectionRow['status'] | 'never_connected';
      realmId: string | null;
      reason: string | null;
    }> {
      const row = await connectionStore.get(db, tenantId);
      if (!row) return { state: 'never_connected', realmId: null, reason: null };
      return { state: row.status, realmId: row.realmId, reason: row.reason };
    },

    /**
     * Keeps every connection's refresh token rolling: refreshes any not refreshed within `maxAgeMs`
     * (default 24 h). Returns how many were refreshed and how many failed.
     */
    async refreshStale(maxAgeMs = DAY_MS): Promise<{ refreshed: number; failed: number }> {
      const before = clock.now() - maxAgeMs;
      const tenants = await connectionStore.listStale(db, new Date(before));
      let refreshed = 0;
      let failed = 0;
      for (const tenantId of tenants) {
        const result = await singleFlight(
          tenantId,
          (r) => r.refreshedAt === null || r.refreshedAt.getTime() < before || !isFresh(r),
        );
        if (result.ok) refreshed += 1;
        else failed += 1;
      }
      if (tenants.length > 0) logger.info('qbo.refresh_stale', { refreshed, failed });
      return { refreshed, failed };
    },

    /** Rewrites tokens still encrypted with an older key under the newest one. */
    async reencryptOldKeys(): Promise<number> {
      const { rows } = await db.query<{ tenant_id: string }>(
        'SELECT tenant_id FROM connections WHERE key_id IS NOT NULL AND key_id <> $1',
        [cipher.currentKid],
      );
      for (const { tenant_id: tenantId } of rows) {
        await db.transaction(async (tx) => {
          const row = await connectionStore.get(tx, tenantId, { forUpdate: true });
          if (!row?.accessTokenEnc || !row.refreshTokenEnc || row.keyId === cipher.currentKid) return;
          const access = cipher.decrypt(row.accessTokenEnc, tokenContext.access(tenantId));
          const refresh = cipher.decrypt(row.refreshTokenEnc, tokenContext.refresh(tenantId));
          await tx.query(
            `UPDATE connections SET access_token_enc = $2, refresh_token_enc = $3, key_id = $4, version = version + 1
             WHERE tenant_id = $1`,
            [
              tenantId,
              cipher.encrypt(access, tokenContext.access(tenantId)),
              cipher.encrypt(refresh, tokenContext.refresh(tenantId)),
              cipher.currentKid,
            ],
          );
        });
      }
      return rows.length;
    },

    /** How many refresh calls this process made to Intuit (diagnostics and tests). */
    get refreshCalls() {
      return refreshCalls;
    },
  };
}

export type TokenService = ReturnType<typeof createTokenService>;
