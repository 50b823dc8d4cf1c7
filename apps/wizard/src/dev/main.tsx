import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { mount } from '../mount.tsx';

/**
 * Standalone page for `pnpm --filter @exoserva/wizard dev`. Props come from the query string first, then from
 * VITE_* env variables:
 *   ?bffUrl=http://localhost:8787&token=<session token>&basePath=/&locale=en-US
 *   ?exoservaApiUrl=http://localhost:8790&role=owner   (fetches a dev session instead of a fixed token)
 */
const query = new URLSearchParams(window.location.search);
const setting = (name: string, env: string | undefined, fallback: string) =>
  query.get(name) ?? env ?? fallback;

const bffUrl = setting('bffUrl', import.meta.env.VITE_BFF_URL, 'http://localhost:8787');
const exoservaApiUrl = setting(
  'exoservaApiUrl',
  import.meta.env.VITE_EXOSERVA_API_URL,
  'http://localhost:8790',
);
const fixedToken = setting('token', import.meta.env.VITE_SESSION_TOKEN, '');
const role = setting('role', import.meta.env.VITE_ROLE, 'owner');
const basePath = setting('basePath', import.meta.env.VITE_BASE_PATH, '/');

let cached: { token: string; expiresAt: number } | null = null;
async function getSessionToken(): Promise<string> {
  if (fixedToken) return fixedToken;
  if (cached && cached.expiresAt - Date.now() > 60_000) return cached.token;
  const response = await fetch(`${exoservaApiUrl}/api/dev/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ role }),
  });
  const body = (await response.json()) as { token: string; expiresAt: string };
  cached = { token: body.token, expiresAt: Date.parse(body.expiresAt) };
  return body.token;
}

function DevFrame() {
  return (
    <main
      style={{ maxWidth: 1120, margin: '32px auto', padding: '0 24px', fontFamily: 'system-ui, sans-serif' }}
    >
      <h1 style={{ fontSize: 22, margin: '0 0 4px' }}>QuickBooks wizard — standalone</h1>
      <p style={{ color: '#5b6472', margin: '0 0 24px', fontSize: 14 }}>
        BFF {bffUrl} · {fixedToken ? 'fixed token' : `dev session as ${role}`} · basePath {basePath}
      </p>
      <div id="wizard" />
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DevFrame />
  </StrictMode>,
);

// Mount through the same entry a host uses, once the frame is on the page.
requestAnimationFrame(() => {
  mount(document.getElementById('wizard')!, {
    basePath,
    bffUrl,
    getSessionToken,
    locale: query.get('locale') ?? 'en-US',
    currency: 'USD',
    onConnected: (company) => console.info('[wizard] connected', company),
    onDisconnected: () => console.info('[wizard] disconnected'),
    onNavigate: (path) => console.info('[wizard] navigate', path),
  });
});
