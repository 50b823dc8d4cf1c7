/**
 * The real node-quickbooks 2.0.50 client, unchanged, against the sandbox — and against real Intuit
 * when credentials are in the environment.
 */
import QuickBooks from 'node-quickbooks';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { startQboSandbox, type RunningQboSandbox } from '../../src/server.ts';
import { nodeQuickBooksSuite } from './node-quickbooks.suite.ts';
import { call, hasRealIntuit, pointClientsAt, realIntuit, SKIP_REAL_REASON } from './target.ts';

describe('node-quickbooks against the qbo-sandbox', () => {
  let server: RunningQboSandbox;
  let qbo: QuickBooks;
  const realmId = '9341452';

  beforeAll(async () => {
    // Throttling has its own tests; here the suite runs faster than 10 requests a second.
    server = await startQboSandbox({ port: 0, throttling: false });
    pointClientsAt(server.url);
    const res = await fetch(`${server.url}/_sandbox/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ realmId, clientId: 'exoserva-dev-client' }),
    });
    const tokens = (await res.json()) as { access_token: string; refresh_token: string };
    qbo = new QuickBooks(
      'exoserva-dev-client',
      'exoserva-dev-secret',
      tokens.access_token,
      false,
      realmId,
      true,
      false,
      '75',
      '2.0',
      tokens.refresh_token,
    );
  });
  afterAll(async () => {
    await server.close();
  });

  nodeQuickBooksSuite({ qbo: () => qbo, realmId, canRevoke: true });
});

if (!hasRealIntuit) console.warn(SKIP_REAL_REASON);

describe.skipIf(!hasRealIntuit)('node-quickbooks against real Intuit (non-interactive)', () => {
  let qbo: QuickBooks;

  beforeAll(async () => {
    pointClientsAt(undefined);
    qbo = new QuickBooks(
      realIntuit.clientId as string,
      realIntuit.clientSecret as string,
      '',
      false,
      realIntuit.realmId as string,
      true,
      false,
      '75',
      '2.0',
      realIntuit.refreshToken as string,
    );
    await call((cb) => qbo.refreshAccessToken(cb));
    if (qbo.refreshToken !== realIntuit.refreshToken) {
      console.warn(`Intuit rotated the refresh token; use this one next time: ${qbo.refreshToken}`);
    }
  });

  // Intuit allows 10 requests a second per realm and app.
  beforeEach(() => new Promise((r) => setTimeout(r, 250)));

  nodeQuickBooksSuite({ qbo: () => qbo, realmId: realIntuit.realmId ?? '', canRevoke: false });
});
