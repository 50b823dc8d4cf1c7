/** Token values: random, shaped roughly like Intuit's so length-sensitive code meets realistic input. */
import { createHash, randomBytes } from 'node:crypto';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function base62(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += BASE62[b % 62];
  return out;
}

/** Real access tokens are ~900-char JWE strings; ours are opaque but similarly long. */
export function newAccessToken(): string {
  return `eyJlbmMiOiJTQlgiLCJhbGciOiJkaXIifQ..${randomBytes(640).toString('base64url')}`;
}

/** Refresh tokens look like `RT1-39-H3-...` (~50 chars). */
export function newRefreshToken(nowMs: number): string {
  return `RT1-${10 + ((randomBytes(1)[0] as number) % 90)}-H0-${Math.floor(nowMs / 1000)}${base62(24)}`;
}

/** Authorization codes look like `AB11...`; at most 512 chars. */
export function newAuthorizationCode(nowMs: number): string {
  return `AB11${Math.floor(nowMs / 1000)}${base62(36)}`;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export function intuitTid(): string {
  return `1-${randomBytes(4).toString('hex')}-${randomBytes(12).toString('hex')}`;
}
