/**
 * Grants, authorization codes, access and refresh tokens: their whole lifecycle on the sandbox clock.
 * One grant = one consent of one user for one app on one company; revoking any of its tokens revokes it.
 * Token values are kept only as SHA-256 hashes, except the grant's current refresh token, which Intuit
 * hands back unchanged on every refresh until it rotates.
 */
import type { Clock } from '../clock.ts';
import { newAccessToken, newAuthorizationCode, newRefreshToken, sha256, base62 } from './random-tokens.ts';

export const ACCESS_TOKEN_TTL_S = 3600;
/** Rolling 100 days, extended on every use (REFERENCE §1.4). */
export const REFRESH_TOKEN_TTL_S = 8_726_400;
/** Since 2025-11 every refresh token has a 5-year maximum from the first authorization. */
export const REFRESH_TOKEN_HARD_TTL_S = 5 * 365 * 86_400;
export const AUTHORIZATION_CODE_TTL_MS = 10 * 60_000;
export const DEFAULT_ROTATION_MS = 24 * 3_600_000;

export type GrantStatus = 'active' | 'revoked';

interface StoredRefreshToken {
  hash: string;
  issuedAt: number;
  expiresAt: number;
  /** When a newer refresh token replaced this one; it then works only during the grace window. */
  supersededAt?: number;
}

interface StoredAccessToken {
  hash: string;
  issuedAt: number;
  expiresAt: number;
}

export interface Grant {
  id: string;
  clientId: string;
  realmId: string;
  userSub: string;
  scopes: string[];
  /** The first authorization; the 5-year hard cap and the id_token's auth_time count from here. */
  authTime: number;
  issuedAt: number;
  status: GrantStatus;
  revokedAt?: number;
  currentRefreshToken: string;
  refreshTokens: StoredRefreshToken[];
  accessTokens: StoredAccessToken[];
}

interface StoredCode {
  hash: string;
  clientId: string;
  realmId: string;
  redirectUri: string;
  scopes: string[];
  userSub: string;
  expiresAt: number;
  usedAt?: number;
  grantId?: string;
}

export interface GrantSummary {
  grantId: string;
  clientId: string;
  realmId: string;
  userSub: string;
  scopes: string[];
  status: GrantStatus;
  issuedAt: string;
  revokedAt?: string;
  refreshTokenExpiresAt: string;
  hardExpiresAt: string;
  activeAccessTokens: number;
}

/** What a successful code exchange or refresh produced; the token endpoint renders it. */
export interface TokenIssue {
  grant: Grant;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  refreshTokenExpiresIn: number;
  hardExpiresIn: number;
}

export interface OAuthFailure {
  status: 400 | 401;
  error: 'invalid_grant' | 'invalid_request' | 'invalid_client';
  error_description: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; failure: OAuthFailure };

export type AuthCheck = { ok: true; grant: Grant } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

export interface GrantStoreOptions {
  clock: Clock;
  refreshTokenRotationMs?: number;
  refreshTokenGraceMs?: number;
  onChange?: () => void;
}

export interface GrantStoreSnapshot {
  grants: Grant[];
  codes: StoredCode[];
}

const invalidGrant = (description: string): { ok: false; failure: OAuthFailure } => ({
  ok: false,
  failure: { status: 400, error: 'invalid_grant', error_description: description },
});

export class GrantStore {
  private grants = new Map<string, Grant>();
  private codes = new Map<string, StoredCode>();
  private byAccessToken = new Map<string, string>();
  private byRefreshToken = new Map<string, string>();
  readonly rotationMs: number;
  readonly graceMs: number;

  constructor(private readonly options: GrantStoreOptions) {
    this.rotationMs = options.refreshTokenRotationMs ?? DEFAULT_ROTATION_MS;
    this.graceMs = options.refreshTokenGraceMs ?? 0;
  }

  private now(): number {
    return this.options.clock.now();
  }

