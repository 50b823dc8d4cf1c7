import { HealthResponse } from '@exoserva/contracts';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env.ts';
import type { HealthService } from '../services/health.service.ts';

export function healthRoutes(health: HealthService) {
  return new Hono<AppEnv>()
    .get('/healthz', (c) => c.json(HealthResponse.parse({ status: 'ok' })))
    .get('/readyz', async (c) => {
      const ready = await health.readiness();
      return c.json(ready, ready.status === 'ready' ? 200 : 503);
    });
}
