import { randomBytes } from 'node:crypto';
import { fail, ok } from '../../src/http/errors.ts';
import type { IntuitAuth, IntuitAuthFailure, IntuitTokens } from '../../src/ports/intuit-auth.ts';
import type { QboApi, QboFailure } from '../../src/ports/qbo-api.ts';

export interface ManualClock {
  now(): number;
  advance(ms: number): void;
}

export function manualClock(start = Date.parse('2026-11-24T12:00:00.000Z')): ManualClock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

const tok = (prefix: string) => `${prefix}-${randomBytes(18).toString('base64url')}`;

/**
 * An in-memory Intuit: codes map to realms, refresh tokens rotate on every refresh and the old one stops
 * working (stricter than Intuit's 24 h reuse, which makes double refreshes visible).
 */
export function fakeIntuitAuth(options: { refreshDelayMs?: number } = {}) {
  const codes = new Map<string, string>();
  const liveRefresh = new Map<string, string>(); // refresh token -> realm
  const liveAccess = new Map<string, string>(); // access token -> realm
  const calls = { exchange: 0, refresh: 0, revoke: 0 };
  let next: { op: 'exchange' | 'refresh' | 'revoke'; failure: IntuitAuthFailure } | null = null;

  const issue = (realmId: string): IntuitTokens => {
    const t: IntuitTokens = {
      accessToken: tok('fake-access'),
      refreshToken: tok('fake-refresh'),
      expiresIn: 3600,
      refreshExpiresIn: 8_726_400,
      refreshHardExpiresIn: 157_680_000,
    };
    liveRefresh.set(t.refreshToken, realmId);
    liveAccess.set(t.accessToken, realmId);
    return t;
  };
  const takeFailure = (op: 'exchange' | 'refresh' | 'revoke') => {
    if (next?.op !== op) return null;
    const f = next.failure;
    next = null;
    return f;
  };

  const auth: IntuitAuth = {
    authorizeUrl: (state) => `https://intuit.test/connect/oauth2?state=${encodeURIComponent(state)}`,
    async exchangeCode({ code, realmId }) {
      calls.exchange += 1;
      const f = takeFailure('exchange');
      if (f) return fail(f);
      const realm = codes.get(code);
      codes.delete(code);
      if (!realm || realm !== realmId)
        return fail({ kind: 'invalid_grant', message: 'bad code', status: 400 });
      return ok(issue(realm));
    },
    async refresh(refreshToken) {
      calls.refresh += 1;
      if (options.refreshDelayMs) await new Promise((r) => setTimeout(r, options.refreshDelayMs));
      const f = takeFailure('refresh');
      if (f) return fail(f);
      const realm = liveRefresh.get(refreshToken);
      if (!realm) return fail({ kind: 'invalid_grant', message: 'invalid_grant', status: 400 });
      liveRefresh.delete(refreshToken);
      return ok(issue(realm));
    },
    async revoke(token) {
      calls.revoke += 1;
      const f = takeFailure('revoke');
      if (f) return fail(f);
      const realm = liveRefresh.get(token) ?? liveAccess.get(token);
      if (realm) {
        for (const [t, r] of liveRefresh) if (r === realm) liveRefresh.delete(t);
        for (const [t, r] of liveAccess) if (r === realm) liveAccess.delete(t);
      }
      return ok(undefined);
    },
  };
  return {
    auth,
    calls,
    /** Mints an authorization code Intuit would send back for `realmId`. */
    grantCode(realmId: string): string {
      const code = tok('code');
      codes.set(code, realmId);
      return code;
    },
    failNext(op: 'exchange' | 'refresh' | 'revoke', failure: IntuitAuthFailure) {
      next = { op, failure };
    },
    isAccessLive: (t: string) => liveAccess.has(t),
    liveRefreshTokens: () => [...liveRefresh.keys()],
    liveAccessTokens: () => [...liveAccess.keys()],
  };
}

export function fakeQboApi(companies: Record<string, string> = {}) {
  let nextFailure: QboFailure | null = null;
  const api: QboApi = {
    async getCompanyInfo({ realmId }) {
      if (nextFailure) {
        const f = nextFailure;
        nextFailure = null;
        return fail(f);
      }
      return ok({ companyName: companies[realmId] ?? `Company ${realmId}` });
    },
  };
  return {
    api,
    failNext(f: QboFailure) {
      nextFailure = f;
    },
  };
}
