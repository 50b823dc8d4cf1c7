import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { initFederation } from './lib/federation.ts';
import { loadRuntimeConfig } from './lib/runtime-config.ts';
import { rememberedRole } from './lib/dev-role.ts';
import { SessionStore } from './lib/session.ts';
import './styles/host.css';

const root = createRoot(document.getElementById('root')!);

try {
  // Deploy-time settings first: the wizard's remoteEntry URL, the BFF and the Exoserva API are never built in.
  const config = await loadRuntimeConfig();
  initFederation(config.wizardRemoteEntry);
  const role = rememberedRole();
  const sessions = new SessionStore(config.exoservaApiUrl, role);
  void sessions.signIn(role);
  root.render(
    <StrictMode>
      <App config={config} sessions={sessions} />
    </StrictMode>,
  );
} catch (error) {
  root.render(
    <div className="boot-error" role="alert">
      <h1>Exoserva couldn’t start</h1>
      <p>{error instanceof Error ? error.message : String(error)}</p>
    </div>,
  );
}
