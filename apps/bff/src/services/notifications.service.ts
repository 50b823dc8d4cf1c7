/**
 * Failure notifications (issue 7). The sync engine raises an alert in the transaction that records a
 * needs-a-person failure (notificationStore.raiseRecordFailure); this service turns alerts into messages —
 * at once, or in one daily digest at the tenant's hour in the tenant's time zone — and delivers them through
 * the Notifier port with retries. Every step is a short transaction that locks with SKIP LOCKED (alerts,
 * digest tenants) or claims with a lease (messages), so any number of BFF instances may run the loop.
 */
import { randomUUID } from 'node:crypto';
import type {
  NotificationSettingsRequest,
  NotificationSettingsResponse,
  NotificationsResponse,
  SentNotification,
  SessionClaims,
  SyncRecordKind,
  TestNotificationResponse,
} from '@exoserva/contracts';
import { failure, ok, type Result } from '../http/errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { Clock } from '../ports/clock.ts';
import type { Database, Queryable } from '../ports/database.ts';
import type { Notifier } from '../ports/notifier.ts';
import { auditStore } from '../stores/audit-store.ts';
import {
  notificationStore,
  type AlertRow,
  type MessageRow,
  type NotificationSettingsRow,
} from '../stores/notification-store.ts';
import { buildMessage, EXAMPLE_ITEM, toItem } from './notification-messages.ts';
import { dueDigestSlot, lastDigestSlot, nextDigestSlot } from './notification-schedule.ts';
import { auditDetail } from './audit-details.ts';

export interface NotificationServiceOptions {
  db: Database;
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  /** The Sync Status dashboard in the host (`…/settings/integrations/quickbooks/status`). */
  dashboardUrl: string;
  /** How often the loop looks for alerts and due messages. Default 1000 ms ("within seconds"). */
  pollMs?: number;
  /** A claimed message is another instance's to take over after this long. Default 60 s. */
  leaseMs?: number;
  /** Waits between delivery rounds of one message; after the last it is marked failed. */
  retryDelaysMs?: readonly number[];
  /** Test notifications per tenant per window (the button is not a way to spam inboxes). */
  testLimit?: { count: number; windowMs: number };
}

/** Before anything is saved: immediate, and a digest hour people expect (8 AM) in UTC. */
export const DEFAULT_SETTINGS = {
  mode: 'immediate',
  digestHour: 8,
  timeZone: 'UTC',
  extraEmails: [] as string[],
} as const;

const DEFAULT_RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000, 3_600_000, 3_600_000];

function toSent(m: MessageRow): SentNotification {
  return {
    id: m.id,
    type: m.type,
    subject: m.payload.subject,
    recordCount: m.recordCount,
    status: m.state,
    createdAt: m.createdAt.toISOString(),
    sentAt: m.sentAt ? m.sentAt.toISOString() : null,
    attempts: m.attempts,
    lastError: m.lastError,
  };
}

