/**
 * The consent screen as server-rendered HTML: sign in, pick a company, review what the app may do,
 * Connect or Cancel. Plain forms, labelled fields, no JavaScript.
 */
import { scopeInWords } from './scopes.ts';

export interface AuthorizeParams {
  client_id: string;
  redirect_uri: string;
  response_type: string;
  scope: string;
  state?: string;
}

function esc(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
  body { margin: 0; background: #f4f5f8; color: #1f2328; }
  main { max-width: 28rem; margin: 3rem auto; background: #fff; border-radius: 8px; padding: 2rem;
         box-shadow: 0 1px 3px rgb(0 0 0 / 0.15); }
  h1 { font-size: 1.4rem; margin: 0 0 0.5rem; }
  .brand { color: #2ca01c; font-weight: 700; letter-spacing: 0.02em; margin-bottom: 1rem; }
  label { display: block; font-weight: 600; margin: 1rem 0 0.25rem; }
  input[type=email], input[type=password] { width: 100%; box-sizing: border-box; padding: 0.6rem;
         border: 1px solid #8c959f; border-radius: 4px; font-size: 1rem; }
  fieldset { border: 1px solid #d0d7de; border-radius: 4px; margin: 1rem 0; padding: 0.5rem 1rem; }
  legend { font-weight: 600; padding: 0 0.25rem; }
  fieldset label { font-weight: 400; display: flex; gap: 0.5rem; align-items: center; margin: 0.5rem 0; }
  ul { padding-left: 1.2rem; }
  .actions { display: flex; gap: 0.75rem; margin-top: 1.5rem; }
  button { font-size: 1rem; padding: 0.6rem 1.2rem; border-radius: 4px; cursor: pointer; border: 1px solid #8c959f;
           background: #fff; }
  button.primary { background: #2ca01c; border-color: #2ca01c; color: #fff; font-weight: 600; }
  button:focus-visible, input:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
  .error { background: #ffebe9; border: 1px solid #cf222e; border-radius: 4px; padding: 0.75rem; color: #82071e; }
  .note { color: #57606a; font-size: 0.9rem; }
`;

/** The page names an empty icon, so browsers don't ask for /favicon.ico (a 404 in every sign-in's console). */
function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} – Intuit (qbo-sandbox)</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<main>
<div class="brand" aria-hidden="true">intuit quickbooks · sandbox</div>
${body}
</main>
</body>
</html>`;
}

function hiddenParams(params: AuthorizeParams): string {
  const fields: Array<[string, string | undefined]> = [
    ['client_id', params.client_id],
    ['redirect_uri', params.redirect_uri],
    ['response_type', params.response_type],
    ['scope', params.scope],
    ['state', params.state],
  ];
  return fields
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${esc(v as string)}">`)
    .join('\n');
}

/** Shown instead of redirecting when the client or redirect URI cannot be trusted. */
export function errorPage(title: string, message: string): string {
  return layout(
    title,
    `<h1>${esc(title)}</h1>
<p class="error" role="alert">${esc(message)}</p>
<p class="note">The app that sent you here is misconfigured. Nothing was connected.</p>`,
  );
}

export function signInPage(params: AuthorizeParams, appName: string, error?: string): string {
  return layout(
    'Sign in',
    `<h1>Sign in to connect ${esc(appName)}</h1>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/connect/oauth2">
${hiddenParams(params)}
<input type="hidden" name="step" value="signin">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<div class="actions">
<button class="primary" type="submit" name="decision" value="signin">Sign in</button>
<button type="submit" name="decision" value="cancel" formnovalidate>Cancel</button>
</div>
</form>
<p class="note">Sandbox users: admin@sandbox.test / sandbox (company admin), bookkeeper@sandbox.test / sandbox.</p>`,
  );
}

export function consentPage(input: {
  params: AuthorizeParams;
  appName: string;
  session: string;
  userEmail: string;
  companies: Array<{ realmId: string; name: string }>;
  scopes: string[];
  error?: string;
}): string {
  const companies = input.companies
    .map(
      (company, i) =>
        `<label><input type="radio" name="realmId" value="${esc(company.realmId)}"${i === 0 ? ' checked' : ''} required> ${esc(company.name)}</label>`,
    )
    .join('\n');
  const scopes = input.scopes.map((s) => `<li>${esc(scopeInWords(s))}</li>`).join('\n');
  return layout(
    'Connect',
    `<h1>Connect ${esc(input.appName)} to QuickBooks</h1>
<p>Signed in as <strong>${esc(input.userEmail)}</strong>.</p>
${input.error ? `<p class="error" role="alert">${esc(input.error)}</p>` : ''}
<form method="post" action="/connect/oauth2">
${hiddenParams(input.params)}
<input type="hidden" name="step" value="consent">
<input type="hidden" name="session" value="${esc(input.session)}">
<fieldset>
<legend>Choose a company</legend>
${companies}
</fieldset>
<h2 id="scopes-heading" style="font-size:1rem">${esc(input.appName)} will be able to</h2>
<ul aria-labelledby="scopes-heading">
${scopes}
</ul>
<div class="actions">
<button class="primary" type="submit" name="decision" value="connect">Connect</button>
<button type="submit" name="decision" value="cancel">Cancel</button>
</div>
</form>`,
  );
}

/** A signed-in user who is not a company admin cannot connect apps (Intuit requires an admin). */
export function notAdminPage(params: AuthorizeParams, userEmail: string): string {
  return layout(
    'Admin required',
    `<h1>Only a company admin can connect apps</h1>
<p class="error" role="alert">${esc(userEmail)} is not an admin of any company that can be connected.
The company's admin must sign in to connect this app.</p>
<form method="post" action="/connect/oauth2">
${hiddenParams(params)}
<input type="hidden" name="step" value="signin">
<div class="actions">
<button type="submit" name="decision" value="cancel">Cancel</button>
</div>
</form>
<p class="note">Ask your QuickBooks admin to sign in, or <a href="/connect/oauth2?${esc(new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined) as [string, string][]).toString())}">sign in as someone else</a>.</p>`,
  );
}
