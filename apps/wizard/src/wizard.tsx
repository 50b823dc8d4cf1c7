import type { WizardMountProps } from '@exoserva/contracts';
import { WizardApp } from './app/wizard-app.tsx';

/**
 * The wizard as a React component (exposed as `./Wizard`) for React hosts that share react as a singleton.
 * Same props and behaviour as `mount`.
 */
export function Wizard(props: WizardMountProps) {
  return <WizardApp {...props} />;
}
