import type { NotificationMessage } from '@exoserva/contracts';
import type { Clock } from './clock.ts';

export interface InboxEntry extends NotificationMessage {
  receivedAt: string;
}

/** Kept per tenant, newest first; older ones fall off (a dev inbox, not an archive). */
const PER_TENANT = 200;

/**
 * The platform's notification inbox, in memory: what the BFF delivers (failure notifications) and what the
 * shell's bell shows. A repeated message id is stored once (the BFF retries after lost answers).
 */
export class NotificationInbox {
  private readonly byTenant = new Map<string, InboxEntry[]>();

  constructor(private readonly clock: Clock) {}

  /** False when this id was delivered before. */
  add(message: NotificationMessage): boolean {
    const list = this.byTenant.get(message.tenantId) ?? [];
    if (list.some((m) => m.id === message.id)) return false;
    list.unshift({ ...message, receivedAt: new Date(this.clock.now()).toISOString() });
    this.byTenant.set(message.tenantId, list.slice(0, PER_TENANT));
    return true;
  }

  list(tenantId: string): InboxEntry[] {
    return [...(this.byTenant.get(tenantId) ?? [])];
  }
}