  private changed(): void {
    this.options.onChange?.();
  }

  issueCode(input: {
    clientId: string;
    realmId: string;
    redirectUri: string;
    scopes: string[];
    userSub: string;
  }): string {
    const now = this.now();
    for (const [hash, code] of this.codes) {
      if (code.expiresAt + AUTHORIZATION_CODE_TTL_MS < now) this.codes.delete(hash);
    }
    const code = newAuthorizationCode(now);
    this.codes.set(sha256(code), {
      ...input,
      hash: sha256(code),
      expiresAt: now + AUTHORIZATION_CODE_TTL_MS,
    });
    this.changed();
    return code;
  }

  exchangeCode(input: {
    clientId: string;
    code: string;
    redirectUri: string | undefined;
  }): Result<TokenIssue> {
    const now = this.now();
    const stored = this.codes.get(sha256(input.code));
    if (!stored || stored.clientId !== input.clientId) return invalidGrant('Invalid authorization code');
    if (stored.usedAt !== undefined) {
      // Intuit: exchanging the same code twice invalidates the tokens issued for it (oauth-jsclient #173).
      if (stored.grantId) this.revokeGrant(stored.grantId);
      return invalidGrant('Authorization code has already been used');
    }
    if (now >= stored.expiresAt) return invalidGrant('Authorization code has expired');
    if (input.redirectUri !== stored.redirectUri) return invalidGrant('redirect_uri does not match');
    const issue = this.createGrant({
      clientId: stored.clientId,
      realmId: stored.realmId,
      scopes: stored.scopes,
      userSub: stored.userSub,
    });
    stored.usedAt = now;
    stored.grantId = issue.grant.id;
    this.changed();
    return { ok: true, value: issue };
  }

  /** A grant as if the user had just consented (the control API's shortcut past the consent page). */
  createGrant(input: { clientId: string; realmId: string; scopes: string[]; userSub: string }): TokenIssue {
    const now = this.now();
    const refreshToken = newRefreshToken(now);
    const grant: Grant = {
      id: `grant-${base62(12)}`,
      clientId: input.clientId,
      realmId: input.realmId,
      userSub: input.userSub,
      scopes: [...input.scopes],
      authTime: now,
      issuedAt: now,
      status: 'active',
      currentRefreshToken: refreshToken,
      refreshTokens: [],
      accessTokens: [],
    };
    this.grants.set(grant.id, grant);
    this.addRefreshToken(grant, refreshToken, now);
    const issue = this.issueAccessToken(grant, now);
    this.changed();
    return issue;
  }

  refresh(input: { clientId: string; refreshToken: string }): Result<TokenIssue> {
    const now = this.now();
    const hash = sha256(input.refreshToken);
    const grant = this.grants.get(this.byRefreshToken.get(hash) ?? '');
    // Intuit's description for an unknown or stale refresh token (oauth-jsclient #77, PHP SDK #308).
    if (!grant || grant.clientId !== input.clientId)
      return invalidGrant('Incorrect or invalid refresh token');
    if (grant.status === 'revoked') return invalidGrant('Token revoked');
    const presented = grant.refreshTokens.find((t) => t.hash === hash);
    if (!presented) return invalidGrant('Incorrect or invalid refresh token');
    if (presented.supersededAt !== undefined && now >= presented.supersededAt + this.graceMs) {
      return invalidGrant('Incorrect or invalid refresh token');
    }
    if (now >= presented.expiresAt) return invalidGrant('Refresh token expired');
    if (now >= this.hardExpiresAt(grant))
      return invalidGrant('Refresh token has reached its maximum lifetime');

    const current = grant.refreshTokens.find((t) => t.supersededAt === undefined);
    if (!current) return invalidGrant('Incorrect or invalid refresh token');
    // The same refresh token comes back until it is `rotationMs` old, then a new one (REFERENCE §1.4). While the
    // same one comes back its lifetime counts down — x_refresh_token_expires_in shrinks — and only a new token
    // starts a new 100 days (Intuit's token responses; oauth-jsclient's refresh mocks).
    if (now - current.issuedAt >= this.rotationMs) {
      current.supersededAt = now;
      grant.currentRefreshToken = newRefreshToken(now);
      this.addRefreshToken(grant, grant.currentRefreshToken, now);
    }
    this.pruneRefreshTokens(grant, now);
    const issue = this.issueAccessToken(grant, now);
    this.changed();
    return { ok: true, value: issue };
  }

