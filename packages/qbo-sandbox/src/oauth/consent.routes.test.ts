import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hiddenFields, openAuthorize, submitConsentForm } from '../../test/support/consent-flow.ts';
import { startQboSandbox, type RunningQboSandbox } from '../server.ts';

const CALLBACK = 'http://localhost:8787/api/v1/oauth/callback';

let server: RunningQboSandbox;

beforeAll(async () => {
  server = await startQboSandbox({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

function authorizeUrl(overrides: Record<string, string | undefined> = {}): string {
  const params = {
    client_id: 'exoserva-dev-client',
    redirect_uri: CALLBACK,
    response_type: 'code',
    scope: 'com.intuit.quickbooks.accounting openid',
    state: 'st-123',
    ...overrides,
  };
  const query = Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`)
    .join('&');
  return `${server.url}/connect/oauth2?${query}`;
}

async function signIn(email: string, password = 'sandbox') {
  const page = await openAuthorize(authorizeUrl());
  return submitConsentForm(server.url, { ...page.hidden, email, password, decision: 'signin' });
}

describe('the consent page', () => {
  it('renders an accessible sign-in form carrying the authorize parameters', async () => {
    const page = await openAuthorize(authorizeUrl());
    expect(page.status).toBe(200);
    expect(page.html).toContain('<html lang="en">');
    expect(page.html).toContain('<label for="email">Email</label>');
    expect(page.html).toContain('<label for="password">Password</label>');
    expect(page.html).not.toContain('<script');
    // An empty icon: no request for /favicon.ico, which the sandbox does not serve (a 404 in the console).
    expect(page.html).toContain('<link rel="icon" href="data:,">');
    expect(page.hidden).toMatchObject({
      client_id: 'exoserva-dev-client',
      redirect_uri: CALLBACK,
      state: 'st-123',
    });
  });

  it('signs the admin in, lists both companies and the scopes in plain words, and connects', async () => {
    const consent = await signIn('admin@sandbox.test');
    expect(consent.status).toBe(200);
    expect(consent.html).toContain('Acme Heating &amp; Air (Sandbox)');
    expect(consent.html).toContain('Bayside Plumbing Co (Sandbox)');
    expect(consent.html).toContain('Customers, Invoices, Payments, Items and Tax Rates');
    expect(consent.html).toContain('<legend>Choose a company</legend>');

    const done = await submitConsentForm(server.url, {
      ...consent.hidden,
      realmId: '9341453',
      decision: 'connect',
    });
    expect(done.status).toBe(302);
    const location = new URL(done.location as string);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('state')).toBe('st-123');
    expect(location.searchParams.get('realmId')).toBe('9341453');
    expect(location.searchParams.get('code')).toMatch(/^AB11/);
  });

  it('sends access_denied with the state back when the user cancels', async () => {
    const consent = await signIn('admin@sandbox.test');
    const done = await submitConsentForm(server.url, { ...consent.hidden, decision: 'cancel' });
    expect(done.status).toBe(302);
    const location = new URL(done.location as string);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('st-123');
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('refuses a wrong password and stays on the sign-in page', async () => {
    const page = await signIn('admin@sandbox.test', 'wrong');
    expect(page.status).toBe(401);
    expect(page.html).toContain('role="alert"');
    expect(page.hidden.step).toBe('signin');
  });

  it('refuses to connect for a user who is not a company admin and says the admin must sign in', async () => {
    const page = await signIn('bookkeeper@sandbox.test');
    expect(page.status).toBe(403);
    expect(page.html).toContain('admin must sign in');
    expect(page.html).not.toContain('value="connect"');
  });

  it('does not redirect to an unregistered redirect_uri', async () => {
    const page = await openAuthorize(authorizeUrl({ redirect_uri: 'https://evil.example/callback' }));
    expect(page.status).toBe(400);
    expect(page.location).toBeUndefined();
    expect(page.html).toContain('Redirect URI not allowed');
  });

  it('does not redirect for an unknown client_id', async () => {
    const page = await openAuthorize(authorizeUrl({ client_id: 'nobody' }));
    expect(page.status).toBe(400);
    expect(page.location).toBeUndefined();
  });

  it('redirects with invalid_scope when the accounting scope is missing', async () => {
    const page = await openAuthorize(authorizeUrl({ scope: 'openid' }));
    expect(page.status).toBe(302);
    expect(new URL(page.location as string).searchParams.get('error')).toBe('invalid_scope');
  });

  it('redirects with unsupported_response_type for anything but code', async () => {
    const page = await openAuthorize(authorizeUrl({ response_type: 'token' }));
    expect(new URL(page.location as string).searchParams.get('error')).toBe('unsupported_response_type');
  });

  it('will not connect with a forged or expired login session', async () => {
    const consent = await signIn('admin@sandbox.test');
    const forged = await submitConsentForm(server.url, {
      ...consent.hidden,
      session: 'forged',
      realmId: '9341452',
      decision: 'connect',
    });
    expect(forged.status).toBe(401);
    server.sandbox.clock.advance(11 * 60_000);
    const late = await submitConsentForm(server.url, {
      ...consent.hidden,
      realmId: '9341452',
      decision: 'connect',
    });
    expect(late.status).toBe(401);
    server.sandbox.clock.reset();
    expect(hiddenFields(late.html).step).toBe('signin');
  });
});
