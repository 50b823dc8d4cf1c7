import type { NotificationMessage } from '@exoserva/contracts';
import type { Notifier } from '../ports/notifier.ts';
import { EXOSERVA_API_KEY_HEADER } from './http-exoserva-api.ts';
import { DEFAULT_POST_OPTIONS, postNotification, type PostOptions } from './notification-http.ts';

/**
 * Notifications into Exoserva's own notification inbox: `POST {EXOSERVA_API_URL}/api/tenants/:tid/notifications`
 * with the service key. The platform shows them in the shell's bell and mails the recipients; in development
 * the stand-in (packages/exoserva-sandbox) keeps them and the dev shell's inbox polls them.
 */
export function exoservaInboxNotifier(options: {
  baseUrl: string;
  apiKey?: string | undefined;
  post?: Partial<PostOptions>;
}): Notifier {
  const base = options.baseUrl.replace(/\/+$/, '');
  const post = { ...DEFAULT_POST_OPTIONS, ...options.post };
  return {
    channel: 'exoserva_inbox',
    deliver(message: NotificationMessage) {
      return postNotification(
        `${base}/api/tenants/${encodeURIComponent(message.tenantId)}/notifications`,
        JSON.stringify(message),
        (): Record<string, string> => (options.apiKey ? { [EXOSERVA_API_KEY_HEADER]: options.apiKey } : {}),
        post,
      );
    },
  };
}
