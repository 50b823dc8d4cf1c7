import { MOUNT_CONTRACT_VERSION, type MountWizard } from '@exoserva/contracts';
import { createInstance, type ModuleFederation } from '@module-federation/runtime';
import * as federationRuntimeCore from '@module-federation/runtime/core';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactDOMClient from 'react-dom/client';
import * as JsxRuntime from 'react/jsx-runtime';

/** The remote's Module Federation name and the module it exposes for hosts. */
export const WIZARD_REMOTE = 'exoserva_qbo_wizard';
export const WIZARD_MOUNT_MODULE = `${WIZARD_REMOTE}/mount`;

const REACT_VERSION = React.version;
// Identical to the wizard's share config (apps/wizard/federation.config.ts): one React on the page.
const shareConfig = { singleton: true, requiredVersion: '^19.3.1' };

let federation: ModuleFederation | null = null;

/**
 * Creates the host's federation runtime and registers the wizard at the URL from runtime-config.json.
 * The remote URL is deploy-time configuration: the same host build can load any wizard deployment.
 */
export function initFederation(wizardRemoteEntry: string): ModuleFederation {
  // Mount contract 1.1: the wizard uses the runtime core the host publishes here instead of downloading its own
  // copy (≈ 12.6 KB gzip). Publishing nothing still works: the remote then fetches its copy.
  (globalThis as { _FEDERATION_RUNTIME_CORE?: unknown })._FEDERATION_RUNTIME_CORE ??= federationRuntimeCore;
  federation ??= createInstance({
    name: 'exoserva_host',
    remotes: [],
    shared: {
      react: { version: REACT_VERSION, lib: () => React, shareConfig },
      'react/jsx-runtime': { version: REACT_VERSION, lib: () => JsxRuntime, shareConfig },
      'react-dom': { version: REACT_VERSION, lib: () => ReactDOM, shareConfig },
      'react-dom/client': { version: REACT_VERSION, lib: () => ReactDOMClient, shareConfig },
    },
  });
  federation.registerRemotes([{ name: WIZARD_REMOTE, entry: wizardRemoteEntry, type: 'module' }], {
    force: true,
  });
  return federation;
}

interface WizardMountModule {
  mount: MountWizard;
  contractVersion: string;
}

const major = (version: string) => version.split('.')[0];

/** Loads `exoserva_qbo_wizard/mount` and refuses a remote built against another major of the contract. */
export async function loadWizardMount(): Promise<MountWizard> {
  if (!federation) throw new Error('initFederation() must run first');
  const module = await federation.loadRemote<WizardMountModule>(WIZARD_MOUNT_MODULE);
  if (!module || typeof module.mount !== 'function') throw new Error(`${WIZARD_MOUNT_MODULE} has no mount()`);
  if (major(module.contractVersion) !== major(MOUNT_CONTRACT_VERSION)) {
    throw new Error(
      `The wizard speaks mount contract ${module.contractVersion}; this host speaks ${MOUNT_CONTRACT_VERSION}.`,
    );
  }
  return module.mount;
}
