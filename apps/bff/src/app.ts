import { createMeteredBudget, DEFER_AT_SHARE } from './services/metered-budget.ts';
import { meterMonthOf } from './observability/metered-calls.ts';
import { meteredCallsStore } from './stores/metered-calls-store.ts';
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { connectionApi } from '@exoserva/contracts';
import { cors } from 'hono/cors';
import { openPgliteDatabase } from './adapters/pglite-database.ts';
import { openPostgresDatabase } from './adapters/postgres-database.ts';
import { intuitOAuthAuth } from './adapters/intuit-oauth-auth.ts';
import { joseSessionVerifier } from './adapters/jose-session-verifier.ts';
import { nodeQuickBooksApi } from './adapters/node-quickbooks-api.ts';
import { nodeQuickBooksChartApi } from './adapters/node-quickbooks-chart-api.ts';
import { httpExoservaApi } from './adapters/http-exoserva-api.ts';
import { quickBooksViewUrl, returnToOrigins, type Config } from './config.ts';
import { createTokenCipher } from './crypto/token-cipher.ts';
import { migrate } from './db/migrator.ts';
import type { AppEnv } from './http/app-env.ts';
import { envelope, HttpError } from './http/errors.ts';
import { requestContext } from './http/request-context.middleware.ts';
import { sendFailure } from './http/respond.ts';
import { createLogger, createRedactor, type Logger, type LogSink } from './logging/logger.ts';
import { systemClock, type Clock } from './ports/clock.ts';
import type { Database } from './ports/database.ts';
import type { IntuitAuth } from './ports/intuit-auth.ts';
import type { QboApi } from './ports/qbo-api.ts';
import type { QboChartApi } from './ports/qbo-chart-api.ts';
import type { ExoservaApi } from './ports/exoserva-api.ts';
import type { SessionVerifier } from './ports/session-verifier.ts';
import { connectionRoutes } from './routes/connection.routes.ts';
import { mappingRoutes } from './routes/mapping.routes.ts';
import { customerSetupRoutes } from './routes/customer-setup.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { meRoutes } from './routes/me.routes.ts';
import { oauthRoutes } from './routes/oauth.routes.ts';
import { createConnectionService, type ConnectionService } from './services/connection.service.ts';
import { createMappingGuard } from './services/mapping-guard.ts';
import { createMappingService, type MappingService } from './services/mapping.service.ts';
import { createCustomerSetupService, type CustomerSetupService } from './services/customer-setup.service.ts';
import { createHealthService, type HealthService } from './services/health.service.ts';
import { createTokenService, type TokenService } from './services/token.service.ts';
import { nodeQuickBooksSyncApi } from './adapters/node-quickbooks-sync-api.ts';
import type { QboSyncApi } from './ports/qbo-sync-api.ts';
import { syncRoutes } from './routes/sync.routes.ts';
import { syncStatusRoutes } from './routes/sync-status.routes.ts';
import { createSyncStatusService, type SyncStatusService } from './services/sync-status.service.ts';
import { testSyncRoutes } from './routes/test-sync.routes.ts';
import { nodeQuickBooksTestSyncApi } from './adapters/node-quickbooks-test-sync-api.ts';
import type { QboTestSyncApi } from './ports/qbo-test-sync-api.ts';
import {
  createTestSyncService,
  type TestSyncService,
  type TestSyncServiceOptions,
} from './services/test-sync.service.ts';
import { reconciliationRoutes } from './routes/reconciliation.routes.ts';
import { nodeQuickBooksReportsApi } from './adapters/node-quickbooks-reports-api.ts';
import type { QboReportsApi } from './ports/qbo-reports-api.ts';
import {
  createReconciliationService,
  type ReconciliationService,
} from './services/reconciliation.service.ts';
import { backfillRoutes } from './routes/backfill.routes.ts';
import {
  createBackfillService,
  type BackfillService,
  type BackfillServiceOptions,
} from './services/backfill.service.ts';
import { operatorRoutes } from './routes/operator.routes.ts';
import { exoservaInboxNotifier } from './adapters/exoserva-inbox-notifier.ts';
import { logNotifier } from './adapters/log-notifier.ts';
import { webhookNotifier } from './adapters/webhook-notifier.ts';
import type { Notifier } from './ports/notifier.ts';
import { notificationRoutes } from './routes/notifications.routes.ts';
import {
  createNotificationService,
  type NotificationService,
  type NotificationServiceOptions,
} from './services/notifications.service.ts';
import { sessionRateLimit } from './http/rate-limit.middleware.ts';
import { bodySizeLimit } from './http/body-size-limit.middleware.ts';
import { securityHeaders } from './http/security-headers.middleware.ts';
import { createBffMetrics, type BffMetrics } from './observability/bff-metrics.ts';
import { buildOpenApiDocument } from './openapi/openapi-document.ts';
import { syncWebhookRoutes } from './routes/sync-webhooks.routes.ts';
import { createExoservaEventsService } from './services/exoserva-events.service.ts';
import { createSetupProgressService } from './services/setup-progress.service.ts';
import { setupRoutes } from './routes/setup.routes.ts';
import { deadLetterStore } from './stores/dead-letter-store.ts';
import { createQboRateLimiter, rateLimited } from './services/qbo-rate-limiter.ts';
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from './services/sync-engine.service.ts';
import { createSyncService, type SyncService } from './services/sync.service.ts';
import { createSyncWorker, type SyncWorker } from './services/sync-worker.ts';
import type { RateLimits } from './stores/qbo-rate-store.ts';

