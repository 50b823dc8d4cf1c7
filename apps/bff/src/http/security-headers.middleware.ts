import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';

/**
 * The browser-facing headers on every response. JSON gets a CSP that allows nothing; a page that sets its
 * own CSP (the OAuth popup page, /docs: nonce'd script or style) keeps it. No Cross-Origin-Opener-Policy:
 * the popup page must keep `window.opener` to post the outcome back.
 */
export function securityHeaders(options: { https: boolean }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    const setDefault = (name: string, value: string) => {
      if (!h.has(name)) h.set(name, value);
    };
    setDefault(
      'content-security-policy',
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    setDefault('x-content-type-options', 'nosniff');
    setDefault('referrer-policy', 'no-referrer');
    setDefault('x-frame-options', 'DENY');
    setDefault('cross-origin-resource-policy', 'same-origin');
    // API answers carry tenant data: never cached by a browser or a shared proxy.
    if (c.req.path.startsWith('/api/')) setDefault('cache-control', 'no-store');
    if (options.https) setDefault('strict-transport-security', 'max-age=31536000; includeSubDomains');
  };
}
