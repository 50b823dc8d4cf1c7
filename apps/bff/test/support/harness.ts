import { createBff, type Bff, type BffOverrides } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { testEnv } from './env.ts';
import { fakeIntuitAuth, fakeQboApi, manualClock } from './fakes.ts';
import { freshPglite } from './pglite-template.ts';

export interface TestBff {
  bff: Bff;
  lines: string[];
  intuit: ReturnType<typeof fakeIntuitAuth>;
  qbo: ReturnType<typeof fakeQboApi>;
  clock: ReturnType<typeof manualClock>;
  request(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  close(): Promise<void>;
}

const ROOMY_LIMITS = { perSecond: 100_000, perMinute: 1_000_000, concurrent: 1_000, batchPerMinute: 100_000 };

/** The real app on a fresh PGlite, with fake Intuit and QBO, a manual clock and captured log lines. */
export async function createTestBff(
  env: Record<string, string | undefined> = {},
  overrides: BffOverrides = {},
): Promise<TestBff> {
  const lines: string[] = [];
  const intuit = fakeIntuitAuth();
  const qbo = fakeQboApi({ '9130350000001': 'Summit HVAC Books', '9130350000002': 'Summit Second Co' });
  const clock = manualClock(Date.now());
  const bff = await createBff(loadConfig(testEnv(env)), {
    database: await freshPglite(),
    intuitAuth: intuit.auth,
    qboApi: qbo.api,
    clock,
    logSink: (l) => lines.push(l),
    ...overrides,
    // The manual clock never moves by itself, so Intuit's per-second window would never reopen: a harness
    // that counts calls gives the limiter room (tests of the limiter itself use a clock that moves).
    syncOptions: { rateLimits: ROOMY_LIMITS, ...overrides.syncOptions },
  });
  return {
    bff,
    lines,
    intuit,
    qbo,
    clock,
    request(path, init = {}) {
      const { token, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      return Promise.resolve(bff.app.request(path, { ...rest, headers }));
    },
    close: () => bff.close(),
  };
}
