import { createHmac } from 'node:crypto';
import type { NotificationMessage } from '@exoserva/contracts';
import type { Notifier } from '../ports/notifier.ts';
import { DEFAULT_POST_OPTIONS, postNotification, type PostOptions } from './notification-http.ts';

/** The signature header: the same scheme Exoserva signs its domain events with, so receivers share code. */
export const NOTIFICATION_SIGNATURE_HEADER = 'exoserva-signature';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`; a receiver refuses a stale `t`. */
export function signNotification(secret: string, unixSeconds: number, rawBody: string): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${rawBody}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

/**
 * Notifications as a signed JSON POST (NOTIFY_WEBHOOK_URL): the NotificationMessage as the body, an
 * `exoserva-signature` HMAC over timestamp and body, and `idempotency-key` = the message id (stable across
 * retries). Re-signed on every attempt so a retry is never refused as stale.
 */
export function webhookNotifier(options: {
  url: string;
  secret: string;
  now?: () => number;
  post?: Partial<PostOptions>;
}): Notifier {
  const now = options.now ?? Date.now;
  const post = { ...DEFAULT_POST_OPTIONS, ...options.post };
  return {
    channel: 'webhook',
    deliver(message: NotificationMessage) {
      const body = JSON.stringify(message);
      return postNotification(
        options.url,
        body,
        () => ({
          [NOTIFICATION_SIGNATURE_HEADER]: signNotification(options.secret, Math.floor(now() / 1000), body),
          'idempotency-key': message.id,
          'user-agent': 'exoserva-qbo-bff/notifications',
        }),
        post,
      );
    },
  };
}
