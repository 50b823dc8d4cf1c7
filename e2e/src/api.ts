import type { APIRequestContext } from '@playwright/test';
import { stackInfo } from './stack-info.ts';

export type DevRole = 'owner' | 'tenant_admin' | 'technician';

/** A session token from the Exoserva sandbox, the same way the host gets one. */
export async function sessionToken(
  request: APIRequestContext,
  role: DevRole,
  tenantId?: string,
): Promise<string> {
  const res = await request.post(`${stackInfo().urls.exoservaSandbox}/api/dev/session`, {
    data: tenantId ? { role, tenantId } : { role },
  });
  if (!res.ok()) throw new Error(`dev session for ${role} failed: ${res.status()} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export function bearer(token: string) {
  return { authorization: `Bearer ${token}` };
}

/** The QBO sandbox's record of grants for a company (control API, not Intuit's). */
export async function sandboxTokens(request: APIRequestContext, realmId: string): Promise<unknown> {
  const res = await request.get(`${stackInfo().urls.qboSandbox}/_sandbox/tokens`, { params: { realmId } });
  if (!res.ok()) throw new Error(`_sandbox/tokens failed: ${res.status()} ${await res.text()}`);
  return res.json();
}

/** Leaves the tenant disconnected, whatever a test did, so specs do not depend on each other's order. */
export async function ensureDisconnected(request: APIRequestContext, tenantId?: string): Promise<void> {
  const token = await sessionToken(request, 'owner', tenantId);
  const status = await request.get(`${stackInfo().urls.bff}/api/v1/connection`, { headers: bearer(token) });
  if (!status.ok()) return;
  const body = (await status.json()) as { state: string };
  if (body.state === 'disconnected') return;
  const res = await request.post(`${stackInfo().urls.bff}/api/v1/connection/disconnect`, {
    headers: bearer(token),
    data: {},
  });
  if (!res.ok()) throw new Error(`disconnect failed: ${res.status()} ${await res.text()}`);
}

/**
 * The code of a BFF error envelope `{ error: { code, message, requestId } }`; throws if the body is not one.
 * (Checked by hand: the e2e package does not depend on the contracts package.)
 */
export function errorCode(body: unknown): string {
  const error = (body as { error?: { code?: unknown; message?: unknown; requestId?: unknown } } | null)
    ?.error;
  if (
    !error ||
    typeof error.code !== 'string' ||
    typeof error.message !== 'string' ||
    typeof error.requestId !== 'string'
  ) {
    throw new Error(`Not an error envelope: ${JSON.stringify(body)}`);
  }
  return error.code;
}

/** The `role` claim of a bearer session token, read without verifying (for sorting captured requests). */
export function roleOf(authorization: string | undefined): string | undefined {
  const payload = authorization?.replace(/^Bearer\s+/i, '').split('.')[1];
  if (!payload) return undefined;
  try {
    return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { role?: string }).role;
  } catch {
    return undefined;
  }
}
