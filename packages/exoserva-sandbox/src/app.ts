import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { systemClock, type Clock } from './clock.ts';
import { errorResponse, type SandboxEnv } from './errors.ts';
import { createEventDispatcher, type EventEndpoint } from './event-dispatcher.ts';
import { NotificationInbox } from './notification-inbox.ts';
import { RecordStore } from './records-store.ts';
import { notificationRoutes } from './routes/notifications.routes.ts';
import { API_KEY_HEADER, recordRoutes } from './routes/records.routes.ts';
import { sessionRoutes } from './routes/session.routes.ts';
import { tenantRoutes } from './routes/tenants.routes.ts';
import { userRoutes } from './routes/users.routes.ts';
import { seedDemoData } from './seed.ts';
import { createSessionSigner } from './session-signer.ts';
import { ExoservaStore } from './store.ts';

export interface ExoservaSandboxOptions {
  /** HS256 secret the session tokens are signed with; the BFF's SESSION_HS256_SECRET. */
  sessionSecret: string;
  /** Lifetime of a dev session token. Default 900 (15 minutes). */
  sessionTtlSeconds?: number;
  /** Origins allowed to call the API from a browser (the host). Omitted: any origin (it is a sandbox). */
  corsOrigins?: string[];
  clock?: Clock;
  /** Start from this store instead of the seeded demo data. */
  store?: ExoservaStore;
  /**
   * The shared service key the BFF sends in `x-exoserva-api-key` to read records. Unset: record routes are
   * open (a local tool). A session token of the tenant is also accepted, for the host's demo screen.
   */
  apiKey?: string | undefined;
  /** Where every tenant's signed domain events go unless a tenant sets its own endpoint. */
  events?: EventEndpoint | undefined;
  /** Delays between event delivery retries (tests shorten them). */
  eventRetryDelaysMs?: number[];
}

/** Builds the sandbox app without listening: for tests that call `app.request(...)` and for startExoservaSandbox. */
export function createExoservaSandbox(options: ExoservaSandboxOptions) {
  const clock = options.clock ?? systemClock;
  let store = options.store;
  if (!store) {
    store = new ExoservaStore();
    seedDemoData(store);
  }
  const issueSession = createSessionSigner({
    secret: options.sessionSecret,
    ttlSeconds: options.sessionTtlSeconds ?? 900,
    clock,
  });

  const records = new RecordStore(clock);
  const inbox = new NotificationInbox(clock);
  const events = createEventDispatcher({
    clock,
    defaultEndpoint: options.events,
    ...(options.eventRetryDelaysMs ? { retryDelaysMs: options.eventRetryDelaysMs } : {}),
  });

  const origins = options.corsOrigins;
  const app = new Hono<SandboxEnv>()
    .use(requestId())
    .use(
      '/api/*',
      cors({
        origin: origins && origins.length > 0 ? origins : '*',
        allowHeaders: ['Content-Type', 'Authorization', API_KEY_HEADER],
        allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        maxAge: 600,
      }),
    )
    .get('/healthz', (c) => c.json({ status: 'ok' as const }))
    .route('/', sessionRoutes({ store, issueSession }))
    .route('/', tenantRoutes({ store }))
    .route('/', userRoutes({ store }))
    // Before the record routes: their `/api/tenants/:tid/:plural` would answer this path with a 404.
    .route(
      '/',
      notificationRoutes({
        store,
        inbox,
        clock,
        sessionSecret: options.sessionSecret,
        apiKey: options.apiKey,
      }),
    )
    .route(
      '/',
      recordRoutes({
        store,
        records,
        events,
        clock,
        sessionSecret: options.sessionSecret,
        apiKey: options.apiKey,
      }),
    );

  app.notFound((c) => errorResponse(c, 404, 'not_found', `No route ${c.req.method} ${c.req.path}.`));
  app.onError((err, c) => {
    console.error('[exoserva-sandbox]', err);
    return errorResponse(c, 500, 'internal_error', 'The sandbox failed; see its log.');
  });

  return { app, store, clock, records, events, inbox };
}
