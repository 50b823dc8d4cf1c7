import { expect } from 'vitest';

const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[m[1] as string] = unescape(m[2] as string);
  }
  return fields;
}

function realmChoices(html: string): string[] {
  return [...html.matchAll(/name="realmId" value="([^"]+)"/g)].map((m) => unescape(m[1] as string));
}

async function post(url: string, form: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
}

/**
 * Plays the admin on the QBO sandbox's consent page, the way a browser would: open Intuit's authorize URL,
 * sign in, pick a company, Connect (or Cancel). Returns where Intuit redirects the browser (the BFF callback).
 */
export async function driveConsent(
  intuitUrl: URL,
  options: { realmId?: string; decision?: 'connect' | 'cancel'; email?: string; password?: string } = {},
): Promise<URL> {
  const page = await fetch(intuitUrl, { redirect: 'manual' });
  expect(page.status).toBe(200);
  const action = `${intuitUrl.origin}/connect/oauth2`;
  const signIn = await post(action, {
    ...hiddenFields(await page.text()),
    email: options.email ?? 'admin@sandbox.test',
    password: options.password ?? 'sandbox',
    decision: options.decision === 'cancel' ? 'cancel' : 'signin',
  });
  if (options.decision === 'cancel') {
    expect(signIn.status).toBe(302);
    return new URL(signIn.headers.get('location') as string);
  }
  expect(signIn.status).toBe(200);
  const consentHtml = await signIn.text();
  const choices = realmChoices(consentHtml);
  const realmId = options.realmId ?? (choices[0] as string);
  expect(choices).toContain(realmId);
  const connect = await post(action, { ...hiddenFields(consentHtml), realmId, decision: 'connect' });
  expect(connect.status).toBe(302);
  return new URL(connect.headers.get('location') as string);
}
