import type { WizardMountProps } from '@exoserva/contracts';
import { createContext, useContext } from 'react';
import type { ApiClient } from '../lib/api-client.ts';

/** What every part of the wizard may read about where it is mounted. */
export interface WizardEnv {
  api: ApiClient;
  bffUrl: string;
  locale: string;
  currency: string;
  /** The latest host callbacks; read at call time so a host may pass new functions on re-render. */
  callbacks: () => Pick<WizardMountProps, 'onConnected' | 'onDisconnected' | 'onSyncFailed' | 'onNavigate'>;
  /** Radix portals render here, inside the wizard's scoped root, so its styles apply to dialogs too. */
  portalContainer: HTMLElement | null;
  /** Says something once through the wizard's polite live region. */
  announce: (message: string) => void;
}

export const WizardEnvContext = createContext<WizardEnv | null>(null);

export function useWizardEnv(): WizardEnv {
  const env = useContext(WizardEnvContext);
  if (!env) throw new Error('useWizardEnv must be used inside <Wizard>');
  return env;
}
