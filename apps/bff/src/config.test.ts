import { describe, expect, it } from 'vitest';
import { TEST_KEY_B64, testEnv } from '../test/support/env.ts';
import {
  ConfigError,
  DEFAULT_PGLITE_DATA_DIR,
  INTUIT_URLS,
  loadConfig,
  quickBooksViewUrl,
} from './config.ts';

function problemsOf(env: Record<string, string | undefined>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('lists every missing variable on its own line', () => {
    const message = problemsOf({});
    expect(message).toMatch(/^Invalid BFF configuration:\n/);
    for (const name of ['QBO_ENVIRONMENT', 'QBO_CLIENT_ID', 'QBO_CLIENT_SECRET', 'HOST_APP_URL']) {
      expect(message).toContain(`  - ${name}: is required`);
    }
  });

  it('requires a way to verify sessions and a token key, naming both', () => {
    const message = problemsOf(
      testEnv({ SESSION_HS256_SECRET: undefined, TOKEN_ENCRYPTION_KEYS: undefined }),
    );
    expect(message).toContain('SESSION_HS256_SECRET or SESSION_JWKS_URL: one is required');
    expect(message).toContain('TOKEN_ENCRYPTION_KEYS: is required');
  });

  it('explains malformed values without echoing secrets', () => {
    const message = problemsOf(
      testEnv({
        BFF_PORT: 'eighty',
        SESSION_HS256_SECRET: 'short-secret-value',
        TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(16, 1).toString('base64')},not-a-key`,
        QBO_ENVIRONMENT: 'staging',
        QBO_TOKEN_URL: 'ftp://x',
        CORS_ORIGINS: 'http://ok.test,not a url',
      }),
    );
    expect(message).toContain('BFF_PORT:');
    expect(message).toContain('SESSION_HS256_SECRET: must be at least 32 characters');
    expect(message).toContain('QBO_ENVIRONMENT:');
    expect(message).toContain('QBO_TOKEN_URL:');
    expect(message).not.toContain('short-secret-value');
    // Schema problems are reported first; the cross-field ones follow once those are fixed.
    const second = problemsOf(
      testEnv({
        TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(16, 1).toString('base64')},not-a-key`,
        CORS_ORIGINS: 'nope',
      }),
    );
    expect(second).toContain('TOKEN_ENCRYPTION_KEYS: key "k1" must decode to 32 bytes (got 16)');
    expect(second).toContain('TOKEN_ENCRYPTION_KEYS: entry 2 is not "kid:base64-32-byte-key"');
    expect(second).toContain('CORS_ORIGINS: "nope" is not an http(s) origin');
    expect(second).not.toContain(Buffer.alloc(16, 1).toString('base64'));
  });

  it('fills defaults: public URL from the port, Intuit URLs for the environment, redirect URI, PGlite folder', () => {
    const config = loadConfig(
      testEnv({
        BFF_PORT: undefined,
        BFF_PUBLIC_URL: undefined,
        PGLITE_DATA_DIR: undefined,
        QBO_ENVIRONMENT: 'production',
      }),
    );
    expect(config.port).toBe(8787);
    expect(config.publicUrl).toBe('http://localhost:8787');
    expect(config.qbo.redirectUri).toBe('http://localhost:8787/api/v1/oauth/callback');
    expect(config.qbo.tokenUrl).toBe(INTUIT_URLS.token);
    expect(config.qbo.apiBaseUrl).toBe(INTUIT_URLS.apiBase.production);
    expect(config.qbo.userinfoUrl).toBe(INTUIT_URLS.userinfo.production);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: DEFAULT_PGLITE_DATA_DIR });
    expect(DEFAULT_PGLITE_DATA_DIR).toMatch(/\.data\/pglite$/);
  });

  it('uses PostgreSQL when DATABASE_URL is set, with a pool of 10 connections and prepared statements unless told', () => {
    expect(loadConfig(testEnv({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/db' })).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@127.0.0.1:5432/db',
      poolMax: 10,
      preparedStatements: true,
    });
    expect(
      loadConfig(
        testEnv({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/db', DATABASE_PREPARED_STATEMENTS: 'false' }),
      ).database,
    ).toMatchObject({ preparedStatements: false });
    expect(() =>
      loadConfig(
        testEnv({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/db', DATABASE_PREPARED_STATEMENTS: 'no' }),
      ),
    ).toThrow(/DATABASE_PREPARED_STATEMENTS/);
    const url = 'postgres://u@127.0.0.1:5432/db';
    expect(loadConfig(testEnv({ DATABASE_URL: url, DATABASE_POOL_MAX: '25' })).database).toMatchObject({
      poolMax: 25,
    });
    expect(() => loadConfig(testEnv({ DATABASE_URL: url, DATABASE_POOL_MAX: '1' }))).toThrow(
      /DATABASE_POOL_MAX/,
    );
  });

  it('keeps several encryption keys, newest first', () => {
    const other = Buffer.alloc(32, 9).toString('base64');
    const config = loadConfig(testEnv({ TOKEN_ENCRYPTION_KEYS: `new:${other}, old:${TEST_KEY_B64}` }));
    expect(config.tokenEncryptionKeys.map((k) => k.kid)).toEqual(['new', 'old']);
  });

  it('allows the dev-only key only with BFF_DEV_DEFAULTS=1 and never for production', () => {
    const dev = loadConfig(testEnv({ TOKEN_ENCRYPTION_KEYS: undefined, BFF_DEV_DEFAULTS: '1' }));
    expect(dev.usingDevDefaults).toBe(true);
    expect(dev.tokenEncryptionKeys).toHaveLength(1);
    expect(
      problemsOf(
        testEnv({ TOKEN_ENCRYPTION_KEYS: undefined, BFF_DEV_DEFAULTS: '1', QBO_ENVIRONMENT: 'production' }),
      ),
    ).toContain('TOKEN_ENCRYPTION_KEYS: is required in production');
  });

  it('sends reconnects to the QuickBooks view of a bare host origin, or to HOST_APP_URL as given', () => {
    expect(quickBooksViewUrl(loadConfig(testEnv({ HOST_APP_URL: 'http://h.test' })))).toBe(
      'http://h.test/settings/integrations/quickbooks',
    );
    expect(quickBooksViewUrl(loadConfig(testEnv({ HOST_APP_URL: 'http://h.test/apps/qbo' })))).toBe(
      'http://h.test/apps/qbo',
    );
  });
});
