import { randomBytes } from 'node:crypto';
import { OAuthResultParam, type OAuthPopupMessage } from '@exoserva/contracts';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../http/app-env.ts';
import { hasUnsafeText } from '../http/safe-text.ts';
import type { ConnectionService, OAuthOutcome } from '../services/connection.service.ts';

export const BINDING_COOKIE = 'exo_qbo_oauth';
const COOKIE_PATH = '/api/v1/oauth';

const param = (c: Context<AppEnv>, name: string, max: number): string | undefined => {
  const v = c.req.query(name);
  // A NUL or unpaired surrogate cannot be a real ticket, state or code (and PostgreSQL refuses a NUL).
  return v !== undefined && v.length > 0 && v.length <= max && !hasUnsafeText(v) ? v : undefined;
};

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
  );

function resultUrl(base: string, outcome: OAuthOutcome): string {
  const url = new URL(base);
  for (const key of Object.values(OAuthResultParam)) url.searchParams.delete(key);
  const r = outcome.result;
  if (r.kind === 'connected') url.searchParams.set(OAuthResultParam.ok, '1');
  else if (r.kind === 'pending_switch') url.searchParams.set(OAuthResultParam.pendingSwitch, '1');
  else url.searchParams.set(OAuthResultParam.error, r.code);
  return url.toString();
}

/** Popup mode: a tiny page that tells the opener (at returnTo's origin only) how it went, then closes. */
function popupPage(c: Context<AppEnv>, outcome: OAuthOutcome, returnTo: string): Response {
  const r = outcome.result;
  const message: OAuthPopupMessage =
    r.kind === 'error'
      ? { type: 'exoserva-qbo-oauth', outcome: 'error', errorCode: r.code }
      : { type: 'exoserva-qbo-oauth', outcome: r.kind === 'connected' ? 'connected' : 'pending_switch' };
  const nonce = randomBytes(16).toString('base64');
  const text =
    r.kind === 'error'
      ? r.message
      : r.kind === 'connected'
        ? 'QuickBooks is connected.'
        : 'Confirm the company switch in Exoserva.';
  // JSON in a script: escape "<" so no value can close the tag.
  const json = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>QuickBooks</title></head>
<body><p>${escapeHtml(text)}</p><p><a href="${escapeHtml(resultUrl(returnTo, outcome))}">Return to Exoserva</a></p>
<script nonce="${nonce}">(function(){var m=${json(message)};if(window.opener){window.opener.postMessage(m,${json(new URL(returnTo).origin)});window.close();}})();</script>
</body></html>`;
  c.header(
    'content-security-policy',
    `default-src 'none'; script-src 'nonce-${nonce}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
  );
  c.header('cache-control', 'no-store');
  c.header('referrer-policy', 'no-referrer');
  return c.html(html, outcome.result.kind === 'error' ? 400 : 200);
}

/** A plain page for a link that belongs to another browser: nothing to retry, nowhere to go. */
function refusalPage(c: Context<AppEnv>, message: string): Response {
  const nonce = randomBytes(16).toString('base64');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>QuickBooks connection</title>
<style nonce="${nonce}">body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2937;max-width:36rem;margin:15vh auto;padding:0 1.5rem}h1{font-size:1.5rem;margin:0 0 .75rem}</style></head>
<body><h1>Nothing was connected</h1><p>${escapeHtml(message)}</p></body></html>`;
  c.header(
    'content-security-policy',
    `default-src 'none'; style-src 'nonce-${nonce}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
  );
  c.header('cache-control', 'no-store');
  c.header('referrer-policy', 'no-referrer');
  return c.html(html, 403);
}

/**
 * The binding cookie (ADR 0013): set on the authorize answer the wizard fetched with credentials, so it lands
 * only in the browser whose signed-in admin asked; read on the start hop and on Intuit's callback.
 */
export function setBindingCookie(c: Context<AppEnv>, nonce: string, secure: boolean): void {
  setCookie(c, BINDING_COOKIE, nonce, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: COOKIE_PATH,
    // The flow itself expires after 10 minutes; the cookie need not outlive it.
    maxAge: 600,
  });
}

/** The OAuth browser hops: top-level navigations with no bearer token (ADRs 0004 and 0013). */
export function oauthRoutes(
  connections: ConnectionService,
  options: { publicUrl: string; hostViewUrl: string },
) {
  const secure = options.publicUrl.startsWith('https://');

  const finish = (c: Context<AppEnv>, outcome: OAuthOutcome) => {
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
    const target = outcome.returnTo ?? options.hostViewUrl;
    if (outcome.mode === 'popup' && outcome.returnTo) return popupPage(c, outcome, outcome.returnTo);
    return c.redirect(resultUrl(target, outcome), 302);
  };

  return (
    new Hono<AppEnv>()
      .get('/api/v1/oauth/start', async (c) => {
        const started = await connections.startOAuth(param(c, 'ticket', 200), getCookie(c, BINDING_COOKIE));
        if (!started.ok) {
          // Not this browser's flow: say so here. Redirecting would hand the visitor to the asker's page.
          const { result } = started.error;
          if (started.error.foreignBrowser && result.kind === 'error') return refusalPage(c, result.message);
          return finish(c, started.error);
        }
        c.header('cache-control', 'no-store');
        c.header('referrer-policy', 'no-referrer');
        return c.redirect(started.value.intuitUrl, 302);
      })
      .get('/api/v1/oauth/callback', async (c) => {
        const outcome = await connections.completeOAuth({
          state: param(c, 'state', 200),
          code: param(c, 'code', 1024),
          realmId: param(c, 'realmId', 64),
          error: param(c, 'error', 100),
          bindingNonce: getCookie(c, BINDING_COOKIE),
        });
        deleteCookie(c, BINDING_COOKIE, { path: COOKIE_PATH, secure, httpOnly: true, sameSite: 'Lax' });
        return finish(c, outcome);
      })
      // Intuit's "Reconnect URL" (a required app setting since 2026): send the admin to the QuickBooks view.
      .get('/api/v1/oauth/reconnect', (c) => {
        const url = new URL(options.hostViewUrl);
        url.searchParams.set('qbo_reconnect', '1');
        return c.redirect(url.toString(), 302);
      })
  );
}
