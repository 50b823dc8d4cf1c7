import type { MountWizard } from '@exoserva/contracts';
import { createInstance, type ModuleFederation } from '@module-federation/runtime';
import * as federationRuntimeCore from '@module-federation/runtime/core';

export const WIZARD_REMOTE = 'exoserva_qbo_wizard';
/** The mount-contract major this host was written against (`@exoserva/contracts` MOUNT_CONTRACT_VERSION). */
export const SUPPORTED_CONTRACT_MAJOR = '1';

// This host has no React of its own, but it still provides React to the shared scope. Decision (see README): the
// host, not the remote, pins the one React on the page, so a second React remote mounted later shares it too.
// `get` imports it lazily: React is a separate chunk fetched only when a remote asks for it, never in this
// host's own startup code. (Without these entries the wizard falls back to the copy it bundles — also works.)
const REACT_VERSION = '19.3.1';
const shareConfig = { singleton: true, requiredVersion: '^19.3.1' };
const shared = {
  react: { version: REACT_VERSION, shareConfig, get: () => import('react').then((m) => () => m) },
  'react/jsx-runtime': {
    version: REACT_VERSION,
    shareConfig,
    get: () => import('react/jsx-runtime').then((m) => () => m),
  },
  'react-dom': { version: REACT_VERSION, shareConfig, get: () => import('react-dom').then((m) => () => m) },
  'react-dom/client': {
    version: REACT_VERSION,
    shareConfig,
    get: () => import('react-dom/client').then((m) => () => m),
  },
};

let federation: ModuleFederation | null = null;

export function initFederation(wizardRemoteEntry: string): void {
  // Mount contract 1.1: the wizard uses the runtime core the host publishes here instead of downloading its own
  // copy (≈ 12.6 KB gzip). Publishing nothing still works: the remote then fetches its copy.
  (globalThis as { _FEDERATION_RUNTIME_CORE?: unknown })._FEDERATION_RUNTIME_CORE ??= federationRuntimeCore;
  federation ??= createInstance({ name: 'exoserva_vanilla_host', remotes: [], shared });
  federation.registerRemotes([{ name: WIZARD_REMOTE, entry: wizardRemoteEntry, type: 'module' }], {
    force: true,
  });
}

/** Loads `exoserva_qbo_wizard/mount`; refuses a remote that speaks another major of the mount contract. */
export async function loadWizardMount(): Promise<MountWizard> {
  if (!federation) throw new Error('initFederation() must run first');
  const module = await federation.loadRemote<{ mount: MountWizard; contractVersion: string }>(
    `${WIZARD_REMOTE}/mount`,
  );
  if (!module || typeof module.mount !== 'function') throw new Error(`${WIZARD_REMOTE}/mount has no mount()`);
  if (module.contractVersion.split('.')[0] !== SUPPORTED_CONTRACT_MAJOR) {
    throw new Error(`The wizard speaks mount contract ${module.contractVersion}; this host needs 1.x.`);
  }
  return module.mount;
}