/** What tests (and the dev stack) may swap; everything else is built from the config. */
export interface BffOverrides {
  clock?: Clock;
  /** Where log lines go (default stdout). Ignored when `logger` is given. */
  logSink?: LogSink;
  logger?: Logger;
  /** An open database; the BFF migrates it and closes it on close(). */
  database?: Database;
  sessionVerifier?: SessionVerifier;
  intuitAuth?: IntuitAuth;
  qboApi?: QboApi;
  /** Chart of accounts, items, tax codes, customers (the mapping and matching steps). */
  qboChartApi?: QboChartApi;
  /** QuickBooks reports and queries the monthly reconciliation reads (default: node-quickbooks). */
  qboReportsApi?: QboReportsApi;
  /** The Exoserva platform API (default: HTTP at EXOSERVA_API_URL; none when it is unset). */
  exoservaApi?: ExoservaApi;
  /** Names this process in refresh leases (default: a random id). */
  instanceId?: string;
  /** Token service tuning (tests shorten polling). */
  tokenOptions?: { refreshAheadMs?: number; leaseMs?: number; pollMs?: number; waitTimeoutMs?: number };
  /** The sync engine's QuickBooks writes (default: node-quickbooks at QBO_API_BASE_URL). */
  qboSyncApi?: QboSyncApi;
  /** Sync engine tuning (tests shorten leases and backoff). */
  syncOptions?: Partial<
    Pick<
      SyncEngineOptions,
      'random' | 'backoff' | 'leaseMs' | 'claimLimit' | 'batchSize' | 'waitingDelayMs' | 'throttledDelayMs'
    >
  > & { rateLimits?: Partial<RateLimits>; qboTimeoutMs?: number };
  /** Backfill runner tuning (tests shorten the tick and the lease). */
  backfillOptions?: Partial<Pick<BackfillServiceOptions, 'window' | 'leaseMs' | 'tickMs'>>;
  /** false: build the worker but don't start it (tests start and stop it themselves). */
  startSyncWorker?: boolean;
  /** The test sync's QuickBooks read-back and clean-up (default: node-quickbooks at QBO_API_BASE_URL). */
  qboTestSyncApi?: QboTestSyncApi;
  /** Test sync runner tuning; `startRunner: false` leaves it to the test (it starts with the sync worker). */
  testSyncOptions?: Partial<
    Pick<TestSyncServiceOptions, 'leaseMs' | 'tickMs' | 'syncTimeoutMs' | 'eventWaitMs'>
  > & { startRunner?: boolean };
  /** Where failure notifications go (default: from config — webhook, Exoserva's inbox, or the log). */
  notifier?: Notifier;
  /** Notification loop tuning (tests shorten retries). Its runner starts and stops with the sync worker. */
  notificationOptions?: Partial<
    Pick<NotificationServiceOptions, 'pollMs' | 'leaseMs' | 'retryDelaysMs' | 'testLimit'>
  >;
}

