import type { ThemeTokens, WizardMountProps } from '@exoserva/contracts';
import { initFederation, loadWizardMount } from './federation.ts';
import { loadRuntimeConfig } from './runtime-config.ts';
import { createSessionSource } from './session.ts';
import './style.css';

const BASE_PATH = '/settings/integrations/quickbooks';
// Read once at boot: ?locale=es-MX, ?currency=MXN, ?theme=dark, ?role=tenant_admin.
const query = new URLSearchParams(window.location.search);
const locale = query.get('locale') ?? 'en-US';
const currency = query.get('currency') ?? 'USD';
const role = query.get('role') ?? 'owner';
const dark = query.get('theme') === 'dark';

const theme: ThemeTokens = dark
  ? { colorScheme: 'dark', colorPrimary: '#8ab4ff', fontFamily: 'system-ui, sans-serif', radius: '4px' }
  : { colorScheme: 'light', colorPrimary: '#0f766e', fontFamily: 'system-ui, sans-serif', radius: '4px' };

const container = document.getElementById('wizard')!;
const title = document.getElementById('page-title')!;
const status = document.getElementById('page-status')!;
document.documentElement.dataset.theme = dark ? 'dark' : 'light';

let unmount: (() => void) | null = null;
let mounting: Promise<void> | null = null;

function underBase(path: string): boolean {
  return path === BASE_PATH || path.startsWith(`${BASE_PATH}/`);
}

async function start() {
  const config = await loadRuntimeConfig();
  initFederation(config.wizardRemoteEntry);
  const getSessionToken = createSessionSource(config.exoservaApiUrl, role);

  const props: WizardMountProps = {
    basePath: BASE_PATH,
    bffUrl: config.bffUrl,
    getSessionToken,
    theme,
    locale,
    currency,
    onConnected: (company) => (status.textContent = `QuickBooks connected: ${company.name}`),
    onDisconnected: () => (status.textContent = 'QuickBooks disconnected'),
    onNavigate: (path) => (document.title = `QuickBooks ${path} — Exoserva`),
  };

  const ensureMounted = () => {
    if (unmount || mounting) return;
    performance.mark('exq:load-remote');
    mounting = loadWizardMount()
      .then((mount) => {
        // The user may have left while the remote was loading.
        if (!underBase(window.location.pathname)) return;
        performance.mark('exq:mount');
        unmount = mount(container, props);
      })
      .catch((error: unknown) => {
        status.textContent = `The QuickBooks integration couldn’t load: ${error instanceof Error ? error.message : String(error)}`;
      })
      .finally(() => {
        mounting = null;
      });
  };

  const render = () => {
    if (underBase(window.location.pathname)) {
      title.textContent = 'QuickBooks Online';
      ensureMounted();
    } else {
      title.textContent = 'Home';
      unmount?.();
      unmount = null;
    }
  };

  // The host's own links: pushState, then a popstate the wizard follows when the path is under its base path.
  document.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest<HTMLAnchorElement>('a[data-link]');
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    window.history.pushState(null, '', link.pathname);
    window.dispatchEvent(new PopStateEvent('popstate'));
  });
  window.addEventListener('popstate', render);
  render();
}

start().catch((error: unknown) => {
  title.textContent = 'Exoserva couldn’t start';
  status.textContent = error instanceof Error ? error.message : String(error);
});
