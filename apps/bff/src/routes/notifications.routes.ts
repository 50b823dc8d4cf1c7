import { notificationsApi, NotificationSettingsRequest } from '@exoserva/contracts';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { readEmptyBody, readJson, sendResult } from '../http/respond.ts';
import { requireSession } from '../http/session.middleware.ts';
import type { SessionVerifier } from '../ports/session-verifier.ts';
import type { NotificationService } from '../services/notifications.service.ts';

/** Failure notification settings, the recent notifications and a test send (contracts notificationsApi). */
export function notificationRoutes(verifier: SessionVerifier, notifications: NotificationService) {
  const admin = requireSession(verifier, { admin: true });
  return new Hono<AppEnv>()
    .get(notificationsApi.settings.path, admin, async (c) =>
      c.json(await notifications.getSettings(c.get('session'))),
    )
    .post(notificationsApi.saveSettings.path, admin, async (c) => {
      const body = await readJson(c, NotificationSettingsRequest);
      return sendResult(c, await notifications.saveSettings(c.get('session'), body));
    })
    .get(notificationsApi.recent.path, admin, async (c) =>
      c.json(await notifications.recent(c.get('session'))),
    )
    .post(notificationsApi.test.path, admin, async (c) => {
      await readEmptyBody(c);
      return sendResult(c, await notifications.sendTest(c.get('session')), 202);
    });
}