export interface Bff {
  app: Hono<AppEnv>;
  config: Config;
  /** Prometheus metrics (GET /metrics) and the port decorators that feed them. */
  metrics: BffMetrics;
  logger: Logger;
  database: Database;
  services: {
    health: HealthService;
    connections: ConnectionService;
    /** `tokens.getAccessToken(tenantId)` is what the sync engine calls. */
    tokens: TokenService;
    mapping: MappingService;
    customerSetup: CustomerSetupService;
    sync: SyncService;
    /** The Sync Status dashboard (GUIDE step 7): counts, failed list, ignore, link, timeline. */
    syncStatus: SyncStatusService;
    /** Monthly reconciliation (GUIDE step 8). */
    reconciliation: ReconciliationService;
    /** Null without EXOSERVA_API_URL (nothing to read records from). */
    syncEngine: SyncEngine | null;
    /** Backfill and re-post jobs; its runner feeds the sync queue where the workers run. */
    backfill: BackfillService;
    /** Failure notifications: settings, the outbox and its delivery loop. */
    notifications: NotificationService;
    /** The test sync (GUIDE step 5) and the auto-sync gate it opens. */
    testSync: TestSyncService;
  };
  /** This process's sync workers (null without an engine); stopped by close(). */
  syncWorker: SyncWorker | null;
  /** Names this process in queue leases (`<instanceId>#<loop>`) and token-refresh leases. */
  instanceId: string;
  /** The periodic job: keep refresh tokens rolling, expire pending switches, drop old flows, re-encrypt. */
  runMaintenance(): Promise<void>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

async function openDatabase(config: Config): Promise<Database> {
  return config.database.kind === 'postgres'
    ? openPostgresDatabase({
        url: config.database.url,
        max: config.database.poolMax,
        prepare: config.database.preparedStatements,
      })
    : openPgliteDatabase({ dataDir: config.database.dataDir });
}

/**
 * The composition root: real adapters from validated config, or the overrides tests pass. Opens and
 * migrates the database, builds services, and wires the routes.
 */
export async function createBff(config: Config, overrides: BffOverrides = {}): Promise<Bff> {
  const clock = overrides.clock ?? systemClock;
  const redact = createRedactor([
    config.qbo.clientSecret,
    ...config.sync.eventSecrets,
    ...(config.sync.exoservaApiKey ? [config.sync.exoservaApiKey] : []),
    ...(config.sync.webhookVerifierToken ? [config.sync.webhookVerifierToken] : []),
    ...(config.session.kind === 'hs256' ? [config.session.secret] : []),
    ...config.tokenEncryptionKeys.map((k) => k.key.toString('base64')),
  ]);
  const logger =
    overrides.logger ??
    createLogger({
      level: config.logLevel,
      now: () => clock.now(),
      redact,
      ...(overrides.logSink ? { sink: overrides.logSink } : {}),
    });
  if (config.usingDevDefaults) {
    logger.warn('config.dev_defaults', {
      message:
        'BFF_DEV_DEFAULTS=1: tokens are encrypted with a publicly known dev key. Never use this in production.',
    });
  }

  const database = overrides.database ?? (await openDatabase(config));
  try {
    const applied = await migrate(database);
    if (applied.length > 0) logger.info('db.migrated', { engine: database.engine, applied });
  } catch (err) {
    await database.close().catch(() => undefined);
    throw err;
  }

  const cipher = createTokenCipher(config.tokenEncryptionKeys);
  // One name per process, in every lease it takes (queue rows, token refreshes), so an operator can tell
  // whose lease is whose.
  const instanceId = overrides.instanceId ?? randomUUID();
  const sessionVerifier = overrides.sessionVerifier ?? joseSessionVerifier(config.session, clock);
  // Ports are wrapped once here so every QuickBooks call and token refresh is counted (GET /metrics).
  const metrics = createBffMetrics({ db: database, clock });
  const intuit = metrics.wrapIntuitAuth(overrides.intuitAuth ?? intuitOAuthAuth(config.qbo));
  const qbo = metrics.wrapQbo('company', overrides.qboApi ?? nodeQuickBooksApi(config.qbo));

  const health = createHealthService(database, { clock, maxQueueLagMs: config.operations.maxQueueLagMs });
  const tokens = createTokenService({
    db: database,
    cipher,
    intuit,
    clock,
    logger,
    instanceId,
    ...overrides.tokenOptions,
  });
  const connections = createConnectionService({
    db: database,
    cipher,
    intuit,
    qbo,
    clock,
    logger,
    environment: config.qbo.environment,
    publicUrl: config.publicUrl,
    returnToOrigins: returnToOrigins(config),
  });

  // Every QuickBooks call the BFF makes shares one limiter per company (its windows live in the database): the
  // engine's writes, the backfill's look-ups, and the wizard's page loads through the chart and reports ports.
  const limiter = createQboRateLimiter({
    db: database,
    clock,
    ...(overrides.syncOptions?.rateLimits ? { limits: overrides.syncOptions.rateLimits } : {}),
  });
  const meteredBudget = createMeteredBudget({
    db: database,
    clock,
    logger,
    monthlyAllowance: config.sync.meteredAllowance,
  });
  const chart = rateLimited(
    metrics.wrapQbo('chart', overrides.qboChartApi ?? nodeQuickBooksChartApi(config.qbo)),
    limiter,
  );
  const exoserva =
    overrides.exoservaApi ??
    (config.exoservaApiUrl
      ? httpExoservaApi({ baseUrl: config.exoservaApiUrl, apiKey: config.sync.exoservaApiKey })
      : null);
  const mapping = createMappingService({ db: database, tokens, chart, exoserva, clock, logger });
  const customerSetup = createCustomerSetupService({ db: database, tokens, chart, exoserva, clock, logger });

  const qboSync = metrics.wrapQbo(
    'sync',
    overrides.qboSyncApi ??
      nodeQuickBooksSyncApi(config.qbo, {
        ...(overrides.syncOptions?.qboTimeoutMs ? { timeoutMs: overrides.syncOptions.qboTimeoutMs } : {}),
      }),
  );
  const syncEngine = exoserva
    ? createSyncEngine({
        db: database,
        clock,
        logger,
        tokens,
        exoserva,
        qbo: qboSync,
        limiter,
        leaseMs: config.sync.leaseMs,
        mappingGuard: createMappingGuard({ db: database, chart, clock, logger }),
        deferNonEssentialReads: () => meteredBudget.deferNonEssentialReads(),
        ...overrides.syncOptions,
        onSynced: (info) => metrics.onSynced(info),
      })
    : null;
  const syncWorker = syncEngine
    ? createSyncWorker({
        engine: syncEngine,
        logger,
        instanceId,
        concurrency: config.sync.workers,
        pollMs: config.sync.pollMs,
        cdcPollMs: config.sync.cdcPollMs,
      })
    : null;
  const wake = () => syncWorker?.wake();
  const backfill = createBackfillService({
    db: database,
    clock,
    logger,
    tokens,
    exoserva,
    qbo: qboSync,
    chart,
    limiter,
    onQueued: wake,
    ...overrides.backfillOptions,
  });
  const { startRunner: startTestSyncRunner, ...testSyncTuning } = overrides.testSyncOptions ?? {};
  const testSync = createTestSyncService({
    db: database,
    clock,
    logger,
    tokens,
    exoserva,
    qbo: metrics.wrapQbo('test_sync', overrides.qboTestSyncApi ?? nodeQuickBooksTestSyncApi(config.qbo)),
    limiter,
    onQueued: wake,
    ...testSyncTuning,
  });
  const sync = createSyncService({
    db: database,
    clock,
    logger,
    tokens,
    webhookVerifierToken: config.sync.webhookVerifierToken,
    onQueued: wake,
    exoserva,
    autoSyncGate: (tenantId) => testSync.autoSyncGate(tenantId),
  });
  const syncStatus = createSyncStatusService({
    db: database,
    clock,
    logger,
    tokens,
    chart,
    environment: config.qbo.environment,
    rateLimits: limiter.limits,
    onQueued: wake,
    exoserva,
  });
  const reconciliation = createReconciliationService({
    db: database,
    clock,
    logger,
    tokens,
    reports: rateLimited(
      metrics.wrapQbo('reports', overrides.qboReportsApi ?? nodeQuickBooksReportsApi(config.qbo)),
      limiter,
    ),
    exoserva,
    sync,
    environment: config.qbo.environment,
  });
  const notifier =
    overrides.notifier ??
    (config.notifications.webhook
      ? webhookNotifier({
          ...config.notifications.webhook,
          post: { timeoutMs: config.notifications.timeoutMs },
        })
      : config.exoservaApiUrl
        ? exoservaInboxNotifier({
            baseUrl: config.exoservaApiUrl,
            apiKey: config.sync.exoservaApiKey,
            post: { timeoutMs: config.notifications.timeoutMs },
          })
        : logNotifier(logger));
  const notifications = createNotificationService({
    db: database,
    clock,
    logger,
    notifier,
    dashboardUrl: `${quickBooksViewUrl(config).replace(/\/+$/, '')}/status`,
    pollMs: config.notifications.pollMs,
    ...overrides.notificationOptions,
  });
  const exoservaEvents = createExoservaEventsService({
    db: database,
    clock,
    logger,
    secrets: config.sync.eventSecrets,
    onQueued: wake,
  });

  const app = new Hono<AppEnv>();
  app.use('*', requestContext(logger));
  app.use('*', securityHeaders({ https: config.publicUrl.startsWith('https://') }));
  app.use('*', metrics.httpMiddleware);
  // Authorize answers with the flow's binding cookie (ADR 0013): the one endpoint whose CORS lets the wizard's
  // fetch carry and receive credentials. Registered first, so it answers that path's preflight.
  app.use(
    connectionApi.authorize.path,
    cors({
      origin: (origin) => (config.corsOrigins.includes(origin) ? origin : null),
      allowMethods: ['POST', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
      exposeHeaders: ['X-Request-Id'],
      credentials: true,
      maxAge: 600,
    }),
  );
  app.use(
    '/api/*',
    cors({
      origin: (origin) => (config.corsOrigins.includes(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
      exposeHeaders: ['X-Request-Id'],
      maxAge: 600,
    }),
  );
  app.use(
    '*',
    bodySizeLimit(MAX_BODY_BYTES, (c) =>
      sendFailure(c, {
        code: 'payload_too_large',
        message: `Request bodies are limited to ${MAX_BODY_BYTES} bytes`,
      }),
    ),
  );
  app.use(
    '/api/v1/*',
    sessionRateLimit({
      verifier: sessionVerifier,
      clock,
      perMinute: config.operations.rateLimitPerMinute,
      onLimited: metrics.onRateLimited,
    }),
  );
  app.route('/', healthRoutes(health));
  app.route(
    '/',
    operatorRoutes({
      openApiDocument: () => buildOpenApiDocument({ publicUrl: config.publicUrl }),
      metrics: metrics.metrics,
      metricsToken: config.operations.metricsToken,
      deadLetters: (limit) => deadLetterStore.recent(database, limit),
      meteredCalls: async (month) => {
        const m = month ?? meterMonthOf(clock.now());
        const companies = await meteredCallsStore.month(database, m);
        const total = companies.reduce((n, c) => n + c.calls, 0);
        const allowance = meteredBudget.monthlyAllowance;
        return { month: m, total, allowance, deferring: total >= allowance * DEFER_AT_SHARE, companies };
      },
    }),
  );
  app.route('/', meRoutes(sessionVerifier));
  app.route(
    '/',
    connectionRoutes(sessionVerifier, connections, {
      secureCookies: config.publicUrl.startsWith('https://'),
    }),
  );
  app.route('/', mappingRoutes(sessionVerifier, mapping));
  app.route('/', setupRoutes(sessionVerifier, createSetupProgressService({ db: database })));
  app.route('/', customerSetupRoutes(sessionVerifier, customerSetup));
  app.route('/', syncRoutes(sessionVerifier, sync));
  app.route('/', syncStatusRoutes(sessionVerifier, syncStatus));
  app.route('/', reconciliationRoutes(sessionVerifier, reconciliation));
  app.route('/', backfillRoutes(sessionVerifier, backfill));
  app.route('/', testSyncRoutes(sessionVerifier, testSync));
  app.route('/', notificationRoutes(sessionVerifier, notifications));
  app.route('/', syncWebhookRoutes(exoservaEvents, sync));
  app.route(
    '/',
    oauthRoutes(connections, { publicUrl: config.publicUrl, hostViewUrl: quickBooksViewUrl(config) }),
  );

  app.notFound((c) =>
    sendFailure(c, { code: 'not_found', message: `No such endpoint: ${c.req.method} ${c.req.path}` }),
  );
  app.onError((err, c) => {
    if (err instanceof HttpError) return sendFailure(c, err.failure);
    const requestId = c.get('requestId') ?? 'unknown';
    (c.get('log') ?? logger).error('http.unhandled', { error: err, method: c.req.method, path: c.req.path });
    return c.json(
      envelope(
        { code: 'internal_error', message: 'Something went wrong on our side. Try again.' },
        requestId,
      ),
      500,
    );
  });

  if (syncWorker && overrides.startSyncWorker !== false && config.sync.workers > 0) {
    syncWorker.start();
    backfill.startRunner(instanceId);
    if (startTestSyncRunner !== false) testSync.startRunner(instanceId);
  }
  if (overrides.startSyncWorker !== false && config.sync.workers > 0) notifications.startRunner(instanceId);

  let closed: Promise<void> | undefined;
  return {
    app,
    config,
    metrics,
    logger,
    database,
    services: {
      health,
      connections,
      tokens,
      mapping,
      customerSetup,
      sync,
      syncStatus,
      reconciliation,
      syncEngine,
      backfill,
      notifications,
      testSync,
    },
    syncWorker,
    instanceId,
    async runMaintenance() {
      try {
        await tokens.refreshStale();
        await connections.cleanup();
        await tokens.reencryptOldKeys();
        await syncStatus.pruneLog();
      } catch (err) {
        logger.error('maintenance.failed', { error: err });
      }
    },
    close() {
      closed ??= (async () => {
        await backfill.stopRunner();
        await testSync.stopRunner();
        await notifications.stopRunner();
        await syncWorker?.stop();
        await database.close();
      })();
      return closed;
    },
  };
}
