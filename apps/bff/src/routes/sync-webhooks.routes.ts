import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { sendResult } from '../http/respond.ts';
import type { ExoservaEventsService } from '../services/exoserva-events.service.ts';
import type { SyncService } from '../services/sync.service.ts';

/**
 * The two signed, server-to-server receivers: Exoserva's domain events and Intuit's webhooks. Both read
 * the raw body (the signature covers the exact bytes) and answer only after the work is stored.
 */
export function syncWebhookRoutes(events: ExoservaEventsService, sync: SyncService) {
  return new Hono<AppEnv>()
    .post('/api/v1/exoserva/events', async (c) => {
      const rawBody = await c.req.text();
      return sendResult(c, await events.receive({ signature: c.req.header('exoserva-signature'), rawBody }));
    })
    .post('/api/v1/intuit/webhooks', async (c) => {
      const rawBody = await c.req.text();
      return sendResult(
        c,
        await sync.receiveWebhook({ signature: c.req.header('intuit-signature'), rawBody }),
      );
    });
}
