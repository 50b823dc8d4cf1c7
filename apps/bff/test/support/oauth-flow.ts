import { AuthorizeResponse } from '@exoserva/contracts';
import { expect } from 'vitest';
import { HOST_ORIGIN } from './env.ts';

/** Anything that answers requests like a BFF: `app.request` or fetch against a running server. */
export type Requester = (path: string, init?: RequestInit & { token?: string }) => Promise<Response>;

export const RETURN_TO = `${HOST_ORIGIN}/settings/integrations/quickbooks?step=connect`;

/**
 * The browser's part up to Intuit: authorize (the wizard's credentialed fetch: bearer in, binding cookie out) →
 * start (top-level, the cookie goes along) → Intuit.
 */
export async function beginFlow(
  request: Requester,
  token: string,
  options: { mode?: 'redirect' | 'popup'; returnTo?: string } = {},
): Promise<{ intuitUrl: URL; state: string; cookie: string; ticketUrl: URL }> {
  const { ticketUrl, cookie } = await authorizeFlow(request, token, options);
  const start = await request(`${ticketUrl.pathname}${ticketUrl.search}`, {
    redirect: 'manual',
    headers: { cookie },
  });
  expect(start.status).toBe(302);
  const intuitUrl = new URL(start.headers.get('location') as string);
  return { intuitUrl, state: intuitUrl.searchParams.get('state') as string, cookie, ticketUrl };
}

/** The wizard's authorize call alone: the one-time link, and the cookie that binds it to this browser. */
export async function authorizeFlow(
  request: Requester,
  token: string,
  options: { mode?: 'redirect' | 'popup'; returnTo?: string } = {},
): Promise<{ ticketUrl: URL; cookie: string }> {
  const res = await request('/api/v1/connection/authorize', {
    method: 'POST',
    token,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ returnTo: options.returnTo ?? RETURN_TO, mode: options.mode ?? 'redirect' }),
  });
  expect(res.status).toBe(200);
  const setCookie = res.headers.get('set-cookie') ?? '';
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Lax/i);
  expect(setCookie).toMatch(/Path=\/api\/v1\/oauth/i);
  const { url } = AuthorizeResponse.parse(await res.json());
  return { ticketUrl: new URL(url), cookie: setCookie.split(';')[0] as string };
}

/** Intuit's redirect back to the BFF, as the browser would follow it (with or without the cookie). */
export async function callback(
  request: Requester,
  params: Record<string, string>,
  cookie?: string,
): Promise<{ res: Response; location: URL | null }> {
  const qs = new URLSearchParams(params).toString();
  const res = await request(`/api/v1/oauth/callback?${qs}`, {
    redirect: 'manual',
    ...(cookie ? { headers: { cookie } } : {}),
  });
  const loc = res.headers.get('location');
  return { res, location: loc ? new URL(loc) : null };
}
