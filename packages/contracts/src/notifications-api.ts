import { z } from 'zod';
import { Role } from './session.ts';
import { SyncFailureCode, SyncRecordKind } from './sync-failure.ts';

/**
 * Failure notifications (issue 7, GUIDE step 7: "so you catch them within hours, not weeks"). A record that
 * needs a person, or a QuickBooks connection that needs a reconnect, raises one notification per failure
 * episode, sent at once or gathered into a daily digest. Admins only.
 */
export const notificationsApi = {
  settings: { method: 'GET', path: '/api/v1/notifications/settings' },
  saveSettings: { method: 'POST', path: '/api/v1/notifications/settings' },
  recent: { method: 'GET', path: '/api/v1/notifications' },
  test: { method: 'POST', path: '/api/v1/notifications/test' },
} as const;

/** immediate: within seconds of the failure; daily_digest: one summary a day at `digestHour`. */
export const NotificationMode = z.enum(['immediate', 'daily_digest']);
export type NotificationMode = z.infer<typeof NotificationMode>;

/** An IANA time zone the runtime knows ("America/Denver", "UTC"). */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'not a known time zone');

/** Most notification services cap a message's recipients; ten covers a shop's bookkeeper and owners. */
export const MAX_EXTRA_RECIPIENTS = 10;

export const NotificationSettingsRequest = z
  .object({
    mode: NotificationMode,
    /** The hour of the day (0–23, in `timeZone`) the daily digest goes out. Kept in immediate mode too. */
    digestHour: z.number().int().min(0).max(23),
    timeZone: TimeZone,
    /**
     * People told besides the tenant's Owners and Administrators (a bookkeeper, an accountant). Addresses
     * only: Exoserva's notification service sends the mail, the BFF never calls a tenant-chosen URL.
     */
    extraEmails: z
      .array(z.string().trim().toLowerCase().max(254).email())
      .max(MAX_EXTRA_RECIPIENTS)
      .refine((list) => new Set(list).size === list.length, 'an address appears twice'),
  })
  .strict();
export type NotificationSettingsRequest = z.infer<typeof NotificationSettingsRequest>;

/**
 * Where this BFF sends notifications (deployment configuration, not a tenant setting): Exoserva's
 * notification inbox (the shell's bell), a signed webhook, or only the log (nothing configured).
 */
export const NotificationChannel = z.enum(['exoserva_inbox', 'webhook', 'log']);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

export const NotificationSettingsResponse = NotificationSettingsRequest.extend({
  /** False until an admin saves: the values are the defaults (immediate). */
  saved: z.boolean(),
  updatedAt: z.string().datetime().nullable(),
  updatedBy: z.object({ userId: z.string(), name: z.string().nullable() }).nullable(),
  channel: NotificationChannel,
  /** When the next digest goes out (daily_digest only). */
  nextDigestAt: z.string().datetime().nullable(),
});
export type NotificationSettingsResponse = z.infer<typeof NotificationSettingsResponse>;

export const NotificationType = z.enum(['sync_failed', 'reconnect_needed', 'daily_digest', 'test']);
export type NotificationType = z.infer<typeof NotificationType>;

/** One failed record (or the connection, `recordKind: null`) in a notification. */
export const NotificationItem = z.object({
  recordKind: SyncRecordKind.nullable(),
  recordId: z.string().nullable(),
  /** The customer's name, the invoice number…, when known. */
  label: z.string().nullable(),
  code: SyncFailureCode,
  /** Plain words, e.g. "Customer name conflict". */
  title: z.string(),
  /** What to do about it. */
  fix: z.string(),
  failedAt: z.string().datetime(),
});
export type NotificationItem = z.infer<typeof NotificationItem>;

/**
 * What is delivered: to Exoserva's notification inbox (`POST /api/tenants/:tid/notifications`) or, signed, to
 * the configured webhook. Never a token or a payload sent to QuickBooks: names, plain-words failures, a link.
 */
export const NotificationMessage = z.object({
  id: z.string(),
  type: NotificationType,
  tenantId: z.string(),
  createdAt: z.string().datetime(),
  subject: z.string(),
  /** Plain text, a few lines: what failed and what to do. */
  summary: z.string(),
  /** The Sync Status dashboard (GUIDE step 7), where each failure has its fix and a Retry button. */
  link: z.string().url(),
  items: z.array(NotificationItem),
  /** More failures than `items` lists (a digest names the first 20). */
  moreCount: z.number().int().nonnegative(),
  recipients: z.object({ roles: z.array(Role), emails: z.array(z.string()) }),
});
export type NotificationMessage = z.infer<typeof NotificationMessage>;

export const DeliveryStatus = z.enum(['pending', 'sent', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** A notification the BFF sent (or is sending) for this tenant. */
export const SentNotification = z.object({
  id: z.string(),
  type: NotificationType,
  subject: z.string(),
  recordCount: z.number().int().nonnegative(),
  status: DeliveryStatus,
  createdAt: z.string().datetime(),
  sentAt: z.string().datetime().nullable(),
  attempts: z.number().int().nonnegative(),
  /** Why the last attempt failed, in plain words (never the receiver's body). */
  lastError: z.string().nullable(),
});
export type SentNotification = z.infer<typeof SentNotification>;

/** A failure that raised (or will raise) a notification: one per record and failure episode. */
export const NotificationAlert = z.object({
  id: z.string(),
  recordKind: SyncRecordKind.nullable(),
  recordId: z.string().nullable(),
  label: z.string().nullable(),
  code: SyncFailureCode,
  title: z.string(),
  createdAt: z.string().datetime(),
  /** False while it waits for the next digest. */
  notified: z.boolean(),
});
export type NotificationAlert = z.infer<typeof NotificationAlert>;

export const NotificationsResponse = z.object({
  notifications: z.array(SentNotification),
  alerts: z.array(NotificationAlert),
});
export type NotificationsResponse = z.infer<typeof NotificationsResponse>;

export const TestNotificationResponse = z.object({ notification: SentNotification });
export type TestNotificationResponse = z.infer<typeof TestNotificationResponse>;
