import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** `.data/pglite` at the repository root, so the embedded database survives restarts. */
export const DEFAULT_PGLITE_DATA_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../.data/pglite',
);

/** Intuit's real endpoints; every one can be overridden (the sandboxes, a proxy). REFERENCE.md §1.1. */
export const INTUIT_URLS = {
  authorize: 'https://appcenter.intuit.com/connect/oauth2',
  token: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
  revoke: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
  jwks: 'https://oauth.platform.intuit.com/op/v1/jwks',
  userinfo: {
    sandbox: 'https://sandbox-accounts.platform.intuit.com/v1/openid_connect/userinfo',
    production: 'https://accounts.platform.intuit.com/v1/openid_connect/userinfo',
  },
  apiBase: {
    sandbox: 'https://sandbox-quickbooks.api.intuit.com/v3/company/',
    production: 'https://quickbooks.api.intuit.com/v3/company/',
  },
} as const;

/**
 * A fixed, publicly known key used only with BFF_DEV_DEFAULTS=1 so that a laptop's PGlite data still
 * decrypts after a restart. It protects nothing; loadConfig refuses it for production.
 */
const DEV_TOKEN_KEY = 'dev0:ZXhvc2VydmEtZGV2LW9ubHktdG9rZW4ta2V5LTAwMDA=';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface EncryptionKey {
  kid: string;
  key: Buffer;
}

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  database:
    | { kind: 'postgres'; url: string; poolMax: number; preparedStatements: boolean }
    | { kind: 'pglite'; dataDir: string };
  session:
    | { kind: 'hs256'; secret: string; issuer?: string; audience?: string }
    | { kind: 'jwks'; jwksUrl: string; issuer?: string; audience?: string };
  /** Origins allowed for CORS; with the HOST_APP_URL origin, also the allow-list for OAuth `returnTo`. */
  corsOrigins: string[];
  /** Newest first: the first encrypts, any decrypts. */
  tokenEncryptionKeys: EncryptionKey[];
  /** True when the dev-only default encryption key is in use (logged loudly at start). */
  usingDevDefaults: boolean;
  qbo: {
    environment: 'sandbox' | 'production';
    clientId: string;
    clientSecret: string;
    redirectUri: string;
    authorizeUrl: string;
    tokenUrl: string;
    revokeUrl: string;
    userinfoUrl: string;
    jwksUrl: string;
    apiBaseUrl: string;
  };
  /** Where the host's QuickBooks view lives; reconnect and failed-flow redirects land there. */
  hostAppUrl: string;
  exoservaApiUrl?: string;
  /** The sync engine (issue 6): Exoserva service key, event secrets, Intuit webhook verifier, workers. */
  sync: {
    exoservaApiKey?: string;
    /** Newest first; any verifies an event (rotation). */
    eventSecrets: string[];
    webhookVerifierToken?: string;
    /** Claim loops in this process; 0 runs no worker (an API-only instance). */
    workers: number;
    pollMs: number;
    cdcPollMs: number;
    /** Intuit's monthly allowance of metered (CorePlus) calls for this app; reads that can wait stop at 90 %. */
    meteredAllowance: number;
    /** How long a claimed row stays this process's without a heartbeat (a dead instance's work waits this long). */
    leaseMs: number;
  };
  logLevel: LogLevel;
  /**
   * Issue 7: where failure notifications go. `webhook` when NOTIFY_WEBHOOK_URL is set (signed with its
   * secret), else Exoserva's notification inbox at EXOSERVA_API_URL, else only the log.
   */
  notifications: {
    webhook?: { url: string; secret: string };
    /** Per delivery attempt. */
    timeoutMs: number;
    /** How often the delivery loop looks for new failures and due messages. */
    pollMs: number;
  };
  /** Issue 10: per-session rate limit, metrics access, readiness of the queue. */
  operations: {
    /** Requests per minute per session (tenant + user) on /api/v1/*, per instance; 0 = off. */
    rateLimitPerMinute: number;
    /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
    metricsToken?: string;
    /** /readyz fails when the oldest claimable queue item is overdue by more than this; 0 = never. */
    maxQueueLagMs: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid BFF configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const empty = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(empty, z.string().optional());
const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');
const optionalUrl = z.preprocess(empty, httpUrl.optional());

const KEY_ENTRY = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=_-]+)$/;

