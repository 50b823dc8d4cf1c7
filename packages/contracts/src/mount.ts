import type { ConnectionStatus } from './connection.ts';

/**
 * The embedding contract between an Exoserva host and the QuickBooks wizard.
 *
 * Compatibility: adding an optional prop or callback is a minor change; removing or retyping a prop is a
 * major change and bumps MOUNT_CONTRACT_VERSION. A host checks the remote's `contractVersion` major.
 *
 * 1.1: a host may publish its Module Federation runtime core on `globalThis._FEDERATION_RUNTIME_CORE`; the wizard
 * then uses it instead of fetching its own copy (apps/wizard/README.md, "What a host needs").
 */
export const MOUNT_CONTRACT_VERSION = '1.1.0';

/** Design tokens the host passes down; each maps to a CSS custom property inside the wizard. */
export interface ThemeTokens {
  colorScheme?: 'light' | 'dark';
  colorPrimary?: string;
  colorPrimaryText?: string;
  colorBackground?: string;
  colorSurface?: string;
  colorText?: string;
  colorTextMuted?: string;
  colorBorder?: string;
  colorDanger?: string;
  colorSuccess?: string;
  colorWarning?: string;
  fontFamily?: string;
  fontSize?: string;
  radius?: string;
  spacing?: string;
}

export interface WizardMountProps {
  /** The host path the wizard lives under, e.g. "/settings/integrations/quickbooks". */
  basePath: string;
  /** Absolute URL of the BFF, e.g. "https://qbo-bff.exoserva.com". */
  bffUrl: string;
  /** Returns the signed session token of the signed-in user; called before every BFF request. */
  getSessionToken: () => Promise<string> | string;
  theme?: ThemeTokens;
  /** BCP 47 locale, e.g. "en-US" or "es-MX". */
  locale?: string;
  /** ISO 4217 currency of the tenant, e.g. "USD". */
  currency?: string;
  /** Host overrides for any UI string, by message key. */
  messages?: Record<string, string>;
  onConnected?: (company: NonNullable<ConnectionStatus['company']>) => void;
  onDisconnected?: () => void;
  onSyncFailed?: (failure: { recordType: string; recordId: string; message: string }) => void;
  /** Told whenever the wizard's own path changes, so a host can mirror it (optional). */
  onNavigate?: (path: string) => void;
}

/** The framework-agnostic entry a remote exposes: mount into an element, get back an unmount. */
export type MountWizard = (element: HTMLElement, props: WizardMountProps) => () => void;
