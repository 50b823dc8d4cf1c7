import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.ts';
import { GrantStore, REFRESH_TOKEN_HARD_TTL_S, type Result, type TokenIssue } from './grant-store.ts';

const HOUR = 3_600_000;
const redirectUri = 'http://localhost:3000/callback';

function setup(options: { rotationMs?: number; graceMs?: number } = {}) {
  const clock = createManualClock();
  const store = new GrantStore({
    clock,
    refreshTokenRotationMs: options.rotationMs,
    refreshTokenGraceMs: options.graceMs,
  });
  const code = store.issueCode({
    clientId: 'cid',
    realmId: '9341452',
    redirectUri,
    scopes: ['com.intuit.quickbooks.accounting'],
    userSub: 'user-1',
  });
  return { clock, store, code };
}

function ok<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.failure)}`);
  return result.value;
}

function exchange(store: GrantStore, code: string): TokenIssue {
  return ok(store.exchangeCode({ clientId: 'cid', code, redirectUri }));
}

describe('GrantStore', () => {
  it('exchanges a code once and refuses a replayed code, revoking what it issued', () => {
    const { store, code } = setup();
    const issue = exchange(store, code);
    expect(issue.expiresIn).toBe(3600);
    expect(issue.refreshTokenExpiresIn).toBe(8_726_400);
    expect(store.authenticate(issue.accessToken).ok).toBe(true);

    const replay = store.exchangeCode({ clientId: 'cid', code, redirectUri });
    expect(replay).toMatchObject({ ok: false, failure: { status: 400, error: 'invalid_grant' } });
    expect(store.authenticate(issue.accessToken)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('refuses a code after ten minutes, for another client or with another redirect_uri', () => {
    const { store, code, clock } = setup();
    expect(store.exchangeCode({ clientId: 'other', code, redirectUri }).ok).toBe(false);
    expect(store.exchangeCode({ clientId: 'cid', code, redirectUri: 'http://localhost:3000/other' }).ok).toBe(
      false,
    );
    clock.advance(10 * 60_000);
    expect(store.exchangeCode({ clientId: 'cid', code, redirectUri })).toMatchObject({
      ok: false,
      failure: { error: 'invalid_grant', error_description: 'Authorization code has expired' },
    });
  });

  it('expires access tokens after an hour on the clock', () => {
    const { store, code, clock } = setup();
    const { accessToken } = exchange(store, code);
    clock.advance(HOUR - 1);
    expect(store.authenticate(accessToken).ok).toBe(true);
    clock.advance(1);
    expect(store.authenticate(accessToken)).toEqual({ ok: false, reason: 'expired' });
    expect(store.authenticate('nonsense')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('returns the same refresh token until the rotation period passes, then a new one', () => {
    const { store, code, clock } = setup({ rotationMs: 24 * HOUR });
    const first = exchange(store, code);
    clock.advance(23 * HOUR);
    const second = ok(store.refresh({ clientId: 'cid', refreshToken: first.refreshToken }));
    expect(second.refreshToken).toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    // The same token's lifetime counts down (100 days from when it was issued, 23 h ago)…
    expect(second.refreshTokenExpiresIn).toBe(8_726_400 - 23 * 3600);

    clock.advance(HOUR);
    const third = ok(store.refresh({ clientId: 'cid', refreshToken: second.refreshToken }));
    expect(third.refreshToken).not.toBe(first.refreshToken);
    // …and a new token starts a new 100 days.
    expect(third.refreshTokenExpiresIn).toBe(8_726_400);
    expect(store.refresh({ clientId: 'cid', refreshToken: first.refreshToken })).toMatchObject({
      ok: false,
      failure: { status: 400, error: 'invalid_grant' },
    });
    expect(ok(store.refresh({ clientId: 'cid', refreshToken: third.refreshToken })).refreshToken).toBe(
      third.refreshToken,
    );
  });

  it('keeps a replaced refresh token working during the grace window only', () => {
    const { store, code, clock } = setup({ rotationMs: HOUR, graceMs: 10 * 60_000 });
    const first = exchange(store, code);
    clock.advance(HOUR);
    const rotated = ok(store.refresh({ clientId: 'cid', refreshToken: first.refreshToken }));
    expect(rotated.refreshToken).not.toBe(first.refreshToken);

    clock.advance(5 * 60_000);
    const inGrace = ok(store.refresh({ clientId: 'cid', refreshToken: first.refreshToken }));
    expect(inGrace.refreshToken).toBe(rotated.refreshToken);

    clock.advance(5 * 60_000);
    expect(store.refresh({ clientId: 'cid', refreshToken: first.refreshToken }).ok).toBe(false);
    expect(store.refresh({ clientId: 'cid', refreshToken: rotated.refreshToken }).ok).toBe(true);
  });

  it('refuses a refresh token unused for 100 days', () => {
    const { store, code, clock } = setup();
    const first = exchange(store, code);
    clock.advance(8_726_400_000);
    expect(store.refresh({ clientId: 'cid', refreshToken: first.refreshToken })).toMatchObject({
      ok: false,
      failure: { error: 'invalid_grant' },
    });
  });

  it('counts the five-year hard cap from the first authorization', () => {
    const { store, code, clock } = setup({ rotationMs: 1000 * HOUR });
    let issue = exchange(store, code);
    expect(issue.hardExpiresIn).toBe(REFRESH_TOKEN_HARD_TTL_S);
    clock.advance(90 * 24 * HOUR);
    issue = ok(store.refresh({ clientId: 'cid', refreshToken: issue.refreshToken }));
    expect(issue.hardExpiresIn).toBe(REFRESH_TOKEN_HARD_TTL_S - 90 * 86_400);
    // Keep refreshing every 90 days up to the cap.
    while (clock.now() + 90 * 24 * HOUR < issue.grant.authTime + REFRESH_TOKEN_HARD_TTL_S * 1000) {
      clock.advance(90 * 24 * HOUR);
      issue = ok(store.refresh({ clientId: 'cid', refreshToken: issue.refreshToken }));
    }
    expect(issue.refreshTokenExpiresIn).toBeLessThanOrEqual(issue.hardExpiresIn);
    clock.advance(issue.hardExpiresIn * 1000);
    expect(store.refresh({ clientId: 'cid', refreshToken: issue.refreshToken }).ok).toBe(false);
  });

  it('revokes the whole grant from either token, and only for the owning client', () => {
    const { store, code } = setup();
    const issue = exchange(store, code);
    expect(store.revoke({ clientId: 'other', token: issue.accessToken }).ok).toBe(false);
    expect(ok(store.revoke({ clientId: 'cid', token: issue.accessToken }))).toEqual({ revoked: true });
    expect(store.refresh({ clientId: 'cid', refreshToken: issue.refreshToken }).ok).toBe(false);
    expect(ok(store.revoke({ clientId: 'cid', token: 'unknown' }))).toEqual({ revoked: false });
  });

  it('expires every access token of a realm on demand while refresh keeps working', () => {
    const { store, code } = setup();
    const issue = exchange(store, code);
    expect(store.expireAccessTokens('9341452')).toBe(1);
    expect(store.authenticate(issue.accessToken)).toEqual({ ok: false, reason: 'expired' });
    const refreshed = ok(store.refresh({ clientId: 'cid', refreshToken: issue.refreshToken }));
    expect(store.authenticate(refreshed.accessToken).ok).toBe(true);
  });

  it('survives a snapshot and restore', () => {
    const { store, code, clock } = setup();
    const issue = exchange(store, code);
    const copy = new GrantStore({ clock });
    copy.restore(JSON.parse(JSON.stringify(store.snapshot())));
    expect(copy.authenticate(issue.accessToken).ok).toBe(true);
    expect(ok(copy.refresh({ clientId: 'cid', refreshToken: issue.refreshToken })).refreshToken).toBe(
      issue.refreshToken,
    );
  });
});
