import {
  ADMIN_ROLES,
  SyncRecordKind,
  type NotificationItem,
  type NotificationMessage,
  type NotificationType,
} from '@exoserva/contracts';
import type { AlertRow } from '../stores/notification-store.ts';

/** A digest lists this many failures by name; the rest are counted (the dashboard has them all). */
export const MAX_ITEMS = 20;

const KIND_NAMES: Record<SyncRecordKind, string> = {
  customer: 'Customer',
  invoice: 'Invoice',
  payment: 'Payment',
  refund: 'Refund',
  payout: 'Payout',
};

export function toItem(alert: AlertRow): NotificationItem {
  const kind = SyncRecordKind.safeParse(alert.recordKind);
  return {
    recordKind: kind.success ? kind.data : null,
    recordId: kind.success ? alert.recordId : null,
    label: alert.label,
    code: alert.failure.code,
    title: alert.failure.title,
    fix: alert.failure.fix,
    failedAt: alert.createdAt.toISOString(),
  };
}

/** "Invoice 1042 (inv_7)", "Customer Smith Plumbing (cus_3)", or "Invoice inv_7" before a label is known. */
export function recordName(item: NotificationItem): string {
  if (!item.recordKind) return `QuickBooks${item.label ? ` (${item.label})` : ''}`;
  const kind = KIND_NAMES[item.recordKind];
  return item.label ? `${kind} ${item.label} (${item.recordId})` : `${kind} ${item.recordId}`;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

function subjectFor(type: NotificationType, items: NotificationItem[], total: number): string {
  const first = items[0];
  switch (type) {
    case 'reconnect_needed':
      return 'QuickBooks needs you to reconnect — syncing is paused';
    case 'daily_digest':
      return `QuickBooks sync daily summary: ${total} ${plural(total, 'record needs', 'records need')} attention`;
    case 'test':
      return 'Test notification: QuickBooks sync failures will look like this';
    default:
      return total === 1 && first
        ? `QuickBooks sync: ${recordName(first)} didn't sync — ${first.title}`
        : `QuickBooks sync: ${total} records didn't sync`;
  }
}

function summaryFor(type: NotificationType, items: NotificationItem[], more: number, link: string): string {
  const lines: string[] = [];
  if (type === 'test') {
    lines.push(
      'This is a test from the QuickBooks integration. When a record cannot reach QuickBooks, a notification like this names the record, what went wrong and how to fix it.',
    );
  } else if (type === 'reconnect_needed') {
    lines.push('Nothing is sent to QuickBooks until an Owner or Administrator reconnects. Nothing is lost.');
  } else {
    lines.push(
      'Each record below did not reach QuickBooks; your books are off by exactly these records until they are fixed.',
    );
  }
  for (const item of items) {
    lines.push('', `• ${recordName(item)}: ${item.title}`, `  Fix: ${item.fix}`);
  }
  if (more > 0) lines.push('', `…and ${more} more.`);
  lines.push('', `Open Sync Status: ${link}`);
  return lines.join('\n');
}

/**
 * The message for some alerts of one tenant: the record named, the plain-words failure and fix (from the
 * SyncFailure), a deep link to the Sync Status dashboard, and who should hear about it. Nothing else of the
 * record (no amounts, no QuickBooks payload) and never a credential.
 */
export function buildMessage(input: {
  id: string;
  type: NotificationType;
  tenantId: string;
  now: Date;
  items: NotificationItem[];
  dashboardUrl: string;
  extraEmails: string[];
}): NotificationMessage {
  const shown = input.items.slice(0, MAX_ITEMS);
  const more = input.items.length - shown.length;
  return {
    id: input.id,
    type: input.type,
    tenantId: input.tenantId,
    createdAt: input.now.toISOString(),
    subject: subjectFor(input.type, shown, input.items.length),
    summary: summaryFor(input.type, shown, more, input.dashboardUrl),
    link: input.dashboardUrl,
    items: shown,
    moreCount: more,
    recipients: { roles: [...ADMIN_ROLES], emails: input.extraEmails },
  };
}

/** What a test notification shows as its example failure: the guide's most common one. */
export const EXAMPLE_ITEM: Omit<NotificationItem, 'failedAt'> = {
  recordKind: 'customer',
  recordId: 'example',
  label: 'Smith Plumbing',
  code: 'customer_name_conflict',
  title: 'Customer name conflict',
  fix: "A customer named 'Smith Plumbing' already exists in QuickBooks: link to it, or rename in Exoserva, then retry.",
};