  /** Revokes the grant owning this access or refresh token. Unknown tokens are not an error (RFC 7009). */
  revoke(input: { clientId: string; token: string }): Result<{ revoked: boolean }> {
    const hash = sha256(input.token);
    const grantId = this.byRefreshToken.get(hash) ?? this.byAccessToken.get(hash);
    const grant = grantId ? this.grants.get(grantId) : undefined;
    if (!grant) return { ok: true, value: { revoked: false } };
    if (grant.clientId !== input.clientId) {
      return {
        ok: false,
        failure: {
          status: 400,
          error: 'invalid_request',
          error_description: 'Token not issued to this client',
        },
      };
    }
    this.revokeGrant(grant.id);
    return { ok: true, value: { revoked: true } };
  }

  authenticate(accessToken: string): AuthCheck {
    const hash = sha256(accessToken);
    const grant = this.grants.get(this.byAccessToken.get(hash) ?? '');
    if (!grant) return { ok: false, reason: 'unknown' };
    if (grant.status === 'revoked') return { ok: false, reason: 'revoked' };
    const token = grant.accessTokens.find((t) => t.hash === hash);
    if (!token || this.now() >= token.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, grant };
  }

  /** Fault injection: every access token of the realm expires now; refresh still works. */
  expireAccessTokens(realmId: string): number {
    const now = this.now();
    let count = 0;
    for (const grant of this.grants.values()) {
      if (grant.realmId !== realmId) continue;
      for (const token of grant.accessTokens) {
        if (token.expiresAt > now) {
          token.expiresAt = now;
          count++;
        }
      }
    }
    this.changed();
    return count;
  }

  /** Fault injection: the realm's grants are revoked, as when a user disconnects the app inside QuickBooks. */
  revokeRealm(realmId: string, clientId?: string): number {
    let count = 0;
    for (const grant of this.grants.values()) {
      if (
        grant.realmId === realmId &&
        grant.status === 'active' &&
        (!clientId || grant.clientId === clientId)
      ) {
        this.revokeGrant(grant.id);
        count++;
      }
    }
    return count;
  }

  /** Apps holding an active grant on this realm: the ones that receive its webhooks. */
  authorizedClients(realmId: string): string[] {
    const ids = new Set<string>();
    for (const grant of this.grants.values()) {
      if (grant.realmId === realmId && grant.status === 'active') ids.add(grant.clientId);
    }
    return [...ids];
  }

  /** The company a code, refresh or access token belongs to (for token-endpoint fault injection). */
  realmFor(token: string): string | undefined {
    const hash = sha256(token);
    const code = this.codes.get(hash);
    if (code) return code.realmId;
    const grantId = this.byRefreshToken.get(hash) ?? this.byAccessToken.get(hash);
    return grantId ? this.grants.get(grantId)?.realmId : undefined;
  }

  getGrant(id: string): Grant | undefined {
    return this.grants.get(id);
  }

