/**
 * GET/POST /connect/oauth2: Intuit's authorization endpoint. The form flow keeps one short server-side
 * login session (a hidden field, no cookie) between signing in and consenting.
 */
import { Hono, type Context } from 'hono';
import type { Clock } from '../clock.ts';
import type { SandboxEnv } from '../gateway/drop-connection.ts';
import type { AppRegistration, AppRegistry } from './apps.ts';
import { consentPage, errorPage, notAdminPage, signInPage, type AuthorizeParams } from './consent-page.ts';
import type { GrantStore } from './grant-store.ts';
import { base62 } from './random-tokens.ts';
import { ACCOUNTING_SCOPE, KNOWN_SCOPES, parseScopes } from './scopes.ts';
import { findUserByEmail, findUserBySub, type SandboxUser } from './users.ts';

const LOGIN_SESSION_MS = 10 * 60_000;

export interface ConsentRoutesDeps {
  clock: Clock;
  apps: AppRegistry;
  grants: GrantStore;
  listCompanies(): Array<{ realmId: string; name: string }>;
}

type Checked =
  | { kind: 'page'; status: 400; html: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'ok'; app: AppRegistration; params: AuthorizeParams; scopes: string[] };

function callback(redirectUri: string, values: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(values)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

function checkParams(apps: AppRegistry, raw: Record<string, string | undefined>): Checked {
  const clientId = raw.client_id;
  const app = clientId ? apps.get(clientId) : undefined;
  if (!app)
    return {
      kind: 'page',
      status: 400,
      html: errorPage('Unknown app', 'The client_id is missing or not registered.'),
    };
  const redirectUri = raw.redirect_uri;
  // Exact match against the app's registered list; a mismatch must never redirect (open-redirect guard).
  if (!redirectUri || !app.redirectUris.includes(redirectUri)) {
    return {
      kind: 'page',
      status: 400,
      html: errorPage(
        'Redirect URI not allowed',
        'The redirect_uri is not one of the redirect URIs registered for this app.',
      ),
    };
  }
  const state = raw.state;
  if (raw.response_type !== 'code') {
    return {
      kind: 'redirect',
      location: callback(redirectUri, { error: 'unsupported_response_type', state }),
    };
  }
  const scopes = parseScopes(raw.scope);
  if (!scopes.includes(ACCOUNTING_SCOPE) || scopes.some((s) => !KNOWN_SCOPES.has(s))) {
    return { kind: 'redirect', location: callback(redirectUri, { error: 'invalid_scope', state }) };
  }
  return {
    kind: 'ok',
    app,
    scopes,
    params: {
      client_id: app.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: scopes.join(' '),
      ...(state !== undefined ? { state } : {}),
    },
  };
}

export function consentRoutes(deps: ConsentRoutesDeps): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const sessions = new Map<string, { userSub: string; expiresAt: number }>();

  const openSession = (user: SandboxUser): string => {
    const now = deps.clock.now();
    for (const [id, s] of sessions) if (s.expiresAt <= now) sessions.delete(id);
    const id = base62(32);
    sessions.set(id, { userSub: user.sub, expiresAt: now + LOGIN_SESSION_MS });
    return id;
  };

  const sessionUser = (id: string | undefined): SandboxUser | undefined => {
    const session = id ? sessions.get(id) : undefined;
    if (!session || session.expiresAt <= deps.clock.now()) return undefined;
    return findUserBySub(session.userSub);
  };

  const html = (c: Context, body: string, status: 200 | 400 | 401 | 403 = 200) => {
    c.header('cache-control', 'no-store');
    c.header('x-frame-options', 'DENY');
    return c.html(body, status);
  };

  app.get('/connect/oauth2', (c) => {
    const checked = checkParams(deps.apps, c.req.query());
    if (checked.kind === 'page') return html(c, checked.html, checked.status);
    if (checked.kind === 'redirect') return c.redirect(checked.location, 302);
    return html(c, signInPage(checked.params, checked.app.clientId));
  });

  app.post('/connect/oauth2', async (c) => {
    const form = Object.fromEntries(new URLSearchParams(await c.req.text()));
    const checked = checkParams(deps.apps, form);
    if (checked.kind === 'page') return html(c, checked.html, checked.status);
    if (checked.kind === 'redirect') return c.redirect(checked.location, 302);
    const { params, scopes, app: client } = checked;

    if (form.decision === 'cancel') {
      if (form.session) sessions.delete(form.session);
      return c.redirect(callback(params.redirect_uri, { error: 'access_denied', state: params.state }), 302);
    }

    if (form.step === 'signin') {
      const user = findUserByEmail(form.email ?? '');
      if (!user || user.password !== form.password) {
        return html(
          c,
          signInPage(params, client.clientId, 'That email and password do not match a sandbox user.'),
          401,
        );
      }
      if (!user.companyAdmin) return html(c, notAdminPage(params, user.email), 403);
      return html(
        c,
        consentPage({
          params,
          appName: client.clientId,
          session: openSession(user),
          userEmail: user.email,
          companies: deps.listCompanies(),
          scopes,
        }),
      );
    }

    if (form.step === 'consent' && form.decision === 'connect') {
      const user = sessionUser(form.session);
      if (!user)
        return html(c, signInPage(params, client.clientId, 'Your sign-in expired. Sign in again.'), 401);
      if (!user.companyAdmin) return html(c, notAdminPage(params, user.email), 403);
      const companies = deps.listCompanies();
      const company = companies.find((co) => co.realmId === form.realmId);
      if (!company) {
        return html(
          c,
          consentPage({
            params,
            appName: client.clientId,
            session: form.session as string,
            userEmail: user.email,
            companies,
            scopes,
            error: 'Choose one of your companies.',
          }),
          400,
        );
      }
      sessions.delete(form.session as string);
      const code = deps.grants.issueCode({
        clientId: client.clientId,
        realmId: company.realmId,
        redirectUri: params.redirect_uri,
        scopes,
        userSub: user.sub,
      });
      return c.redirect(
        callback(params.redirect_uri, { code, state: params.state, realmId: company.realmId }),
        302,
      );
    }

    return html(c, signInPage(params, client.clientId, 'Something went wrong. Sign in again.'), 400);
  });

  return app;
}
