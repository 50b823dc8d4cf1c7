import { NotificationMessage } from '@exoserva/contracts';
import { Hono } from 'hono';
import type { Clock } from '../clock.ts';
import { errorResponse, validationFailed } from '../errors.ts';
import type { NotificationInbox } from '../notification-inbox.ts';
import type { ExoservaStore } from '../store.ts';
import { tenantAuth, type TenantAuthEnv } from './tenant-auth.ts';

/**
 * The platform's notification inbox: the BFF posts failure notifications with the service key
 * (`POST /api/tenants/:tid/notifications`); the shell's bell reads them with the user's session, and sees
 * only those addressed to the user's role (a Technician sees none of the QuickBooks ones).
 */
export function notificationRoutes(deps: {
  store: ExoservaStore;
  inbox: NotificationInbox;
  clock: Clock;
  sessionSecret: string;
  apiKey?: string | undefined;
}) {
  const app = new Hono<TenantAuthEnv>();
  app.use('/api/tenants/:tid/notifications', tenantAuth(deps));
  app.post('/api/tenants/:tid/notifications', async (c) => {
    if (c.get('caller').kind !== 'service') {
      return errorResponse(c, 403, 'forbidden', 'Only services post notifications.');
    }
    const parsed = NotificationMessage.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return validationFailed(c, parsed.error);
    if (parsed.data.tenantId !== c.req.param('tid')) {
      return errorResponse(c, 400, 'validation_failed', 'tenantId does not match the path.');
    }
    const added = deps.inbox.add(parsed.data);
    return c.json({ id: parsed.data.id, duplicate: !added }, added ? 201 : 200);
  });
  app.get('/api/tenants/:tid/notifications', (c) => {
    const caller = c.get('caller');
    const items = deps.inbox
      .list(c.req.param('tid'))
      .filter((m) => caller.kind === 'service' || m.recipients.roles.includes(caller.role));
    return c.json({ items });
  });
  return app;
}
