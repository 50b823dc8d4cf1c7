import { AuthorizeRequest, ConfirmSwitchRequest } from '@exoserva/contracts';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import { readEmptyBody, readJson, sendResult } from '../http/respond.ts';
import { requireSession } from '../http/session.middleware.ts';
import type { SessionVerifier } from '../ports/session-verifier.ts';
import type { ConnectionService } from '../services/connection.service.ts';
import { setBindingCookie } from './oauth.routes.ts';

/** The bearer-authenticated connection endpoints (contracts connectionApi), admins only. */
export function connectionRoutes(
  verifier: SessionVerifier,
  connections: ConnectionService,
  options: { secureCookies: boolean },
) {
  const admin = requireSession(verifier, { admin: true });
  return new Hono<AppEnv>()
    .get('/api/v1/connection', admin, async (c) => c.json(await connections.status(c.get('session').tid)))
    .post('/api/v1/connection/authorize', admin, async (c) => {
      const body = await readJson(c, AuthorizeRequest);
      const started = await connections.authorize(c.get('session'), body);
      if (!started.ok) return sendResult(c, started);
      const { bindingNonce, ...answer } = started.value;
      setBindingCookie(c, bindingNonce, options.secureCookies);
      c.header('cache-control', 'no-store');
      return c.json(answer);
    })
    .post('/api/v1/connection/switch', admin, async (c) => {
      await readJson(c, ConfirmSwitchRequest);
      return sendResult(c, await connections.confirmSwitch(c.get('session')));
    })
    .delete('/api/v1/connection/switch', admin, async (c) => {
      await readEmptyBody(c);
      return sendResult(c, await connections.cancelSwitch(c.get('session')));
    })
    .post('/api/v1/connection/disconnect', admin, async (c) => {
      await readEmptyBody(c);
      return sendResult(c, await connections.disconnect(c.get('session')));
    })
    .get('/api/v1/audit', admin, async (c) => c.json(await connections.audit(c.get('session').tid)));
}
