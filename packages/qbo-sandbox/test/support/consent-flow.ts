/**
 * Drives the sandbox's consent page with plain fetch, as a person with a browser would: open the
 * authorize URL, sign in, pick a company, press Connect (or Cancel).
 */
export interface ConsentStep {
  status: number;
  html: string;
  location?: string;
  hidden: Record<string, string>;
}

function unescapeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[m[1] as string] = unescapeHtml(m[2] as string);
  }
  return fields;
}

async function step(res: Response): Promise<ConsentStep> {
  const html = await res.text();
  return {
    status: res.status,
    html,
    hidden: hiddenFields(html),
    ...(res.headers.get('location') ? { location: res.headers.get('location') as string } : {}),
  };
}

export async function openAuthorize(authorizeUrl: string): Promise<ConsentStep> {
  return step(await fetch(authorizeUrl, { redirect: 'manual' }));
}

export async function submitConsentForm(
  baseUrl: string,
  fields: Record<string, string>,
): Promise<ConsentStep> {
  return step(
    await fetch(`${baseUrl}/connect/oauth2`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    }),
  );
}

/** The whole happy path; returns the callback URL Intuit would redirect the browser to. */
export async function consentWithFetch(
  authorizeUrl: string,
  options: { email?: string; password?: string; realmId?: string } = {},
): Promise<string> {
  const baseUrl = new URL(authorizeUrl).origin;
  const signIn = await openAuthorize(authorizeUrl);
  if (signIn.status !== 200)
    throw new Error(`authorize page answered ${signIn.status}: ${signIn.html.slice(0, 200)}`);
  const consent = await submitConsentForm(baseUrl, {
    ...signIn.hidden,
    email: options.email ?? 'admin@sandbox.test',
    password: options.password ?? 'sandbox',
    decision: 'signin',
  });
  if (consent.status !== 200) throw new Error(`sign-in answered ${consent.status}`);
  const realmId = options.realmId ?? /name="realmId" value="(\d+)"/.exec(consent.html)?.[1];
  const done = await submitConsentForm(baseUrl, {
    ...consent.hidden,
    realmId: realmId ?? '',
    decision: 'connect',
  });
  if (done.status !== 302 || !done.location) throw new Error(`connect answered ${done.status}`);
  return done.location;
}