export function createNotificationService(options: NotificationServiceOptions) {
  const { db, clock, logger, notifier } = options;
  const pollMs = options.pollMs ?? 1000;
  const leaseMs = options.leaseMs ?? 60_000;
  const retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const testLimit = options.testLimit ?? { count: 5, windowMs: 10 * 60_000 };
  const now = () => new Date(clock.now());

  function settingsResponse(row: NotificationSettingsRow | null): NotificationSettingsResponse {
    const s = row ?? DEFAULT_SETTINGS;
    return {
      mode: s.mode,
      digestHour: s.digestHour,
      timeZone: s.timeZone,
      extraEmails: [...s.extraEmails],
      saved: row !== null,
      updatedAt: row ? row.updatedAt.toISOString() : null,
      updatedBy: row?.updatedBy ?? null,
      channel: notifier.channel,
      nextDigestAt:
        s.mode === 'daily_digest'
          ? nextDigestSlot(clock.now(), s.digestHour, s.timeZone).toISOString()
          : null,
    };
  }

  async function queue(
    tx: Queryable,
    tenantId: string,
    type: 'sync_failed' | 'reconnect_needed' | 'daily_digest',
    alerts: AlertRow[],
    extraEmails: string[],
  ): Promise<void> {
    const message = buildMessage({
      id: randomUUID(),
      type,
      tenantId,
      now: now(),
      items: alerts.map(toItem),
      dashboardUrl: options.dashboardUrl,
      extraEmails,
    });
    await notificationStore.insertMessage(tx, {
      message,
      recordCount: alerts.length,
      alertIds: alerts.map((a) => a.id),
      now: now(),
    });
  }

  /** Alerts of immediate tenants (and every reconnect) become messages: one per tenant and type per pass. */
  async function composeImmediate(): Promise<number> {
    return db.transaction(async (tx) => {
      const alerts = await notificationStore.lockImmediateAlerts(tx, 500);
      const groups = new Map<string, AlertRow[]>();
      for (const a of alerts) {
        const key = `${a.tenantId}\u0000${a.recordKind === 'connection' ? 'reconnect_needed' : 'sync_failed'}`;
        groups.set(key, [...(groups.get(key) ?? []), a]);
      }
      for (const [key, list] of groups) {
        const [tenantId, type] = key.split('\u0000') as [string, 'sync_failed' | 'reconnect_needed'];
        const settings = await notificationStore.settings(tx, tenantId);
        await queue(tx, tenantId, type, list, settings?.extraEmails ?? []);
      }
      return groups.size;
    });
  }

  /** Digest tenants whose daily slot has passed: one summary of what failed up to the slot (if anything did). */
  async function composeDigests(): Promise<number> {
    return db.transaction(async (tx) => {
      let composed = 0;
      for (const settings of await notificationStore.lockDigestTenants(tx, 200)) {
        const slot = dueDigestSlot(clock.now(), settings);
        if (!slot) continue;
        const alerts = await notificationStore.unsentAlerts(tx, settings.tenantId, slot);
        if (alerts.length > 0) {
          await queue(tx, settings.tenantId, 'daily_digest', alerts, settings.extraEmails);
          composed += 1;
        }
        await notificationStore.setDigestSlot(tx, settings.tenantId, slot);
      }
      return composed;
    });
  }

  async function deliver(owner: string): Promise<number> {
    const at = now();
    const claimed = await notificationStore.claimMessages(db, {
      owner,
      now: at,
      leaseUntil: new Date(at.getTime() + leaseMs),
      limit: 10,
    });
    await Promise.all(
      claimed.map(async (m) => {
        const outcome = await notifier.deliver(m.payload).catch((err: unknown) => {
          logger.error('notification.adapter_threw', { id: m.id, error: err });
          return { ok: false as const, retryable: true, reason: 'the notifier failed unexpectedly' };
        });
        if (outcome.ok) {
          await notificationStore.settle(db, { id: m.id, owner, state: 'sent', now: now() });
          logger.info('notification.sent', {
            tenantId: m.tenantId,
            id: m.id,
            type: m.type,
            records: m.recordCount,
            channel: notifier.channel,
          });
          return;
        }
        const delay = outcome.retryable ? retryDelays[m.attempts - 1] : undefined;
        await notificationStore.settle(db, {
          id: m.id,
          owner,
          state: delay === undefined ? 'failed' : 'pending',
          now: now(),
          ...(delay === undefined ? {} : { notBefore: new Date(clock.now() + delay) }),
          error: outcome.reason,
        });
        logger.warn(delay === undefined ? 'notification.failed' : 'notification.retrying', {
          tenantId: m.tenantId,
          id: m.id,
          attempts: m.attempts,
          reason: outcome.reason,
        });
      }),
    );
    return claimed.length;
  }

  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;

  const service = {
    async getSettings(session: SessionClaims): Promise<NotificationSettingsResponse> {
      return settingsResponse(await notificationStore.settings(db, session.tid));
    },

    async saveSettings(
      session: SessionClaims,
      body: NotificationSettingsRequest,
    ): Promise<Result<NotificationSettingsResponse>> {
      const at = now();
      const saved = await db.transaction(async (tx) => {
        const before = await notificationStore.settings(tx, session.tid);
        // Switching to a digest (or moving its hour) starts from the slot just passed: nothing goes out at
        // the moment of saving; what fails from now on waits for the next digest.
        const scheduleMoved =
          before?.mode !== body.mode ||
          before.digestHour !== body.digestHour ||
          before.timeZone !== body.timeZone;
        const digestSlot =
          !scheduleMoved && before?.digestSlot
            ? before.digestSlot
            : lastDigestSlot(at.getTime(), body.digestHour, body.timeZone);
        await notificationStore.saveSettings(tx, {
          tenantId: session.tid,
          ...body,
          digestSlot,
          updatedAt: at,
          updatedBy: { userId: session.sub, name: session.name ?? null },
        });
        await auditStore.append(tx, {
          tenantId: session.tid,
          at,
          action: 'notifications_changed',
          actor: { userId: session.sub, name: session.name ?? null, role: session.role },
          company: null,
          ...auditDetail.notifications(body),
        });
        return notificationStore.settings(tx, session.tid);
      });
      return ok(settingsResponse(saved));
    },

    async recent(session: SessionClaims): Promise<NotificationsResponse> {
      const [messages, alerts] = await Promise.all([
        notificationStore.recentMessages(db, session.tid),
        notificationStore.recentAlerts(db, session.tid),
      ]);
      return {
        notifications: messages.map(toSent),
        alerts: alerts.map((a) => {
          const item = toItem(a);
          return {
            id: a.id,
            recordKind: item.recordKind as SyncRecordKind | null,
            recordId: item.recordId,
            label: a.label,
            code: a.failure.code,
            title: a.failure.title,
            createdAt: a.createdAt.toISOString(),
            notified: a.messageId !== null,
          };
        }),
      };
    },

    /** Queues a test message through the same outbox and channel as real ones; the loop sends it. */
    async sendTest(session: SessionClaims): Promise<Result<TestNotificationResponse>> {
      const at = now();
      const recent = await notificationStore.testsSince(
        db,
        session.tid,
        new Date(at.getTime() - testLimit.windowMs),
      );
      if (recent >= testLimit.count) {
        return failure(
          'rate_limited',
          `At most ${testLimit.count} test notifications every ${Math.round(testLimit.windowMs / 60_000)} minutes. Try again later.`,
        );
      }
      const settings = await notificationStore.settings(db, session.tid);
      const message = buildMessage({
        id: randomUUID(),
        type: 'test',
        tenantId: session.tid,
        now: at,
        items: [{ ...EXAMPLE_ITEM, failedAt: at.toISOString() }],
        dashboardUrl: options.dashboardUrl,
        extraEmails: settings?.extraEmails ?? [],
      });
      await notificationStore.insertMessage(db, { message, recordCount: 0, alertIds: [], now: at });
      wakeUp?.();
      const row = await notificationStore.message(db, session.tid, message.id);
      if (!row) return failure('internal_error', 'The test notification was not stored');
      return ok({ notification: toSent(row) });
    },

    /** One pass of the loop (tests call it directly): raise reconnect alerts, compose, deliver what is due. */
    async tick(owner: string): Promise<{ composed: number; delivered: number }> {
      await notificationStore.raiseReconnectAlerts(db, now());
      const composed = (await composeImmediate()) + (await composeDigests());
      const delivered = await deliver(owner);
      return { composed, delivered };
    },

    startRunner(instanceId: string): void {
      if (running) return;
      running = true;
      const owner = `${instanceId}#notify`;
      loop = (async () => {
        while (running) {
          let busy = false;
          try {
            const r = await service.tick(owner);
            busy = r.delivered > 0 || r.composed > 0;
          } catch (err) {
            logger.error('notification.loop_failed', { error: err });
          }
          if (!busy && running) {
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, pollMs);
              wakeUp = () => {
                clearTimeout(timer);
                resolve();
              };
            });
            wakeUp = undefined;
          }
        }
      })();
    },

    /** Lets the loop finish the pass it is in (its claims are settled) and stops it. */
    async stopRunner(): Promise<void> {
      running = false;
      wakeUp?.();
      await loop;
      loop = undefined;
    },
  };
  return service;
}

export type NotificationService = ReturnType<typeof createNotificationService>;
