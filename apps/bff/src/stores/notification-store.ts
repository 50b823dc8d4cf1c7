import type {
  DeliveryStatus,
  NotificationMessage,
  NotificationMode,
  NotificationType,
  SyncFailure,
} from '@exoserva/contracts';
import type { Queryable } from '../ports/database.ts';

type Raw = Record<string, unknown>;
const asDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export interface NotificationSettingsRow {
  tenantId: string;
  mode: NotificationMode;
  digestHour: number;
  timeZone: string;
  extraEmails: string[];
  digestSlot: Date | null;
  updatedAt: Date;
  updatedBy: { userId: string; name: string | null } | null;
}

export interface AlertRow {
  id: string;
  tenantId: string;
  /** A sync record kind, or 'connection' for a reconnect. */
  recordKind: string;
  recordId: string;
  failure: SyncFailure;
  label: string | null;
  createdAt: Date;
  messageId: string | null;
}

export interface MessageRow {
  id: string;
  tenantId: string;
  type: NotificationType;
  payload: NotificationMessage;
  recordCount: number;
  state: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

const toSettings = (r: Raw): NotificationSettingsRow => ({
  tenantId: String(r.tenant_id),
  mode: String(r.mode) as NotificationMode,
  digestHour: Number(r.digest_hour),
  timeZone: String(r.time_zone),
  extraEmails: (r.extra_emails as string[] | null) ?? [],
  digestSlot: r.digest_slot ? asDate(r.digest_slot) : null,
  updatedAt: asDate(r.updated_at),
  updatedBy: r.updated_by ? { userId: String(r.updated_by), name: str(r.updated_by_name) } : null,
});

// The label the engine last logged for the record (008-sync-log.sql), when the alert itself has none.
const ALERT_COLUMNS = `a.id, a.tenant_id, a.record_kind, a.record_id, a.failure, a.created_at, a.message_id,
  coalesce(a.label, (SELECT l.label FROM sync_log l WHERE l.tenant_id = a.tenant_id AND l.kind = a.record_kind
    AND l.record_id = a.record_id AND l.label IS NOT NULL ORDER BY l.id DESC LIMIT 1)) AS label`;

const toAlert = (r: Raw): AlertRow => ({
  id: String(r.id),
  tenantId: String(r.tenant_id),
  recordKind: String(r.record_kind),
  recordId: String(r.record_id),
  failure: r.failure as SyncFailure,
  label: str(r.label),
  createdAt: asDate(r.created_at),
  messageId: str(r.message_id),
});

const toMessage = (r: Raw): MessageRow => ({
  id: String(r.id),
  tenantId: String(r.tenant_id),
  type: String(r.type) as NotificationType,
  payload: r.payload as NotificationMessage,
  recordCount: Number(r.record_count),
  state: String(r.state) as DeliveryStatus,
  attempts: Number(r.attempts),
  lastError: str(r.last_error),
  createdAt: asDate(r.created_at),
  sentAt: r.sent_at ? asDate(r.sent_at) : null,
});

/** SQL for failure notifications (009-notifications.sql). Runs on PGlite and PostgreSQL. */
export const notificationStore = {
  async settings(q: Queryable, tenantId: string): Promise<NotificationSettingsRow | null> {
    const { rows } = await q.query<Raw>('SELECT * FROM notification_settings WHERE tenant_id = $1', [
      tenantId,
    ]);
    return rows[0] ? toSettings(rows[0]) : null;
  },

  async saveSettings(
    q: Queryable,
    input: Omit<NotificationSettingsRow, 'updatedBy'> & {
      updatedBy: { userId: string; name: string | null };
    },
  ): Promise<void> {
    await q.query(
      `INSERT INTO notification_settings (tenant_id, mode, digest_hour, time_zone, extra_emails, digest_slot, updated_at, updated_by, updated_by_name)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9)
       ON CONFLICT (tenant_id) DO UPDATE SET mode = EXCLUDED.mode, digest_hour = EXCLUDED.digest_hour,
         time_zone = EXCLUDED.time_zone, extra_emails = EXCLUDED.extra_emails, digest_slot = EXCLUDED.digest_slot,
         updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by, updated_by_name = EXCLUDED.updated_by_name`,
      [
        input.tenantId,
        input.mode,
        input.digestHour,
        input.timeZone,
        JSON.stringify(input.extraEmails),
        input.digestSlot,
        input.updatedAt,
        input.updatedBy.userId,
        input.updatedBy.name,
      ],
    );
  },

  /**
   * Raises the alert for a record just marked failed, in the caller's transaction (right after the update, so
   * a worker whose lease was taken over and whose update changed nothing raises nothing unless the row is
   * failed anyway). At most one per failure episode: the episode is when the record last landed.
   */
  async raiseRecordFailure(
    q: Queryable,
    input: {
      tenantId: string;
      kind: string;
      recordId: string;
      failure: SyncFailure;
      /** The customer's name, the invoice number… when the record was read. */
      label?: string | null;
      at: Date;
    },
  ): Promise<boolean> {
    const { rows } = await q.query(
      `INSERT INTO notification_alerts (id, tenant_id, record_kind, record_id, episode, failure, label, created_at)
       SELECT gen_random_uuid()::text, w.tenant_id, w.kind, w.record_id, coalesce(w.done_at, w.created_at), $4::jsonb, $6, $5
         FROM sync_work w
        WHERE w.tenant_id = $1 AND w.kind = $2 AND w.record_id = $3 AND w.state = 'failed'
       ON CONFLICT (tenant_id, record_kind, record_id, episode) DO NOTHING
       RETURNING id`,
      [
        input.tenantId,
        input.kind,
        input.recordId,
        JSON.stringify(input.failure),
        input.at,
        input.label ?? null,
      ],
    );
    return rows.length === 1;
  },

  /**
   * Raises one alert per connection that needs a reconnect, once per episode (since it was last connected).
   * Polled by the delivery loop: a connection falls into needs_reconnect from several places (a refresh's
   * invalid_grant, a 401 mid-sync, the maintenance job), and this catches them all.
   */
  async raiseReconnectAlerts(q: Queryable, now: Date): Promise<number> {
    const { rows } = await q.query(
      `INSERT INTO notification_alerts (id, tenant_id, record_kind, record_id, episode, failure, label, created_at)
       SELECT gen_random_uuid()::text, c.tenant_id, 'connection', coalesce(c.realm_id, ''),
              coalesce(c.connected_at, c.created_at),
              jsonb_build_object('kind', 'reconnect', 'code', 'reauth_required', 'title', 'Reconnect QuickBooks',
                'fix', coalesce(nullif(c.reason, ''), 'QuickBooks no longer accepts this connection. An Owner or Administrator must reconnect; nothing is lost, syncing resumes where it stopped.')),
              c.company_name, $1
         FROM connections c
        WHERE c.status = 'needs_reconnect'
       ON CONFLICT (tenant_id, record_kind, record_id, episode) DO NOTHING
       RETURNING id`,
      [now],
    );
    return rows.length;
  },

  /**
   * Alerts ready to be sent at once, locked for the caller's transaction (other instances skip them):
   * every reconnect alert, and record alerts of tenants in immediate mode.
   */
  async lockImmediateAlerts(q: Queryable, limit: number): Promise<AlertRow[]> {
    const { rows } = await q.query<Raw>(
      `SELECT ${ALERT_COLUMNS} FROM notification_alerts a
         LEFT JOIN notification_settings s ON s.tenant_id = a.tenant_id
        WHERE a.message_id IS NULL
          AND (a.record_kind = 'connection' OR coalesce(s.mode, 'immediate') = 'immediate')
        ORDER BY a.created_at LIMIT $1
        FOR UPDATE OF a SKIP LOCKED`,
      [limit],
    );
    return rows.map(toAlert);
  },

  /** Tenants in digest mode, each locked for the caller's transaction (one instance composes a digest). */
  async lockDigestTenants(q: Queryable, limit: number): Promise<NotificationSettingsRow[]> {
    const { rows } = await q.query<Raw>(
      `SELECT * FROM notification_settings WHERE mode = 'daily_digest' ORDER BY tenant_id LIMIT $1
        FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map(toSettings);
  },

  /** A tenant's unsent record alerts raised up to `until` (what its digest covers). */
  async unsentAlerts(q: Queryable, tenantId: string, until: Date): Promise<AlertRow[]> {
    const { rows } = await q.query<Raw>(
      `SELECT ${ALERT_COLUMNS} FROM notification_alerts a
        WHERE a.tenant_id = $1 AND a.message_id IS NULL AND a.record_kind <> 'connection' AND a.created_at <= $2
        ORDER BY a.created_at FOR UPDATE OF a`,
      [tenantId, until],
    );
    return rows.map(toAlert);
  },

  async setDigestSlot(q: Queryable, tenantId: string, slot: Date): Promise<void> {
    await q.query('UPDATE notification_settings SET digest_slot = $2 WHERE tenant_id = $1', [tenantId, slot]);
  },

  /** Queues a message for delivery and marks the alerts it carries. */
  async insertMessage(
    q: Queryable,
    input: { message: NotificationMessage; recordCount: number; alertIds: string[]; now: Date },
  ): Promise<void> {
    const m = input.message;
    await q.query(
      `INSERT INTO notification_messages (id, tenant_id, type, payload, record_count, state, not_before, created_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, 'pending', $6, $6)`,
      [m.id, m.tenantId, m.type, JSON.stringify(m), input.recordCount, input.now],
    );
    if (input.alertIds.length > 0) {
      await q.query('UPDATE notification_alerts SET message_id = $1 WHERE id = ANY($2::text[])', [
        m.id,
        input.alertIds,
      ]);
    }
  },

  /** Claims due messages with FOR UPDATE SKIP LOCKED and a lease, like the sync queue. */
  async claimMessages(
    q: Queryable,
    input: { owner: string; now: Date; leaseUntil: Date; limit: number },
  ): Promise<MessageRow[]> {
    const { rows } = await q.query<Raw>(
      `UPDATE notification_messages m SET lease_owner = $1, lease_until = $3, attempts = m.attempts + 1
        WHERE m.id IN (
          SELECT id FROM notification_messages
           WHERE state = 'pending' AND not_before <= $2 AND (lease_until IS NULL OR lease_until < $2)
           ORDER BY not_before LIMIT $4
           FOR UPDATE SKIP LOCKED)
        RETURNING m.*`,
      [input.owner, input.now, input.leaseUntil, input.limit],
    );
    return rows.map(toMessage);
  },

  /** Records an attempt's outcome; guarded by the lease (a taken-over claim changes nothing). */
  async settle(
    q: Queryable,
    input: {
      id: string;
      owner: string;
      state: DeliveryStatus;
      now: Date;
      notBefore?: Date;
      error?: string | null;
    },
  ): Promise<void> {
    await q.query(
      `UPDATE notification_messages SET state = $3, lease_owner = NULL, lease_until = NULL,
         not_before = coalesce($5, not_before), last_error = $6,
         sent_at = CASE WHEN $3 = 'sent' THEN $4::timestamptz ELSE sent_at END
       WHERE id = $1 AND lease_owner = $2`,
      [input.id, input.owner, input.state, input.now, input.notBefore ?? null, input.error ?? null],
    );
  },

  async recentMessages(q: Queryable, tenantId: string, limit = 20): Promise<MessageRow[]> {
    const { rows } = await q.query<Raw>(
      'SELECT * FROM notification_messages WHERE tenant_id = $1 ORDER BY created_at DESC, id LIMIT $2',
      [tenantId, limit],
    );
    return rows.map(toMessage);
  },

  async recentAlerts(q: Queryable, tenantId: string, limit = 20): Promise<AlertRow[]> {
    const { rows } = await q.query<Raw>(
      `SELECT ${ALERT_COLUMNS} FROM notification_alerts a WHERE a.tenant_id = $1
        ORDER BY a.created_at DESC, a.id LIMIT $2`,
      [tenantId, limit],
    );
    return rows.map(toAlert);
  },

  /** How many test notifications the tenant asked for since `since` (a test button is not a spam cannon). */
  async testsSince(q: Queryable, tenantId: string, since: Date): Promise<number> {
    const { rows } = await q.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM notification_messages WHERE tenant_id = $1 AND type = 'test' AND created_at >= $2`,
      [tenantId, since],
    );
    return Number(rows[0]?.n ?? 0);
  },

  async message(q: Queryable, tenantId: string, id: string): Promise<MessageRow | null> {
    const { rows } = await q.query<Raw>(
      'SELECT * FROM notification_messages WHERE tenant_id = $1 AND id = $2',
      [tenantId, id],
    );
    return rows[0] ? toMessage(rows[0]) : null;
  },
};