  list(filter: { realmId?: string; clientId?: string } = {}): GrantSummary[] {
    const now = this.now();
    return [...this.grants.values()]
      .filter(
        (g) =>
          (!filter.realmId || g.realmId === filter.realmId) &&
          (!filter.clientId || g.clientId === filter.clientId),
      )
      .map((g) => {
        const current = g.refreshTokens.find((t) => t.supersededAt === undefined);
        return {
          grantId: g.id,
          clientId: g.clientId,
          realmId: g.realmId,
          userSub: g.userSub,
          scopes: g.scopes,
          status: g.status,
          issuedAt: new Date(g.issuedAt).toISOString(),
          ...(g.revokedAt !== undefined ? { revokedAt: new Date(g.revokedAt).toISOString() } : {}),
          refreshTokenExpiresAt: new Date(current?.expiresAt ?? g.issuedAt).toISOString(),
          hardExpiresAt: new Date(this.hardExpiresAt(g)).toISOString(),
          activeAccessTokens:
            g.status === 'active' ? g.accessTokens.filter((t) => t.expiresAt > now).length : 0,
        };
      });
  }

  clear(): void {
    this.grants.clear();
    this.codes.clear();
    this.byAccessToken.clear();
    this.byRefreshToken.clear();
    this.changed();
  }

  snapshot(): GrantStoreSnapshot {
    return structuredClone({ grants: [...this.grants.values()], codes: [...this.codes.values()] });
  }

  restore(snapshot: GrantStoreSnapshot): void {
    this.grants.clear();
    this.codes.clear();
    this.byAccessToken.clear();
    this.byRefreshToken.clear();
    for (const grant of structuredClone(snapshot.grants)) {
      this.grants.set(grant.id, grant);
      for (const t of grant.accessTokens) this.byAccessToken.set(t.hash, grant.id);
      for (const t of grant.refreshTokens) this.byRefreshToken.set(t.hash, grant.id);
    }
    for (const code of structuredClone(snapshot.codes)) this.codes.set(code.hash, code);
  }

  hardExpiresAt(grant: Grant): number {
    return grant.authTime + REFRESH_TOKEN_HARD_TTL_S * 1000;
  }

  private revokeGrant(id: string): void {
    const grant = this.grants.get(id);
    if (!grant || grant.status === 'revoked') return;
    grant.status = 'revoked';
    grant.revokedAt = this.now();
    this.changed();
  }

  private addRefreshToken(grant: Grant, value: string, now: number): void {
    const hash = sha256(value);
    grant.refreshTokens.push({
      hash,
      issuedAt: now,
      expiresAt: Math.min(now + REFRESH_TOKEN_TTL_S * 1000, this.hardExpiresAt(grant)),
    });
    this.byRefreshToken.set(hash, grant.id);
  }

  private pruneRefreshTokens(grant: Grant, now: number): void {
    grant.refreshTokens = grant.refreshTokens.filter((t) => {
      const keep = t.supersededAt === undefined || now < t.supersededAt + this.graceMs;
      if (!keep) this.byRefreshToken.delete(t.hash);
      return keep;
    });
  }

  private issueAccessToken(grant: Grant, now: number): TokenIssue {
    // Expired tokens are kept a day so the gateway can still say "Token expired" rather than "invalid".
    grant.accessTokens = grant.accessTokens.filter((t) => {
      const keep = t.expiresAt + 86_400_000 > now;
      if (!keep) this.byAccessToken.delete(t.hash);
      return keep;
    });
    const accessToken = newAccessToken();
    const hash = sha256(accessToken);
    grant.accessTokens.push({ hash, issuedAt: now, expiresAt: now + ACCESS_TOKEN_TTL_S * 1000 });
    this.byAccessToken.set(hash, grant.id);
    const current = grant.refreshTokens.find((t) => t.supersededAt === undefined);
    const hardExpiresAt = this.hardExpiresAt(grant);
    return {
      grant,
      accessToken,
      refreshToken: grant.currentRefreshToken,
      expiresIn: ACCESS_TOKEN_TTL_S,
      refreshTokenExpiresIn: Math.max(0, Math.floor(((current?.expiresAt ?? now) - now) / 1000)),
      hardExpiresIn: Math.max(0, Math.floor((hardExpiresAt - now) / 1000)),
    };
  }
}