function parseKeys(value: string): { keys: EncryptionKey[]; problems: string[] } {
  const keys: EncryptionKey[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of value.split(',').entries()) {
    const match = KEY_ENTRY.exec(raw.trim());
    // Never echo the value: it is a secret.
    if (!match) {
      problems.push(`entry ${i + 1} is not "kid:base64-32-byte-key"`);
      continue;
    }
    const [, kid, b64] = match as unknown as [string, string, string];
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) {
      problems.push(`key "${kid}" must decode to 32 bytes (got ${key.length})`);
      continue;
    }
    if (seen.has(kid)) problems.push(`key id "${kid}" appears twice`);
    seen.add(kid);
    keys.push({ kid, key });
  }
  return { keys, problems };
}

const EnvSchema = z.object({
  BFF_PORT: z.preprocess(empty, z.coerce.number().int().min(0).max(65535).default(8787)),
  BFF_HOST: z.preprocess(empty, z.string().default('127.0.0.1')),
  BFF_PUBLIC_URL: optionalUrl,
  DATABASE_URL: z.preprocess(
    empty,
    z
      .string()
      .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  PGLITE_DATA_DIR: optionalString,
  SESSION_HS256_SECRET: z.preprocess(empty, z.string().min(32, 'must be at least 32 characters').optional()),
  SESSION_JWKS_URL: optionalUrl,
  SESSION_ISSUER: optionalString,
  SESSION_AUDIENCE: optionalString,
  CORS_ORIGINS: z.preprocess(empty, z.string().default('')),
  TOKEN_ENCRYPTION_KEYS: optionalString,
  BFF_DEV_DEFAULTS: z.preprocess(empty, z.enum(['0', '1']).default('0')),
  NODE_ENV: optionalString,
  QBO_ENVIRONMENT: z.preprocess(empty, z.enum(['sandbox', 'production'])),
  QBO_CLIENT_ID: z.preprocess(empty, z.string()),
  QBO_CLIENT_SECRET: z.preprocess(empty, z.string()),
  QBO_REDIRECT_URI: optionalUrl,
  QBO_AUTHORIZE_URL: optionalUrl,
  QBO_TOKEN_URL: optionalUrl,
  QBO_REVOKE_URL: optionalUrl,
  QBO_USERINFO_URL: optionalUrl,
  QBO_JWKS_URL: optionalUrl,
  QBO_API_BASE_URL: optionalUrl,
  HOST_APP_URL: z.preprocess(empty, httpUrl),
  EXOSERVA_API_URL: optionalUrl,
  EXOSERVA_API_KEY: optionalString,
  EXOSERVA_EVENT_SECRET: z.preprocess(empty, z.string().min(16, 'must be at least 16 characters').optional()),
  QBO_WEBHOOK_VERIFIER_TOKEN: optionalString,
  DATABASE_POOL_MAX: z.preprocess(empty, z.coerce.number().int().min(2).max(200).default(10)),
  // Off only behind a pooler that cannot keep prepared statements (see openPostgresDatabase).
  DATABASE_PREPARED_STATEMENTS: z.preprocess(empty, z.enum(['true', 'false']).default('true')),
  SYNC_WORKERS: z.preprocess(empty, z.coerce.number().int().min(0).max(64).default(4)),
  SYNC_POLL_MS: z.preprocess(empty, z.coerce.number().int().min(10).max(60_000).default(250)),
  // Once a day per company by default (issue 24): webhooks bring two-way customer edits within seconds; the
  // change feed only closes gaps, and each read of it is one of Intuit's metered calls.
  // The Builder tier's allowance (Intuit App Partner Program); a paid tier sets its own.
  QBO_METERED_MONTHLY_ALLOWANCE: z.preprocess(
    empty,
    z.coerce.number().int().min(1).max(1_000_000_000).default(500_000),
  ),
  SYNC_CDC_POLL_MS: z.preprocess(empty, z.coerce.number().int().min(0).max(86_400_000).default(86_400_000)),
  SYNC_LEASE_MS: z.preprocess(empty, z.coerce.number().int().min(1000).max(600_000).default(60_000)),
  LOG_LEVEL: z.preprocess(empty, z.enum(LOG_LEVELS).default('info')),
  QBO_REDIRECT_ORIGINS: z.preprocess(empty, z.string().default('')),
  BFF_RATE_LIMIT_PER_MINUTE: z.preprocess(empty, z.coerce.number().int().min(0).max(1_000_000).default(600)),
  BFF_METRICS_TOKEN: z.preprocess(empty, z.string().min(16, 'must be at least 16 characters').optional()),
  BFF_READY_MAX_QUEUE_LAG_MINUTES: z.preprocess(empty, z.coerce.number().min(0).max(10_080).default(15)),
  NOTIFY_WEBHOOK_URL: optionalUrl,
  NOTIFY_WEBHOOK_SECRET: z.preprocess(empty, z.string().min(32, 'must be at least 32 characters').optional()),
  NOTIFY_TIMEOUT_MS: z.preprocess(empty, z.coerce.number().int().min(100).max(60_000).default(5000)),
  NOTIFY_POLL_MS: z.preprocess(empty, z.coerce.number().int().min(50).max(60_000).default(1000)),
});

function originOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

/**
 * Reads the BFF's configuration from an environment map. Fails fast with one message listing every bad or
 * missing variable (never their values: several are secrets).
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '?');
      const missing = issue.code === 'invalid_type' && env[name] === undefined;
      problems.push(`${name}: ${missing || (env[name] ?? '').trim() === '' ? 'is required' : issue.message}`);
    }
    throw new ConfigError(problems);
  }
  const e = parsed.data;

  if (!e.SESSION_HS256_SECRET && !e.SESSION_JWKS_URL) {
    problems.push(
      'SESSION_HS256_SECRET or SESSION_JWKS_URL: one is required (how session tokens are verified)',
    );
  }
  if (e.SESSION_HS256_SECRET && e.SESSION_JWKS_URL) {
    problems.push('SESSION_HS256_SECRET and SESSION_JWKS_URL: set only one');
  }

  const corsOrigins: string[] = [];
  for (const raw of e.CORS_ORIGINS.split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const origin = originOf(raw);
    if (!origin || !/^https?:/.test(origin)) problems.push(`CORS_ORIGINS: "${raw}" is not an http(s) origin`);
    else corsOrigins.push(origin);
  }

  const production = e.QBO_ENVIRONMENT === 'production' || e.NODE_ENV === 'production';
  let tokenEncryptionKeys: EncryptionKey[] = [];
  let usingDevDefaults = false;
  const keysSource = e.TOKEN_ENCRYPTION_KEYS ?? (e.BFF_DEV_DEFAULTS === '1' ? DEV_TOKEN_KEY : undefined);
  if (!e.TOKEN_ENCRYPTION_KEYS) {
    if (e.BFF_DEV_DEFAULTS !== '1') {
      problems.push(
        'TOKEN_ENCRYPTION_KEYS: is required (comma list of kid:base64-32-byte-key, newest first; BFF_DEV_DEFAULTS=1 allows a dev-only key)',
      );
    } else if (production) {
      problems.push('TOKEN_ENCRYPTION_KEYS: is required in production (BFF_DEV_DEFAULTS is refused there)');
    } else {
      usingDevDefaults = true;
    }
  }
  if (keysSource) {
    const parsedKeys = parseKeys(keysSource);
    tokenEncryptionKeys = parsedKeys.keys;
    for (const m of parsedKeys.problems) problems.push(`TOKEN_ENCRYPTION_KEYS: ${m}`);
  }

  const port = e.BFF_PORT;
  const publicUrl = (e.BFF_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');

  // The redirect URI receives the authorization code: it must be this BFF (or an origin named on purpose).
  const redirectOrigins = new Set([originOf(publicUrl)]);
  for (const raw of e.QBO_REDIRECT_ORIGINS.split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const origin = originOf(raw);
    if (!origin || !/^https?:/.test(origin))
      problems.push(`QBO_REDIRECT_ORIGINS: "${raw}" is not an http(s) origin`);
    else redirectOrigins.add(origin);
  }
  if (e.QBO_REDIRECT_URI && !redirectOrigins.has(originOf(e.QBO_REDIRECT_URI))) {
    problems.push(
      'QBO_REDIRECT_URI: must be on the BFF_PUBLIC_URL origin or an origin listed in QBO_REDIRECT_ORIGINS',
    );
  }

  if (e.NOTIFY_WEBHOOK_URL && !e.NOTIFY_WEBHOOK_SECRET) {
    problems.push(
      'NOTIFY_WEBHOOK_SECRET: is required with NOTIFY_WEBHOOK_URL (receivers verify the signature)',
    );
  }
  if (e.NOTIFY_WEBHOOK_URL && production && !e.NOTIFY_WEBHOOK_URL.startsWith('https://')) {
    problems.push('NOTIFY_WEBHOOK_URL: must be https in production');
  }

  if (problems.length > 0) throw new ConfigError(problems);

  const env2 = e.QBO_ENVIRONMENT;
  const session = e.SESSION_HS256_SECRET
    ? { kind: 'hs256' as const, secret: e.SESSION_HS256_SECRET }
    : { kind: 'jwks' as const, jwksUrl: e.SESSION_JWKS_URL as string };

  return {
    port,
    host: e.BFF_HOST,
    publicUrl,
    database: e.DATABASE_URL
      ? {
          kind: 'postgres',
          url: e.DATABASE_URL,
          poolMax: e.DATABASE_POOL_MAX,
          preparedStatements: e.DATABASE_PREPARED_STATEMENTS === 'true',
        }
      : { kind: 'pglite', dataDir: e.PGLITE_DATA_DIR ?? DEFAULT_PGLITE_DATA_DIR },
    session: {
      ...session,
      ...(e.SESSION_ISSUER ? { issuer: e.SESSION_ISSUER } : {}),
      ...(e.SESSION_AUDIENCE ? { audience: e.SESSION_AUDIENCE } : {}),
    },
    corsOrigins,
    tokenEncryptionKeys,
    usingDevDefaults,
    qbo: {
      environment: env2,
      clientId: e.QBO_CLIENT_ID,
      clientSecret: e.QBO_CLIENT_SECRET,
      redirectUri: e.QBO_REDIRECT_URI ?? `${publicUrl}/api/v1/oauth/callback`,
      authorizeUrl: e.QBO_AUTHORIZE_URL ?? INTUIT_URLS.authorize,
      tokenUrl: e.QBO_TOKEN_URL ?? INTUIT_URLS.token,
      revokeUrl: e.QBO_REVOKE_URL ?? INTUIT_URLS.revoke,
      userinfoUrl: e.QBO_USERINFO_URL ?? INTUIT_URLS.userinfo[env2],
      jwksUrl: e.QBO_JWKS_URL ?? INTUIT_URLS.jwks,
      apiBaseUrl: withTrailingSlash(e.QBO_API_BASE_URL ?? INTUIT_URLS.apiBase[env2]),
    },
    hostAppUrl: e.HOST_APP_URL,
    ...(e.EXOSERVA_API_URL ? { exoservaApiUrl: e.EXOSERVA_API_URL } : {}),
    sync: {
      ...(e.EXOSERVA_API_KEY ? { exoservaApiKey: e.EXOSERVA_API_KEY } : {}),
      eventSecrets: (e.EXOSERVA_EVENT_SECRET ?? '')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
      ...(e.QBO_WEBHOOK_VERIFIER_TOKEN ? { webhookVerifierToken: e.QBO_WEBHOOK_VERIFIER_TOKEN } : {}),
      workers: e.SYNC_WORKERS,
      pollMs: e.SYNC_POLL_MS,
      cdcPollMs: e.SYNC_CDC_POLL_MS,
      meteredAllowance: e.QBO_METERED_MONTHLY_ALLOWANCE,
      leaseMs: e.SYNC_LEASE_MS,
    },
    logLevel: e.LOG_LEVEL,
    notifications: {
      ...(e.NOTIFY_WEBHOOK_URL && e.NOTIFY_WEBHOOK_SECRET
        ? { webhook: { url: e.NOTIFY_WEBHOOK_URL, secret: e.NOTIFY_WEBHOOK_SECRET } }
        : {}),
      timeoutMs: e.NOTIFY_TIMEOUT_MS,
      pollMs: e.NOTIFY_POLL_MS,
    },
    operations: {
      rateLimitPerMinute: e.BFF_RATE_LIMIT_PER_MINUTE,
      ...(e.BFF_METRICS_TOKEN ? { metricsToken: e.BFF_METRICS_TOKEN } : {}),
      maxQueueLagMs: Math.round(e.BFF_READY_MAX_QUEUE_LAG_MINUTES * 60_000),
    },
  };
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** The origins an OAuth `returnTo` may point at: CORS_ORIGINS plus the HOST_APP_URL origin. */
export function returnToOrigins(config: Config): Set<string> {
  const origins = new Set(config.corsOrigins);
  const host = originOf(config.hostAppUrl);
  if (host) origins.add(host);
  return origins;
}

/** The host's QuickBooks view: HOST_APP_URL itself, or `/settings/integrations/quickbooks` on a bare origin. */
export function quickBooksViewUrl(config: Config): string {
  const url = new URL(config.hostAppUrl);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/settings/integrations/quickbooks';
  return url.toString();
}
