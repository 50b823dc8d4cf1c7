import type { Logger } from '../logging/logger.ts';
import type { Notifier } from '../ports/notifier.ts';

/**
 * Neither an Exoserva API nor a webhook is configured (a bare BFF): notifications are written to the log, so
 * an operator can still see them and the outbox still drains.
 */
export function logNotifier(logger: Logger): Notifier {
  return {
    channel: 'log',
    deliver(message) {
      logger.warn('notification.logged', {
        tenantId: message.tenantId,
        id: message.id,
        type: message.type,
        subject: message.subject,
        records: message.items.length + message.moreCount,
      });
      return Promise.resolve({ ok: true });
    },
  };
}
